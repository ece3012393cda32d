// Signatures verified for real: a PE signed by osslsigncode (timestamped by a local RFC 3161
// authority or not) and a file with a detached CMS signature made by OpenSSL, checked at times
// before and after the signer's certificate expired; and osslsigncode's report read as both 2.5
// (Debian 12) and 2.9 print it.

#include <gtest/gtest.h>

#include "libs/core/clock.hpp"
#include "services/certificates/tests/test_signing.hpp"
#include "services/certificates/verification/authenticode.hpp"
#include "services/certificates/verification/detached_cms.hpp"

namespace opsdesk::certificates {
namespace {

using namespace testing;
using std::chrono::hours;

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

// Lines of osslsigncode 2.9's report on a timestamped signature (what it printed here).
constexpr const char* kReport29 = R"(Signature Index: 0  (Primary Signature)
Signer's certificate:
	------------------
	Signer #0:
		Subject: /CN=code signer
		Issuer : /CN=test root
		Serial : 05EE103B82898541A9CFDA7CE909E2B23AA53346
Countersignatures:
	Timestamp time: Dec  5 15:47:31 2026 GMT
	Signing time: Dec  5 15:47:31 2026 GMT
Timestamp Server Signature verification: ok
Signature verification time: Dec  5 15:47:31 2026 GMT
Signing certificate chain verified using:
	------------------
	Signer #1:
		Subject: /CN=test root
		Serial : 785CA0EA31F06A31C77F7D09992BDEF098BC4774
Signature verification: ok

Number of verified signatures: 1
Succeeded
)";

// The same facts in the lines osslsigncode 2.5's source prints (printf strings of its verify).
constexpr const char* kReport25 = R"(Signer's certificate:
	Signer #0:
		Subject: /CN=code signer
		Issuer : /CN=test root
		Serial : 05EE103B82898541A9CFDA7CE909E2B23AA53346
		Certificate expiration date:

The signature is timestamped: Dec  5 15:47:31 2026 GMT
Hash Algorithm: sha256
Timestamp Verified by:
		Issuer : /CN=test root
		Serial : 785CA0EA31F06A31C77F7D09992BDEF098BC4774

CAfile: roots.pem
Timestamp Server Signature verification: ok
Signature verification time: Dec  5 15:47:31 2026 GMT
Signature verification: ok

Number of verified signatures: 1
Succeeded
)";

TEST(OsslsigncodeReport, VersionTwoNineAndTwoFiveSayTheSame) {
  for (const auto* report : {kReport29, kReport25}) {
    const auto v = read_osslsigncode_verify(report, 0);
    EXPECT_TRUE(v.verified);
    EXPECT_EQ(v.signer_subject, "/CN=code signer");
    EXPECT_EQ(v.signer_serial, "05EE103B82898541A9CFDA7CE909E2B23AA53346");
    EXPECT_TRUE(v.timestamped);
    EXPECT_TRUE(v.timestamp_verified);
    EXPECT_EQ(v.timestamp_time, at("2026-12-05T15:47:31Z"));
    EXPECT_EQ(v.verified_at, at("2026-12-05T15:47:31Z"));
  }
}

TEST(OsslsigncodeReport, AFailureKeepsOsslsigncodesReason) {
  const auto v = read_osslsigncode_verify(
      "Signer's certificate:\n\tSigner #0:\n\t\tSubject: /CN=code signer\n\t\tSerial : 01\n\n"
      "Timestamp is not available\n\n\tError: certificate has expired\nPKCS7_verify error\n"
      "Signature verification: failed\n\nFailed\n",
      1);
  EXPECT_FALSE(v.verified);
  EXPECT_FALSE(v.timestamped);
  EXPECT_EQ(v.reason, "osslsigncode: Error: certificate has expired");
  EXPECT_FALSE(read_osslsigncode_verify("Signature verification: ok\n", 1).verified)
      << "the exit status must agree";
}

class SignedFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto now = core::SystemClock{}.now();
    root_ = new Issued(issue({"opsdesk test root", "opsdesk test", now - hours{24},
                              now + hours{24 * 3650}, "", "", true}));
    // Valid for two hours around now: expired a year from now.
    signer_ = new Issued(issue({"共済組合連合会 コード署名", "opsdesk test", now - hours{1},
                                now + hours{1}, "codeSigning", "", false, 2048},
                               root_));
    tsa_ = new Issued(issue({"opsdesk test TSA", "opsdesk test", now - hours{1},
                             now + hours{24 * 3650}, "critical,timeStamping", "", false, 2048},
                            root_));
  }
  static void TearDownTestSuite() {
    delete tsa_;
    delete signer_;
    delete root_;
  }
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("opsdesk-signing-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    write_file(dir_ / "roots.pem", root_->pem());
    write_file(dir_ / "app.exe", minimal_pe());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  AuthenticodeTrust trust() const { return {dir_ / "roots.pem", dir_ / "roots.pem"}; }

  std::filesystem::path dir_;
  static Issued* root_;
  static Issued* signer_;
  static Issued* tsa_;
};

Issued* SignedFiles::root_ = nullptr;
Issued* SignedFiles::signer_ = nullptr;
Issued* SignedFiles::tsa_ = nullptr;

TEST_F(SignedFiles, ATimestampedSignatureStaysValidAfterItsCertificateExpired) {
  LocalTsa tsa(*tsa_);
  auto signed_ok =
      sign_authenticode(dir_ / "app.exe", dir_ / "signed.exe", *signer_, "", dir_, tsa.url());
  ASSERT_TRUE(signed_ok) << signed_ok.error();
  const auto now = core::SystemClock{}.now();
  auto today = verify_authenticode(dir_ / "signed.exe", trust(), now);
  ASSERT_TRUE(today) << today.error();
  EXPECT_TRUE(today->verified) << today->reason;
  EXPECT_TRUE(today->timestamp_verified);
  ASSERT_TRUE(today->timestamp_time);
  EXPECT_LE(*today->timestamp_time, now);

  auto next_year = verify_authenticode(dir_ / "signed.exe", trust(), now + hours{24 * 365});
  ASSERT_TRUE(next_year) << next_year.error();
  EXPECT_TRUE(next_year->verified) << next_year->reason;
  EXPECT_EQ(next_year->verified_at, today->timestamp_time) << "checked when it was timestamped";

  auto signer = authenticode_signer(dir_ / "signed.exe");
  ASSERT_TRUE(signer) << signer.error();
  EXPECT_EQ(read_certificates(*signer)->leaf.fingerprint,
            read_certificates(signer_->der())->leaf.fingerprint);
}

TEST_F(SignedFiles, WithoutATimestampItStopsVerifyingWhenItsCertificateExpires) {
  auto signed_ok = sign_authenticode(dir_ / "app.exe", dir_ / "signed.exe", *signer_, "", dir_);
  ASSERT_TRUE(signed_ok) << signed_ok.error();
  const auto now = core::SystemClock{}.now();
  auto today = verify_authenticode(dir_ / "signed.exe", trust(), now);
  ASSERT_TRUE(today) << today.error();
  EXPECT_TRUE(today->verified) << today->reason;
  EXPECT_FALSE(today->timestamped);
  auto next_year = verify_authenticode(dir_ / "signed.exe", trust(), now + hours{24 * 365});
  ASSERT_TRUE(next_year) << next_year.error();
  EXPECT_FALSE(next_year->verified);
  EXPECT_NE(next_year->reason.find("expired"), std::string::npos) << next_year->reason;
}

TEST_F(SignedFiles, AChangedFileOrAnUnsignedOneDoesNotVerify) {
  ASSERT_TRUE(sign_authenticode(dir_ / "app.exe", dir_ / "signed.exe", *signer_, "", dir_));
  auto bytes = read_file(dir_ / "signed.exe");
  bytes[600] = 'X';  // inside the content
  write_file(dir_ / "changed.exe", bytes);
  const auto now = core::SystemClock{}.now();
  auto changed = verify_authenticode(dir_ / "changed.exe", trust(), now);
  ASSERT_TRUE(changed) << changed.error();
  EXPECT_FALSE(changed->verified);
  auto unsigned_file = verify_authenticode(dir_ / "app.exe", trust(), now);
  ASSERT_TRUE(unsigned_file) << unsigned_file.error();
  EXPECT_FALSE(unsigned_file->verified);
  EXPECT_FALSE(authenticode_signer(dir_ / "app.exe").has_value());
}

TEST_F(SignedFiles, ADetachedCmsSignatureVerifiesOverItsContentAndChain) {
  const std::string content = "kyosai-client 3.2.1\n";
  const auto signature = sign_detached_cms(content, *signer_);
  const auto roots = TrustStore::of({read_certificates(root_->der())->leaf});
  const auto now = core::SystemClock{}.now();
  auto good = verify_detached_cms(content, signature, roots, now);
  ASSERT_TRUE(good) << good.error();
  EXPECT_TRUE(good->verified) << good->reason;
  EXPECT_EQ(good->signer_der, signer_->der());

  auto changed = verify_detached_cms(content + "x", signature, roots, now);
  ASSERT_TRUE(changed);
  EXPECT_FALSE(changed->verified);
  auto expired = verify_detached_cms(content, signature, roots, now + hours{24 * 365});
  ASSERT_TRUE(expired);
  EXPECT_FALSE(expired->verified);
  EXPECT_NE(expired->reason.find("chain"), std::string::npos) << expired->reason;
  const auto stranger = issue({"another root", "x", now - hours{1}, now + hours{9}, "", "", true});
  auto untrusted = verify_detached_cms(
      content, signature, TrustStore::of({read_certificates(stranger.der())->leaf}), now);
  ASSERT_TRUE(untrusted);
  EXPECT_FALSE(untrusted->verified);
  EXPECT_FALSE(verify_detached_cms(content, "not a signature", roots, now).has_value());
}

}  // namespace
}  // namespace opsdesk::certificates
