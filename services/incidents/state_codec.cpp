#include "services/incidents/state_codec.hpp"

#include <optional>

#include "services/incidents/incident_state.pb.h"

namespace opsdesk::incidents {

namespace {

namespace pb = opsdesk::incidents::snapshot;

std::int64_t micros(core::Instant at) { return core::to_unix_micros(at); }
core::Instant instant(std::int64_t micros) { return core::from_unix_micros(micros); }

// A proto3 `optional int64` time: its presence and its value (0 when absent).
std::optional<core::Instant> optional_instant(bool present, std::int64_t at_us) {
  if (!present) return std::nullopt;
  return instant(at_us);
}

}  // namespace

std::string encode_state(const IncidentState& s) {
  pb::IncidentState out;
  out.set_version(s.version);
  out.set_id(s.id);
  out.set_occurred_at_us(micros(s.occurred_at));
  out.set_source(s.source);
  out.set_severity(s.severity);
  out.set_title(s.title);
  out.set_description(s.description);
  for (const auto& tenant : s.affected_tenants) out.add_affected_tenants(tenant);
  for (const auto& item : s.configuration_items) out.add_configuration_items(item);
  out.set_inquiry_id(s.inquiry_id);
  out.set_status(to_string(s.status));
  for (const auto& [tenant, notices] : s.notices) {
    auto& n = *out.add_notices();
    n.set_tenant(tenant);
    if (notices.first_notice_at) n.set_first_notice_at_us(micros(*notices.first_notice_at));
    if (notices.last_progress_report_at)
      n.set_last_progress_report_at_us(micros(*notices.last_progress_report_at));
    n.set_progress_reports(notices.progress_reports);
    if (notices.recovery_report_at)
      n.set_recovery_report_at_us(micros(*notices.recovery_report_at));
  }
  for (const auto& contact : s.vendor_contacts) {
    auto& c = *out.add_vendor_contacts();
    c.set_vendor(contact.vendor);
    c.set_at_us(micros(contact.at));
    c.set_summary(contact.summary);
  }
  for (const auto& activity : s.response_activities) {
    auto& a = *out.add_response_activities();
    a.set_started_at_us(micros(activity.started_at));
    a.set_ended_at_us(micros(activity.ended_at));
    a.set_by(activity.by);
    a.set_summary(activity.summary);
  }
  auto notes = [](const std::vector<TimedNote>& from, auto* to) {
    for (const auto& note : from) {
      auto& n = *to->Add();
      n.set_at_us(micros(note.at));
      n.set_summary(note.summary);
    }
  };
  notes(s.workarounds, out.mutable_workarounds());
  notes(s.causes, out.mutable_causes());
  notes(s.prevention_actions, out.mutable_prevention_actions());
  for (const auto& fix : s.permanent_fixes) {
    auto& f = *out.add_permanent_fixes();
    f.set_change_id(fix.change_id);
    f.set_summary(fix.summary);
    f.set_at_us(micros(fix.at));
  }
  if (s.restored_at) out.set_restored_at_us(micros(*s.restored_at));
  out.set_service_stopped(s.service_stopped);
  if (s.closed_at) out.set_closed_at_us(micros(*s.closed_at));
  out.set_resolution(s.resolution);
  out.set_reopen_count(s.reopen_count);
  return out.SerializeAsString();
}

std::expected<IncidentState, std::string> decode_state(std::string_view bytes) {
  pb::IncidentState in;
  if (!in.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return std::unexpected(std::string("not an encoded incident state"));
  auto status = parse_status(in.status());
  if (!status) return std::unexpected("unknown incident status \"" + in.status() + "\"");

  IncidentState s;
  s.version = in.version();
  s.id = in.id();
  s.occurred_at = instant(in.occurred_at_us());
  s.source = in.source();
  s.severity = in.severity();
  s.title = in.title();
  s.description = in.description();
  s.affected_tenants.assign(in.affected_tenants().begin(), in.affected_tenants().end());
  s.configuration_items.assign(in.configuration_items().begin(), in.configuration_items().end());
  s.inquiry_id = in.inquiry_id();
  s.status = *status;
  for (const auto& n : in.notices()) {
    auto& notices = s.notices[n.tenant()];
    notices.first_notice_at = optional_instant(n.has_first_notice_at_us(), n.first_notice_at_us());
    notices.last_progress_report_at =
        optional_instant(n.has_last_progress_report_at_us(), n.last_progress_report_at_us());
    notices.progress_reports = n.progress_reports();
    notices.recovery_report_at =
        optional_instant(n.has_recovery_report_at_us(), n.recovery_report_at_us());
  }
  for (const auto& c : in.vendor_contacts())
    s.vendor_contacts.push_back({c.vendor(), instant(c.at_us()), c.summary()});
  for (const auto& a : in.response_activities()) {
    s.response_activities.push_back(
        {instant(a.started_at_us()), instant(a.ended_at_us()), a.by(), a.summary()});
  }
  auto notes = [](const auto& from, std::vector<TimedNote>& to) {
    for (const auto& n : from) to.push_back({instant(n.at_us()), n.summary()});
  };
  notes(in.workarounds(), s.workarounds);
  notes(in.causes(), s.causes);
  notes(in.prevention_actions(), s.prevention_actions);
  for (const auto& f : in.permanent_fixes())
    s.permanent_fixes.push_back({f.change_id(), f.summary(), instant(f.at_us())});
  s.restored_at = optional_instant(in.has_restored_at_us(), in.restored_at_us());
  s.service_stopped = in.service_stopped();
  s.closed_at = optional_instant(in.has_closed_at_us(), in.closed_at_us());
  s.resolution = in.resolution();
  s.reopen_count = in.reopen_count();
  return s;
}

}  // namespace opsdesk::incidents
