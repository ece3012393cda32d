#include "libs/auth/jws_signature.hpp"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <limits>
#include <new>
#include <stdexcept>

namespace opsdesk::auth {

namespace {

// NIST SP 800-131A: RSA keys under 2048 bits are no longer acceptable for signatures.
constexpr int kMinRsaBits = 2048;

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct DecoderCtxFree {
  void operator()(OSSL_DECODER_CTX* ctx) const { OSSL_DECODER_CTX_free(ctx); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using DecoderCtxPtr = std::unique_ptr<OSSL_DECODER_CTX, DecoderCtxFree>;

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) {
  // HMAC() reads a null key as "no key given"; an empty key must still be a key.
  static const unsigned char kEmptyKey = 0;
  if (key.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::length_error("HS256 secret too long");
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  if (HMAC(EVP_sha256(), key.empty() ? static_cast<const void*>(&kEmptyKey) : key.data(),
           static_cast<int>(key.size()), bytes(data), data.size(), mac, &mac_size) == nullptr) {
    ERR_clear_error();
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(mac), mac_size);
}

bool hs256_verifies(std::string_view secret, std::string_view signing_input,
                    std::string_view signature) {
  const std::string expected = hmac_sha256(secret, signing_input);
  // Constant time, so response timing does not reveal how many leading bytes of a forgery matched.
  return signature.size() == expected.size() &&
         CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0;
}

void RsaPublicKey::Free::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

std::expected<RsaPublicKey, std::string> RsaPublicKey::from_pem(const std::string& pem) {
  const std::string prefix = "rs256 public key: ";
  if (pem.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return std::unexpected(prefix + "PEM text too long");
  }
  // Checked first because the decoder would happily derive the public half: a private key has
  // no business in a service's configuration, so say so rather than use it.
  if (pem.find("PRIVATE KEY") != std::string::npos) {
    return std::unexpected(prefix +
                           "the PEM holds a private key; configure the public key instead "
                           "(openssl pkey -in key.pem -pubout)");
  }
  BioPtr bio{BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()))};
  if (!bio) throw std::bad_alloc();
  std::unique_ptr<EVP_PKEY, Free> key{PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr)};
  if (!key) {
    // PKCS#1 "RSA PUBLIC KEY" PEM: PEM_read_bio_RSAPublicKey is deprecated in OpenSSL 3, the
    // generic decoder reads it into an EVP_PKEY directly.
    EVP_PKEY* decoded = nullptr;
    DecoderCtxPtr decoder{OSSL_DECODER_CTX_new_for_pkey(&decoded, "PEM", nullptr, "RSA",
                                                        EVP_PKEY_PUBLIC_KEY, nullptr, nullptr)};
    const unsigned char* data = bytes(pem);
    std::size_t size = pem.size();
    if (decoder && OSSL_DECODER_from_data(decoder.get(), &data, &size) == 1) key.reset(decoded);
  }
  // Failed attempts leave entries in this thread's OpenSSL error queue; a later, unrelated
  // failure (TLS on the same thread) must not be blamed on them.
  ERR_clear_error();
  if (!key) {
    if (pem.find("CERTIFICATE") != std::string::npos) {
      return std::unexpected(prefix +
                             "the PEM holds a certificate; configure its public key instead "
                             "(openssl x509 -in cert.pem -pubkey -noout)");
    }
    return std::unexpected(prefix +
                           "cannot read the PEM; expected '-----BEGIN PUBLIC KEY-----' or "
                           "'-----BEGIN RSA PUBLIC KEY-----'");
  }
  if (EVP_PKEY_is_a(key.get(), "RSA") != 1) {
    const char* type = EVP_PKEY_get0_type_name(key.get());
    return std::unexpected(prefix + "RS256 needs an RSA key; the PEM holds a " +
                           (type ? type : "non-RSA") + " key");
  }
  if (const int bits = EVP_PKEY_get_bits(key.get()); bits < kMinRsaBits) {
    return std::unexpected(prefix + "the RSA key has " + std::to_string(bits) + " bits; at least " +
                           std::to_string(kMinRsaBits) + " are required");
  }
  return RsaPublicKey(std::move(key));
}

bool RsaPublicKey::rs256_verifies(std::string_view signing_input,
                                  std::string_view signature) const {
  // A context per call: EVP_MD_CTX is mutable state, the key is shared read-only between threads.
  MdCtxPtr ctx{EVP_MD_CTX_new()};
  if (!ctx) throw std::bad_alloc();
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1) {
    ERR_clear_error();
    throw std::runtime_error("EVP_DigestVerifyInit failed for the RS256 key");
  }
  const int result = EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(),
                                      bytes(signing_input), signing_input.size());
  // A forged signature leaves entries in the error queue too; see from_pem.
  if (result != 1) ERR_clear_error();
  return result == 1;
}

}  // namespace opsdesk::auth
