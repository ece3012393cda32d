// The certificate inventory over real HTTP against the real process (docs/api/certificates.yaml):
// a code-signing and a TLS certificate made by a test PKI are imported (JSON with their chain,
// raw PEM, raw DER), verified against the trust stores the process was given, shown with their
// renewal due times and in /metrics; the code-signing one's renewal lands on the centre's
// schedule; under the manual clock the desk is told at 30, 14 and 7 business days before the end
// and when it passes, once each across a SIGKILL; an SSL renewal on the association side's
// instruction goes through its successor's deployment to retirement; a program signed by
// osslsigncode (timestamped by a local RFC 3161 authority) and a detached CMS signature are
// recorded and verified, also after the certificate expired; refusals change nothing.

#include <gtest/gtest.h>

#include <fstream>

#include "libs/auth/base64url.hpp"
#include "libs/auth/digests.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/reports/testing/xlsx_contents.hpp"
#include "services/certificates/tests/test_signing.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {
namespace {

using certificates::testing::issue;
using certificates::testing::Issued;
using nlohmann::json;
using std::chrono::hours;

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

// Monday 2026-12-07, 10:00 Tokyo.
constexpr const char* kMonday = "2026-12-07T10:00:00+09:00";
// The code-signing certificate ends at midnight Tokyo starting Thursday 2027-07-01. Counting back
// business days (June 2027 has no holiday): 7 → Tuesday 06-22, 14 → Friday 06-11, 30 → Thursday
// 05-20; each notice at the opening of that day, 9:00.
const core::Instant kSigningEnds = at("2027-07-01T00:00:00+09:00");

class CertificatesHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new Issued(issue({"opsdesk test root", "opsdesk test", at("2026-01-01T00:00:00Z"),
                              at("2036-01-01T00:00:00Z"), "", "", true}));
    issuing_ =
        new Issued(issue({"opsdesk test issuing CA", "opsdesk test", at("2026-01-01T00:00:00Z"),
                          at("2031-01-01T00:00:00Z"), "", "", true},
                         root_));
    signing_ = new Issued(
        issue({"共済組合連合会 コード署名", "国家公務員共済組合連合会",
               at("2026-10-01T00:00:00+09:00"), kSigningEnds, "codeSigning", "", false, 2048},
              issuing_));
    tls_ = new Issued(issue({"kyosai.example.jp", "opsdesk test", at("2026-11-01T00:00:00Z"),
                             at("2027-05-01T00:00:00Z"), "serverAuth", "DNS:kyosai.example.jp"},
                            issuing_));
    renewed_tls_ =
        new Issued(issue({"kyosai.example.jp", "opsdesk test", at("2026-12-01T00:00:00Z"),
                          at("2027-06-01T00:00:00Z"), "serverAuth", "DNS:kyosai.example.jp"},
                         issuing_));
  }
  static void TearDownTestSuite() {
    for (auto* issued : {renewed_tls_, tls_, signing_, issuing_, root_}) delete issued;
  }

  void SetUp() override {
    std::ofstream(data_.path() / "roots.pem") << root_->pem();
    start();
    set_clock(kMonday);
  }
  void start() {
    const auto roots = (data_.path() / "roots.pem").string();
    opsdesk_ = std::make_unique<OpsdeskProcess>(
        data_.path() / "var", std::vector<std::string>{"--clock=manual"},
        std::map<std::string, std::string>{
            {"OPSDESK_CERTIFICATES_TLS_TRUST_BUNDLE", roots},
            {"OPSDESK_CERTIFICATES_CODE_SIGNING_TRUST_BUNDLE", roots},
            {"OPSDESK_CERTIFICATES_TIMESTAMP_TRUST_BUNDLE", roots}});
  }
  json set_clock(const std::string& now) const {
    auto moved = desk().post("/v1/test/clock", {{"now", now}});
    EXPECT_EQ(moved.status, 200) << moved.body;
    return moved.json();
  }
  ApiClient as(const std::string& role, const std::vector<std::string>& tenants = {"*"}) const {
    // The manual clock runs to mid-2027: the token lives past it.
    return ApiClient(opsdesk_->host(), opsdesk_->port(),
                     token_for("user-" + role, {role}, tenants, std::chrono::hours{24 * 365 * 3}));
  }
  ApiClient desk() const { return as("maintainer"); }

  json import_signing() const {
    auto imported = desk().post(
        "/v1/certificates",
        {{"pem", signing_->pem() + issuing_->pem()},
         {"owner", "センタ運用 田中"},
         {"tenants", json::array({"all_centre"})},
         {"locations", json::array({{{"kind", "signing_host"}, {"value", "sign01.centre.local"}}})},
         {"renew_before_days", 30}});
    EXPECT_EQ(imported.status, 201) << imported.body;
    return imported.json();
  }
  json import_tls() const {
    auto imported = desk().post_raw(
        "/v1/certificates?owner=soumu-infra&tenants=soumu&location=url:https://kyosai.example.jp/",
        tls_->pem() + issuing_->pem(), "application/x-pem-file");
    EXPECT_EQ(imported.status, 201) << imported.body;
    return imported.json();
  }
  json certificate(const std::string& fingerprint) const {
    auto got = desk().get("/v1/certificates/" + fingerprint);
    EXPECT_EQ(got.status, 200) << got.body;
    return got.json();
  }
  std::vector<std::string> event_types(const std::string& fingerprint) const {
    std::vector<std::string> types;
    const auto body = certificate(fingerprint);
    const std::string prefix = "opsdesk.certificates.v1.";
    for (const auto& e : body["history"])
      types.push_back(e["type"].get<std::string>().substr(prefix.size()));
    return types;
  }

  TempDir data_;
  std::unique_ptr<OpsdeskProcess> opsdesk_;
  static Issued* root_;
  static Issued* issuing_;
  static Issued* signing_;
  static Issued* tls_;
  static Issued* renewed_tls_;
};

Issued* CertificatesHttp::root_ = nullptr;
Issued* CertificatesHttp::issuing_ = nullptr;
Issued* CertificatesHttp::signing_ = nullptr;
Issued* CertificatesHttp::tls_ = nullptr;
Issued* CertificatesHttp::renewed_tls_ = nullptr;

TEST_F(CertificatesHttp, ACodeSigningAndATlsCertificateWithTheirRenewalDueAndMetrics) {
  const auto signing = import_signing();
  EXPECT_EQ(signing["purpose"], "code_signing");
  EXPECT_EQ(signing["subject_cn"], "共済組合連合会 コード署名");
  EXPECT_EQ(signing["key_algorithm"], "RSA");
  EXPECT_EQ(signing["key_bits"], 2048);
  EXPECT_EQ(signing["chain"]["trust_store"], "code_signing");
  EXPECT_EQ(signing["chain"]["verified"], true) << signing["chain"];
  EXPECT_EQ(signing["warnings"], json::array());
  EXPECT_EQ(signing["not_after"], "2027-07-01T00:00:00+09:00");
  EXPECT_EQ(signing["renewal"]["due_at"], "2027-06-01T00:00:00+09:00");
  EXPECT_EQ(signing["renewal"]["rule"], "renew_before");
  EXPECT_EQ(signing["status"], "valid");
  EXPECT_EQ(signing["pem"], signing_->pem());

  const auto tls = import_tls();
  EXPECT_EQ(tls["purpose"], "tls_server");
  EXPECT_EQ(tls["chain"]["trust_store"], "tls");
  EXPECT_EQ(tls["chain"]["verified"], true);
  EXPECT_EQ(tls["alt_names"], json::array({{{"kind", "dns"}, {"value", "kyosai.example.jp"}}}));
  EXPECT_EQ(tls["renewal"]["rule"], "one_third_of_lifetime");
  EXPECT_EQ(tls["locations"][0]["value"], "https://kyosai.example.jp/");

  // The same certificate, as DER, is the same fingerprint: already in the inventory.
  auto again = desk().post_raw("/v1/certificates?owner=x&tenants=soumu", tls_->der(),
                               "application/pkix-cert");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("certificate-already-imported"), std::string::npos) << again.body;

  // Listed soonest to end first; filtered by purpose.
  auto listed = desk().get("/v1/certificates").json();
  ASSERT_EQ(listed["items"].size(), 2u);
  EXPECT_EQ(listed["items"][0]["fingerprint"], tls["fingerprint"]);
  auto signing_only = desk().get("/v1/certificates?purpose=code_signing").json();
  ASSERT_EQ(signing_only["items"].size(), 1u);
  EXPECT_EQ(desk().get("/v1/certificates?expires_before=2027-05-02").json()["items"].size(), 1u);
  auto page = desk().get("/v1/certificates?limit=1").json();
  ASSERT_EQ(page["items"].size(), 1u);
  auto next =
      desk().get("/v1/certificates?limit=1&cursor=" + page["next_cursor"].get<std::string>());
  EXPECT_EQ(next.json()["items"][0]["fingerprint"], signing["fingerprint"]);

  // 証明書管理台帳: the same list as a workbook, Japanese headings, days left.
  auto book = desk().get("/v1/certificates/report?format=xlsx");
  ASSERT_EQ(book.status, 200) << book.body;
  const auto contents = reports::testing::read_xlsx(book.body);
  ASSERT_EQ(contents.error, "");
  ASSERT_EQ(contents.sheet_names, std::vector<std::string>{"証明書管理台帳"});
  const auto& rows = contents.rows.at("証明書管理台帳");
  EXPECT_TRUE(rows.at(4).starts_with("用途\tコモンネーム\t")) << rows.at(4);
  EXPECT_TRUE(rows.at(5).starts_with("SSLサーバ\tkyosai.example.jp\t")) << rows.at(5);
  EXPECT_NE(rows.at(5).find("\t2027-05-01\t144\t"), std::string::npos) << rows.at(5);
  EXPECT_NE(rows.at(5).find("\t有効\thttps://kyosai.example.jp/\tsoumu-infra\t総務省共済組合\t"),
            std::string::npos)
      << rows.at(5);
  EXPECT_TRUE(rows.at(6).starts_with("コード署名\t共済組合連合会 コード署名\t")) << rows.at(6);
  EXPECT_NE(rows.at(6).find("\t期限前の日数\t有効\t"), std::string::npos) << rows.at(6);
  EXPECT_EQ(desk().get("/v1/certificates/report?format=json").status, 422);

  // The code-signing certificate's renewal is on the centre's schedule (the pass ran with the
  // clock's move).
  set_clock(kMonday);
  const auto scheduled = certificate(signing["fingerprint"]);
  ASSERT_TRUE(scheduled["renewal"]["task_id"].is_string()) << scheduled.dump();
  auto task =
      desk().get("/v1/schedule/tasks/" + scheduled["renewal"]["task_id"].get<std::string>());
  ASSERT_EQ(task.status, 200) << task.body;
  EXPECT_EQ(task.json()["kind"], "certificate_renewal");
  EXPECT_NE(task.body.find("共済組合連合会 コード署名"), std::string::npos);
  EXPECT_EQ(certificate(tls["fingerprint"])["renewal"]["task_id"], nullptr)
      << "SSL certificates are renewed on instruction";

  // cert-manager's series, per certificate.
  const auto metrics = as("viewer").get("/metrics").body;
  const std::string signing_labels = "{fingerprint=\"" +
                                     signing["fingerprint"].get<std::string>().substr(0, 16) +
                                     "\",purpose=\"code_signing\",subject_cn=\"共済組合連合会 "
                                     "コード署名\"}";
  EXPECT_NE(metrics.find("opsdesk_certificate_expiration_timestamp_seconds" + signing_labels + " " +
                         std::to_string(core::to_unix_micros(kSigningEnds) / 1'000'000)),
            std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("opsdesk_certificate_ready" + signing_labels + " 1"), std::string::npos);
  EXPECT_NE(metrics.find("opsdesk_certificate_renewal_due_timestamp_seconds" + signing_labels),
            std::string::npos);
}

TEST_F(CertificatesHttp, TheDeskIsToldAtEachLeadTimeAndAtTheEndOnceEachAcrossAKill) {
  const std::string fingerprint = import_signing()["fingerprint"];
  set_clock("2027-05-20T08:59:00+09:00");
  EXPECT_EQ(certificate(fingerprint)["recorded"]["expiry_notices_business_days"], json::array());
  auto moved = set_clock("2027-05-20T09:00:00+09:00");
  EXPECT_EQ(certificate(fingerprint)["recorded"]["expiry_notices_business_days"],
            json::array({30}));

  opsdesk_->kill_hard();
  start();
  set_clock("2027-05-20T09:30:00+09:00");
  EXPECT_EQ(certificate(fingerprint)["recorded"]["expiry_notices_business_days"], json::array({30}))
      << "recorded once, whatever the restarts";

  set_clock("2027-06-01T00:00:00+09:00");
  const auto due = certificate(fingerprint);
  EXPECT_EQ(due["status"], "renewal_due");
  EXPECT_EQ(due["recorded"]["renewal_due_at"], "2027-06-01T00:00:00+09:00");
  const auto metrics = as("viewer").get("/metrics").body;
  EXPECT_NE(metrics.find("opsdesk_certificate_ready{fingerprint=\"" + fingerprint.substr(0, 16) +
                         "\",purpose=\"code_signing\",subject_cn=\"共済組合連合会 コード署名\"} 0"),
            std::string::npos);

  set_clock("2027-06-11T09:00:00+09:00");
  EXPECT_EQ(certificate(fingerprint)["recorded"]["expiry_notices_business_days"],
            json::array({30, 14}));
  set_clock("2027-06-22T09:00:00+09:00");
  const auto expiring = certificate(fingerprint);
  EXPECT_EQ(expiring["recorded"]["expiry_notices_business_days"], json::array({30, 14, 7}));
  EXPECT_EQ(expiring["status"], "expiring");

  set_clock("2027-07-01T00:00:01+09:00");
  const auto expired = certificate(fingerprint);
  EXPECT_EQ(expired["status"], "expired");
  EXPECT_EQ(expired["recorded"]["expired_at"], "2027-07-01T00:00:01+09:00");
  set_clock("2027-07-02T10:00:00+09:00");
  EXPECT_EQ(event_types(fingerprint),
            (std::vector<std::string>{"CertificateImported", "RenewalTaskScheduled",
                                      "ExpiryApproaching", "RenewalDue", "ExpiryApproaching",
                                      "ExpiryApproaching", "CertificateExpired"}));
}

TEST_F(CertificatesHttp, AnSslRenewalOnInstructionThroughItsSuccessorToRetirement) {
  const std::string old = import_tls()["fingerprint"];
  const auto path = "/v1/certificates/" + old;
  auto uninstructed = desk().post(path + "/request_renewal", {{"ca", "Test CA"}});
  EXPECT_EQ(uninstructed.status, 422) << uninstructed.body;
  EXPECT_NE(uninstructed.body.find("instructed_by"), std::string::npos);
  auto requested =
      desk().post(path + "/request_renewal", {{"ca", "Test CA"},
                                              {"order_id", "ORD-2026-12"},
                                              {"instructed_by", "総務省共済組合 佐藤"},
                                              {"instructed_at", "2026-12-04T15:00:00+09:00"}});
  ASSERT_EQ(requested.status, 200) << requested.body;
  EXPECT_EQ(requested.json()["renewal"]["request"]["instructed_by"], "総務省共済組合 佐藤");

  auto issued = desk().post(path + "/record_issued", {{"pem", renewed_tls_->pem()}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  const std::string successor = issued.json()["fingerprint"];
  EXPECT_EQ(issued.header("location"), "/v1/certificates/" + successor);
  EXPECT_EQ(issued.json()["predecessor"], old);
  EXPECT_EQ(issued.json()["owner"], "soumu-infra") << "taken from the certificate it renews";
  EXPECT_EQ(issued.json()["locations"][0]["value"], "https://kyosai.example.jp/");
  auto itself = desk().post(path + "/record_issued", {{"pem", tls_->pem()}});
  EXPECT_EQ(itself.status, 422) << itself.body;
  // Sent again (a lost answer): the same successor, nothing recorded twice.
  const auto history = event_types(old).size();
  auto retried = desk().post(path + "/record_issued", {{"pem", renewed_tls_->pem()}});
  EXPECT_EQ(retried.status, 201) << retried.body;
  EXPECT_EQ(event_types(old).size(), history);
  EXPECT_EQ(event_types(successor).size(), 1u);

  auto deployed =
      desk().post("/v1/certificates/" + successor + "/record_deployed",
                  {{"location", {{"kind", "url"}, {"value", "https://kyosai.example.jp/"}}}});
  ASSERT_EQ(deployed.status, 200) << deployed.body;
  EXPECT_EQ(certificate(old)["successor_in_use"], true);
  auto retired = desk().post(path + "/retire", {{"reason", "更新済み"}});
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_EQ(retired.json()["status"], "retired");
  EXPECT_EQ(retired.json()["retired"]["replaced_by"], successor);

  const auto renewed = certificate(successor);
  ASSERT_EQ(renewed["predecessors"].size(), 1u);
  EXPECT_EQ(renewed["predecessors"][0]["fingerprint"], old);
  EXPECT_EQ(certificate(old)["successors"][0]["fingerprint"], successor);
  auto again =
      desk().post(path + "/request_renewal",
                  {{"ca", "Test CA"}, {"instructed_by", "佐藤"}, {"instructed_at", kMonday}});
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("certificate-retired"), std::string::npos);
}

TEST_F(CertificatesHttp, ASignedProgramIsRecordedAndVerifiedAlsoAfterItsCertificateExpired) {
  // osslsigncode signs and the authority stamps at the real time: the clock starts there, and
  // the certificate lives two hours around it.
  const auto now = core::SystemClock{}.now();
  set_clock(core::format_tokyo_rfc3339(now));
  const Issued signer(issue({"共済組合連合会 リリース署名", "opsdesk test", now - hours{1},
                             now + hours{1}, "codeSigning", "", false, 2048},
                            root_));
  const Issued tsa_certificate(
      issue({"opsdesk test TSA", "opsdesk test", now - hours{1}, now + hours{24 * 3650},
             "critical,timeStamping", "", false, 2048},
            root_));
  auto imported = desk().post(
      "/v1/certificates",
      {{"pem", signer.pem()}, {"owner", "リリース担当"}, {"tenants", json::array({"all_centre"})}});
  ASSERT_EQ(imported.status, 201) << imported.body;
  const std::string fingerprint = imported.json()["fingerprint"];

  const auto dir = data_.path() / "signing";
  std::filesystem::create_directories(dir);
  certificates::testing::write_file(dir / "client.exe", certificates::testing::minimal_pe());
  certificates::testing::LocalTsa tsa(tsa_certificate);
  auto signed_ok = certificates::testing::sign_authenticode(dir / "client.exe", dir / "signed.exe",
                                                            signer, "", dir, tsa.url());
  ASSERT_TRUE(signed_ok) << signed_ok.error();
  const auto program = certificates::testing::read_file(dir / "signed.exe");
  const auto sha256 = auth::sha256_hex(program);

  const std::string change = "0190c3a4-0000-7000-8000-00000000c001";
  auto recorded =
      desk().post("/v1/signatures", {{"artifact_name", "kyosai-client.exe"},
                                     {"artifact_version", "3.2.1"},
                                     {"sha256", sha256},
                                     {"certificate_fingerprint", fingerprint},
                                     {"signed_at", core::format_tokyo_rfc3339(now)},
                                     {"tsa_name", tsa.url()},
                                     {"timestamped_at", core::format_tokyo_rfc3339(now)},
                                     {"change_id", change}});
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  const std::string signing = recorded.json()["id"];
  EXPECT_EQ(recorded.header("location"), "/v1/signatures/" + signing);
  auto of_change = desk().get("/v1/signatures?change_id=" + change).json();
  ASSERT_EQ(of_change["items"].size(), 1u);
  EXPECT_EQ(of_change["items"][0]["certificate_subject_cn"], "共済組合連合会 リリース署名");

  auto verified = desk().post_raw("/v1/signatures/verify", program, "application/octet-stream");
  ASSERT_EQ(verified.status, 200) << verified.body;
  auto v = verified.json();
  EXPECT_EQ(v["format"], "authenticode");
  EXPECT_EQ(v["verified"], true) << v.dump();
  EXPECT_EQ(v["timestamp"]["verified"], true);
  EXPECT_EQ(v["signer"]["fingerprint"], fingerprint);
  EXPECT_EQ(v["signer"]["in_inventory"], true);
  EXPECT_EQ(v["signing_record"]["id"], signing);
  EXPECT_EQ(v["valid_after_certificate_expired"], false);

  // A year on, the certificate has expired: the timestamp keeps the signature valid.
  const auto later = core::format_tokyo_rfc3339(now + hours{24 * 365});
  auto kept =
      desk().post_raw("/v1/signatures/verify?at=" + later, program, "application/octet-stream");
  ASSERT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(kept.json()["verified"], true) << kept.body;
  EXPECT_EQ(kept.json()["valid_after_certificate_expired"], true);
  EXPECT_NE(kept.json()["summary"].get<std::string>().find("stays valid although the certificate "
                                                           "expired"),
            std::string::npos)
      << kept.body;

  // Changed after signing: it no longer verifies, and no record matches its hash.
  auto changed = program;
  changed[600] = 'X';
  auto tampered = desk().post_raw("/v1/signatures/verify", changed, "application/octet-stream");
  ASSERT_EQ(tampered.status, 200) << tampered.body;
  EXPECT_EQ(tampered.json()["verified"], false);
  EXPECT_EQ(tampered.json()["signing_record"], nullptr);
  auto unsigned_program = desk().post_raw(
      "/v1/signatures/verify", certificates::testing::minimal_pe(), "application/octet-stream");
  EXPECT_EQ(unsigned_program.status, 422) << unsigned_program.body;

  // A file with its detached CMS signature, verified by any role.
  const std::string release_notes = "kyosai-client 3.2.1 リリースノート\n";
  const auto cms = certificates::testing::sign_detached_cms(release_notes, signer);
  auto detached =
      as("association_admin", {"soumu"})
          .post("/v1/signatures/verify", {{"artifact_base64", auth::base64_encode(release_notes)},
                                          {"signature_base64", auth::base64_encode(cms)}});
  ASSERT_EQ(detached.status, 200) << detached.body;
  EXPECT_EQ(detached.json()["format"], "detached_cms");
  EXPECT_EQ(detached.json()["verified"], true) << detached.body;
  EXPECT_EQ(detached.json()["signer"]["fingerprint"], fingerprint);

  // Signed with a certificate the inventory does not hold, or at a time it was not valid.
  auto unknown = desk().post("/v1/signatures", {{"artifact_name", "x.exe"},
                                                {"artifact_version", "1"},
                                                {"sha256", sha256},
                                                {"certificate_fingerprint", std::string(64, 'f')},
                                                {"signed_at", core::format_tokyo_rfc3339(now)}});
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_NE(unknown.body.find("certificate_fingerprint"), std::string::npos);
}

TEST_F(CertificatesHttp, RefusalsSayWhatIsWrongAndChangeNothing) {
  auto key = desk().post(
      "/v1/certificates",
      {{"pem", signing_->private_key_pem()}, {"owner", "x"}, {"tenants", json::array({"soumu"})}});
  EXPECT_EQ(key.status, 422) << key.body;
  EXPECT_NE(key.body.find("private key"), std::string::npos) << key.body;
  EXPECT_EQ(key.body.find("PRIVATE KEY-----"), std::string::npos) << "never echoed";
  auto garbage = desk().post_raw("/v1/certificates?owner=x&tenants=soumu", "not a certificate",
                                 "application/x-pem-file");
  EXPECT_EQ(garbage.status, 422) << garbage.body;
  auto unknown_field = desk().post(
      "/v1/certificates",
      {{"pem", tls_->pem()}, {"owner", "x"}, {"tenants", json::array({"soumu"})}, {"colour", "b"}});
  EXPECT_EQ(unknown_field.status, 422) << unknown_field.body;
  EXPECT_NE(unknown_field.body.find("\"colour\""), std::string::npos) << unknown_field.body;
  auto fields =
      desk().post("/v1/certificates",
                  {{"pem", tls_->pem()}, {"owner", " "}, {"tenants", json::array({"nowhere"})}});
  EXPECT_EQ(fields.status, 422) << fields.body;
  for (const auto* field : {"\"owner\"", "\"tenants\""})
    EXPECT_NE(fields.body.find(field), std::string::npos) << field << " in " << fields.body;
  auto text = desk().post_raw("/v1/certificates", tls_->pem(), "text/plain");
  EXPECT_EQ(text.status, 415) << text.body;
  EXPECT_EQ(as("viewer").post("/v1/certificates", {{"pem", tls_->pem()}}).status, 403);
  EXPECT_EQ(desk().get("/v1/certificates").json()["items"].size(), 0u) << "nothing recorded";

  // An association sees the certificates that serve it.
  const std::string soumu_tls = import_tls()["fingerprint"];
  const std::string shared = import_signing()["fingerprint"];
  auto houmu = as("association_admin", {"houmu"});
  auto seen = houmu.get("/v1/certificates").json();
  ASSERT_EQ(seen["items"].size(), 1u);
  EXPECT_EQ(seen["items"][0]["fingerprint"], shared);
  EXPECT_EQ(houmu.get("/v1/certificates/" + soumu_tls).status, 404);
  auto unknown = desk().post("/v1/certificates/" + soumu_tls + "/renew", json::object());
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_NE(unknown.body.find("record_issued"), std::string::npos) << unknown.body;
}

}  // namespace
}  // namespace opsdesk::testing
