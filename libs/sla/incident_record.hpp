#pragma once
// What the SLA engine knows of one incident: the facts its events state, each with the id of
// the event behind it (every figure must be explainable) and when that event was recorded (a
// table "as of" a past day sees only what had been recorded by then). Folded from the public
// event contract (proto-schemas), never from the incidents service's internals.

#include <optional>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"
#include "opsdesk/eventstore/v1/recorded_event.pb.h"

namespace opsdesk::sla {

// An event as recorded (the envelope of the incidents' published contract).
using Envelope = opsdesk::eventstore::v1::RecordedEvent;

// Where a fact came from.
struct Evidence {
  std::string event_id;
  core::Instant recorded_at;
};

// A report to one tenant (a first notice, progress report or recovery report), or a moment
// of the incident (a restoration, a close, a reopening).
struct Notice {
  std::string kind;  // first_notice | progress_report | recovery_report; empty for moments
  core::Instant sent_at;
  Evidence evidence;
  int occurrence = 0;  // recorded during the fault's first occurrence (0) or the n-th reopening
};

struct TenantFacts {
  std::string tenant;
  // When this tenant's first-notice clock starts: the fault's occurred_at for the tenants of
  // the detection (retroactive when detected late), the moment of adding for a later one.
  core::Instant affected_since;
  Evidence affected_by;
  // false when the tenant came in by the detection's "all_centre" rather than by its name: the
  // SLA engine then measures it only from its go-live month.
  bool named = true;
  int since_occurrence = 0;     // the occurrence during which the tenant became affected
  std::vector<Notice> reports;  // every report to the tenant, in event order
};

// Work on the incident, each classified against the response-hours schedule: a response
// activity spans [started_at, ended_at]; other actions are instants (ended_at == started_at).
struct ResponseAction {
  std::string kind;  // response_activity, first_notice, progress_report, recovery_report,
                     // vendor_contact, workaround, cause_identified, service_restored,
                     // permanent_fix_planned, prevention_action, tenant_added, closed, reopened
  core::Instant started_at;
  core::Instant ended_at;
  std::string by;      // the activity's `by`, else the event's actor
  std::string tenant;  // notices and tenant_added: the association it concerns
  Evidence evidence;
};

struct IncidentRecord {
  std::string id;
  std::string title;
  std::string severity;
  core::Instant occurred_at;  // the error/warning appeared: every first-notice clock's origin
  Evidence detected_by;
  std::vector<TenantFacts> tenants;        // detection's tenants first, then in order of adding
  std::vector<ResponseAction> actions;     // in event order
  std::vector<Notice> restorations;        // ServiceRestored, in event order
  std::vector<Notice> closes;              // IncidentClosed, in event order
  std::vector<Notice> reopenings;          // each is a recurrence of the fault
  std::optional<core::Instant> closed_at;  // the latest close, cleared by a reopening
  std::uint64_t version = 0;               // stream version of the last event folded in

  bool exists() const { return version > 0; }
  const TenantFacts* tenant(const std::string& code) const;
};

// Folds an incident's events (in stream order) into its record. Events recorded at or after
// `recorded_before` are left out: the record as it stood at that instant. Duplicates of a
// version already folded change nothing; an event that does not decode throws.
IncidentRecord fold_incident(const std::vector<Envelope>& events,
                             std::optional<core::Instant> recorded_before = std::nullopt);

}  // namespace opsdesk::sla
