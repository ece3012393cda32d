#include "services/notifier/notifier_projection.hpp"

#include <nlohmann/json.hpp>

#include "libs/core/overloaded.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "services/scheduling/contract/schedule_events.hpp"

namespace opsdesk::notifier {

namespace {

using nlohmann::json;
namespace sv1 = opsdesk::scheduling::v1;

constexpr std::string_view kWindow = "window/";
constexpr std::string_view kPending = "pending/";
constexpr std::string_view kIncident = "incident/";

std::int64_t micros(core::Instant at) { return core::to_unix_micros(at); }

json to_json(const PendingMail& p) {
  return {{"key", p.key},
          {"kind", p.kind},
          {"tenant", p.tenant},
          {"about", p.about},
          {"window_id", p.window_id},
          {"title", p.title},
          {"planned_start_us", micros(p.planned_start)},
          {"planned_end_us", micros(p.planned_end)},
          {"completed_at_us", micros(p.completed_at)},
          {"note", p.note},
          {"cause_stream_id", p.cause_stream_id},
          {"cause_event_id", p.cause_event_id}};
}

PendingMail from_json(const json& j) {
  return {j.at("key"),
          j.at("kind"),
          j.at("tenant"),
          j.at("about"),
          j.at("window_id"),
          j.at("title"),
          core::from_unix_micros(j.at("planned_start_us")),
          core::from_unix_micros(j.at("planned_end_us")),
          core::from_unix_micros(j.at("completed_at_us")),
          j.at("note"),
          j.at("cause_stream_id"),
          j.at("cause_event_id")};
}

std::string mail_key(std::string_view kind, const std::string& window_id,
                     const std::string& tenant) {
  return std::string(kind) + "/window/" + window_id + "/" + tenant;
}

std::string pending_key(const std::string& mail_key) { return std::string(kPending) + mail_key; }

void erase_stop_notices(projection::ViewWriter& view, const sv1::WindowPlanned& window) {
  for (const auto& tenant : window.tenants())
    view.erase(pending_key(mail_key(kServiceStopNotice, window.window_id(), tenant)));
}

}  // namespace

void NotifierProjection::apply(const eventstore::RecordedEvent& record,
                               projection::ViewWriter& view) {
  if (!incidents::incident_id_of(record.stream_id()).empty()) return apply_incident(record, view);
  const auto window_id = scheduling::window_id_of(record.stream_id());
  if (window_id.empty()) return;  // tasks, occurrences and reports call for no mail
  auto event = scheduling::decode_window(record);
  if (!event) throw std::runtime_error(event.error());
  const auto window_key = std::string(kWindow) + window_id;
  auto planned = [&]() -> std::optional<sv1::WindowPlanned> {
    auto bytes = view.get(window_key);
    if (!bytes) return std::nullopt;  // a window that does not stop the service
    sv1::WindowPlanned window;
    if (!window.ParseFromString(*bytes))
      throw std::runtime_error("the notifier's view of window " + window_id + " is unreadable");
    return window;
  };
  std::visit(core::overloaded{
                 [&](const sv1::WindowPlanned& e) {
                   if (!e.stops_service()) return;
                   view.put(window_key, e.SerializeAsString());
                   for (const auto& tenant : e.tenants()) {
                     PendingMail p;
                     p.key = mail_key(kServiceStopNotice, window_id, tenant);
                     p.kind = kServiceStopNotice;
                     p.tenant = tenant;
                     p.window_id = window_id;
                     p.title = e.title();
                     p.planned_start = proto::from_timestamp(e.planned_start());
                     p.planned_end = proto::from_timestamp(e.planned_end());
                     p.cause_stream_id = record.stream_id();
                     p.cause_event_id = record.event_id();
                     view.put(pending_key(p.key), to_json(p).dump());
                   }
                 },
                 [](const sv1::WindowApproved&) {},
                 [&](const sv1::WindowCompleted& e) {
                   auto window = planned();
                   if (!window) return;
                   erase_stop_notices(view, *window);  // too late for them now
                   for (const auto& tenant : window->tenants()) {
                     PendingMail p;
                     p.key = mail_key(kServiceResumed, window_id, tenant);
                     p.kind = kServiceResumed;
                     p.tenant = tenant;
                     p.window_id = window_id;
                     p.title = window->title();
                     p.planned_start = proto::from_timestamp(window->planned_start());
                     p.planned_end = proto::from_timestamp(window->planned_end());
                     p.completed_at = proto::from_timestamp(e.at());
                     p.note = e.note();
                     p.cause_stream_id = record.stream_id();
                     p.cause_event_id = record.event_id();
                     view.put(pending_key(p.key), to_json(p).dump());
                   }
                 },
                 [&](const sv1::WindowCancelled&) {
                   if (auto window = planned()) erase_stop_notices(view, *window);
                 },
             },
             *event);
}

// An incident that stopped the service: when it is restored, each association it affects is
// told the service resumed (once per restoration: a reopened fault restored again is told again).
void NotifierProjection::apply_incident(const eventstore::RecordedEvent& record,
                                        projection::ViewWriter& view) {
  namespace iv1 = opsdesk::incidents::v1;
  const auto incident_id = incidents::incident_id_of(record.stream_id());
  auto event = incidents::decode(record);
  if (!event) throw std::runtime_error(event.error());
  const auto incident_key = std::string(kIncident) + incident_id;
  auto known = [&]() -> json {
    auto bytes = view.get(incident_key);
    if (!bytes) throw std::runtime_error("incident " + incident_id + " before its detection");
    return json::parse(*bytes);
  };
  std::visit(core::overloaded{
                 [&](const iv1::IncidentDetected& e) {
                   view.put(incident_key,
                            json{{"title", e.title()},
                                 {"tenants", std::vector<std::string>(e.affected_tenants().begin(),
                                                                      e.affected_tenants().end())},
                                 {"occurred_at_us", micros(proto::from_timestamp(e.occurred_at()))},
                                 {"restorations", 0}}
                                .dump());
                 },
                 [&](const iv1::AffectedTenantAdded& e) {
                   auto incident = known();
                   incident["tenants"].push_back(e.tenant());
                   view.put(incident_key, incident.dump());
                 },
                 [&](const iv1::ServiceRestored& e) {
                   auto incident = known();
                   const int restoration = incident["restorations"].get<int>() + 1;
                   incident["restorations"] = restoration;
                   view.put(incident_key, incident.dump());
                   if (!e.service_stopped()) return;
                   for (const auto& tenant : incident["tenants"]) {
                     PendingMail p;
                     p.tenant = tenant;
                     p.key = std::string(kServiceResumed) + "/incident/" + incident_id + "/" +
                             std::to_string(restoration) + "/" + p.tenant;
                     p.kind = kServiceResumed;
                     p.about = kAboutIncident;
                     p.window_id = incident_id;
                     p.title = incident["title"];
                     p.planned_start =
                         core::from_unix_micros(incident["occurred_at_us"].get<std::int64_t>());
                     p.planned_end = proto::from_timestamp(e.at());
                     p.completed_at = proto::from_timestamp(e.at());
                     p.note = e.summary();
                     p.cause_stream_id = record.stream_id();
                     p.cause_event_id = record.event_id();
                     view.put(pending_key(p.key), to_json(p).dump());
                   }
                 },
                 [](const iv1::FirstNoticeSent&) {},
                 [](const iv1::ProgressReportSent&) {},
                 [](const iv1::RecoveryReportSent&) {},
                 [](const iv1::VendorContacted&) {},
                 [](const iv1::ResponseActivityRecorded&) {},
                 [](const iv1::WorkaroundApplied&) {},
                 [](const iv1::CauseIdentified&) {},
                 [](const iv1::PermanentFixPlanned&) {},
                 [](const iv1::PreventionActionRecorded&) {},
                 [](const iv1::IncidentClosed&) {},
                 [](const iv1::IncidentReopened&) {},
             },
             *event);
}

std::vector<PendingMail> pending_mails(const projection::ViewReader& view) {
  std::vector<PendingMail> pending;
  view.scan(kPending, [&](std::string_view, std::string_view value) {
    pending.push_back(from_json(json::parse(value)));
    return true;
  });
  return pending;
}

}  // namespace opsdesk::notifier
