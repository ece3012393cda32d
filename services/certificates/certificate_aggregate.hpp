#pragma once
// The certificates domain's aggregates as the shared command plumbing (libs/aggregate) runs
// them: a certificate of the inventory (its stream named by its fingerprint) and a signing made
// with one; each seen by the associations it serves, its state in snapshots as JSON
// (state_codec.cpp).

#include <string>
#include <vector>

#include "libs/aggregate/command_runner.hpp"
#include "libs/aggregate/forwarding_aggregate.hpp"
#include "libs/aggregate/repository.hpp"
#include "services/certificates/domain/certificate.hpp"
#include "services/certificates/domain/signing.hpp"

namespace opsdesk::certificates {

std::string encode_state(const CertificateState& state);
std::expected<CertificateState, std::string> decode_certificate_state(std::string_view bytes);
std::string encode_state(const SigningState& state);
std::expected<SigningState, std::string> decode_signing_state(std::string_view bytes);

struct CertificateAggregate
    : aggregate::ForwardingAggregate<CertificateState, CertificateCommand, CertificateEvent> {
  static constexpr std::string_view kNoun = "certificate";
  static std::string stream_id(const std::string& fingerprint) {
    return certificate_stream_id_of(fingerprint);
  }
  static std::string id_of_stream(const std::string& stream) { return fingerprint_of(stream); }
  static std::string id(const State& state) { return state.fingerprint; }
  static std::vector<std::string> tenants(const State& state) { return state.concerned(); }
  static std::vector<std::string> tenants_named(const Command& command) {
    return certificates::tenants_named(command);
  }
  static bool creates(const Command& command) {
    return std::holds_alternative<ImportCertificate>(command);
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_certificate(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.certificates.CertificateState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_certificate_state(bytes);
  }
};

struct SigningAggregate
    : aggregate::ForwardingAggregate<SigningState, SigningCommand, SigningEvent> {
  static constexpr std::string_view kNoun = "signing";
  static std::string stream_id(const std::string& id) { return signing_stream_id_of(id); }
  static std::string id_of_stream(const std::string& stream) { return signing_id_of(stream); }
  static std::string id(const State& state) { return state.id; }
  static std::vector<std::string> tenants(const State& state) { return state.concerned(); }
  static std::vector<std::string> tenants_named(const Command& command) {
    return certificates::tenants_named(command);
  }
  static bool creates(const Command&) { return true; }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& record) {
    return decode_signing(record);
  }
  static constexpr std::string_view kStateSchema = "opsdesk.certificates.SigningState/1";
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    return decode_signing_state(bytes);
  }
};

using CertificateRepository = aggregate::Repository<CertificateAggregate>;
using CertificateCommands = aggregate::CommandRunner<CertificateAggregate>;
using SigningRepository = aggregate::Repository<SigningAggregate>;
using SigningCommands = aggregate::CommandRunner<SigningAggregate>;

}  // namespace opsdesk::certificates
