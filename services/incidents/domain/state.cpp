#include "services/incidents/domain/state.hpp"

#include <algorithm>

#include "proto-schemas/proto_time.hpp"

namespace opsdesk::incidents {

namespace {

using proto::from_timestamp;

void apply(IncidentState& s, const v1::IncidentDetected& e) {
  s.id = e.incident_id();
  s.occurred_at = from_timestamp(e.occurred_at());
  s.source = e.source();
  s.severity = e.severity();
  s.title = e.title();
  s.description = e.description();
  s.affected_tenants.assign(e.affected_tenants().begin(), e.affected_tenants().end());
  s.configuration_items.assign(e.configuration_items().begin(), e.configuration_items().end());
  s.inquiry_id = e.inquiry_id();
  s.service_stopped = e.service_stopped();
}

void apply(IncidentState& s, const v1::AffectedTenantAdded& e) {
  if (!s.affects(e.tenant())) s.affected_tenants.push_back(e.tenant());
}

void apply(IncidentState& s, const v1::FirstNoticeSent& e) {
  s.notices[e.tenant()].first_notice_at = from_timestamp(e.sent_at());
}

void apply(IncidentState& s, const v1::ProgressReportSent& e) {
  auto& notices = s.notices[e.tenant()];
  notices.last_progress_report_at = from_timestamp(e.sent_at());
  ++notices.progress_reports;
}

void apply(IncidentState& s, const v1::RecoveryReportSent& e) {
  s.notices[e.tenant()].recovery_report_at = from_timestamp(e.sent_at());
}

void apply(IncidentState& s, const v1::VendorContacted& e) {
  s.vendor_contacts.push_back({e.vendor(), from_timestamp(e.at()), e.summary()});
}

void apply(IncidentState& s, const v1::ResponseActivityRecorded& e) {
  s.response_activities.push_back(
      {from_timestamp(e.started_at()), from_timestamp(e.ended_at()), e.by(), e.summary()});
}

void apply(IncidentState& s, const v1::WorkaroundApplied& e) {
  s.workarounds.push_back({from_timestamp(e.at()), e.summary()});
}

void apply(IncidentState& s, const v1::CauseIdentified& e) {
  s.causes.push_back({from_timestamp(e.at()), e.summary()});
}

void apply(IncidentState& s, const v1::ServiceRestored& e) {
  s.restored_at = from_timestamp(e.at());
  s.service_stopped = s.service_stopped || e.service_stopped();
}

void apply(IncidentState& s, const v1::PermanentFixPlanned& e) {
  s.permanent_fixes.push_back({e.change_id(), e.summary(), from_timestamp(e.at())});
}

void apply(IncidentState& s, const v1::PreventionActionRecorded& e) {
  s.prevention_actions.push_back({from_timestamp(e.at()), e.summary()});
}

void apply(IncidentState& s, const v1::IncidentClosed& e) {
  s.closed_at = from_timestamp(e.at());
  s.resolution = e.resolution();
}

void apply(IncidentState& s, const v1::IncidentReopened&) {
  // The fault is back (or was never fixed): the service counts as down again (open) until a
  // new restoration, so recovery reports and closing wait for it.
  s.restored_at.reset();
  s.closed_at.reset();
  s.resolution.clear();
  ++s.reopen_count;
}

}  // namespace

bool IncidentState::affects(const std::string& tenant) const {
  return std::find(affected_tenants.begin(), affected_tenants.end(), tenant) !=
         affected_tenants.end();
}

IncidentState evolve(IncidentState state, const IncidentEvent& event) {
  std::visit([&](const auto& e) { apply(state, e); }, event);
  state.status = next_status(state.status, event);
  ++state.version;
  return state;
}

}  // namespace opsdesk::incidents
