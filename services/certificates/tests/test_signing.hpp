#pragma once
// Test support for signatures, made in the test so nothing expires: a minimal PE file that
// osslsigncode signs, Authenticode signing with osslsigncode (optionally timestamped), a local
// RFC 3161 timestamping authority on a loopback port (OpenSSL's TS responder behind a small HTTP
// handler: there is no network), and detached CMS signatures made with OpenSSL.

#include <httplib.h>
#include <openssl/cms.h>
#include <openssl/ts.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "libs/process/child_process.hpp"
#include "services/certificates/tests/test_pki.hpp"

namespace opsdesk::certificates::testing {

// The smallest PE32 image osslsigncode signs: a DOS header pointing at the PE header, a COFF
// header with no sections, an optional header with 16 data directories (the certificate table
// among them, empty) and 512 bytes of content.
inline std::string minimal_pe(const std::string& content = "opsdesk test artifact\n") {
  std::string image(1024, '\0');
  const auto put16 = [&](std::size_t at, std::uint16_t v) {
    image[at] = static_cast<char>(v & 0xff);
    image[at + 1] = static_cast<char>(v >> 8);
  };
  const auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) image[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
  };
  constexpr std::size_t kPe = 64;
  image[0] = 'M';
  image[1] = 'Z';
  put32(60, kPe);
  image.replace(kPe, 4, std::string("PE\0\0", 4));
  put16(kPe + 4, 0x14c);      // i386
  put16(kPe + 20, 224);       // size of the optional header
  put16(kPe + 22, 0x0102);    // executable, 32-bit
  put16(kPe + 24, 0x10b);     // PE32
  put32(kPe + 24 + 60, 512);  // SizeOfHeaders
  put32(kPe + 24 + 92, 16);   // NumberOfRvaAndSizes
  image.replace(512, content.size(), content);
  return image;
}

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// An RFC 3161 timestamping authority on 127.0.0.1, answering every query with OpenSSL's TS
// responder signing as `tsa` (a certificate with the critical timeStamping EKU).
class LocalTsa {
 public:
  explicit LocalTsa(const Issued& tsa) {
    ctx_ = TS_RESP_CTX_new();
    TS_RESP_CTX_set_signer_cert(ctx_, tsa.certificate.get());
    TS_RESP_CTX_set_signer_key(ctx_, tsa.key.get());
    ASN1_OBJECT* policy = OBJ_txt2obj("1.3.6.1.4.1.99999.1", 1);
    TS_RESP_CTX_set_def_policy(ctx_, policy);
    ASN1_OBJECT_free(policy);
    for (const auto* md : {EVP_sha1(), EVP_sha256(), EVP_sha384(), EVP_sha512()})
      TS_RESP_CTX_add_md(ctx_, md);
    TS_RESP_CTX_set_signer_digest(ctx_, EVP_sha256());
    TS_RESP_CTX_set_accuracy(ctx_, 1, 0, 0);
    server_.Post("/", [this](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(mutex_);
      BIO* query = BIO_new_mem_buf(request.body.data(), static_cast<int>(request.body.size()));
      TS_RESP* reply = TS_RESP_create_response(ctx_, query);
      BIO_free(query);
      unsigned char* der = nullptr;
      const int size = reply ? i2d_TS_RESP(reply, &der) : 0;
      TS_RESP_free(reply);
      response.set_content(std::string(reinterpret_cast<char*>(der), size > 0 ? size : 0),
                           "application/timestamp-reply");
      OPENSSL_free(der);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // Bound and listening already: a connection before the loop starts waits in the backlog.
  }
  ~LocalTsa() {
    server_.stop();
    thread_.join();
    TS_RESP_CTX_free(ctx_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  TS_RESP_CTX* ctx_ = nullptr;
  std::mutex mutex_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// Signs `unsigned_file` into `signed_file` with osslsigncode as `signer` (its chain after it),
// timestamped by `tsa_url` when given. The error is osslsigncode's output.
inline std::expected<void, std::string> sign_authenticode(
    const std::filesystem::path& unsigned_file, const std::filesystem::path& signed_file,
    const Issued& signer, const std::string& chain_pem, const std::filesystem::path& dir,
    const std::string& tsa_url = "") {
  write_file(dir / "signer.pem", signer.pem() + chain_pem);
  write_file(dir / "signer.key", signer.private_key_pem());
  std::vector<std::string> argv = {"osslsigncode", "sign",
                                   "-certs",       (dir / "signer.pem").string(),
                                   "-key",         (dir / "signer.key").string(),
                                   "-n",           "opsdesk test",
                                   "-in",          unsigned_file.string(),
                                   "-out",         signed_file.string()};
  if (!tsa_url.empty()) {
    argv.push_back("-ts");
    argv.push_back(tsa_url);
  }
  std::filesystem::remove(signed_file);
  auto run = process::run(argv, std::chrono::seconds{60});
  std::filesystem::remove(dir / "signer.key");
  if (!run) return std::unexpected(run.error());
  if (run->exit_code != 0) return std::unexpected(run->output);
  return {};
}

// A detached CMS signature (DER) over `content` by `signer`, carrying its certificate and
// `chain`.
inline std::string sign_detached_cms(const std::string& content, const Issued& signer,
                                     const Issued* chain = nullptr) {
  BIO* data = BIO_new_mem_buf(content.data(), static_cast<int>(content.size()));
  STACK_OF(X509)* certs = sk_X509_new_null();
  if (chain) sk_X509_push(certs, chain->certificate.get());
  CMS_ContentInfo* cms =
      CMS_sign(signer.certificate.get(), signer.key.get(), certs, data, CMS_DETACHED | CMS_BINARY);
  sk_X509_free(certs);
  BIO_free(data);
  unsigned char* der = nullptr;
  const int size = i2d_CMS_ContentInfo(cms, &der);
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(size));
  OPENSSL_free(der);
  CMS_ContentInfo_free(cms);
  return out;
}

}  // namespace opsdesk::certificates::testing
