// A certificate of the inventory given the commands before it: imported with the warnings the
// desk must see (expired yet kept, over the CA/Browser Forum lifetime, a chain that does not
// verify), its renewal due by cert-manager's rule; an SSL certificate renewed only on the
// association side's instruction; its successor deployed location by location; retired; and the
// expiry watch's records, each once and not before its time.

#include "services/certificates/domain/certificate.hpp"

#include <gtest/gtest.h>

namespace opsdesk::certificates {
namespace {

using std::chrono::days;

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

const core::Instant kNow = at("2026-12-05T10:00:00+09:00");
const Location kSigningHost{"signing_host", "sign01.centre.local"};
const Location kPortal{"url", "https://kyosai.example.jp/"};

CertificateFacts code_signing_facts() {
  CertificateFacts f;
  f.fingerprint = std::string(64, 'a');
  f.subject = "CN=共済組合連合会 コード署名,O=共済組合連合会,C=JP";
  f.subject_cn = "共済組合連合会 コード署名";
  f.issuer = "CN=Test CA,C=JP";
  f.serial = "1001";
  f.key_algorithm = "RSA";
  f.key_bits = 3072;
  f.signature_algorithm = "sha256WithRSAEncryption";
  f.not_before = at("2026-04-01T00:00:00+09:00");
  f.not_after = at("2027-04-01T00:00:00+09:00");
  f.extended_key_usages = {std::string(kCodeSigningEku)};
  f.der = "der-bytes";
  return f;
}

CertificateFacts tls_facts() {
  auto f = code_signing_facts();
  f.fingerprint = std::string(64, 'b');
  f.subject_cn = "kyosai.example.jp";
  f.extended_key_usages = {std::string(kServerAuthEku)};
  f.not_before = at("2026-09-01T00:00:00+09:00");
  f.not_after = f.not_before + days{180};
  return f;
}

ImportCertificate import(CertificateFacts facts, std::vector<Location> locations = {kSigningHost}) {
  ImportCertificate c;
  c.read.leaf = std::move(facts);
  c.trust_store = c.read.leaf.purpose() == "tls_server" ? "tls" : "code_signing";
  c.chain = ChainVerdict{true, ""};
  c.owner = "センタ運用 田中";
  c.tenants = {"all_centre"};
  c.locations = std::move(locations);
  c.by = "desk";
  c.at = kNow;
  return c;
}

CertificateState given(const std::vector<CertificateCommand>& commands, core::Instant now = kNow) {
  CertificateState state;
  for (const auto& command : commands) {
    auto events = decide(state, command, now);
    EXPECT_TRUE(events.has_value())
        << (events ? "" : events.error().rule + ": " + events.error().message);
    if (!events) break;
    for (const auto& e : *events) state = evolve(std::move(state), e);
  }
  return state;
}

// The state after `command`, decided at `now` (a watch's record at its own time).
CertificateState then(CertificateState state, const CertificateCommand& command,
                      core::Instant now) {
  auto events = decide(state, command, now);
  EXPECT_TRUE(events.has_value()) << (events ? ""
                                             : events.error().rule + ": " + events.error().message);
  if (events)
    for (const auto& e : *events) state = evolve(std::move(state), e);
  return state;
}

std::string refusal(const CertificateState& state, const CertificateCommand& command,
                    core::Instant now = kNow) {
  auto events = decide(state, command, now);
  if (events) return "accepted";
  if (events.error().kind == DomainError::Kind::invalid_fields)
    return events.error().fields.front().field + ": " + events.error().fields.front().message;
  return events.error().rule;
}

TEST(Certificate, IsImportedWithWhatItSaysAndWhenItIsDueForRenewal) {
  auto cert = given({import(code_signing_facts())});
  EXPECT_EQ(cert.fingerprint, std::string(64, 'a'));
  EXPECT_EQ(cert.facts.purpose(), "code_signing");
  EXPECT_EQ(cert.facts.subject_cn, "共済組合連合会 コード署名");
  EXPECT_EQ(cert.trust_store, "code_signing");
  EXPECT_TRUE(cert.chain_verified);
  EXPECT_TRUE(cert.warnings.empty());
  // One third of a 365-day lifetime before notAfter.
  EXPECT_EQ(cert.renewal_due.rule, "one_third_of_lifetime");
  const auto lifetime = cert.facts.not_after - cert.facts.not_before;
  EXPECT_EQ(cert.renewal_due.at, cert.facts.not_after - lifetime / 3);
  EXPECT_EQ(cert.locations, std::vector<Location>{kSigningHost});
  EXPECT_EQ(cert.concerned().size(), 18U);
  EXPECT_EQ(refusal(cert, import(code_signing_facts())), "certificate-already-imported");
}

TEST(Certificate, AnExpiredCertificateIsKeptWithAWarning) {
  auto old = code_signing_facts();
  old.not_before = at("2024-04-01T00:00:00+09:00");
  old.not_after = at("2025-04-01T00:00:00+09:00");
  auto c = import(old);
  c.chain = ChainVerdict{false, "certificate has expired"};
  auto cert = given({c});
  ASSERT_EQ(cert.warnings.size(), 2U);
  EXPECT_EQ(cert.warnings[0],
            "expired on 2025-04-01: kept in the inventory, since signatures timestamped while it "
            "was valid stay verifiable");
  EXPECT_EQ(cert.warnings[1],
            "its chain does not verify to the code_signing trust store: certificate has expired");
}

TEST(Certificate, OverTheCaBrowserForumLifetimeOrWithoutAStoreIsAWarningNotARefusal) {
  auto long_tls = tls_facts();
  long_tls.not_after = long_tls.not_before + days{397};
  auto c = import(long_tls, {kPortal});
  c.chain.reset();
  auto cert = given({c});
  EXPECT_EQ(cert.trust_store, "none");
  EXPECT_EQ(cert.warnings,
            (std::vector<std::string>{
                "CA/Browser Forum: a TLS server certificate issued on or after 2026-03-15 lives "
                "at most 200 days; this one lives 397 days",
                "no trust store is configured for tls_server certificates: its chain was not "
                "verified"}));
}

TEST(Certificate, ImportNamesEveryBadField) {
  auto c = import(code_signing_facts(), {{"drawer", "x"}, kSigningHost, kSigningHost});
  c.owner = " ";
  c.tenants = {};
  c.renewal.renew_before_percentage = 100;
  auto events = decide(CertificateState{}, c, kNow);
  ASSERT_FALSE(events);
  std::vector<std::string> fields;
  for (const auto& f : events.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"owner", "tenants", "locations[0].kind",
                                              "locations[2]", "renew_before_percentage"}));
}

TEST(Certificate, AnSslCertificateIsRenewedOnTheAssociationsInstruction) {
  auto cert = given({import(tls_facts(), {kPortal})});
  RequestRenewal request{"JPRS", "ORD-1", "", std::nullopt, "", "desk", kNow};
  EXPECT_EQ(refusal(cert, request),
            "instructed_by: an SSL certificate is renewed on the association side's instruction "
            "(仕様書 4.(3)⑤ケ): who gave it");
  request.instructed_by = "総務省共済組合 佐藤";
  request.instructed_at = at("2026-12-04T15:00:00+09:00");
  cert = given({import(tls_facts(), {kPortal}), request});
  ASSERT_TRUE(cert.renewal_request);
  EXPECT_EQ(cert.renewal_request->instructed_by, "総務省共済組合 佐藤");
  // A code-signing certificate is the contractor's to renew before it expires (4.(3)④コ).
  EXPECT_EQ(refusal(given({import(code_signing_facts())}),
                    RequestRenewal{"Test CA", "", "", std::nullopt, "", "desk", kNow}),
            "accepted");
}

TEST(Certificate, ItsSuccessorIsDeployedLocationByLocationThenItIsRetired) {
  const auto successor = std::string(64, 'c');
  auto old = given({import(code_signing_facts(), {kSigningHost, kPortal}),
                    RecordSuccessorIssued{successor, "desk", kNow}});
  EXPECT_EQ(old.successor, successor);
  EXPECT_EQ(refusal(old, RecordSuccessorIssued{std::string(64, 'd'), "desk", kNow}),
            "successor-issued");
  auto renewed = code_signing_facts();
  renewed.fingerprint = successor;
  auto c = import(renewed, {kSigningHost, kPortal});
  c.predecessor = std::string(64, 'a');
  auto next = given({c, RecordDeployed{kSigningHost, "ops", kNow}});
  EXPECT_EQ(next.predecessor, std::string(64, 'a'));
  EXPECT_TRUE(next.deployed_at(kSigningHost));
  EXPECT_FALSE(next.deployed_at(kPortal));
  EXPECT_EQ(refusal(next, RecordDeployed{kSigningHost, "ops", kNow}), "deployed");
  EXPECT_EQ(
      refusal(next, RecordDeployed{{"url", "https://elsewhere/"}, "ops", kNow}),
      "location: certificate '共済組合連合会 コード署名' is not used at url https://elsewhere/ "
      "(add_location first)");
  old = given({import(code_signing_facts(), {kSigningHost, kPortal}),
               RecordSuccessorIssued{successor, "desk", kNow},
               RetireCertificate{"更新済み", "", "desk", kNow}});
  EXPECT_EQ(old.retired->replaced_by, successor) << "replaced by its successor by default";
  EXPECT_EQ(refusal(old, AddLocation{kPortal, "desk", kNow}), "certificate-retired");
  EXPECT_EQ(
      refusal(old, RecordExpired{at("2027-05-01T00:00:00+09:00")}, at("2027-05-01T00:00:00+09:00")),
      "certificate-retired")
      << "a retired certificate is not recorded expired";
}

TEST(Certificate, TheWatchRecordsRenewalDueNoticesAndExpiryOnceEachInTime) {
  const auto imported = given({import(code_signing_facts())});
  const auto due = imported.renewal_due.at;
  EXPECT_EQ(refusal(imported, RecordRenewalDue{due}, due - std::chrono::seconds{1}), "not-yet-due");
  auto cert = then(imported, RecordRenewalDue{due}, due);
  EXPECT_TRUE(cert.renewal_due_recorded_at);
  EXPECT_EQ(refusal(cert, RecordRenewalDue{due}, due), "renewal-due-recorded");

  const auto notice = at("2027-02-17T09:00:00+09:00");
  EXPECT_EQ(
      refusal(cert, RecordExpiryApproaching{30, notice, notice}, notice - std::chrono::seconds{1}),
      "not-yet-due");
  cert = then(cert, RecordExpiryApproaching{30, notice, notice}, notice);
  EXPECT_EQ(refusal(cert, RecordExpiryApproaching{30, notice, notice}, notice), "notice-recorded");
  EXPECT_EQ(refusal(cert, RecordExpiryApproaching{14, notice, notice}, notice), "accepted");

  const auto end = cert.facts.not_after;
  EXPECT_EQ(refusal(cert, RecordExpired{end}, end), "not-yet-due");
  cert = then(cert, RecordExpired{end}, end + std::chrono::seconds{1});
  EXPECT_EQ(refusal(cert, RecordExpired{end}, end + days{1}), "expired-recorded");
  EXPECT_EQ(refusal(cert, RecordRenewalDue{end}, end + days{1}), "expired-recorded");
}

TEST(Certificate, ACodeSigningCertificatesRenewalIsScheduledOnce) {
  const auto cert = given({import(code_signing_facts())});
  const RecordRenewalTaskScheduled scheduled{"0190c3a4-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
                                             cert.renewal_due.at, kNow};
  const auto after = then(cert, scheduled, kNow);
  EXPECT_EQ(after.renewal_task_id, scheduled.task_id);
  EXPECT_EQ(refusal(after, scheduled), "renewal-task-scheduled");
  // SSL certificates are renewed on the association side's instruction, not on a schedule.
  EXPECT_EQ(refusal(given({import(tls_facts(), {kPortal})}), scheduled), "not-code-signing");
}

}  // namespace
}  // namespace opsdesk::certificates
