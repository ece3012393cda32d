#pragma once
// The incident's events as one sum type over the protobuf messages of the public contract
// (proto-schemas/opsdesk/incidents/v1/events.proto).

#include <string>
#include <variant>

#include "libs/core/instant.hpp"
#include "opsdesk/incidents/v1/events.pb.h"

namespace opsdesk::incidents {

namespace v1 = opsdesk::incidents::v1;

using IncidentEvent =
    std::variant<v1::IncidentDetected, v1::AffectedTenantAdded, v1::FirstNoticeSent,
                 v1::ProgressReportSent, v1::RecoveryReportSent, v1::VendorContacted,
                 v1::ResponseActivityRecorded, v1::WorkaroundApplied, v1::CauseIdentified,
                 v1::ServiceRestored, v1::PermanentFixPlanned, v1::PreventionActionRecorded,
                 v1::IncidentClosed, v1::IncidentReopened>;

// When the event happened in the world (the envelope's occurred_at).
core::Instant occurred_at(const IncidentEvent& event);

// The protobuf full name, e.g. "opsdesk.incidents.v1.IncidentDetected" (envelope type, ce_type).
std::string type_name(const IncidentEvent& event);

}  // namespace opsdesk::incidents
