#pragma once
// The roots a certificate's chain is verified against, one store per purpose: TLS server
// certificates against Debian's ca-certificates bundle by default, code-signing certificates
// against a configured PEM bundle (Debian ships no code-signing roots). Built once; verifying is
// thread-safe.

#include <openssl/types.h>

#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "services/certificates/x509/certificate_reader.hpp"

namespace opsdesk::certificates {

struct ChainVerdict {
  bool verified = false;
  std::string reason;  // OpenSSL's, when not verified ("unable to get local issuer certificate")
};

class TrustStore {
 public:
  // Every CERTIFICATE block of a PEM file; an error names the file and what was wrong.
  static std::expected<TrustStore, std::string> from_pem_file(const std::filesystem::path& path);
  // The given roots (DER), e.g. read by read_certificates.
  static TrustStore of(const std::vector<CertificateFacts>& roots);

  std::size_t size() const { return size_; }
  // Whether `leaf` chains to one of the roots through `chain` (untrusted intermediates), with
  // every certificate valid at `at`.
  ChainVerdict verify(const CertificateFacts& leaf, const std::vector<CertificateFacts>& chain,
                      core::Instant at) const;

 private:
  TrustStore(std::shared_ptr<X509_STORE> store, std::size_t size)
      : store_(std::move(store)), size_(size) {}
  std::shared_ptr<X509_STORE> store_;
  std::size_t size_ = 0;
};

}  // namespace opsdesk::certificates
