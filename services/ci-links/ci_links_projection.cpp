#include "services/ci-links/ci_links_projection.hpp"

#include <algorithm>
#include <cctype>

#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/scope.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/changes/contract/change_events.hpp"
#include "services/incidents/contract/incident_events.hpp"

namespace opsdesk::ci_links {

namespace {

using nlohmann::json;

std::string key(std::initializer_list<std::string_view> parts) {
  std::string k;
  for (auto part : parts) {
    if (!k.empty()) k += '/';
    k += part;
  }
  return k;
}

// The associations an item serves ("all_centre": the 18 of the centre).
std::vector<std::string> served(const google::protobuf::RepeatedPtrField<std::string>& scope) {
  return tenants::concerned_codes(std::vector<std::string>(scope.begin(), scope.end()));
}

void link(projection::ViewWriter& view, const std::string& ci_id, const std::string& incident_id,
          const std::string& text) {
  view.put(key({"link", ci_id, incident_id}), text);
  view.put(key({"incident-link", incident_id, ci_id}), text);
}

void apply_incident(const eventstore::RecordedEvent& record, projection::ViewWriter& view) {
  const auto incident_id = incidents::incident_id_of(record.stream_id());
  // Only these change a link or a summary; the rest of an incident's events are not parsed.
  auto event =
      incidents::decode_only<incidents::v1::IncidentDetected, incidents::v1::AffectedTenantAdded,
                             incidents::v1::IncidentClosed, incidents::v1::IncidentReopened>(
          record);
  if (!event) throw std::runtime_error(event.error());
  if (!*event) return;
  std::visit(core::overloaded{
                 [&](const incidents::v1::IncidentDetected& e) {
                   json texts = json::array();
                   for (const auto& text : e.configuration_items()) {
                     const auto t = normalised(text);
                     if (t.empty()) continue;
                     texts.push_back(text);
                     view.put(key({"text", t, incident_id}), text);
                     if (auto ci_id = view.get(key({"code", t})))
                       link(view, *ci_id, incident_id, text);
                   }
                   view.put(key({"incident", incident_id}),
                            json{{"id", incident_id},
                                 {"title", e.title()},
                                 {"severity", e.severity()},
                                 {"occurred_at", core::format_tokyo_rfc3339(
                                                     proto::from_timestamp(e.occurred_at()))},
                                 {"tenants", std::vector<std::string>(e.affected_tenants().begin(),
                                                                      e.affected_tenants().end())},
                                 {"texts", texts}}
                                .dump());
                 },
                 // What changes after the detection has keys of its own: a close, a reopening
                 // or a tenant added is one blind write, not a summary read, parsed and
                 // rewritten.
                 [&](const incidents::v1::AffectedTenantAdded& e) {
                   view.put(key({"added-tenant", incident_id, e.tenant()}), "");
                 },
                 [&](const incidents::v1::IncidentClosed&) {
                   view.put(key({"closed", incident_id}), "");
                 },
                 [&](const incidents::v1::IncidentReopened&) {
                   view.erase(key({"closed", incident_id}));
                 },
                 // Not parsed (decode_only above): named so that a new event type of the
                 // contract is a compile error here, to be handled or left out on purpose.
                 [](const incidents::v1::FirstNoticeSent&) {},
                 [](const incidents::v1::ProgressReportSent&) {},
                 [](const incidents::v1::RecoveryReportSent&) {},
                 [](const incidents::v1::VendorContacted&) {},
                 [](const incidents::v1::ResponseActivityRecorded&) {},
                 [](const incidents::v1::WorkaroundApplied&) {},
                 [](const incidents::v1::CauseIdentified&) {},
                 [](const incidents::v1::ServiceRestored&) {},
                 [](const incidents::v1::PermanentFixPlanned&) {},
                 [](const incidents::v1::PreventionActionRecorded&) {},
             },
             **event);
}

void apply_item(const eventstore::RecordedEvent& record, projection::ViewWriter& view) {
  const auto ci_id = changes::configuration_item_id_of(record.stream_id());
  auto event = changes::decode_configuration_item(record);
  if (!event) throw std::runtime_error(event.error());
  std::visit(
      core::overloaded{
          [&](const changes::v1::ConfigurationItemRegistered& e) {
            const auto code = normalised(e.code());
            view.put(key({"ci", ci_id}),
                     json{{"code", e.code()}, {"name", e.name()}, {"tenants", served(e.tenants())}}
                         .dump());
            view.put(key({"code", code}), ci_id);
            // Incidents that named the code before the item was registered.
            view.scan(key({"text", code}) + "/",
                      [&](std::string_view incident_id, std::string_view text) {
                        link(view, ci_id, std::string(incident_id), std::string(text));
                        return true;
                      });
          },
          [&](const changes::v1::ConfigurationItemRevised& e) {
            auto stored = view.get(key({"ci", ci_id}));
            if (!stored) return;
            auto item = json::parse(*stored);
            item["name"] = e.name();
            item["tenants"] = served(e.tenants());
            view.put(key({"ci", ci_id}), item.dump());
          },
          [](const changes::v1::ConfigurationItemRetired&) {},
      },
      *event);
}

}  // namespace

std::string normalised(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  std::string out(text.substr(first, last - first + 1));
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // '/' separates the view's key parts.
  std::replace(out.begin(), out.end(), '/', '_');
  return out;
}

void CiLinksProjection::apply(const eventstore::RecordedEvent& record,
                              projection::ViewWriter& view) {
  if (!incidents::incident_id_of(record.stream_id()).empty()) return apply_incident(record, view);
  if (!changes::configuration_item_id_of(record.stream_id()).empty())
    return apply_item(record, view);
  // Change requests and the effort cap: nothing to link.
}

std::optional<LinkedItem> find_item(const projection::ViewReader& view,
                                    const std::string& id_or_code) {
  std::string ci_id = id_or_code;
  if (auto by_code = view.get(key({"code", normalised(id_or_code)}))) ci_id = *by_code;
  auto stored = view.get(key({"ci", ci_id}));
  if (!stored) return std::nullopt;
  const auto item = json::parse(*stored);
  return LinkedItem{ci_id, item.at("code"), item.at("name"), "",
                    item.at("tenants").get<std::vector<std::string>>()};
}

std::vector<json> incidents_of(const projection::ViewReader& view, const std::string& ci_id) {
  std::vector<json> out;
  view.scan(key({"link", ci_id}) + "/", [&](std::string_view incident_id, std::string_view text) {
    if (auto summary = incident(view, std::string(incident_id))) {
      (*summary)["matched_text"] = std::string(text);
      out.push_back(std::move(*summary));
    }
    return true;
  });
  return out;
}

std::vector<LinkedItem> items_of(const projection::ViewReader& view,
                                 const std::string& incident_id) {
  std::vector<LinkedItem> out;
  view.scan(key({"incident-link", incident_id}) + "/", [&](std::string_view ci_id,
                                                           std::string_view text) {
    if (auto stored = view.get(key({"ci", ci_id}))) {
      const auto item = json::parse(*stored);
      out.push_back({std::string(ci_id), item.at("code"), item.at("name"), std::string(text),
                     item.at("tenants").get<std::vector<std::string>>()});
    }
    return true;
  });
  return out;
}

std::optional<json> incident(const projection::ViewReader& view, const std::string& incident_id) {
  auto stored = view.get(key({"incident", incident_id}));
  if (!stored) return std::nullopt;
  auto summary = json::parse(*stored);
  auto& tenants = summary["tenants"];
  view.scan(key({"added-tenant", incident_id}) + "/",
            [&](std::string_view tenant, std::string_view) {
              if (std::find(tenants.begin(), tenants.end(), tenant) == tenants.end())
                tenants.push_back(tenant);
              return true;
            });
  summary["closed"] = view.get(key({"closed", incident_id})).has_value();
  return summary;
}

}  // namespace opsdesk::ci_links
