#pragma once
// A certificate of the inventory as the shared command plumbing (libs/aggregate) runs it: its
// stream is named by its fingerprint, it is seen by the associations it serves, and its state
// goes into snapshots as JSON (state_codec.cpp).

#include <string>
#include <vector>

#include "libs/aggregate/command_runner.hpp"
#include "libs/aggregate/forwarding_aggregate.hpp"
#include "libs/aggregate/repository.hpp"
#include "services/certificates/domain/certificate.hpp"

namespace opsdesk::certificates {

std::string encode_state(const CertificateState& state);
std::expected<CertificateState, std::string> decode_certificate_state(std::string_view bytes);

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

using CertificateRepository = aggregate::Repository<CertificateAggregate>;
using CertificateCommands = aggregate::CommandRunner<CertificateAggregate>;

}  // namespace opsdesk::certificates
