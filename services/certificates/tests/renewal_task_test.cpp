// A code-signing certificate's renewal goes on the centre's schedule as a one-off
// certificate_renewal task on the day renewal is due, for the associations it serves.

#include "services/certificates/renewal_task.hpp"

#include <gtest/gtest.h>

#include "services/certificates/expiry_watch.hpp"

namespace opsdesk::certificates {
namespace {

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

CertificateState code_signing() {
  CertificateState c;
  c.fingerprint = std::string(64, 'a');
  c.version = 1;
  c.facts.subject_cn = "共済組合連合会 コード署名";
  c.facts.extended_key_usages = {std::string(kCodeSigningEku)};
  c.facts.not_after = at("2027-04-01T09:00:00+09:00");
  c.renewal_due = {at("2027-02-01T15:30:00+09:00"), "renew_before"};
  c.owner = "センタ運用";
  c.tenants = {"all_centre"};
  return c;
}

TEST(RenewalTask, IsPlannedOnTheDayRenewalIsDue) {
  const auto body = renewal_task_body(code_signing(), at("2026-12-05T10:00:00+09:00"));
  EXPECT_EQ(body["kind"], "certificate_renewal");
  EXPECT_EQ(body["dtstart"], "2027-02-01");
  EXPECT_EQ(body["rrule"], "FREQ=DAILY;COUNT=1");
  EXPECT_EQ(body["tenants"], nlohmann::json::array({"all_centre"}));
  EXPECT_EQ(body["owner"], "センタ運用");
  EXPECT_EQ(body["title"],
            "コード署名証明書の更新: 共済組合連合会 コード署名 (有効期限 2027-04-01)");
  EXPECT_EQ(renewal_task_key(code_signing()), "certificate-renewal-task-" + std::string(64, 'a'));
}

TEST(RenewalTask, ACertificateImportedPastItsDueTimeIsPlannedToday) {
  const auto body = renewal_task_body(code_signing(), at("2027-03-10T11:00:00+09:00"));
  EXPECT_EQ(body["dtstart"], "2027-03-10");
}

TEST(RenewalTask, OnlyACodeSigningCertificateInUseAndNotRenewedWantsOne) {
  const auto now = at("2026-12-05T10:00:00+09:00");
  auto c = code_signing();
  EXPECT_TRUE(renewal_task_wanted(c, now));
  EXPECT_FALSE(renewal_task_wanted(c, c.facts.not_after + std::chrono::seconds{1}));
  auto scheduled = c;
  scheduled.renewal_task_id = "0190c3a4-1a2b-7c3d-8e4f-5a6b7c8d9e0f";
  EXPECT_FALSE(renewal_task_wanted(scheduled, now));
  auto renewed = c;
  renewed.successor = std::string(64, 'b');
  EXPECT_FALSE(renewal_task_wanted(renewed, now));
  auto tls = c;
  tls.facts.extended_key_usages = {std::string(kServerAuthEku)};
  EXPECT_FALSE(renewal_task_wanted(tls, now));
}

}  // namespace
}  // namespace opsdesk::certificates
