// What opsdesk reads from a certificate (X.509, OpenSSL), with a PKI made in the test: the facts
// of a code-signing and a TLS server certificate, a chain in one PEM, DER, and the refusals of
// garbage, other PEM blocks and private keys, whose messages never quote the input. Then the
// chain verified against a trust store at a time: trusted, untrusted, expired.

#include "services/certificates/x509/certificate_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "services/certificates/tests/test_pki.hpp"
#include "services/certificates/x509/trust_store.hpp"

namespace opsdesk::certificates {
namespace {

using testing::issue;
using testing::Issued;
using testing::Spec;

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

const core::Instant kIssued = at("2026-04-01T00:00:00Z");
const core::Instant kExpires = at("2027-04-01T00:00:00Z");
const core::Instant kNow = at("2026-12-05T01:00:00Z");

class CertificateReader : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new Issued(issue({"opsdesk test root", "opsdesk test", at("2026-01-01T00:00:00Z"),
                              at("2036-01-01T00:00:00Z"), "", "", true}));
    intermediate_ =
        new Issued(issue({"opsdesk test issuing CA", "opsdesk test", at("2026-01-01T00:00:00Z"),
                          at("2031-01-01T00:00:00Z"), "", "", true},
                         root_));
    code_signing_ = new Issued(issue({"国家公務員共済組合連合会 コード署名", "共済組合連合会",
                                      kIssued, kExpires, "codeSigning", "", false, 2048},
                                     intermediate_));
    tls_ = new Issued(issue({"kyosai.example.jp", "opsdesk test", kIssued, kExpires, "serverAuth",
                             "DNS:kyosai.example.jp,DNS:www.kyosai.example.jp,IP:10.1.2.3"},
                            intermediate_));
  }
  static void TearDownTestSuite() {
    delete tls_;
    delete code_signing_;
    delete intermediate_;
    delete root_;
  }
  static CertificateFacts facts(const Issued& issued) {
    auto read = read_certificates(issued.pem());
    EXPECT_TRUE(read.has_value()) << read.error();
    return read->leaf;
  }

  static Issued* root_;
  static Issued* intermediate_;
  static Issued* code_signing_;
  static Issued* tls_;
};

Issued* CertificateReader::root_ = nullptr;
Issued* CertificateReader::intermediate_ = nullptr;
Issued* CertificateReader::code_signing_ = nullptr;
Issued* CertificateReader::tls_ = nullptr;

TEST_F(CertificateReader, ACodeSigningCertificateSaysWhoItIsAndWhatItIsFor) {
  const auto f = facts(*code_signing_);
  EXPECT_EQ(f.subject_cn, "国家公務員共済組合連合会 コード署名");
  EXPECT_EQ(f.subject, "CN=国家公務員共済組合連合会 コード署名,O=共済組合連合会,C=JP")
      << "RFC 2253, UTF-8 kept";
  EXPECT_EQ(f.issuer, "CN=opsdesk test issuing CA,O=opsdesk test,C=JP");
  EXPECT_EQ(f.key_algorithm, "RSA");
  EXPECT_EQ(f.key_bits, 2048);
  EXPECT_EQ(f.signature_algorithm, "ecdsa-with-SHA256") << "signed by the EC intermediate";
  EXPECT_EQ(f.not_before, kIssued);
  EXPECT_EQ(f.not_after, kExpires);
  EXPECT_EQ(f.extended_key_usages, std::vector<std::string>{std::string(kCodeSigningEku)});
  EXPECT_EQ(f.purpose(), "code_signing");
  EXPECT_FALSE(f.is_ca);
  EXPECT_EQ(f.fingerprint.size(), 64U);
  EXPECT_EQ(f.fingerprint.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_FALSE(f.serial.empty());
}

TEST_F(CertificateReader, ATlsCertificateListsItsNames) {
  const auto f = facts(*tls_);
  EXPECT_EQ(f.purpose(), "tls_server");
  EXPECT_EQ(f.key_algorithm, "EC");
  EXPECT_EQ(f.key_bits, 256);
  EXPECT_EQ(f.alt_names, (std::vector<SubjectAltName>{{"dns", "kyosai.example.jp"},
                                                      {"dns", "www.kyosai.example.jp"},
                                                      {"ip", "10.1.2.3"}}));
  EXPECT_EQ(facts(*root_).purpose(), "other");
  EXPECT_TRUE(facts(*root_).is_ca);
}

TEST_F(CertificateReader, DerAndPemGiveTheSameFactsAndAChainComesInOrder) {
  auto der = read_certificates(tls_->der());
  ASSERT_TRUE(der.has_value()) << der.error();
  EXPECT_EQ(der->leaf.fingerprint, facts(*tls_).fingerprint);
  EXPECT_EQ(der->leaf.der, tls_->der());
  auto chain = read_certificates(tls_->pem() + intermediate_->pem() + root_->pem());
  ASSERT_TRUE(chain.has_value()) << chain.error();
  EXPECT_EQ(chain->leaf.subject_cn, "kyosai.example.jp");
  ASSERT_EQ(chain->chain.size(), 2U);
  EXPECT_EQ(chain->chain[0].subject_cn, "opsdesk test issuing CA");
  EXPECT_EQ(chain->chain[1].subject_cn, "opsdesk test root");
}

TEST_F(CertificateReader, ItsDerWrittenAsPemIsWhatOpenSslWrites) {
  EXPECT_EQ(pem_of(tls_->der()), tls_->pem());
  EXPECT_EQ(facts(*code_signing_).fingerprint,
            read_certificates(pem_of(code_signing_->der()))->leaf.fingerprint);
}

TEST_F(CertificateReader, APrivateKeyIsRefusedAndNeverEchoed) {
  for (const auto& key : {tls_->private_key_pem(), code_signing_->private_key_pem(),
                          tls_->private_key_der(), tls_->pem() + tls_->private_key_pem()}) {
    auto read = read_certificates(key);
    ASSERT_FALSE(read.has_value());
    EXPECT_NE(read.error().find("private key"), std::string::npos) << read.error();
    EXPECT_EQ(read.error().find("MI"), std::string::npos) << "no base64 of the input";
  }
}

TEST_F(CertificateReader, GarbageAndOtherPemBlocksAreRefusedSayingWhatIsTaken) {
  EXPECT_EQ(read_certificates("").error(), "no certificate was sent");
  EXPECT_EQ(read_certificates("hello, I am not a certificate").error(),
            "not a certificate: send one as PEM (-----BEGIN CERTIFICATE-----, optionally "
            "followed by its chain) or as DER");
  EXPECT_EQ(read_certificates("-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END "
                              "CERTIFICATE REQUEST-----\n")
                .error(),
            "a PEM block of 'CERTIFICATE REQUEST' was sent; only CERTIFICATE blocks are taken "
            "(the certificate first, then its chain)");
  EXPECT_EQ(read_certificates("-----BEGIN CERTIFICATE-----\nnot base64\n-----END "
                              "CERTIFICATE-----\n")
                .error(),
            "certificate 1 of 1 in the PEM does not parse as X.509");
}

TEST_F(CertificateReader, AChainVerifiesToItsRootAtATimeItIsValid) {
  const auto trust = TrustStore::of({facts(*root_)});
  EXPECT_EQ(trust.size(), 1U);
  const auto leaf = facts(*tls_);
  const std::vector<CertificateFacts> chain = {facts(*intermediate_)};
  EXPECT_TRUE(trust.verify(leaf, chain, kNow).verified);
  // Without its intermediate it does not reach the root.
  auto alone = trust.verify(leaf, {}, kNow);
  EXPECT_FALSE(alone.verified);
  EXPECT_EQ(alone.reason, "unable to get local issuer certificate");
  // After notAfter: expired, which the inventory records as a warning, not a refusal.
  auto later = trust.verify(leaf, chain, at("2027-05-01T00:00:00Z"));
  EXPECT_FALSE(later.verified);
  EXPECT_EQ(later.reason, "certificate has expired");
  // Another root does not vouch for it.
  const auto stranger = issue({"someone else's root", "x", at("2026-01-01T00:00:00Z"),
                               at("2036-01-01T00:00:00Z"), "", "", true});
  EXPECT_FALSE(TrustStore::of({facts(stranger)}).verify(leaf, chain, kNow).verified);
}

TEST_F(CertificateReader, ATrustBundleIsReadFromAPemFile) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("opsdesk-bundle-" + std::to_string(::getpid()) + ".pem");
  { std::ofstream(path) << root_->pem() << intermediate_->pem(); }
  auto trust = TrustStore::from_pem_file(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(trust.has_value()) << trust.error();
  EXPECT_EQ(trust->size(), 2U);
  EXPECT_TRUE(trust->verify(facts(*code_signing_), {}, kNow).verified);
  EXPECT_FALSE(TrustStore::from_pem_file("/nonexistent/bundle.pem").has_value());
}

// Debian's ca-certificates bundle, the default for TLS, is read whole.
TEST(TrustStore, DebiansCaCertificatesBundleIsRead) {
  const std::filesystem::path bundle = "/etc/ssl/certs/ca-certificates.crt";
  if (!std::filesystem::exists(bundle)) GTEST_SKIP() << "ca-certificates is not installed";
  auto trust = TrustStore::from_pem_file(bundle);
  ASSERT_TRUE(trust.has_value()) << trust.error();
  EXPECT_GT(trust->size(), 50U);
}

}  // namespace
}  // namespace opsdesk::certificates
