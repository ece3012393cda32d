#pragma once
// A detached CMS/PKCS#7 signature over a file (openssl cms -sign -binary, or any tool making
// SignedData without the content), verified with OpenSSL: the signature over the content, then
// its signer's chain against the code-signing trust store at a time. Timestamps inside CMS are
// not read: the answer says the signature was checked at that time.

#include <expected>
#include <string>
#include <string_view>

#include "libs/core/instant.hpp"
#include "services/certificates/x509/trust_store.hpp"

namespace opsdesk::certificates {

struct CmsVerdict {
  bool verified = false;
  std::string reason;      // why not
  std::string signer_der;  // the signer's certificate, when the signature names one it carries
};

// `signature`: PEM ("-----BEGIN CMS-----" or "PKCS7") or DER. The error says the signature is
// not a CMS SignedData at all; a signature that does not verify is a verdict.
std::expected<CmsVerdict, std::string> verify_detached_cms(std::string_view content,
                                                           std::string_view signature,
                                                           const TrustStore& roots,
                                                           core::Instant at);

}  // namespace opsdesk::certificates
