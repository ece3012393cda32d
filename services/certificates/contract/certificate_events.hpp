#pragma once
// The certificates domain's published contract (proto-schemas/opsdesk/certificates/v1/
// events.proto, topic opsdesk.certificates.events.v1): one stream per certificate, named by its
// SHA-256 fingerprint ("certificate-<64 hex>"), and one per signing made with one
// ("signing-<uuidv7>"). Readers decode through here (by the stream's kind) and visit each
// variant with a handler for every alternative.

#include <expected>
#include <string>
#include <string_view>
#include <variant>

#include "libs/core/instant.hpp"
#include "opsdesk/certificates/v1/events.pb.h"
#include "opsdesk/eventstore/v1/recorded_event.pb.h"

namespace opsdesk::certificates {

namespace v1 = opsdesk::certificates::v1;

inline const std::string kDomain = "certificates";

using CertificateEvent =
    std::variant<v1::CertificateImported, v1::CertificateLocationAdded,
                 v1::CertificateLocationRemoved, v1::RenewalRequested, v1::SuccessorIssued,
                 v1::CertificateDeployed, v1::CertificateRetired, v1::RenewalDue,
                 v1::ExpiryApproaching, v1::CertificateExpired, v1::RenewalTaskScheduled>;

inline constexpr std::string_view kCertificateStreamPrefix = "certificate-";

// A signing made with one of the certificates: stream "signing-<uuidv7>".
using SigningEvent = std::variant<v1::SigningRecorded>;
inline constexpr std::string_view kSigningStreamPrefix = "signing-";
std::string signing_stream_id_of(std::string_view signing_id);
// The signing id of a stream id, or empty when it is not a signing stream.
std::string signing_id_of(std::string_view stream_id);
std::expected<SigningEvent, std::string> decode_signing(
    const opsdesk::eventstore::v1::RecordedEvent& record);

std::string certificate_stream_id_of(std::string_view fingerprint);
// The fingerprint of a stream id, or empty when it is not a certificate stream.
std::string fingerprint_of(std::string_view stream_id);

core::Instant occurred_at(const CertificateEvent& event);

// Fail, with the reason, for a record of another stream, a type this contract does not have or
// a payload that does not parse.
std::expected<CertificateEvent, std::string> decode_certificate(
    const opsdesk::eventstore::v1::RecordedEvent& record);

}  // namespace opsdesk::certificates
