// The override file: the Cabinet Office's CSV as published (Shift_JIS) or re-saved (UTF-8).
// What it lists replaces the rules for its years; anything malformed is refused with its line.

#include "libs/calendar/holiday_file.hpp"

#include <gtest/gtest.h>

#include "libs/calendar/holiday_table.hpp"
#include "libs/calendar/text_encoding.hpp"

namespace opsdesk::calendar {
namespace {

using namespace std::chrono;

// The published form: CP932 bytes, CRLF. Written as bytes (not converted here) so that the
// test does not share the decoder it checks.
constexpr std::string_view kShiftJisFile =
    "\x8D\x91\x96\xAF\x82\xCC\x8Fj\x93\xFA\x81"
    "E\x8Bx\x93\xFA\x8C\x8E\x93\xFA,\x8D\x91\x96\xAF\x82\xCC\x8Fj\x93\xFA"
    "\x81"
    "E\x8Bx\x93\xFA\x96\xBC\x8F\xCC\x0D\x0A"
    "2027/1/1,\x8C\xB3\x93\xFA\x0D\x0A"
    "2027/3/22,\x8Bx\x93\xFA\x0D\x0A";

std::string utf8_file(const std::string& rows) {
  return std::string(kHolidayFileHeader) + "\n" + rows;
}

HolidayFileError error_of(std::string_view bytes) {
  auto parsed = parse_holiday_file(bytes);
  EXPECT_FALSE(parsed.has_value()) << "expected the file to be refused";
  return parsed ? HolidayFileError{0, "accepted"} : parsed.error();
}

TEST(CalendarHolidayFile, ReadsTheShiftJisFileAsPublished) {
  EXPECT_EQ(decode_japanese_text(kShiftJisFile)->detected, TextEncoding::shift_jis);
  const auto holidays = parse_holiday_file(kShiftJisFile);
  ASSERT_TRUE(holidays.has_value()) << holidays.error().to_string();
  EXPECT_EQ(*holidays, (std::vector<Holiday>{{2027y / 1 / 1, "元日"}, {2027y / 3 / 22, "休日"}}));
}

TEST(CalendarHolidayFile, ReadsUtf8WithOrWithoutAByteOrderMark) {
  const std::string plain = utf8_file("2026/1/1,元日\n\n2026/09/22 , 国民の休日 \n");
  const auto without_bom = parse_holiday_file(plain);
  ASSERT_TRUE(without_bom.has_value()) << without_bom.error().to_string();
  EXPECT_EQ(*without_bom,
            (std::vector<Holiday>{{2026y / 1 / 1, "元日"}, {2026y / 9 / 22, "国民の休日"}}));
  const auto with_bom = parse_holiday_file("\xEF\xBB\xBF" + plain);
  ASSERT_TRUE(with_bom.has_value()) << with_bom.error().to_string();
  EXPECT_EQ(*with_bom, *without_bom);
}

TEST(CalendarHolidayFile, RowsMayComeInAnyOrderAndAreSorted) {
  const auto holidays = parse_holiday_file(utf8_file("2026/5/5,こどもの日\n2026/1/1,元日\n"));
  ASSERT_TRUE(holidays.has_value());
  EXPECT_EQ(holidays->front().date, 2026y / 1 / 1);
}

TEST(CalendarHolidayFile, AMalformedFileIsRefusedWithTheLineAndTheReason) {
  struct Case {
    std::string bytes;
    std::size_t line;
    std::string reason_contains;
  };
  const std::vector<Case> cases{
      {"date,name\n2026/1/1,元日\n", 1, "header"},
      {"", 1, "header"},
      {utf8_file(""), 2, "no holidays"},
      {utf8_file("2026/1/1,元日\n2026/2/30,存在しない日\n"), 3, "no such day"},
      {utf8_file("2026-01-01,元日\n"), 2, "YYYY/M/D"},
      {utf8_file("1954/1/1,元日\n"), 2, "1955-2099"},
      {utf8_file("2100/1/1,元日\n"), 2, "1955-2099"},
      {utf8_file("2026/1/1\n"), 2, "two fields"},
      {utf8_file("2026/1/1,元日,extra\n"), 2, "two fields"},
      {utf8_file("2026/1/1, \n"), 2, "name is empty"},
      {utf8_file("2026/1/1,元日\n\n2026/1/1,元日\n"), 4, "listed twice (also on line 2)"},
      {std::string(kShiftJisFile) + "2027/5/3,\x81\x20\r\n", 4, "neither UTF-8 nor Shift_JIS"},
      {std::string(kShiftJisFile) + "2027/5/3,\x81", 4, "middle of a character"},
      {"\xEF\xBB\xBF" + utf8_file("2026/1/1,元日\n2026/1/2,\xFF\n"), 3, "not valid UTF-8"},
  };
  for (const auto& c : cases) {
    const auto error = error_of(c.bytes);
    EXPECT_EQ(error.line, c.line) << error.to_string();
    EXPECT_NE(error.reason.find(c.reason_contains), std::string::npos) << error.to_string();
  }
}

TEST(CalendarHolidayFile, ErrorsReadAsLineNumberThenReason) {
  EXPECT_EQ((HolidayFileError{7, "the holiday's name is empty"}).to_string(),
            "line 7: the holiday's name is empty");
}

TEST(CalendarHolidayFile, PrintedListsReadBackUnchanged) {
  const std::vector<Holiday> holidays{{2026y / 1 / 1, "元日"}, {2026y / 9 / 22, "国民の休日"}};
  const std::string text = format_holiday_file(holidays);
  EXPECT_EQ(text, std::string(kHolidayFileHeader) + "\n2026/1/1,元日\n2026/9/22,国民の休日\n");
  EXPECT_EQ(parse_holiday_file(text).value(), holidays);
}

TEST(CalendarHolidayFile, AYearInTheFileReplacesThatYearOfTheRulesWhole) {
  // Suppose the 2027 vernal equinox were announced as 3/22 and a one-off day were added.
  const HolidayTable table(
      parse_holiday_file(utf8_file("2027/1/1,元日\n2027/3/22,春分の日\n2027/6/1,臨時の休日\n"))
          .value());
  EXPECT_TRUE(table.is_overridden(2027y));
  EXPECT_EQ(table.in_year(2027y).size(), 3u);
  EXPECT_EQ(table.find(2027y / 6 / 1)->name, "臨時の休日");
  EXPECT_EQ(table.find(2027y / 3 / 21), nullptr);  // the rules' equinox no longer applies
  EXPECT_EQ(table.find(2027y / 5 / 3), nullptr);   // nor any other rule of 2027
  // Other years still follow the rules.
  EXPECT_FALSE(table.is_overridden(2026y));
  EXPECT_EQ(table.find(2026y / 5 / 3)->name, "憲法記念日");
  EXPECT_EQ(table.find(2028y / 5 / 3)->name, "憲法記念日");
}

TEST(CalendarTextEncoding, Utf8IsCheckedStrictly) {
  EXPECT_TRUE(is_valid_utf8("元日 ascii"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE5\x85"));          // cut short
  EXPECT_EQ(first_invalid_utf8("ab\xFF"), 2u);
}

}  // namespace
}  // namespace opsdesk::calendar
