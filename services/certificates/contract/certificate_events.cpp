#include "services/certificates/contract/certificate_events.hpp"

#include "proto-schemas/decode_variant.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::certificates {

std::string certificate_stream_id_of(std::string_view fingerprint) {
  return std::string(kCertificateStreamPrefix) + std::string(fingerprint);
}

std::string fingerprint_of(std::string_view stream_id) {
  if (!stream_id.starts_with(kCertificateStreamPrefix) ||
      stream_id.size() == kCertificateStreamPrefix.size())
    return {};
  return std::string(stream_id.substr(kCertificateStreamPrefix.size()));
}

core::Instant occurred_at(const CertificateEvent& event) {
  return std::visit([](const auto& e) { return proto::from_timestamp(e.at()); }, event);
}

std::expected<CertificateEvent, std::string> decode_certificate(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (fingerprint_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a certificate stream");
  return proto::decode_variant<CertificateEvent>(record, "certificates");
}

std::string signing_stream_id_of(std::string_view signing_id) {
  return std::string(kSigningStreamPrefix) + std::string(signing_id);
}

std::string signing_id_of(std::string_view stream_id) {
  if (!stream_id.starts_with(kSigningStreamPrefix) ||
      stream_id.size() == kSigningStreamPrefix.size())
    return {};
  return std::string(stream_id.substr(kSigningStreamPrefix.size()));
}

std::expected<SigningEvent, std::string> decode_signing(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (signing_id_of(record.stream_id()).empty())
    return std::unexpected("stream '" + record.stream_id() + "' is not a signing stream");
  return proto::decode_variant<SigningEvent>(record, "certificates");
}

}  // namespace opsdesk::certificates
