#include "services/sla-watch/api/alert_routes.hpp"

#include <algorithm>

#include "libs/auth/http_guard.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "opsdesk/sla/v1/events.pb.h"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::sla_watch::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kDefaultLimit = 100;
constexpr std::size_t kMaxLimit = 1000;

class Handlers {
 public:
  explicit Handlers(AlertApi api) : api_(api) {}

  Response alerts(const Request& request) const {
    const auth::Principal* who = &auth::caller_of(request);
    std::vector<http::FieldError> errors;
    const auto limit = http::page_limit(request, kDefaultLimit, kMaxLimit, errors);
    if (!errors.empty())
      return http::validation_problem(std::move(errors)).to_response(request.request_id);
    std::vector<eventstore::RecordedEvent> events;
    if (auto incident = request.query_param("incident")) {
      events = api_.store.read_stream("sla-" + *incident);
    } else {
      events = api_.store.read_log(1, SIZE_MAX);
    }
    json items = json::array();
    for (auto it = events.rbegin(); it != events.rend() && items.size() < limit; ++it) {
      const bool visible = std::any_of(it->tenants().begin(), it->tenants().end(),
                                       [&](const auto& t) { return who->can_see_tenant(t); });
      if (visible) items.push_back(alert_json(*it));
    }
    const auto head = api_.store.head_position();
    return Response::json(200, json{{"items", items}, {"head_position", head}});
  }

 private:
  AlertApi api_;
};

}  // namespace

namespace {

// The association's Japanese name, null for a code the registry does not know.
json tenant_name_ja(const std::string& code) {
  const auto* known = tenants::find_tenant(code);
  return known ? json(std::string(known->name_ja)) : json(nullptr);
}

}  // namespace

json alert_json(const eventstore::RecordedEvent& event) {
  opsdesk::sla::v1::SlaThresholdReached alert;
  alert.ParseFromString(event.payload());
  return {{"event_id", event.event_id()},
          {"position", event.log_position()},
          {"recorded_at", core::format_tokyo_rfc3339(proto::from_timestamp(event.recorded_at()))},
          {"clock", alert.clock()},
          {"definition_id", alert.definition_id()},
          {"incident_id", alert.incident_id()},
          {"tenant", alert.tenant()},
          {"name_ja", tenant_name_ja(alert.tenant())},
          {"percent", alert.percent()},
          {"due_at", core::format_tokyo_rfc3339(proto::from_timestamp(alert.due_at()))},
          {"cycle_day", alert.cycle_day().empty() ? json(nullptr) : json(alert.cycle_day())},
          {"recurrence", alert.recurrence()},
          {"goal_seconds", alert.goal_seconds()},
          {"schedule", alert.schedule()}};
}

void add_alert_routes(http::Router& router, AlertApi api) {
  auto handlers = std::make_shared<Handlers>(api);
  router.add("GET", "/v1/sla/alerts", http::Access::any_role_own_tenants(),
             [handlers](const Request& r) { return handlers->alerts(r); });
}

}  // namespace opsdesk::sla_watch::api
