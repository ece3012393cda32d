#include "services/certificates/domain/signing.hpp"

#include <algorithm>

#include "libs/aggregate/field_check.hpp"
#include "libs/core/sha256_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/scope.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::certificates {

namespace {

using core::Instant;
using proto::from_timestamp;
using proto::to_timestamp;

// How far a time stamped by a person's clock may run ahead of the server's.
constexpr std::chrono::minutes kAllowedClockSkew{2};

}  // namespace

std::vector<std::string> SigningState::concerned() const {
  return tenants::concerned_codes(tenants);
}

std::expected<std::vector<SigningEvent>, aggregate::DomainError> decide(
    const SigningState& state, const SigningCommand& command, Instant now) {
  const auto& c = std::get<RecordSigning>(command);
  if (state.exists())
    return aggregate::rule_violated("signing-recorded", "signing " + state.id + " is recorded");
  aggregate::FieldCheck check(now, kAllowedClockSkew);
  check.not_blank("artifact_name", c.artifact_name);
  check.not_blank("artifact_version", c.artifact_version);
  if (!core::is_sha256_hex(c.sha256))
    check.add("sha256", "must be the artifact's SHA-256 as 64 lower-case hex digits");
  if (!c.certificate) {
    check.add("certificate_fingerprint",
              "no certificate " + c.certificate_fingerprint +
                  " in the inventory; import the code-signing certificate first");
  } else if (c.certificate->purpose != "code_signing") {
    check.add("certificate_fingerprint", "certificate '" + c.certificate->subject_cn + "' is a " +
                                             c.certificate->purpose +
                                             " certificate, not a code-signing one");
  } else if (c.signed_at < c.certificate->not_before || c.signed_at > c.certificate->not_after) {
    check.add("signed_at", "the certificate was not valid then: it is valid from " +
                               core::format_tokyo_rfc3339(c.certificate->not_before) + " to " +
                               core::format_tokyo_rfc3339(c.certificate->not_after));
  }
  check.not_in_future("signed_at", c.signed_at);
  if (c.timestamped_at) {
    check.not_blank("tsa_name", c.tsa_name);
    check.not_in_future("timestamped_at", *c.timestamped_at);
    if (*c.timestamped_at + kAllowedClockSkew < c.signed_at)
      check.add("timestamped_at", "comes before signed_at: a timestamp is taken after signing");
    else if (c.certificate && *c.timestamped_at > c.certificate->not_after)
      check.add("timestamped_at", "comes after the certificate expired (" +
                                      core::format_tokyo_rfc3339(c.certificate->not_after) +
                                      "): such a timestamp does not keep the signature valid");
  } else if (!aggregate::is_blank(c.tsa_name)) {
    check.add("timestamped_at", "is required with tsa_name: the time the authority stamped");
  }
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::SigningRecorded e;
  e.set_signing_id(c.signing_id);
  e.set_artifact_name(c.artifact_name);
  e.set_artifact_version(c.artifact_version);
  e.set_sha256(c.sha256);
  e.set_certificate_fingerprint(c.certificate->fingerprint);
  e.set_certificate_subject_cn(c.certificate->subject_cn);
  *e.mutable_signed_at() = to_timestamp(c.signed_at);
  e.set_tsa_name(c.tsa_name);
  if (c.timestamped_at) *e.mutable_timestamped_at() = to_timestamp(*c.timestamped_at);
  e.set_change_id(c.change_id);
  for (const auto& t : c.certificate->tenants) e.add_tenants(t);
  e.set_note(c.note);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<SigningEvent>{e};
}

SigningState evolve(SigningState s, const SigningEvent& event) {
  const auto& e = std::get<v1::SigningRecorded>(event);
  s.id = e.signing_id();
  s.artifact_name = e.artifact_name();
  s.artifact_version = e.artifact_version();
  s.sha256 = e.sha256();
  s.certificate_fingerprint = e.certificate_fingerprint();
  s.certificate_subject_cn = e.certificate_subject_cn();
  s.signed_at = from_timestamp(e.signed_at());
  s.tsa_name = e.tsa_name();
  if (e.has_timestamped_at()) s.timestamped_at = from_timestamp(e.timestamped_at());
  s.change_id = e.change_id();
  s.tenants.assign(e.tenants().begin(), e.tenants().end());
  s.note = e.note();
  s.recorded_at = from_timestamp(e.at());
  s.recorded_by = e.by();
  ++s.version;
  return s;
}

std::vector<std::string> tenants_named(const SigningCommand& command) {
  // A signing is recorded for every association its certificate serves: the caller must hold
  // them all, as for the certificate's import.
  const auto& c = std::get<RecordSigning>(command);
  return c.certificate ? tenants::concerned_codes(c.certificate->tenants)
                       : std::vector<std::string>{};
}

}  // namespace opsdesk::certificates
