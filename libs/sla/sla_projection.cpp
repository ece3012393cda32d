#include "libs/sla/sla_projection.hpp"

#include <cstdio>
#include <set>
#include <stdexcept>

#include "libs/core/overloaded.hpp"
#include "libs/sla/sla_table.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/incidents/contract/incident_events.hpp"

namespace opsdesk::sla {

namespace {

namespace v1 = opsdesk::incidents::v1;

// Zero-padded, so that key order is number order.
std::string padded(std::uint64_t number) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%020llu", static_cast<unsigned long long>(number));
  return digits;
}

std::string event_key(const std::string& incident_id, std::uint64_t version) {
  return std::string(kEventPrefix) + incident_id + "/" + padded(version);
}

std::string tenant_key(const std::string& tenant, const std::string& incident_id) {
  return std::string(kTenantPrefix) + tenant + "/" + incident_id;
}

}  // namespace

void SlaProjection::apply(const eventstore::RecordedEvent& event, projection::ViewWriter& view) {
  const std::string id = incidents::incident_id_of(event.stream_id());
  if (id.empty()) return;  // another aggregate's stream: the SLA rows are about incidents
  auto decoded = incidents::decode(event);
  if (!decoded) throw std::runtime_error(decoded.error());
  view.put(event_key(id, event.stream_version()), event.SerializeAsString());
  if (indexes_.touched) view.put(std::string(kTouchedPrefix) + padded(event.log_position()), id);
  if (indexes_.closed_and_latest) {
    const std::string latest_key = std::string(kLatestPrefix) + id;
    const auto occurred = core::to_unix_micros(proto::from_timestamp(event.occurred_at()));
    if (const auto latest = view.get(latest_key); !latest || std::stoll(*latest) < occurred)
      view.put(latest_key, std::to_string(occurred));
  }
  const std::string open_key = std::string(kOpenPrefix) + id;
  // Every event is kept above; these index who is affected and what is open or closed.
  std::visit(
      core::overloaded{
          [&](const v1::IncidentDetected& e) {
            view.put(std::string(kIncidentPrefix) + id,
                     std::to_string(core::to_unix_micros(proto::from_timestamp(e.occurred_at()))));
            view.put(open_key, "");
            for (const auto& tenant : e.affected_tenants()) view.put(tenant_key(tenant, id), "");
          },
          [&](const v1::AffectedTenantAdded& e) { view.put(tenant_key(e.tenant(), id), ""); },
          [&](const v1::IncidentClosed& e) {
            view.erase(open_key);
            if (!indexes_.closed_and_latest) return;
            view.put(std::string(kClosedPrefix) + id,
                     std::to_string(core::to_unix_micros(proto::from_timestamp(e.at()))) + " " +
                         std::to_string(
                             core::to_unix_micros(proto::from_timestamp(event.recorded_at()))));
          },
          [&](const v1::IncidentReopened&) {
            view.put(open_key, "");
            view.erase(std::string(kClosedPrefix) + id);
          },
          [](const v1::FirstNoticeSent&) {},
          [](const v1::ProgressReportSent&) {},
          [](const v1::RecoveryReportSent&) {},
          [](const v1::VendorContacted&) {},
          [](const v1::ResponseActivityRecorded&) {},
          [](const v1::WorkaroundApplied&) {},
          [](const v1::CauseIdentified&) {},
          [](const v1::ServiceRestored&) {},
          [](const v1::PermanentFixPlanned&) {},
          [](const v1::PreventionActionRecorded&) {},
      },
      *decoded);
}

std::vector<eventstore::RecordedEvent> incident_events(const projection::ViewReader& view,
                                                       const std::string& incident_id) {
  std::vector<eventstore::RecordedEvent> events;
  view.scan(std::string(kEventPrefix) + incident_id + "/",
            [&](std::string_view, std::string_view value) {
              eventstore::RecordedEvent event;
              if (event.ParseFromArray(value.data(), static_cast<int>(value.size())))
                events.push_back(std::move(event));
              return true;
            });
  return events;
}

std::vector<std::string> open_incident_ids(const projection::ViewReader& view) {
  std::vector<std::string> ids;
  view.scan(kOpenPrefix, [&](std::string_view key, std::string_view) {
    ids.emplace_back(key);
    return true;
  });
  return ids;
}

std::vector<std::string> incidents_touched_after(const projection::ViewReader& view,
                                                 std::uint64_t position) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  view.scan_from(kTouchedPrefix, padded(position + 1), [&](std::string_view, std::string_view id) {
    if (seen.insert(std::string(id)).second) ids.emplace_back(id);
    return true;
  });
  return ids;
}

std::optional<IncidentSpan> incident_span(const projection::ViewReader& view,
                                          const std::string& id) {
  const auto began = view.get(std::string(kIncidentPrefix) + id);
  if (!began) return std::nullopt;
  IncidentSpan span;
  span.began = core::from_unix_micros(std::stoll(*began));
  if (const auto latest = view.get(std::string(kLatestPrefix) + id))
    span.latest = core::from_unix_micros(std::stoll(*latest));
  if (const auto closed = view.get(std::string(kClosedPrefix) + id))
    span.close_recorded = core::from_unix_micros(std::stoll(closed->substr(closed->find(' ') + 1)));
  return span;
}

bool IncidentSpan::may_figure_in(const TablePeriod& period,
                                 std::optional<core::Instant> recorded_before) const {
  // Nothing of an incident that began after the period can fall inside it.
  if (began >= period.until) return false;
  if (!close_recorded || !latest) return true;
  // Seen open at the as-of cutoff (its close recorded later): its clocks ran at the cutoff.
  if (recorded_before && *close_recorded >= *recorded_before) return true;
  return *latest >= period.from;
}

bool affects_tenant(const projection::ViewReader& view, const std::string& id,
                    const std::string& tenant) {
  return tenant == kCentreWide ? view.get(std::string(kIncidentPrefix) + id).has_value()
                               : view.get(tenant_key(tenant, id)).has_value();
}

std::vector<std::string> incident_ids(const projection::ViewReader& view,
                                      const std::string& tenant) {
  std::vector<std::string> ids;
  const std::string prefix = tenant == kCentreWide ? std::string(kIncidentPrefix)
                                                   : std::string(kTenantPrefix) + tenant + "/";
  view.scan(prefix, [&](std::string_view key, std::string_view) {
    ids.emplace_back(key);  // the scan gives keys without the prefix
    return true;
  });
  return ids;
}

}  // namespace opsdesk::sla
