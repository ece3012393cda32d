// The national holidays, as the Cabinet Office lists them (内閣府「国民の祝日について」). The
// 2019-2027 table is written out by hand from that list, not computed: it is the specification
// the rules are checked against.

#include "libs/calendar/holiday_rules.hpp"

#include <gtest/gtest.h>

#include <map>

#include "libs/calendar/date_text.hpp"
#include "libs/calendar/equinox.hpp"
#include "libs/calendar/holiday_table.hpp"

namespace opsdesk::calendar {
namespace {

using namespace std::chrono;

struct Listed {
  std::string date;
  std::string name;
  friend bool operator==(const Listed&, const Listed&) = default;
};

void PrintTo(const Listed& h, std::ostream* os) { *os << h.date << " " << h.name; }

std::vector<Listed> listed(const std::vector<Holiday>& holidays) {
  std::vector<Listed> out;
  for (const auto& h : holidays) out.push_back({format_iso_date(h.date), h.name});
  return out;
}

std::string name_on(const std::string& iso_date) {
  const auto date = parse_iso_date(iso_date).value();
  for (const auto& h : statutory_holidays(date.year())) {
    if (h.date == date) return h.name;
  }
  return "(not a holiday)";
}

// clang-format off
const std::map<int, std::vector<Listed>> kCabinetOfficeList{
    {2019,
     {{"2019-01-01", "元日"},         {"2019-01-14", "成人の日"},   {"2019-02-11", "建国記念の日"},
      {"2019-03-21", "春分の日"},     {"2019-04-29", "昭和の日"},   {"2019-04-30", "国民の休日"},
      {"2019-05-01", "天皇の即位の日"}, {"2019-05-02", "国民の休日"}, {"2019-05-03", "憲法記念日"},
      {"2019-05-04", "みどりの日"},   {"2019-05-05", "こどもの日"}, {"2019-05-06", "振替休日"},
      {"2019-07-15", "海の日"},       {"2019-08-11", "山の日"},     {"2019-08-12", "振替休日"},
      {"2019-09-16", "敬老の日"},     {"2019-09-23", "秋分の日"},   {"2019-10-14", "体育の日"},
      {"2019-10-22", "即位礼正殿の儀の行われる日"},                {"2019-11-03", "文化の日"},
      {"2019-11-04", "振替休日"},     {"2019-11-23", "勤労感謝の日"}}},
    {2020,
     {{"2020-01-01", "元日"},       {"2020-01-13", "成人の日"},   {"2020-02-11", "建国記念の日"},
      {"2020-02-23", "天皇誕生日"}, {"2020-02-24", "振替休日"},   {"2020-03-20", "春分の日"},
      {"2020-04-29", "昭和の日"},   {"2020-05-03", "憲法記念日"}, {"2020-05-04", "みどりの日"},
      {"2020-05-05", "こどもの日"}, {"2020-05-06", "振替休日"},   {"2020-07-23", "海の日"},
      {"2020-07-24", "スポーツの日"}, {"2020-08-10", "山の日"},   {"2020-09-21", "敬老の日"},
      {"2020-09-22", "秋分の日"},   {"2020-11-03", "文化の日"},   {"2020-11-23", "勤労感謝の日"}}},
    {2021,
     {{"2021-01-01", "元日"},       {"2021-01-11", "成人の日"},   {"2021-02-11", "建国記念の日"},
      {"2021-02-23", "天皇誕生日"}, {"2021-03-20", "春分の日"},   {"2021-04-29", "昭和の日"},
      {"2021-05-03", "憲法記念日"}, {"2021-05-04", "みどりの日"}, {"2021-05-05", "こどもの日"},
      {"2021-07-22", "海の日"},     {"2021-07-23", "スポーツの日"}, {"2021-08-08", "山の日"},
      {"2021-08-09", "振替休日"},   {"2021-09-20", "敬老の日"},   {"2021-09-23", "秋分の日"},
      {"2021-11-03", "文化の日"},   {"2021-11-23", "勤労感謝の日"}}},
    {2022,
     {{"2022-01-01", "元日"},       {"2022-01-10", "成人の日"},   {"2022-02-11", "建国記念の日"},
      {"2022-02-23", "天皇誕生日"}, {"2022-03-21", "春分の日"},   {"2022-04-29", "昭和の日"},
      {"2022-05-03", "憲法記念日"}, {"2022-05-04", "みどりの日"}, {"2022-05-05", "こどもの日"},
      {"2022-07-18", "海の日"},     {"2022-08-11", "山の日"},     {"2022-09-19", "敬老の日"},
      {"2022-09-23", "秋分の日"},   {"2022-10-10", "スポーツの日"}, {"2022-11-03", "文化の日"},
      {"2022-11-23", "勤労感謝の日"}}},
    {2023,
     {{"2023-01-01", "元日"},       {"2023-01-02", "振替休日"},   {"2023-01-09", "成人の日"},
      {"2023-02-11", "建国記念の日"}, {"2023-02-23", "天皇誕生日"}, {"2023-03-21", "春分の日"},
      {"2023-04-29", "昭和の日"},   {"2023-05-03", "憲法記念日"}, {"2023-05-04", "みどりの日"},
      {"2023-05-05", "こどもの日"}, {"2023-07-17", "海の日"},     {"2023-08-11", "山の日"},
      {"2023-09-18", "敬老の日"},   {"2023-09-23", "秋分の日"},   {"2023-10-09", "スポーツの日"},
      {"2023-11-03", "文化の日"},   {"2023-11-23", "勤労感謝の日"}}},
    {2024,
     {{"2024-01-01", "元日"},       {"2024-01-08", "成人の日"},   {"2024-02-11", "建国記念の日"},
      {"2024-02-12", "振替休日"},   {"2024-02-23", "天皇誕生日"}, {"2024-03-20", "春分の日"},
      {"2024-04-29", "昭和の日"},   {"2024-05-03", "憲法記念日"}, {"2024-05-04", "みどりの日"},
      {"2024-05-05", "こどもの日"}, {"2024-05-06", "振替休日"},   {"2024-07-15", "海の日"},
      {"2024-08-11", "山の日"},     {"2024-08-12", "振替休日"},   {"2024-09-16", "敬老の日"},
      {"2024-09-22", "秋分の日"},   {"2024-09-23", "振替休日"},   {"2024-10-14", "スポーツの日"},
      {"2024-11-03", "文化の日"},   {"2024-11-04", "振替休日"},   {"2024-11-23", "勤労感謝の日"}}},
    {2025,
     {{"2025-01-01", "元日"},       {"2025-01-13", "成人の日"},   {"2025-02-11", "建国記念の日"},
      {"2025-02-23", "天皇誕生日"}, {"2025-02-24", "振替休日"},   {"2025-03-20", "春分の日"},
      {"2025-04-29", "昭和の日"},   {"2025-05-03", "憲法記念日"}, {"2025-05-04", "みどりの日"},
      {"2025-05-05", "こどもの日"}, {"2025-05-06", "振替休日"},   {"2025-07-21", "海の日"},
      {"2025-08-11", "山の日"},     {"2025-09-15", "敬老の日"},   {"2025-09-23", "秋分の日"},
      {"2025-10-13", "スポーツの日"}, {"2025-11-03", "文化の日"}, {"2025-11-23", "勤労感謝の日"},
      {"2025-11-24", "振替休日"}}},
    {2026,
     {{"2026-01-01", "元日"},       {"2026-01-12", "成人の日"},   {"2026-02-11", "建国記念の日"},
      {"2026-02-23", "天皇誕生日"}, {"2026-03-20", "春分の日"},   {"2026-04-29", "昭和の日"},
      {"2026-05-03", "憲法記念日"}, {"2026-05-04", "みどりの日"}, {"2026-05-05", "こどもの日"},
      {"2026-05-06", "振替休日"},   {"2026-07-20", "海の日"},     {"2026-08-11", "山の日"},
      {"2026-09-21", "敬老の日"},   {"2026-09-22", "国民の休日"}, {"2026-09-23", "秋分の日"},
      {"2026-10-12", "スポーツの日"}, {"2026-11-03", "文化の日"}, {"2026-11-23", "勤労感謝の日"}}},
    {2027,
     {{"2027-01-01", "元日"},       {"2027-01-11", "成人の日"},   {"2027-02-11", "建国記念の日"},
      {"2027-02-23", "天皇誕生日"}, {"2027-03-21", "春分の日"},   {"2027-03-22", "振替休日"},
      {"2027-04-29", "昭和の日"},   {"2027-05-03", "憲法記念日"}, {"2027-05-04", "みどりの日"},
      {"2027-05-05", "こどもの日"}, {"2027-07-19", "海の日"},     {"2027-08-11", "山の日"},
      {"2027-09-20", "敬老の日"},   {"2027-09-23", "秋分の日"},   {"2027-10-11", "スポーツの日"},
      {"2027-11-03", "文化の日"},   {"2027-11-23", "勤労感謝の日"}}},
};
// clang-format on

TEST(CalendarHolidayRules, EveryHolidayOf2019To2027IsTheCabinetOfficeList) {
  for (const auto& [y, expected] : kCabinetOfficeList) {
    EXPECT_EQ(listed(statutory_holidays(year{y})), expected) << "year " << y;
  }
}

TEST(CalendarHolidayRules, TheHolidayTableWithoutOverridesIsTheRules) {
  const HolidayTable table;
  for (const auto& [y, expected] : kCabinetOfficeList) {
    const auto in_year = table.in_year(year{y});
    EXPECT_EQ(listed({in_year.begin(), in_year.end()}), expected) << "year " << y;
  }
  EXPECT_EQ(table.find(2026y / 9 / 22)->name, "国民の休日");
  EXPECT_EQ(table.find(2026y / 9 / 24), nullptr);
  EXPECT_TRUE(table.in_year(1954y).empty());
  EXPECT_TRUE(table.in_year(2100y).empty());
}

TEST(CalendarHolidayRules, SubstituteHolidaysBeganOn1973April12) {
  EXPECT_EQ(name_on("1973-02-11"), "建国記念の日");  // a Sunday, before the amendment
  EXPECT_EQ(name_on("1973-02-12"), "(not a holiday)");
  EXPECT_EQ(name_on("1973-04-29"), "天皇誕生日");  // a Sunday, after it
  EXPECT_EQ(name_on("1973-04-30"), "振替休日");
}

TEST(CalendarHolidayRules, ADayBetweenTwoHolidaysIsACitizensHolidayFrom1985) {
  EXPECT_EQ(name_on("1988-05-04"), "国民の休日");  // Wednesday between 憲法記念日 and こどもの日
  EXPECT_EQ(name_on("1986-05-04"), "(not a holiday)");  // a Sunday: excluded until 2006
  EXPECT_EQ(name_on("1987-05-04"), "振替休日");         // 5/3 was a Sunday; a substitute, not both
  EXPECT_EQ(name_on("2006-05-04"), "国民の休日");
}

TEST(CalendarHolidayRules, From2007ASubstituteMovesPastFollowingHolidays) {
  // 2008-05-04 (みどりの日) was a Sunday and 5/5 a holiday: the substitute is Tuesday 5/6.
  EXPECT_EQ(name_on("2008-05-04"), "みどりの日");
  EXPECT_EQ(name_on("2008-05-05"), "こどもの日");
  EXPECT_EQ(name_on("2008-05-06"), "振替休日");
  EXPECT_EQ(name_on("2007-04-30"), "振替休日");  // 昭和の日 on a Sunday, its first year
}

TEST(CalendarHolidayRules, SilverWeekTuesdaysAreCitizensHolidays) {
  for (const char* date : {"2009-09-22", "2015-09-22", "2026-09-22", "2032-09-21"}) {
    EXPECT_EQ(name_on(date), "国民の休日") << date;
  }
  EXPECT_EQ(name_on("2032-09-20"), "敬老の日");
  EXPECT_EQ(name_on("2032-09-22"), "秋分の日");
}

TEST(CalendarHolidayRules, OneOffDaysOfImperialCeremonies) {
  EXPECT_EQ(name_on("1959-04-10"), "皇太子明仁親王の結婚の儀");
  EXPECT_EQ(name_on("1989-02-24"), "昭和天皇の大喪の礼");
  EXPECT_EQ(name_on("1990-11-12"), "即位礼正殿の儀");
  EXPECT_EQ(name_on("1993-06-09"), "皇太子徳仁親王の結婚の儀");
}

TEST(CalendarHolidayRules, TheEmperorsBirthdayFollowsTheEra) {
  EXPECT_EQ(name_on("1988-04-29"), "天皇誕生日");
  EXPECT_EQ(name_on("1989-04-29"), "みどりの日");
  EXPECT_EQ(name_on("1989-12-23"), "天皇誕生日");
  EXPECT_EQ(name_on("2018-12-23"), "天皇誕生日");
  EXPECT_EQ(name_on("2018-12-24"), "振替休日");
  EXPECT_EQ(name_on("2019-12-23"), "(not a holiday)");
  EXPECT_EQ(name_on("2020-02-23"), "天皇誕生日");
  EXPECT_EQ(name_on("2006-04-29"), "みどりの日");
  EXPECT_EQ(name_on("2007-04-29"), "昭和の日");
  EXPECT_EQ(name_on("2007-05-04"), "みどりの日");
}

TEST(CalendarHolidayRules, HolidaysStartInTheYearTheirLawsTookEffect) {
  EXPECT_EQ(name_on("1966-02-11"), "(not a holiday)");
  EXPECT_EQ(name_on("1967-02-11"), "建国記念の日");
  EXPECT_EQ(name_on("1965-09-15"), "(not a holiday)");
  EXPECT_EQ(name_on("1966-09-15"), "敬老の日");
  EXPECT_EQ(name_on("1966-10-10"), "体育の日");
  EXPECT_EQ(name_on("1995-07-20"), "(not a holiday)");
  EXPECT_EQ(name_on("1996-07-20"), "海の日");
  EXPECT_EQ(name_on("2015-08-11"), "(not a holiday)");
  EXPECT_EQ(name_on("2016-08-11"), "山の日");
}

TEST(CalendarHolidayRules, HappyMondaysReplacedFixedDays) {
  EXPECT_EQ(name_on("1999-01-15"), "成人の日");
  EXPECT_EQ(name_on("2000-01-10"), "成人の日");  // second Monday
  EXPECT_EQ(name_on("1999-10-10"), "体育の日");
  EXPECT_EQ(name_on("2000-10-09"), "体育の日");
  EXPECT_EQ(name_on("2002-07-20"), "海の日");
  EXPECT_EQ(name_on("2003-07-21"), "海の日");    // third Monday
  EXPECT_EQ(name_on("2002-09-16"), "振替休日");  // 9/15 敬老の日 on a Sunday
  EXPECT_EQ(name_on("2003-09-15"), "敬老の日");
}

TEST(CalendarHolidayRules, EquinoxDaysUseTheFormulasConstantsOfTheirEra) {
  EXPECT_EQ(vernal_equinox_day(1955y), 21d);
  EXPECT_EQ(vernal_equinox_day(1960y), 20d);  // 1900-1979 constants; 1960's equinox was the 20th
  EXPECT_EQ(autumnal_equinox_day(1979y), 24d);
  EXPECT_EQ(autumnal_equinox_day(2012y), 22d);
  EXPECT_EQ(autumnal_equinox_day(2016y), 22d);
  EXPECT_EQ(autumnal_equinox_day(2028y), 22d);
  EXPECT_EQ(vernal_equinox_day(2030y), 20d);
}

TEST(CalendarHolidayRules, EveryYearIsSortedWithOneHolidayPerDate) {
  for (year y = kFirstYear; y <= kLastYear; ++y) {
    const auto holidays = statutory_holidays(y);
    ASSERT_GE(holidays.size(), 9u) << static_cast<int>(y);  // 1955-1965 had nine
    for (std::size_t i = 1; i < holidays.size(); ++i) {
      EXPECT_LT(sys_days{holidays[i - 1].date}, sys_days{holidays[i].date})
          << format_iso_date(holidays[i].date);
    }
    for (const auto& h : holidays) EXPECT_EQ(h.date.year(), y);
  }
}

TEST(DateText, AMonthIsWrittenYyyyMm) {
  EXPECT_EQ(parse_iso_month("2026-11"), year{2026} / November);
  EXPECT_EQ(format_iso_month(year{2026} / April), "2026-04");
  for (const char* bad : {"2026-13", "2026-1", "2026/11", "2026-11-01", "", "abcd-ef"})
    EXPECT_FALSE(parse_iso_month(bad)) << bad;
}

}  // namespace
}  // namespace opsdesk::calendar
