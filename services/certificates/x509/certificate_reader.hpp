#pragma once
// What a certificate says of itself, read with OpenSSL from the bytes an operator hands in (PEM,
// one certificate or a chain, or DER): the inventory of the certificates service is built from
// these facts and never from what a person typed. A private key is refused unread: it is never
// stored nor echoed, and no message quotes the input.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "libs/core/instant.hpp"

namespace opsdesk::certificates {

// Extended key usages the desk cares about (RFC 5280 §4.2.1.12).
inline constexpr std::string_view kCodeSigningEku = "1.3.6.1.5.5.7.3.3";
inline constexpr std::string_view kServerAuthEku = "1.3.6.1.5.5.7.3.1";
inline constexpr std::string_view kTimeStampingEku = "1.3.6.1.5.5.7.3.8";

struct SubjectAltName {
  std::string kind;  // dns | ip | email | uri
  std::string value;
  bool operator==(const SubjectAltName&) const = default;
};

struct CertificateFacts {
  std::string fingerprint;  // SHA-256 of the DER, 64 lowercase hex digits: the identity
  std::string subject;      // RFC 2253, UTF-8 ("CN=…,O=…,C=JP")
  std::string subject_cn;   // the subject's common name, or empty
  std::string issuer;
  std::string serial;  // upper-case hex, as `openssl x509 -serial` prints it
  std::vector<SubjectAltName> alt_names;
  std::string key_algorithm;  // RSA | EC | Ed25519 | Ed448 | DSA | …
  int key_bits = 0;
  std::string signature_algorithm;  // "sha256WithRSAEncryption", "ecdsa-with-SHA256", …
  core::Instant not_before{};
  core::Instant not_after{};
  std::vector<std::string> extended_key_usages;  // dotted OIDs, in the certificate's order
  bool is_ca = false;
  std::string der;  // the certificate itself

  // code_signing | tls_server | other, from the extended key usages (code signing first: a
  // certificate that says both is handled as the rarer, stricter kind).
  std::string purpose() const;
  // Whether it is valid at `at` (notBefore ≤ at ≤ notAfter).
  bool valid_at(core::Instant at) const { return not_before <= at && at <= not_after; }
  bool operator==(const CertificateFacts&) const = default;
};

// The certificate handed in, first in the input, and the chain that came with it, in order.
struct ReadCertificates {
  CertificateFacts leaf;
  std::vector<CertificateFacts> chain;
};

// PEM (CERTIFICATE blocks; other blocks refused) or DER. The error says what was wrong and what
// is allowed, never the input.
std::expected<ReadCertificates, std::string> read_certificates(std::string_view bytes);

// A certificate's DER as a PEM block ("-----BEGIN CERTIFICATE-----", 64 characters a line).
std::string pem_of(std::string_view der);

}  // namespace opsdesk::certificates
