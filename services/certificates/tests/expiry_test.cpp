// When the desk is told a certificate's end is near (the opening of the N-th business day before
// it expires, across weekends and the year-end holidays) and where a certificate stands in time.

#include "services/certificates/domain/expiry.hpp"

#include <gtest/gtest.h>

#include <array>

namespace opsdesk::certificates {
namespace {

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

const auto kCalendar = calendar::BusinessCalendar::standard();

TEST(ExpiryNotices, AtTheOpeningOfTheNthBusinessDayBefore) {
  // Monday 2026-12-14, 23:59: 7 business days before, counted back over the weekend (12-11,
  // 12-10, 12-09, 12-08, 12-07, 12-04, 12-03), is Thursday 12-03.
  const std::array leads = {7, 30, 14, 7};
  const auto notices = expiry_notices(at("2026-12-14T23:59:59+09:00"), leads, kCalendar);
  ASSERT_EQ(notices.size(), 3U) << "one per lead, longest first";
  EXPECT_EQ(notices[0].lead_business_days, 30);
  EXPECT_EQ(notices[1], (ExpiryNotice{14, at("2026-11-24T09:00:00+09:00")}))
      << "11-23 is 勤労感謝の日";
  EXPECT_EQ(notices[2], (ExpiryNotice{7, at("2026-12-03T09:00:00+09:00")}));
}

TEST(ExpiryNotices, TheYearEndHolidaysAreNotBusinessDays) {
  // Tuesday 2027-01-05: the business day before is Monday 01-04, the one before Monday 12-28.
  const std::array leads = {2, 1};
  const auto notices = expiry_notices(at("2027-01-05T10:00:00+09:00"), leads, kCalendar);
  EXPECT_EQ(notices, (std::vector<ExpiryNotice>{{2, at("2026-12-28T09:00:00+09:00")},
                                                {1, at("2027-01-04T09:00:00+09:00")}}));
}

TEST(Status, ValidThenRenewalDueThenExpiringThenExpired) {
  TimeStanding c{at("2027-04-01T00:00:00+09:00"), at("2026-12-01T00:00:00+09:00"),
                 at("2027-03-23T09:00:00+09:00"), false, false};
  EXPECT_EQ(status_at(c, at("2026-11-30T23:59:59+09:00")), "valid");
  EXPECT_EQ(status_at(c, at("2026-12-01T00:00:00+09:00")), "renewal_due");
  EXPECT_EQ(status_at(c, at("2027-03-23T09:00:00+09:00")), "expiring");
  EXPECT_EQ(status_at(c, at("2027-04-01T00:00:01+09:00")), "expired");
  c.successor_deployed = true;
  EXPECT_EQ(status_at(c, at("2026-12-02T00:00:00+09:00")), "valid") << "renewed in time";
  c.retired = true;
  EXPECT_EQ(status_at(c, at("2026-12-02T00:00:00+09:00")), "retired");
}

}  // namespace
}  // namespace opsdesk::certificates
