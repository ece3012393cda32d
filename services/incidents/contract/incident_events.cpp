#include "services/incidents/contract/incident_events.hpp"

#include <utility>

#include "libs/core/overloaded.hpp"
#include "proto-schemas/decode_variant.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::incidents {

namespace {

using proto::from_timestamp;

core::Instant when(const v1::IncidentDetected& e) { return from_timestamp(e.occurred_at()); }
core::Instant when(const v1::AffectedTenantAdded& e) { return from_timestamp(e.at()); }
core::Instant when(const v1::FirstNoticeSent& e) { return from_timestamp(e.sent_at()); }
core::Instant when(const v1::ProgressReportSent& e) { return from_timestamp(e.sent_at()); }
core::Instant when(const v1::RecoveryReportSent& e) { return from_timestamp(e.sent_at()); }
core::Instant when(const v1::VendorContacted& e) { return from_timestamp(e.at()); }
core::Instant when(const v1::ResponseActivityRecorded& e) { return from_timestamp(e.started_at()); }
core::Instant when(const v1::WorkaroundApplied& e) { return from_timestamp(e.at()); }
core::Instant when(const v1::CauseIdentified& e) { return from_timestamp(e.at()); }
core::Instant when(const v1::ServiceRestored& e) { return from_timestamp(e.at()); }
core::Instant when(const v1::PermanentFixPlanned& e) { return from_timestamp(e.at()); }
core::Instant when(const v1::PreventionActionRecorded& e) { return from_timestamp(e.at()); }
core::Instant when(const v1::IncidentClosed& e) { return from_timestamp(e.at()); }
core::Instant when(const v1::IncidentReopened& e) { return from_timestamp(e.at()); }

}  // namespace

std::string stream_id_of(std::string_view incident_id) {
  return std::string(kStreamPrefix) + std::string(incident_id);
}

std::string incident_id_of(std::string_view stream_id) {
  if (!stream_id.starts_with(kStreamPrefix)) return {};
  return std::string(stream_id.substr(kStreamPrefix.size()));
}

core::Instant occurred_at(const IncidentEvent& event) {
  return std::visit([](const auto& e) { return when(e); }, event);
}

std::string type_name(const IncidentEvent& event) { return proto::type_name_of(event); }

std::optional<std::string> not_an_incident_stream(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (record.stream_id().starts_with(kStreamPrefix)) return std::nullopt;
  return "stream '" + record.stream_id() + "' is not an incident stream";
}

std::expected<IncidentEvent, std::string> decode(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (auto wrong = not_an_incident_stream(record)) return std::unexpected(std::move(*wrong));
  return proto::decode_variant<IncidentEvent>(record, kDomain);
}

std::string to_string(Status status) {
  switch (status) {
    case Status::open:
      return "open";
    case Status::workaround_applied:
      return "workaround_applied";
    case Status::restored:
      return "restored";
    case Status::closed:
      return "closed";
  }
  return "open";
}

std::optional<Status> parse_status(std::string_view text) {
  for (auto status : {Status::open, Status::workaround_applied, Status::restored, Status::closed})
    if (to_string(status) == text) return status;
  return std::nullopt;
}

Status next_status(Status current, const IncidentEvent& event) {
  return std::visit(core::overloaded{
                        [](const v1::IncidentDetected&) { return Status::open; },
                        [current](const v1::WorkaroundApplied&) {
                          return current == Status::open ? Status::workaround_applied : current;
                        },
                        [](const v1::ServiceRestored&) { return Status::restored; },
                        [](const v1::IncidentClosed&) { return Status::closed; },
                        [](const v1::IncidentReopened&) { return Status::open; },
                        // Facts that leave the status as it is:
                        [current](const v1::AffectedTenantAdded&) { return current; },
                        [current](const v1::FirstNoticeSent&) { return current; },
                        [current](const v1::ProgressReportSent&) { return current; },
                        [current](const v1::RecoveryReportSent&) { return current; },
                        [current](const v1::VendorContacted&) { return current; },
                        [current](const v1::ResponseActivityRecorded&) { return current; },
                        [current](const v1::CauseIdentified&) { return current; },
                        [current](const v1::PermanentFixPlanned&) { return current; },
                        [current](const v1::PreventionActionRecorded&) { return current; },
                    },
                    event);
}

std::optional<std::string> private_to(const IncidentEvent& event) {
  return std::visit(
      core::overloaded{
          [](const v1::AffectedTenantAdded& e) -> std::optional<std::string> { return e.tenant(); },
          [](const v1::FirstNoticeSent& e) -> std::optional<std::string> { return e.tenant(); },
          [](const v1::ProgressReportSent& e) -> std::optional<std::string> { return e.tenant(); },
          [](const v1::RecoveryReportSent& e) -> std::optional<std::string> { return e.tenant(); },
          [](const v1::IncidentDetected&) -> std::optional<std::string> { return {}; },
          [](const v1::VendorContacted&) -> std::optional<std::string> { return {}; },
          [](const v1::ResponseActivityRecorded&) -> std::optional<std::string> { return {}; },
          [](const v1::WorkaroundApplied&) -> std::optional<std::string> { return {}; },
          [](const v1::CauseIdentified&) -> std::optional<std::string> { return {}; },
          [](const v1::ServiceRestored&) -> std::optional<std::string> { return {}; },
          [](const v1::PermanentFixPlanned&) -> std::optional<std::string> { return {}; },
          [](const v1::PreventionActionRecorded&) -> std::optional<std::string> { return {}; },
          [](const v1::IncidentClosed&) -> std::optional<std::string> { return {}; },
          [](const v1::IncidentReopened&) -> std::optional<std::string> { return {}; },
      },
      event);
}

}  // namespace opsdesk::incidents
