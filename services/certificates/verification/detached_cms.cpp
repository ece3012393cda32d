#include "services/certificates/verification/detached_cms.hpp"

// pem.h first: cms.h declares PEM_read_bio_CMS with pem.h's macros.
#include <openssl/pem.h>
//
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include <memory>

namespace opsdesk::certificates {

namespace {

struct Free {
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(CMS_ContentInfo* p) const { CMS_ContentInfo_free(p); }
  void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
};

std::string der_of(X509* certificate) {
  unsigned char* der = nullptr;
  const int size = i2d_X509(certificate, &der);
  if (size <= 0) return {};
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(size));
  OPENSSL_free(der);
  return out;
}

std::string openssl_reason() {
  const auto code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "the signature does not match the content";
  const char* reason = ERR_reason_error_string(code);
  return reason ? reason : "the signature does not verify";
}

}  // namespace

std::expected<CmsVerdict, std::string> verify_detached_cms(std::string_view content,
                                                           std::string_view signature,
                                                           const TrustStore& roots,
                                                           core::Instant at) {
  ERR_clear_error();
  std::unique_ptr<BIO, Free> in(
      BIO_new_mem_buf(signature.data(), static_cast<int>(signature.size())));
  std::unique_ptr<CMS_ContentInfo, Free> cms(
      signature.find("-----BEGIN") != std::string_view::npos
          ? PEM_read_bio_CMS(in.get(), nullptr, nullptr, nullptr)
          : d2i_CMS_bio(in.get(), nullptr));
  ERR_clear_error();
  if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed)
    return std::unexpected(std::string(
        "is not a CMS/PKCS#7 SignedData signature (PEM or DER, as openssl cms -sign makes it)"));
  std::unique_ptr<BIO, Free> data(
      BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  CmsVerdict verdict;
  // The signature over the content first; the signer's chain is checked below at `at`.
  const bool signed_content = CMS_verify(cms.get(), nullptr, nullptr, data.get(), nullptr,
                                         CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
  if (!signed_content) verdict.reason = openssl_reason();
  STACK_OF(X509)* signers = CMS_get0_signers(cms.get());
  if (signers && sk_X509_num(signers) > 0) verdict.signer_der = der_of(sk_X509_value(signers, 0));
  sk_X509_free(signers);
  if (!signed_content) return verdict;
  if (verdict.signer_der.empty()) {
    verdict.reason = "the signature does not carry its signer's certificate";
    return verdict;
  }
  auto leaf = read_certificates(verdict.signer_der);
  if (!leaf) {
    verdict.reason = "the signer's certificate does not parse";
    return verdict;
  }
  std::vector<CertificateFacts> chain;
  std::unique_ptr<STACK_OF(X509), Free> carried(CMS_get1_certs(cms.get()));
  for (int i = 0; carried && i < sk_X509_num(carried.get()); ++i) {
    auto facts = read_certificates(der_of(sk_X509_value(carried.get(), i)));
    if (facts && facts->leaf.fingerprint != leaf->leaf.fingerprint) chain.push_back(facts->leaf);
  }
  const auto trusted = roots.verify(leaf->leaf, chain, at);
  verdict.verified = trusted.verified;
  if (!trusted.verified) verdict.reason = "its signer's chain does not verify: " + trusted.reason;
  return verdict;
}

}  // namespace opsdesk::certificates
