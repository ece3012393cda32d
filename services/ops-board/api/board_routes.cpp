#include "services/ops-board/api/board_routes.hpp"

#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/single_flight.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/projection/read_your_writes.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "services/ops-board/api/board_rows.hpp"
#include "services/ops-board/board_projection.hpp"

namespace opsdesk::ops_board::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

const std::vector<std::string> kStatusFilters{"active", "open", "workaround_applied", "restored",
                                              "closed"};
using incidents::kDomain;

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

constexpr std::size_t kDefaultHistoryPage = 100;
constexpr std::size_t kMaxHistoryPage = 1000;

// One page of the closed incidents' history.
struct HistoryPage {
  std::size_t limit = kDefaultHistoryPage;
  std::optional<std::string> cursor;     // the closed/ key to start at (next_cursor)
  std::optional<std::int64_t> from_us;   // closes at or after (Tokyo midnight of closed_from)
  std::optional<std::int64_t> until_us;  // closes at or before (the end of closed_until)

  std::string key() const {
    return std::to_string(limit) + "/" + cursor.value_or("") + "/" +
           (from_us ? std::to_string(*from_us) : "") + "/" +
           (until_us ? std::to_string(*until_us) : "");
  }
};

projection::MinPositionWait min_position_wait(const BoardApi& api) {
  return {api.runner, api.view, {kDomain}, "the board", api.max_wait};
}

class Handlers {
 public:
  explicit Handlers(BoardApi api)
      : api_(api),
        cache_(std::make_shared<RenderedCache>()),
        rendering_(std::make_shared<core::SingleFlight>()) {}

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
    const auto page = parse_history_page(request, status, errors);
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
                                  page.key() + "|" + std::to_string(as_of) + "|" +
                                  std::to_string(second.time_since_epoch().count());
    auto body = cache_->find(cache_key);
    if (!body) {
      // The first poll of a second renders; those arriving meanwhile wait for its bytes.
      const auto turn = rendering_->take(cache_key);
      body = cache_->find(cache_key);
      if (!body) {
        body = std::make_shared<const std::string>(
            status == "closed" ? render_closed(*who, tenant, page, now, as_of)
                               : render_incidents(*who, tenant, status, now, as_of));
        cache_->store(cache_key, body);
      }
    }
    Response response;
    response.status = 200;
    response.shared_body = std::move(body);
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

  // What still needs attention (the active index), newest fault first.
  std::string render_incidents(const auth::Principal& who, const std::optional<std::string>& tenant,
                               const std::string& status, core::Instant now,
                               std::uint64_t as_of) const {
    struct Shown {
      core::Instant detected;
      json row;
    };
    std::vector<Shown> shown;
    // Every filter but closed is a subset of the active incidents, indexed on their own.
    api_.view.reader().scan(kActivePrefix, [&](std::string_view id, std::string_view) {
      auto value = api_.view.reader().get(std::string(kIncidentPrefix) + std::string(id));
      if (!value) return true;
      const auto stored = parsed_row(*value);
      if (status == "active" ? stored.status() == "closed" : stored.status() != status) return true;
      if (auto row = visible_row(stored, who, tenant, now))
        shown.push_back({core::from_unix_micros(stored.detected_at_us()), std::move(*row)});
      return true;
    });
    // Newest faults first: that is what an operator looks at.
    std::stable_sort(shown.begin(), shown.end(),
                     [](const Shown& a, const Shown& b) { return a.detected > b.detected; });
    json items = json::array();
    for (auto& s : shown) items.push_back(std::move(s.row));
    return json{{"items", items}, {"as_of_position", as_of}, {"next_cursor", nullptr}}.dump();
  }

  // History: the closed incidents, the latest close first, one page at a time through the
  // closed/ index, so a query over years reads its page, not every row ever closed.
  std::string render_closed(const auth::Principal& who, const std::optional<std::string>& tenant,
                            const HistoryPage& page, core::Instant now, std::uint64_t as_of) const {
    json items = json::array();
    json next_cursor = nullptr;
    const std::string start =
        page.cursor ? *page.cursor : (page.until_us ? closed_key_time(*page.until_us) : "");
    api_.view.reader().scan_from(kClosedPrefix, start, [&](std::string_view key, std::string_view) {
      const auto closed_at = closed_at_of(key);
      if (!closed_at || (page.from_us && *closed_at < *page.from_us)) return false;
      if (items.size() == page.limit) {
        next_cursor = std::string(key);
        return false;
      }
      const auto id = key.substr(key.find('/') + 1);
      auto value = api_.view.reader().get(std::string(kIncidentPrefix) + std::string(id));
      if (!value) return true;
      if (auto row = visible_row(parsed_row(*value), who, tenant, now))
        items.push_back(std::move(*row));
      return true;
    });
    return json{{"items", items}, {"as_of_position", as_of}, {"next_cursor", next_cursor}}.dump();
  }

  // status=closed pages: limit, cursor (from next_cursor), closed_from / closed_until (Tokyo
  // dates, both included). Refused with any other status: there is nothing to page there.
  HistoryPage parse_history_page(const Request& request, const std::string& status,
                                 std::vector<http::FieldError>& errors) const {
    HistoryPage page;
    const bool closed = status == "closed";
    for (const char* name : {"limit", "cursor", "closed_from", "closed_until"}) {
      if (!closed && request.query_param(name))
        errors.push_back({name, "pages only the history: use it with status=closed"});
    }
    if (!closed) return page;
    page.limit = http::page_limit(request, kDefaultHistoryPage, kMaxHistoryPage, errors);
    if (auto cursor = request.query_param("cursor")) {
      if (!closed_at_of(*cursor)) {
        errors.push_back({"cursor", "is not a cursor of this API: pass next_cursor as it came"});
      } else {
        page.cursor = *cursor;
      }
    }
    auto day = [&](const char* name) -> std::optional<std::chrono::year_month_day> {
      auto text = request.query_param(name);
      if (!text) return std::nullopt;
      auto date = calendar::parse_iso_date(*text);
      if (!date) errors.push_back({name, "must be a date YYYY-MM-DD (Asia/Tokyo)"});
      return date ? std::optional(*date) : std::nullopt;
    };
    if (auto from = day("closed_from"))
      page.from_us = core::to_unix_micros(core::from_tokyo(*from, {}));
    if (auto until = day("closed_until")) {
      const std::chrono::year_month_day after{std::chrono::sys_days{*until} + std::chrono::days{1}};
      page.until_us = core::to_unix_micros(core::from_tokyo(after, {})) - 1;
    }
    return page;
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
  std::shared_ptr<core::SingleFlight> rendering_;  // one render of an answer at a time
};

// GET /v1/board/stream: answers at once with the stream's head; the hub sends the rest.
void open_stream(BoardStreams& streams, const Request& request, http::Reply reply) {
  // A reconnect names the last message it had (EventSource's header, sent by our dashboard
  // itself); anything else than a position starts afresh with a snapshot.
  std::optional<std::uint64_t> resume_after;
  if (const auto last = request.header("Last-Event-ID");
      !last.empty() && last.size() <= 19 &&
      std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; }))
    resume_after = std::stoull(last);
  auto place = streams.reserve();
  if (!place) {
    http::Problem problem;
    problem.status = 503;
    problem.type = http::problem_type("too-many-streams");
    problem.title = "Too many board streams";
    problem.detail = "this server keeps at most " + std::to_string(streams.options().max_streams) +
                     " board streams open (board.max_streams); retry later";
    reply.send(problem.to_response(request.request_id).set_header("Retry-After", "5"));
    return;
  }
  Response response;
  response.status = 200;
  response.content_type = "text/event-stream; charset=utf-8";
  response.set_header("Cache-Control", "no-store");
  // A proxy in front (nginx) must pass each message on at once, not buffer the stream.
  response.set_header("X-Accel-Buffering", "no");
  // How long an EventSource waits before reconnecting; a comment so the head leaves at once.
  response.body = "retry: 2000\n: opsdesk board stream\n\n";
  response.stream = [&streams, place = std::move(place), who = auth::caller_of(request),
                     resume_after](std::shared_ptr<http::StreamSink> sink) mutable {
    streams.attach(std::move(place), std::move(sink), std::move(who), resume_after);
  };
  reply.send(std::move(response));
}

}  // namespace

void add_board_routes(http::Router& router, BoardApi api) {
  auto handlers = std::make_shared<Handlers>(api);
  router.add_async(
      "GET", "/v1/board/incidents", http::Access::any_role_own_tenants(),
      projection::after_min_position(
          min_position_wait(api), [handlers](const Request& r) { return handlers->incidents(r); }));
  router.add_async("GET", "/v1/board/stream", http::Access::any_role_own_tenants(),
                   [&streams = api.streams](const Request& request, http::Reply reply) {
                     open_stream(streams, request, std::move(reply));
                   });
  router.add_async(
      "GET", "/v1/board/summary", http::Access::any_role_own_tenants(),
      projection::after_min_position(
          min_position_wait(api), [handlers](const Request& r) { return handlers->summary(r); }));
}

}  // namespace opsdesk::ops_board::api
