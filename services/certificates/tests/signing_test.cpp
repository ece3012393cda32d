// A signing record: a program signed with a code-signing certificate of the inventory while it
// was valid, maybe timestamped, recorded once with the certificate's associations.

#include "services/certificates/domain/signing.hpp"

#include <gtest/gtest.h>

namespace opsdesk::certificates {
namespace {

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

const core::Instant kNow = at("2026-12-07T10:00:00+09:00");

SigningCertificate code_signing() {
  return {std::string(64, 'a'),
          "共済組合連合会 コード署名",
          "code_signing",
          at("2026-10-01T00:00:00+09:00"),
          at("2027-07-01T00:00:00+09:00"),
          {"all_centre"}};
}

RecordSigning signing() {
  RecordSigning c;
  c.signing_id = "0190c3a4-1a2b-7c3d-8e4f-5a6b7c8d9e0f";
  c.artifact_name = "kyosai-client.msi";
  c.artifact_version = "3.2.1";
  c.sha256 = std::string(64, 'e');
  c.certificate_fingerprint = std::string(64, 'a');
  c.certificate = code_signing();
  c.signed_at = at("2026-12-04T16:00:00+09:00");
  c.tsa_name = "http://timestamp.example.jp";
  c.timestamped_at = at("2026-12-04T16:00:02+09:00");
  c.change_id = "0190c3a4-0000-7000-8000-00000000c001";
  c.by = "release-team";
  c.at = kNow;
  return c;
}

std::vector<std::string> refused_fields(const RecordSigning& c) {
  auto events = decide(SigningState{}, c, kNow);
  std::vector<std::string> fields;
  if (!events)
    for (const auto& f : events.error().fields) fields.push_back(f.field);
  return fields;
}

TEST(Signing, IsRecordedOnceWithTheCertificatesAssociations) {
  auto events = decide(SigningState{}, signing(), kNow);
  ASSERT_TRUE(events.has_value()) << events.error().message;
  const auto state = evolve(SigningState{}, events->front());
  EXPECT_EQ(state.certificate_subject_cn, "共済組合連合会 コード署名");
  EXPECT_EQ(state.tenants, std::vector<std::string>{"all_centre"});
  EXPECT_EQ(state.concerned().size(), 18u);
  EXPECT_EQ(state.timestamped_at, at("2026-12-04T16:00:02+09:00"));
  auto again = decide(state, signing(), kNow);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().rule, "signing-recorded");
}

TEST(Signing, NeedsACodeSigningCertificateOfTheInventoryValidWhenItSigned) {
  auto unknown = signing();
  unknown.certificate.reset();
  EXPECT_EQ(refused_fields(unknown), std::vector<std::string>{"certificate_fingerprint"});
  auto tls = signing();
  tls.certificate->purpose = "tls_server";
  EXPECT_EQ(refused_fields(tls), std::vector<std::string>{"certificate_fingerprint"});
  auto before = signing();
  before.signed_at = at("2026-09-30T23:59:59+09:00");
  before.timestamped_at = before.signed_at;
  EXPECT_EQ(refused_fields(before), std::vector<std::string>{"signed_at"});
}

TEST(Signing, NamesTheCertificatesAssociationsForTheCallersScope) {
  EXPECT_EQ(tenants_named(SigningCommand{signing()}).size(), 18u) << "all_centre: the 18";
  auto unknown = signing();
  unknown.certificate.reset();
  EXPECT_TRUE(tenants_named(SigningCommand{unknown}).empty());
}

TEST(Signing, NamesEveryBadField) {
  auto bad = signing();
  bad.artifact_name = " ";
  bad.sha256 = "ABC";
  bad.timestamped_at = at("2026-12-04T15:00:00+09:00");
  bad.tsa_name = "";
  EXPECT_EQ(refused_fields(bad),
            (std::vector<std::string>{"artifact_name", "sha256", "tsa_name", "timestamped_at"}));
  auto half = signing();
  half.timestamped_at.reset();
  EXPECT_EQ(refused_fields(half), std::vector<std::string>{"timestamped_at"});
  auto late = signing();
  late.certificate->not_after = at("2026-12-01T00:00:00+09:00");
  late.signed_at = at("2026-11-30T23:59:00+09:00");
  late.timestamped_at = at("2026-12-01T00:00:01+09:00");
  EXPECT_EQ(refused_fields(late), std::vector<std::string>{"timestamped_at"})
      << "stamped after the certificate ended";
  auto plain = half;
  plain.tsa_name.clear();
  EXPECT_TRUE(refused_fields(plain).empty()) << "a signing need not be timestamped";
}

}  // namespace
}  // namespace opsdesk::certificates
