#pragma once
// Test support: a small PKI made in the test with OpenSSL, so no fixture expires: a root CA, an
// intermediate, code-signing, TLS server and timestamping certificates with the validity, keys,
// extended key usages and names a test asks for.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"

namespace opsdesk::certificates::testing {

struct PkiFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};

struct Spec {
  std::string common_name;
  std::string organisation = "opsdesk test";
  core::Instant not_before{};
  core::Instant not_after{};
  std::string extended_key_usage;  // "codeSigning", "serverAuth", "timeStamping", or empty
  std::string alt_names;           // "DNS:kyosai.example.jp,IP:10.1.2.3", or empty
  bool ca = false;
  int rsa_bits = 0;  // 0: an EC P-256 key
};

struct Issued {
  std::unique_ptr<EVP_PKEY, PkiFree> key;
  std::unique_ptr<X509, PkiFree> certificate;

  std::string pem() const {
    std::unique_ptr<BIO, PkiFree> bio{BIO_new(BIO_s_mem())};
    PEM_write_bio_X509(bio.get(), certificate.get());
    return text_of(bio.get());
  }
  std::string der() const {
    unsigned char* bytes = nullptr;
    const int size = i2d_X509(certificate.get(), &bytes);
    std::string out(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    OPENSSL_free(bytes);
    return out;
  }
  std::string private_key_pem() const {
    std::unique_ptr<BIO, PkiFree> bio{BIO_new(BIO_s_mem())};
    PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return text_of(bio.get());
  }
  std::string private_key_der() const {
    unsigned char* bytes = nullptr;
    const int size = i2d_PrivateKey(key.get(), &bytes);
    std::string out(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    OPENSSL_free(bytes);
    return out;
  }

 private:
  static std::string text_of(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
  }
};

inline void add_extension(X509* certificate, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
  X509_add_ext(certificate, extension, -1);
  X509_EXTENSION_free(extension);
}

// Signed by `issuer`, or self-signed when there is none.
inline Issued issue(const Spec& spec, const Issued* issuer = nullptr) {
  Issued out;
  out.key.reset(spec.rsa_bits > 0 ? EVP_RSA_gen(static_cast<unsigned>(spec.rsa_bits))
                                  : EVP_EC_gen("P-256"));
  out.certificate.reset(X509_new());
  X509* x = out.certificate.get();
  X509_set_version(x, 2);
  static long serial = 0x1000;
  ASN1_INTEGER_set(X509_get_serialNumber(x), ++serial);
  ASN1_TIME_set(X509_getm_notBefore(x),
                static_cast<time_t>(core::to_unix_micros(spec.not_before) / 1'000'000));
  ASN1_TIME_set(X509_getm_notAfter(x),
                static_cast<time_t>(core::to_unix_micros(spec.not_after) / 1'000'000));
  X509_set_pubkey(x, out.key.get());
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "C", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("JP"),
                             -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.organisation.c_str()), -1,
                             -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1,
                             -1, 0);
  X509* signer_certificate = issuer ? issuer->certificate.get() : x;
  EVP_PKEY* signer_key = issuer ? issuer->key.get() : out.key.get();
  X509_set_issuer_name(x, X509_get_subject_name(signer_certificate));
  add_extension(x, signer_certificate, NID_basic_constraints,
                spec.ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  add_extension(x, signer_certificate, NID_key_usage,
                spec.ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
  add_extension(x, signer_certificate, NID_subject_key_identifier, "hash");
  if (issuer) add_extension(x, signer_certificate, NID_authority_key_identifier, "keyid");
  if (!spec.extended_key_usage.empty())
    add_extension(x, signer_certificate, NID_ext_key_usage, spec.extended_key_usage);
  if (!spec.alt_names.empty())
    add_extension(x, signer_certificate, NID_subject_alt_name, spec.alt_names);
  X509_sign(x, signer_key, EVP_sha256());
  return out;
}

}  // namespace opsdesk::certificates::testing
