#include "services/certificates/x509/certificate_reader.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <memory>

namespace opsdesk::certificates {

namespace {

struct Free {
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
  void operator()(EXTENDED_KEY_USAGE* p) const { EXTENDED_KEY_USAGE_free(p); }
  void operator()(char* p) const { OPENSSL_free(p); }
  void operator()(unsigned char* p) const { OPENSSL_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

constexpr std::string_view kPemBegin = "-----BEGIN ";

std::string hex_of(const unsigned char* bytes, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xf];
  }
  return out;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string name_text(const X509_NAME* name) {
  Owned<BIO> bio{BIO_new(BIO_s_mem())};
  // RFC 2253, keeping UTF-8 as it is (Japanese organisation names stay readable).
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return bio_text(bio.get());
}

std::string common_name(const X509_NAME* name) {
  const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int size = ASN1_STRING_to_UTF8(&utf8, data);
  if (size < 0) return {};
  Owned<unsigned char> owned{utf8};
  return std::string(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(size));
}

std::string serial_text(const X509* x) {
  Owned<BIGNUM> number{ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), nullptr)};
  if (!number) return {};
  Owned<char> hex{BN_bn2hex(number.get())};
  return hex ? std::string(hex.get()) : std::string();
}

std::string ip_text(const ASN1_OCTET_STRING* ip) {
  const auto* bytes = ASN1_STRING_get0_data(ip);
  const int size = ASN1_STRING_length(ip);
  std::string text;
  if (size == 4) {
    for (int i = 0; i < 4; ++i) text += (i ? "." : "") + std::to_string(bytes[i]);
  } else if (size == 16) {
    for (int i = 0; i < 16; i += 2) text += (i ? ":" : "") + hex_of(bytes + i, 2);
  }
  return text;
}

std::string asn1_text(const ASN1_STRING* s) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

std::vector<SubjectAltName> alt_names_of(const X509* x) {
  std::vector<SubjectAltName> out;
  Owned<GENERAL_NAMES> names{
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x, NID_subject_alt_name, nullptr, nullptr))};
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    switch (name->type) {
      case GEN_DNS:
        out.push_back({"dns", asn1_text(name->d.dNSName)});
        break;
      case GEN_IPADD:
        out.push_back({"ip", ip_text(name->d.iPAddress)});
        break;
      case GEN_EMAIL:
        out.push_back({"email", asn1_text(name->d.rfc822Name)});
        break;
      case GEN_URI:
        out.push_back({"uri", asn1_text(name->d.uniformResourceIdentifier)});
        break;
      default:
        break;
    }
  }
  return out;
}

std::vector<std::string> extended_key_usages_of(const X509* x) {
  std::vector<std::string> out;
  Owned<EXTENDED_KEY_USAGE> usages{
      static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(x, NID_ext_key_usage, nullptr, nullptr))};
  if (!usages) return out;
  for (int i = 0; i < sk_ASN1_OBJECT_num(usages.get()); ++i) {
    std::array<char, 128> oid{};
    OBJ_obj2txt(oid.data(), static_cast<int>(oid.size()), sk_ASN1_OBJECT_value(usages.get(), i), 1);
    out.emplace_back(oid.data());
  }
  return out;
}

std::string key_algorithm_of(const EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      return "RSA";
    case EVP_PKEY_RSA_PSS:
      return "RSA-PSS";
    case EVP_PKEY_EC:
      return "EC";
    case EVP_PKEY_ED25519:
      return "Ed25519";
    case EVP_PKEY_ED448:
      return "Ed448";
    case EVP_PKEY_DSA:
      return "DSA";
    default:
      return "other";
  }
}

core::Instant instant_of(const ASN1_TIME* t) {
  std::tm tm{};
  ASN1_TIME_to_tm(t, &tm);
  return core::from_unix_micros(static_cast<std::int64_t>(timegm(&tm)) * 1'000'000);
}

CertificateFacts facts_of(const X509* x) {
  CertificateFacts f;
  unsigned char* der = nullptr;
  const int der_size = i2d_X509(x, &der);
  Owned<unsigned char> owned_der{der};
  f.der.assign(reinterpret_cast<const char*>(der), static_cast<std::size_t>(der_size));
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  EVP_Digest(der, static_cast<std::size_t>(der_size), digest.data(), &digest_size, EVP_sha256(),
             nullptr);
  f.fingerprint = hex_of(digest.data(), digest_size);
  f.subject = name_text(X509_get_subject_name(x));
  f.subject_cn = common_name(X509_get_subject_name(x));
  f.issuer = name_text(X509_get_issuer_name(x));
  f.serial = serial_text(x);
  f.alt_names = alt_names_of(x);
  if (const EVP_PKEY* key = X509_get0_pubkey(x)) {
    f.key_algorithm = key_algorithm_of(key);
    f.key_bits = EVP_PKEY_get_bits(key);
  }
  f.signature_algorithm = OBJ_nid2ln(X509_get_signature_nid(x));
  f.not_before = instant_of(X509_get0_notBefore(x));
  f.not_after = instant_of(X509_get0_notAfter(x));
  f.extended_key_usages = extended_key_usages_of(x);
  f.is_ca = (X509_get_extension_flags(const_cast<X509*>(x)) & EXFLAG_CA) != 0;
  return f;
}

// The label of every PEM block ("CERTIFICATE", "PRIVATE KEY", …), in order.
std::vector<std::string> pem_labels(std::string_view text) {
  std::vector<std::string> labels;
  for (auto at = text.find(kPemBegin); at != std::string_view::npos;
       at = text.find(kPemBegin, at + kPemBegin.size())) {
    const auto start = at + kPemBegin.size();
    const auto end = text.find("-----", start);
    if (end == std::string_view::npos) break;
    labels.emplace_back(text.substr(start, end - start));
  }
  return labels;
}

constexpr const char* kPrivateKeyRefusal =
    "this is a private key; opsdesk never takes private keys (nothing was kept): send the "
    "certificate only, PEM (-----BEGIN CERTIFICATE-----) or DER";

std::expected<ReadCertificates, std::string> from_pem(std::string_view bytes) {
  const auto labels = pem_labels(bytes);
  for (const auto& label : labels) {
    if (label.find("PRIVATE KEY") != std::string::npos) return std::unexpected(kPrivateKeyRefusal);
    if (label != "CERTIFICATE")
      return std::unexpected("a PEM block of '" + label +
                             "' was sent; only CERTIFICATE blocks are taken (the certificate "
                             "first, then its chain)");
  }
  Owned<BIO> bio{BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size()))};
  std::vector<CertificateFacts> read;
  while (read.size() < labels.size()) {
    Owned<X509> x{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)};
    if (!x)
      return std::unexpected("certificate " + std::to_string(read.size() + 1) + " of " +
                             std::to_string(labels.size()) + " in the PEM does not parse as X.509");
    read.push_back(facts_of(x.get()));
  }
  ReadCertificates out{std::move(read.front()), {}};
  out.chain.assign(std::make_move_iterator(read.begin() + 1), std::make_move_iterator(read.end()));
  return out;
}

std::expected<ReadCertificates, std::string> from_der(std::string_view bytes) {
  const auto* start = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* cursor = start;
  Owned<X509> x{d2i_X509(nullptr, &cursor, static_cast<long>(bytes.size()))};
  if (x && cursor == start + bytes.size()) return ReadCertificates{facts_of(x.get()), {}};
  cursor = start;
  Owned<EVP_PKEY> key{d2i_AutoPrivateKey(nullptr, &cursor, static_cast<long>(bytes.size()))};
  if (key) return std::unexpected(kPrivateKeyRefusal);
  return std::unexpected(
      "not a certificate: send one as PEM (-----BEGIN CERTIFICATE-----, optionally followed by "
      "its chain) or as DER");
}

}  // namespace

std::string CertificateFacts::purpose() const {
  auto has = [&](std::string_view oid) {
    return std::ranges::find(extended_key_usages, oid) != extended_key_usages.end();
  };
  if (has(kCodeSigningEku)) return "code_signing";
  if (has(kServerAuthEku)) return "tls_server";
  return "other";
}

std::expected<ReadCertificates, std::string> read_certificates(std::string_view bytes) {
  if (bytes.empty()) return std::unexpected("no certificate was sent");
  auto read = bytes.find(kPemBegin) != std::string_view::npos ? from_pem(bytes) : from_der(bytes);
  ERR_clear_error();  // what failed to parse is answered above, not left for the next caller
  return read;
}

std::string pem_of(std::string_view der) {
  std::string base64(4 * ((der.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()),
                                      reinterpret_cast<const unsigned char*>(der.data()),
                                      static_cast<int>(der.size()));
  base64.resize(static_cast<std::size_t>(written));
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (std::size_t i = 0; i < base64.size(); i += 64) pem += base64.substr(i, 64) + "\n";
  return pem + "-----END CERTIFICATE-----\n";
}

}  // namespace opsdesk::certificates
