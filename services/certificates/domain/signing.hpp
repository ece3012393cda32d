#pragma once
// A signing record as a decider (仕様書 4.(2)③イ): a program distributed to the terminals was
// signed with a code-signing certificate of the inventory, at a time the certificate was valid,
// maybe timestamped by an RFC 3161 authority, for a change of the changes service. Recorded once;
// the certificate as the book had it comes in the command. Pure.

#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/certificates/contract/certificate_events.hpp"

namespace opsdesk::certificates {

struct SigningState {
  std::string id;
  std::uint64_t version = 0;
  std::string artifact_name;
  std::string artifact_version;
  std::string sha256;
  std::string certificate_fingerprint;
  std::string certificate_subject_cn;
  core::Instant signed_at{};
  std::string tsa_name;
  std::optional<core::Instant> timestamped_at;
  std::string change_id;
  std::vector<std::string> tenants;
  std::string note;
  core::Instant recorded_at{};
  std::string recorded_by;

  bool exists() const { return version > 0; }
  std::vector<std::string> concerned() const;
  bool operator==(const SigningState&) const = default;
};

// What the inventory says of the certificate a signing names.
struct SigningCertificate {
  std::string fingerprint;
  std::string subject_cn;
  std::string purpose;
  core::Instant not_before{};
  core::Instant not_after{};
  std::vector<std::string> tenants;
};

struct RecordSigning {
  std::string signing_id;
  std::string artifact_name;
  std::string artifact_version;
  std::string sha256;
  std::string certificate_fingerprint;            // as the caller named it
  std::optional<SigningCertificate> certificate;  // nullopt: not in the inventory (or not seen)
  core::Instant signed_at{};
  std::string tsa_name;
  std::optional<core::Instant> timestamped_at;
  std::string change_id;
  std::string note;
  std::string by;
  core::Instant at{};
};

using SigningCommand = std::variant<RecordSigning>;

std::expected<std::vector<SigningEvent>, aggregate::DomainError> decide(
    const SigningState& state, const SigningCommand& command, core::Instant now);
SigningState evolve(SigningState state, const SigningEvent& event);
std::vector<std::string> tenants_named(const SigningCommand& command);

}  // namespace opsdesk::certificates
