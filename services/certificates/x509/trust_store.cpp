#include "services/certificates/x509/trust_store.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <fstream>
#include <sstream>

namespace opsdesk::certificates {

namespace {

struct Free {
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
  void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

Owned<X509> x509_of(const CertificateFacts& facts) {
  const auto* cursor = reinterpret_cast<const unsigned char*>(facts.der.data());
  return Owned<X509>{d2i_X509(nullptr, &cursor, static_cast<long>(facts.der.size()))};
}

std::shared_ptr<X509_STORE> store_of(const std::vector<CertificateFacts>& roots) {
  std::shared_ptr<X509_STORE> store(X509_STORE_new(), X509_STORE_free);
  for (const auto& root : roots)
    if (auto x = x509_of(root)) X509_STORE_add_cert(store.get(), x.get());
  return store;
}

}  // namespace

std::expected<TrustStore, std::string> TrustStore::from_pem_file(
    const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected("cannot read the trust bundle " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  auto read = read_certificates(text.str());
  if (!read) return std::unexpected("the trust bundle " + path.string() + ": " + read.error());
  std::vector<CertificateFacts> roots = std::move(read->chain);
  roots.insert(roots.begin(), std::move(read->leaf));
  return of(roots);
}

TrustStore TrustStore::of(const std::vector<CertificateFacts>& roots) {
  return TrustStore(store_of(roots), roots.size());
}

ChainVerdict TrustStore::verify(const CertificateFacts& leaf,
                                const std::vector<CertificateFacts>& chain,
                                core::Instant at) const {
  auto x = x509_of(leaf);
  if (!x) return {false, "the certificate does not parse"};
  Owned<STACK_OF(X509)> untrusted{sk_X509_new_null()};
  for (const auto& intermediate : chain)
    if (auto c = x509_of(intermediate)) sk_X509_push(untrusted.get(), c.release());
  Owned<X509_STORE_CTX> context{X509_STORE_CTX_new()};
  X509_STORE_CTX_init(context.get(), store_.get(), x.get(), untrusted.get());
  X509_STORE_CTX_set_time(context.get(), 0,
                          static_cast<time_t>(core::to_unix_micros(at) / 1'000'000));
  const bool verified = X509_verify_cert(context.get()) == 1;
  ChainVerdict verdict{verified, ""};
  if (!verified)
    verdict.reason = X509_verify_cert_error_string(X509_STORE_CTX_get_error(context.get()));
  ERR_clear_error();
  return verdict;
}

}  // namespace opsdesk::certificates
