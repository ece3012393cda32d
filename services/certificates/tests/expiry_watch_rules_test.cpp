// What the expiry watch records for a certificate at a time: renewal due, the lead-time notices
// that have come (on the business calendar), expired; each once, none for a retired or renewed
// certificate, and no stale notice for one imported late.

#include "services/certificates/domain/expiry_watch_rules.hpp"

#include <gtest/gtest.h>

#include <array>

namespace opsdesk::certificates {
namespace {

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

const auto kCalendar = calendar::BusinessCalendar::standard();
const std::array kLeads = {30, 14, 7};

// A code-signing certificate ending Monday 2026-12-14 (a year's lifetime), imported in April.
CertificateState certificate() {
  CertificateState c;
  c.fingerprint = std::string(64, 'a');
  c.version = 1;
  c.facts.not_before = at("2025-12-14T23:59:59+09:00");
  c.facts.not_after = at("2026-12-14T23:59:59+09:00");
  c.renewal_due = renewal_due_at(c.facts.not_before, c.facts.not_after, {});
  c.imported_at = at("2026-04-01T10:00:00+09:00");
  return c;
}

std::vector<std::string> kinds(const std::vector<CertificateCommand>& commands) {
  std::vector<std::string> out;
  for (const auto& command : commands) {
    if (std::holds_alternative<RecordRenewalDue>(command)) out.push_back("renewal_due");
    if (const auto* n = std::get_if<RecordExpiryApproaching>(&command))
      out.push_back("notice " + std::to_string(n->lead_business_days));
    if (std::holds_alternative<RecordExpired>(command)) out.push_back("expired");
  }
  return out;
}

TEST(ExpiryWatchRules, EachRecordComesInItsTimeOnce) {
  auto c = certificate();
  EXPECT_EQ(kinds(records_due(c, false, at("2026-08-01T00:00:00+09:00"), kLeads, kCalendar)),
            std::vector<std::string>{})
      << "before a third of the lifetime remains";
  EXPECT_EQ(kinds(records_due(c, false, at("2026-09-01T00:00:00+09:00"), kLeads, kCalendar)),
            std::vector<std::string>{"renewal_due"});
  // Thursday 12-03 09:00 is 7 business days before; 14 and 30 have come too.
  EXPECT_EQ(kinds(records_due(c, false, at("2026-12-03T09:00:00+09:00"), kLeads, kCalendar)),
            (std::vector<std::string>{"renewal_due", "notice 30", "notice 14", "notice 7"}));
  c.renewal_due_recorded_at = at("2026-09-01T00:00:00+09:00");
  c.expiry_leads_recorded = {30, 14};
  EXPECT_EQ(kinds(records_due(c, false, at("2026-12-03T09:00:00+09:00"), kLeads, kCalendar)),
            std::vector<std::string>{"notice 7"});
  c.expiry_leads_recorded = {30, 14, 7};
  EXPECT_EQ(kinds(records_due(c, false, at("2026-12-15T00:00:00+09:00"), kLeads, kCalendar)),
            std::vector<std::string>{"expired"});
  c.expired_recorded_at = at("2026-12-15T00:00:00+09:00");
  EXPECT_TRUE(records_due(c, false, at("2026-12-16T00:00:00+09:00"), kLeads, kCalendar).empty());
}

TEST(ExpiryWatchRules, NothingForARetiredOrRenewedCertificate) {
  auto c = certificate();
  EXPECT_TRUE(records_due(c, true, at("2026-12-15T00:00:00+09:00"), kLeads, kCalendar).empty());
  c.retired = Retirement{"更新済み", std::string(64, 'b'), at("2026-11-01T00:00:00+09:00"), "desk"};
  EXPECT_TRUE(records_due(c, false, at("2026-12-15T00:00:00+09:00"), kLeads, kCalendar).empty());
}

TEST(ExpiryWatchRules, ACertificateImportedLateGetsNoStaleNotices) {
  auto c = certificate();
  c.imported_at = at("2026-12-01T10:00:00+09:00");  // after the 30- and 14-day notices' times
  EXPECT_EQ(kinds(records_due(c, false, at("2026-12-03T09:00:00+09:00"), kLeads, kCalendar)),
            (std::vector<std::string>{"renewal_due", "notice 7"}));
  // Imported already expired (or seen only after its end): recorded expired, nothing stale.
  c.imported_at = at("2027-01-10T10:00:00+09:00");
  EXPECT_EQ(kinds(records_due(c, false, at("2027-01-10T10:00:00+09:00"), kLeads, kCalendar)),
            std::vector<std::string>{"expired"});
}

}  // namespace
}  // namespace opsdesk::certificates
