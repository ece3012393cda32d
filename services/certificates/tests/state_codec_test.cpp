// A certificate's state survives a snapshot exactly, with every part of its life in it.

#include <gtest/gtest.h>

#include "services/certificates/certificate_aggregate.hpp"
#include "services/certificates/tests/test_pki.hpp"

namespace opsdesk::certificates {
namespace {

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

TEST(StateCodec, ACertificateThroughItsWholeLife) {
  const auto root = testing::issue({"opsdesk test root", "opsdesk test", at("2026-01-01T00:00:00Z"),
                                    at("2036-01-01T00:00:00Z"), "", "", true});
  const auto leaf =
      testing::issue({"共済組合連合会 コード署名", "共済組合連合会", at("2026-04-01T00:00:00Z"),
                      at("2027-04-01T00:00:00Z"), "codeSigning", "", false, 2048},
                     &root);
  auto read = read_certificates(leaf.pem() + root.pem());
  ASSERT_TRUE(read.has_value()) << read.error();
  const auto now = at("2027-03-20T10:00:00+09:00");
  const Location host{"signing_host", "sign01.centre.local"};
  ImportCertificate import{*read,
                           "code_signing",
                           ChainVerdict{false, "unable to get issuer"},
                           "センタ運用",
                           {"all_centre"},
                           {host},
                           RenewalSettings{std::chrono::days{45}, 20},
                           "",
                           "desk",
                           at("2026-04-02T10:00:00+09:00")};
  const std::vector<CertificateCommand> life = {
      import,
      AddLocation{{"url", "https://kyosai.example.jp/"}, "desk", now},
      RequestRenewal{"Test CA", "order-1", "", std::nullopt, "更新", "desk", now},
      RecordRenewalTaskScheduled{"0190c3a4-1a2b-7c3d-8e4f-5a6b7c8d9e0f", now, now},
      RecordRenewalDue{now},
      RecordExpiryApproaching{7, now, now},
      RecordSuccessorIssued{std::string(64, 'f'), "desk", now},
      RecordDeployed{host, "ops", now},
      RetireCertificate{"更新済み", "", "desk", now}};
  CertificateState state;
  for (const auto& command : life) {
    auto events = decide(state, command, now);
    ASSERT_TRUE(events.has_value()) << events.error().rule << ": " << events.error().message;
    for (const auto& e : *events) state = evolve(std::move(state), e);
  }
  ASSERT_TRUE(state.retired);
  ASSERT_EQ(state.chain.size(), 1u);
  auto decoded = decode_certificate_state(encode_state(state));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(*decoded, state);
  EXPECT_FALSE(decode_certificate_state("{\"fingerprint\": 1}").has_value());
}

TEST(StateCodec, ASigning) {
  RecordSigning c;
  c.signing_id = "0190c3a4-1a2b-7c3d-8e4f-5a6b7c8d9e0f";
  c.artifact_name = "kyosai-client.msi";
  c.artifact_version = "3.2.1";
  c.sha256 = std::string(64, 'e');
  c.certificate = SigningCertificate{
      std::string(64, 'a'),       "コード署名",      "code_signing", at("2026-10-01T00:00:00Z"),
      at("2027-10-01T00:00:00Z"), {"soumu", "houmu"}};
  c.signed_at = at("2026-12-04T16:00:00+09:00");
  c.tsa_name = "http://tsa.example.jp";
  c.timestamped_at = at("2026-12-04T16:00:02+09:00");
  c.by = "release";
  c.at = at("2026-12-05T10:00:00+09:00");
  auto events = decide(SigningState{}, c, c.at);
  ASSERT_TRUE(events.has_value());
  const auto state = evolve(SigningState{}, events->front());
  auto decoded = decode_signing_state(encode_state(state));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(*decoded, state);
}

}  // namespace
}  // namespace opsdesk::certificates
