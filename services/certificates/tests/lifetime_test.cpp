// When a certificate is to be renewed (cert-manager's rule, naming the rule that applied) and the
// CA/Browser Forum's lifetime limits by issue date, as warnings.

#include "services/certificates/domain/lifetime.hpp"

#include <gtest/gtest.h>

namespace opsdesk::certificates {
namespace {

using std::chrono::days;
using std::chrono::hours;

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

// A TLS certificate of 90 days and a code-signing certificate of a year.
const core::Instant kFrom = at("2026-04-01T00:00:00Z");
const core::Instant kNinetyDays = kFrom + days{90};
const core::Instant kOneYear = at("2027-04-01T00:00:00Z");

TEST(Renewal, ByDefaultOneThirdOfTheLifetimeBeforeItEnds) {
  EXPECT_EQ(renewal_due_at(kFrom, kNinetyDays, {}),
            (RenewalDue{kFrom + days{60}, "one_third_of_lifetime"}));
}

TEST(Renewal, RenewBeforeWinsWhenItIsShorterThanTheLifetime) {
  EXPECT_EQ(renewal_due_at(kFrom, kOneYear, {days{30}, 50}),
            (RenewalDue{kOneYear - days{30}, "renew_before"}));
  // As long as the lifetime or longer it cannot apply: the percentage does.
  EXPECT_EQ(renewal_due_at(kFrom, kNinetyDays, {days{90}, 20}),
            (RenewalDue{kNinetyDays - days{18}, "renew_before_percentage"}));
  // Neither usable: the default.
  EXPECT_EQ(renewal_due_at(kFrom, kNinetyDays, {days{365}, 0}).rule, "one_third_of_lifetime");
}

TEST(Lifetime, TlsLimitsShrinkWithTheIssueDate) {
  EXPECT_EQ(lifetime_limit("tls_server", at("2026-03-14T23:59:59Z"))->max_days, 398);
  EXPECT_EQ(lifetime_limit("tls_server", at("2026-03-15T00:00:00Z"))->max_days, 200);
  EXPECT_EQ(lifetime_limit("tls_server", at("2027-03-15T00:00:00Z"))->max_days, 100);
  EXPECT_EQ(lifetime_limit("tls_server", at("2029-03-15T00:00:00Z"))->max_days, 47);
  EXPECT_EQ(lifetime_limit("tls_server", at("2019-01-01T00:00:00Z")), std::nullopt);
  EXPECT_EQ(lifetime_limit("code_signing", at("2026-03-01T00:00:00Z"))->max_days, 460);
  EXPECT_EQ(lifetime_limit("code_signing", at("2026-02-28T00:00:00Z")), std::nullopt);
  EXPECT_EQ(lifetime_limit("other", at("2027-01-01T00:00:00Z")), std::nullopt);
}

TEST(Lifetime, AnOverlongCertificateIsWarnedOfNotRefused) {
  EXPECT_EQ(lifetime_warning("tls_server", kFrom, kFrom + days{200}), std::nullopt);
  EXPECT_EQ(lifetime_warning("tls_server", kFrom, kOneYear),
            "CA/Browser Forum: a TLS server certificate issued on or after 2026-03-15 lives at "
            "most 200 days; this one lives 365 days");
  EXPECT_EQ(lifetime_warning("code_signing", kFrom, kFrom + days{460} + hours{5}),
            "CA/Browser Forum: a code-signing certificate issued on or after 2026-03-01 lives at "
            "most 460 days; this one lives 460 days and 5 hours");
  EXPECT_EQ(lifetime_warning("code_signing", kFrom, kOneYear), std::nullopt);
}

}  // namespace
}  // namespace opsdesk::certificates
