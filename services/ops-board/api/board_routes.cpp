#include "services/ops-board/api/board_routes.hpp"

#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "libs/auth/http_guard.hpp"
#include "libs/projection/read_your_writes.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "services/ops-board/board_projection.hpp"

namespace opsdesk::ops_board::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

const std::vector<std::string> kStatusFilters{"active", "open", "workaround_applied", "restored",
                                              "closed"};
using incidents::kDomain;

std::string duration_text(std::chrono::seconds elapsed) {
  const auto hours = elapsed.count() / 3600;
  const auto minutes = (elapsed.count() % 3600) / 60;
  return std::to_string(hours) + ":" + (minutes < 10 ? "0" : "") + std::to_string(minutes);
}

// Rendered board answers by key (scope, filters, position, second). Small: keys of past seconds
// are useless, so the whole cache is dropped when it fills up.
class RenderedCache {
 public:
  std::shared_ptr<const std::string> find(const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(key);
    return found == entries_.end() ? nullptr : found->second;
  }
  void store(const std::string& key, std::shared_ptr<const std::string> body) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_[key] = std::move(body);
  }

 private:
  static constexpr std::size_t kMaxEntries = 256;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> entries_;
};

projection::MinPositionWait min_position_wait(const BoardApi& api) {
  return {api.runner, api.view, kDomain, "the board", api.max_wait};
}

class Handlers {
 public:
  explicit Handlers(BoardApi api) : api_(api), cache_(std::make_shared<RenderedCache>()) {}

  Response incidents(const Request& request) const {
    const auth::Principal* who = &auth::caller_of(request);
    std::vector<http::FieldError> errors;
    auto tenant = request.query_param("tenant");
    if (tenant && tenants::find_tenant(*tenant) == nullptr) {
      errors.push_back({"tenant", "unknown tenant code '" + *tenant +
                                      "'; allowed: " + tenants::allowed_codes_text()});
    }
    const std::string status = request.query_param("status").value_or("active");
    if (std::find(kStatusFilters.begin(), kStatusFilters.end(), status) == kStatusFilters.end()) {
      errors.push_back({"status",
                        "must be one of: active (every status but closed; the default), open, "
                        "workaround_applied, restored, closed"});
    }
    auto waited = check_min_position(request, errors);
    if (!errors.empty())
      return http::validation_problem(std::move(errors)).to_response(request.request_id);
    if (waited) return *waited;

    const auto now = api_.clock.now();
    // Read before the rows: every row is at least as new as this position.
    const auto as_of = api_.view.watermark(kDomain);
    // Rows change with the position and elapsed times with the second: within both, the same
    // question gets the same bytes, so a dashboard polling many times a second costs one render.
    const auto second = std::chrono::floor<std::chrono::seconds>(now);
    const std::string cache_key = scope_key(*who) + "|" + tenant.value_or("") + "|" + status + "|" +
                                  std::to_string(as_of) + "|" +
                                  std::to_string(second.time_since_epoch().count());
    auto body = cache_->find(cache_key);
    if (!body) {
      body =
          std::make_shared<const std::string>(render_incidents(*who, tenant, status, now, as_of));
      cache_->store(cache_key, body);
    }
    Response response;
    response.status = 200;
    response.body = *body;
    return response.set_header("X-Opsdesk-Position", std::to_string(as_of));
  }

  Response summary(const Request& request) const {
    const auth::Principal* who = &auth::caller_of(request);
    std::vector<http::FieldError> errors;
    auto waited = check_min_position(request, errors);
    if (!errors.empty())
      return http::validation_problem(std::move(errors)).to_response(request.request_id);
    if (waited) return *waited;

    const auto as_of = api_.view.watermark(kDomain);
    json by_tenant = json::object();
    json centre = nullptr;
    api_.view.reader().scan(kCountPrefix, [&](std::string_view key, std::string_view value) {
      // key: <tenant>/<status>/<severity>
      const auto first = key.find('/');
      const auto second = key.find('/', first + 1);
      const std::string tenant(key.substr(0, first));
      const std::string status(key.substr(first + 1, second - first - 1));
      const std::string severity(key.substr(second + 1));
      const long long count = std::stoll(std::string(value));
      json* target = nullptr;
      if (tenant == kAllTenants) {
        if (!who->all_tenants) return true;
        if (centre.is_null()) centre = empty_counts();
        target = &centre;
      } else {
        if (!who->can_see_tenant(tenant)) return true;
        if (!by_tenant.contains(tenant)) by_tenant[tenant] = empty_counts();
        target = &by_tenant[tenant];
      }
      (*target)["total"] = (*target)["total"].get<long long>() + count;
      (*target)["by_status"][status] = (*target)["by_status"].value(status, 0LL) + count;
      (*target)["by_severity"][severity] = (*target)["by_severity"].value(severity, 0LL) + count;
      return true;
    });
    json body{{"tenants", by_tenant}, {"as_of_position", as_of}};
    // Centre-wide totals count an incident once, however many tenants it affects; only callers
    // who see every tenant get them.
    if (who->all_tenants) body["centre"] = centre.is_null() ? empty_counts() : centre;
    return Response::json(200, body).set_header("X-Opsdesk-Position", std::to_string(as_of));
  }

 private:
  // The caller's tenant scope as part of a cache key: "*" or its tenant codes as the token
  // lists them (two orders of the same codes only cost a second cache entry).
  static std::string scope_key(const auth::Principal& who) {
    if (who.all_tenants) return "*";
    std::string key;
    for (const auto& t : who.tenants) key += t + ",";
    return key;
  }

  std::string render_incidents(const auth::Principal& who, const std::optional<std::string>& tenant,
                               const std::string& status, core::Instant now,
                               std::uint64_t as_of) const {
    struct Shown {
      core::Instant detected;
      json row;
    };
    std::vector<Shown> shown;
    auto consider = [&](std::string_view value) {
      view::BoardRow stored;
      if (!stored.ParseFromArray(value.data(), static_cast<int>(value.size())))
        throw std::runtime_error("ops-board: unreadable row in the view");
      if (status == "active" ? stored.status() == "closed" : stored.status() != status) return;
      json row = board_row_json(stored);
      json visible_tenants = json::array();
      // Of the tenants shown: others' reports are not the caller's business.
      std::optional<std::int64_t> last_report_us;
      for (int i = 0; i < stored.tenants_size(); ++i) {
        const auto& notices = stored.tenants(i);
        const auto& code = notices.tenant();
        if (!who.can_see_tenant(code) || (tenant && code != *tenant)) continue;
        auto& entry = row["tenants"][static_cast<std::size_t>(i)];
        entry["first_notice_sent"] = notices.has_first_notice_at_us();
        if (const auto* known = tenants::find_tenant(code))
          entry["name_ja"] = std::string(known->name_ja);
        if (notices.has_last_report_at_us() &&
            (!last_report_us || *last_report_us < notices.last_report_at_us()))
          last_report_us = notices.last_report_at_us();
        visible_tenants.push_back(std::move(entry));
      }
      if (visible_tenants.empty()) return;  // none of the caller's (or the filter's) tenants
      const auto detected = core::from_unix_micros(stored.detected_at_us());
      // A detection time may run up to 2 minutes ahead of our clock: never show negative time.
      const auto elapsed =
          std::max(std::chrono::seconds{0},
                   std::chrono::duration_cast<std::chrono::seconds>(now - detected));
      row["tenants"] = std::move(visible_tenants);
      row["last_report_at"] =
          last_report_us ? json(core::format_rfc3339(core::from_unix_micros(*last_report_us)))
                         : json(nullptr);
      row["elapsed_seconds"] = elapsed.count();
      row["elapsed_text"] = duration_text(elapsed);
      shown.push_back({detected, std::move(row)});
    };
    if (status == "closed") {
      api_.view.reader().scan(kIncidentPrefix, [&](std::string_view, std::string_view value) {
        consider(value);
        return true;
      });
    } else {
      // Every other filter is a subset of the active incidents, indexed on their own.
      api_.view.reader().scan(kActivePrefix, [&](std::string_view id, std::string_view) {
        if (auto row = api_.view.reader().get(std::string(kIncidentPrefix) + std::string(id)))
          consider(*row);
        return true;
      });
    }
    // Newest faults first: that is what an operator looks at.
    std::stable_sort(shown.begin(), shown.end(),
                     [](const Shown& a, const Shown& b) { return a.detected > b.detected; });
    json items = json::array();
    for (auto& s : shown) items.push_back(std::move(s.row));
    return json{{"items", items}, {"as_of_position", as_of}}.dump();
  }

  static json empty_counts() {
    return json{{"total", 0}, {"by_status", json::object()}, {"by_severity", json::object()}};
  }

  std::optional<Response> check_min_position(const Request& request,
                                             std::vector<http::FieldError>& errors) const {
    return projection::check_min_position(request, min_position_wait(api_), errors);
  }

  BoardApi api_;
  std::shared_ptr<RenderedCache> cache_;
};

}  // namespace

void add_board_routes(http::Router& router, BoardApi api) {
  auto handlers = std::make_shared<Handlers>(api);
  router.add_async(
      "GET", "/v1/board/incidents", http::Access::any_role_own_tenants(),
      projection::after_min_position(
          min_position_wait(api), [handlers](const Request& r) { return handlers->incidents(r); }));
  router.add_async(
      "GET", "/v1/board/summary", http::Access::any_role_own_tenants(),
      projection::after_min_position(
          min_position_wait(api), [handlers](const Request& r) { return handlers->summary(r); }));
}

}  // namespace opsdesk::ops_board::api
