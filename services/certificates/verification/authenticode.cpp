#include "services/certificates/verification/authenticode.hpp"

#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "libs/process/child_process.hpp"

namespace opsdesk::certificates {

namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    auto line = text.substr(0, end);
    while (!line.empty() && (line.front() == '\t' || line.front() == ' ')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::optional<std::string_view> after(std::string_view line, std::string_view prefix) {
  if (!line.starts_with(prefix)) return std::nullopt;
  return line.substr(prefix.size());
}

// OpenSSL's ASN1_TIME_print form: "Dec  5 15:47:31 2026 GMT".
std::optional<core::Instant> openssl_time(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char month[4] = {};
  int day = 0, hour = 0, minute = 0, second = 0, year = 0;
  const std::string owned(text);
  if (std::sscanf(owned.c_str(), "%3s %d %d:%d:%d %d GMT", month, &day, &hour, &minute, &second,
                  &year) != 6)
    return std::nullopt;
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (kMonths[m] != month) continue;
    const std::chrono::year_month_day date{std::chrono::year{year},
                                           std::chrono::month{static_cast<unsigned>(m + 1)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok()) return std::nullopt;
    return core::Instant{std::chrono::sys_days{date}.time_since_epoch() + std::chrono::hours{hour} +
                         std::chrono::minutes{minute} + std::chrono::seconds{second}};
  }
  return std::nullopt;
}

struct Free {
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(PKCS7* p) const { PKCS7_free(p); }
  void operator()(STACK_OF(X509) * p) const { sk_X509_free(p); }
};

}  // namespace

AuthenticodeVerdict read_osslsigncode_verify(std::string_view output, int exit_code) {
  AuthenticodeVerdict v;
  bool in_signer = false;
  std::string_view reason;
  for (const auto line : lines_of(output)) {
    if (line == "Signer's certificate:") in_signer = true;
    if (in_signer && v.signer_subject.empty())
      if (auto subject = after(line, "Subject: ")) v.signer_subject = *subject;
    if (in_signer && v.signer_serial.empty())
      if (auto serial = after(line, "Serial : ")) {
        v.signer_serial = *serial;
        in_signer = false;
      }
    // 2.9: "Timestamp time: …" under Countersignatures; 2.5: "The signature is timestamped: …".
    for (const auto prefix : {"Timestamp time: ", "The signature is timestamped: "})
      if (auto time = after(line, prefix)) {
        v.timestamped = true;
        v.timestamp_time = openssl_time(*time);
      }
    if (line == "Timestamp Server Signature verification: ok") {
      v.timestamped = true;
      v.timestamp_verified = true;
    }
    if (line == "Timestamp Server Signature verification: failed" ||
        line == "Timestamp Server Signature verification is disabled")
      v.timestamped = true;
    if (auto time = after(line, "Signature verification time: "))
      v.verified_at = openssl_time(*time);
    if (line == "Signature verification: ok") v.verified = exit_code == 0;
    if (line.find("rror:") != std::string_view::npos || line.starts_with("Unsupported Signer") ||
        line.starts_with("Corrupt") || line.starts_with("Unrecognized") ||
        line.starts_with("No signature found") || line.starts_with("Unable to"))
      reason = line;
  }
  if (!v.verified) {
    v.reason = reason.empty() ? "osslsigncode: the signature does not verify"
                              : "osslsigncode: " + std::string(reason);
    if (!v.timestamp_verified) v.timestamp_time.reset();
  }
  return v;
}

std::expected<AuthenticodeVerdict, std::string> verify_authenticode(
    const std::filesystem::path& file, const AuthenticodeTrust& trust, core::Instant at,
    std::chrono::milliseconds timeout) {
  const auto unix_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
  auto run = process::run(
      {"osslsigncode", "verify", "-in", file.string(), "-CAfile", trust.code_signing_roots.string(),
       "-TSA-CAfile", trust.timestamp_roots.string(), "-time", std::to_string(unix_seconds)},
      timeout);
  if (!run) return std::unexpected(run.error());
  return read_osslsigncode_verify(run->output, run->exit_code);
}

std::expected<std::string, std::string> authenticode_signer(const std::filesystem::path& file,
                                                            std::chrono::milliseconds timeout) {
  const auto extracted = file.string() + ".p7.pem";
  auto run = process::run(
      {"osslsigncode", "extract-signature", "-pem", "-in", file.string(), "-out", extracted},
      timeout);
  if (!run) return std::unexpected(run.error());
  std::ifstream in(extracted, std::ios::binary);
  std::stringstream pem;
  pem << in.rdbuf();
  std::filesystem::remove(extracted);
  const auto text = pem.str();
  if (run->exit_code != 0 || text.empty()) return std::unexpected(std::string("no signature"));
  std::unique_ptr<BIO, Free> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  std::unique_ptr<PKCS7, Free> p7(PEM_read_bio_PKCS7(bio.get(), nullptr, nullptr, nullptr));
  if (!p7) return std::unexpected(std::string("a signature that does not parse"));
  std::unique_ptr<STACK_OF(X509), Free> signers(PKCS7_get0_signers(p7.get(), nullptr, 0));
  if (!signers || sk_X509_num(signers.get()) < 1)
    return std::unexpected(std::string("a signature without its signer's certificate"));
  unsigned char* der = nullptr;
  const int size = i2d_X509(sk_X509_value(signers.get(), 0), &der);
  if (size <= 0) return std::unexpected(std::string("a signer certificate that does not encode"));
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(size));
  OPENSSL_free(der);
  return out;
}

}  // namespace opsdesk::certificates
