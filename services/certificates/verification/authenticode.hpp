#pragma once
// Authenticode signatures (a signed PE or MSI, 仕様書 4.(2)③イ) verified by osslsigncode, run as a
// child process: what it says of the signature, its signer and its RFC 3161 timestamp. The lines
// read are those osslsigncode 2.5 (Debian 12) and 2.9 (bookworm-backports) both print, except the
// timestamp's time, which each prints its own way; both are read.
//
// A timestamp verified by its authority fixes the time the signer's certificate is checked at:
// a signature timestamped while the certificate was valid stays valid after it expires.

#include <chrono>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "libs/core/instant.hpp"

namespace opsdesk::certificates {

struct AuthenticodeVerdict {
  bool verified = false;       // the signature and its signer's chain verify
  std::string reason;          // why not, from osslsigncode's own words
  std::string signer_subject;  // "/CN=…" as osslsigncode prints it
  std::string signer_serial;   // upper-case hex
  bool timestamped = false;
  bool timestamp_verified = false;
  std::optional<core::Instant> timestamp_time;
  std::optional<core::Instant> verified_at;  // the time the chain was checked at
};

// What `osslsigncode verify` printed and how it exited, read. Pure.
AuthenticodeVerdict read_osslsigncode_verify(std::string_view output, int exit_code);

struct AuthenticodeTrust {
  std::filesystem::path code_signing_roots;  // PEM bundle (-CAfile)
  std::filesystem::path timestamp_roots;     // PEM bundle (-TSA-CAfile)
};

// Verifies the signed file at `file` at `at` (the time a signature without a verified timestamp
// is checked at). The error says why osslsigncode could not be run.
std::expected<AuthenticodeVerdict, std::string> verify_authenticode(
    const std::filesystem::path& file, const AuthenticodeTrust& trust, core::Instant at,
    std::chrono::milliseconds timeout = std::chrono::seconds{30});

// The DER of the certificate that made the file's (first) signature, or why there is none.
std::expected<std::string, std::string> authenticode_signer(
    const std::filesystem::path& file,
    std::chrono::milliseconds timeout = std::chrono::seconds{30});

}  // namespace opsdesk::certificates
