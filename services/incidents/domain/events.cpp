#include "services/incidents/domain/events.hpp"

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

core::Instant occurred_at(const IncidentEvent& event) {
  return std::visit([](const auto& e) { return when(e); }, event);
}

std::string type_name(const IncidentEvent& event) {
  return std::visit([](const auto& e) { return std::string(e.GetDescriptor()->full_name()); },
                    event);
}

}  // namespace opsdesk::incidents
