#include "services/sla-metrics/api/sla_routes.hpp"

#include <algorithm>
#include <expected>
#include <map>
#include <memory>
#include <unordered_map>

#include "libs/auth/http_guard.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/projection/read_your_writes.hpp"
#include "libs/sla/operations_view.hpp"
#include "libs/sla/sla_projection.hpp"
#include "libs/sla/sla_table.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "services/inquiries/contract/inquiry_events.hpp"
#include "services/scheduling/contract/schedule_events.hpp"
#include "services/sla-metrics/api/sla_json.hpp"
#include "services/sla-metrics/reports/table_csv.hpp"
#include "services/sla-metrics/reports/table_xlsx.hpp"
#include "services/sla-metrics/table_cache.hpp"

namespace opsdesk::sla_metrics::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using std::chrono::year_month_day;

using incidents::kDomain;

// What a table request asks for, validated.
struct TableQuery {
  std::vector<std::string> tenants;  // codes and/or "*", in the order of the answer
  sla::TablePeriod period;
  std::optional<year_month_day> as_of;
  core::Instant now;                             // the clocks' "now"
  std::optional<core::Instant> recorded_before;  // as-of: later events are not seen
  std::string format;
  EvidenceShown evidence = EvidenceShown::against;
};

projection::MinPositionWait min_position_wait(const SlaApi& api) {
  return {api.runner,
          api.view,
          {kDomain, inquiries::kDomain, scheduling::kDomain},
          "the SLA engine",
          api.max_wait};
}

constexpr std::size_t kDefaultOpenPage = 200;
constexpr std::size_t kMaxOpenPage = 1000;

class Handlers {
 public:
  explicit Handlers(SlaApi api) : api_(api) {}

  Response incident(const Request& request) const {
    const auth::Principal* who = &auth::caller_of(request);
    std::vector<http::FieldError> errors;
    if (auto waited = wait(request, errors)) return *waited;
    if (!errors.empty())
      return http::validation_problem(std::move(errors)).to_response(request.request_id);

    const auto position = api_.view.watermark(kDomain);
    const std::string id = request.path_params.at("id");
    const auto record = sla::fold_incident(sla::incident_events(api_.view.reader(), id));
    const bool visible = record.exists() &&
                         std::any_of(record.tenants.begin(), record.tenants.end(),
                                     [&](const auto& t) { return who->can_see_tenant(t.tenant); });
    // Another association's incident answers as if it did not exist.
    if (!visible) return not_found(request, "incident " + id + " is not known to the SLA engine");
    const auto clocks =
        sla::compute_clocks(record, api_.calendar, api_.definitions, api_.clock.now());
    auto body = incident_clocks_json(clocks, api_.definitions,
                                     [&](const std::string& t) { return who->can_see_tenant(t); });
    body["as_of_position"] = position;
    return Response::json(200, body).set_header("X-Opsdesk-Position", std::to_string(position));
  }

  // The clocks of the open incidents (status=open), as GET /v1/sla/incidents/{id} gives each:
  // what the dashboard's countdowns show. Oldest first, a page at a time.
  Response open_incidents(const Request& request) const {
    const auth::Principal* who = &auth::caller_of(request);
    std::vector<http::FieldError> errors;
    if (auto waited = wait(request, errors)) return *waited;
    const auto status = request.query_param("status");
    if (status != "open")
      errors.push_back({"status",
                        "is required and must be open (the incidents not closed; for "
                        "one incident use /v1/sla/incidents/{id})"});
    const auto limit = http::page_limit(request, kDefaultOpenPage, kMaxOpenPage, errors);
    const auto cursor = request.query_param("cursor");
    if (!errors.empty())
      return http::validation_problem(std::move(errors)).to_response(request.request_id);

    const auto position = api_.view.watermark(kDomain);
    const auto now = api_.clock.now();
    json items = json::array();
    json next_cursor = nullptr;
    for (const auto& id : sla::open_incident_ids(api_.view.reader())) {
      if (cursor && id <= *cursor) continue;
      const auto record = sla::fold_incident(sla::incident_events(api_.view.reader(), id));
      if (!std::any_of(record.tenants.begin(), record.tenants.end(),
                       [&](const auto& t) { return who->can_see_tenant(t.tenant); }))
        continue;
      if (items.size() == limit) {
        next_cursor = items.back()["incident_id"];
        break;
      }
      const auto clocks = sla::compute_clocks(record, api_.calendar, api_.definitions, now);
      items.push_back(incident_clocks_json(
          clocks, api_.definitions, [&](const std::string& t) { return who->can_see_tenant(t); }));
    }
    return Response::json(200, json{{"as_of_position", position},
                                    {"computed_at", core::format_tokyo_rfc3339(now)},
                                    {"items", std::move(items)},
                                    {"next_cursor", std::move(next_cursor)}})
        .set_header("X-Opsdesk-Position", std::to_string(position));
  }

  Response definitions(const Request&) const {
    json rows = json::array();
    for (const auto& d : api_.definitions.rows) rows.push_back(definition_json(d));
    return Response::json(200, json{{"version", api_.history.current_version()},
                                    {"definitions", rows},
                                    {"history", changes_after(core::Instant{}, 1)}});
  }

  Response table(const Request& request) const {
    const auth::Principal* who = &auth::caller_of(request);
    std::vector<http::FieldError> errors;
    auto query = parse_table_query(request, *who, errors);
    if (auto waited = wait(request, errors)) return *waited;
    if (!errors.empty())
      return http::validation_problem(std::move(errors)).to_response(request.request_id);
    if (!query) {
      return not_found(
          request, "tenant " + request.query_param("tenant").value_or("") + " is not one of yours");
    }

    // Read before anything else: every figure is at least as new as this position.
    const auto position = api_.view.watermark(kDomain);
    const auto kept_at = api_.cache.catch_up(api_.view.reader(), position);
    const auto now = api_.clock.now();
    const std::string key = answer_key(*query);
    auto lookup = api_.cache.look_up(key, now);
    if (!lookup.answer) {
      auto computed = compute_table(request, *query, key, kept_at, now);
      if (!computed) return std::move(computed.error());
      lookup.answer = std::move(*computed);
    }
    const auto& answer = lookup.answer;
    if (answer->refused_evidence_items > 0)
      return too_much_evidence(request, answer->refused_evidence_items, query->format == "xlsx");
    return respond(*answer, position);
  }

 private:
  // Empty (with no errors) when the caller asked for a tenant it does not hold: a 404.
  std::optional<TableQuery> parse_table_query(const Request& request, const auth::Principal& who,
                                              std::vector<http::FieldError>& errors) const {
    TableQuery query;
    query.format = request.query_param("format").value_or("json");
    if (query.format != "json" && query.format != "csv" && query.format != "xlsx")
      errors.push_back({"format", "must be json (the default), csv or xlsx"});
    const auto evidence = request.query_param("evidence").value_or("against");
    if (evidence == "all") {
      query.evidence = EvidenceShown::all;
    } else if (evidence == "none") {
      query.evidence = EvidenceShown::none;
    } else if (evidence != "against") {
      errors.push_back({"evidence",
                        "must be against (the default: misses, breaches, out-of-hours work), all "
                        "or none"});
    }

    if (auto month_text = request.query_param("month")) {
      if (auto month = calendar::parse_iso_month(*month_text)) {
        query.period = sla::month_period(*month);
      } else {
        errors.push_back({"month", "must be a month YYYY-MM, e.g. 2026-11"});
      }
    } else {
      query.period = sla::term_period(api_.term_start, api_.term_end);
    }

    const auto now = api_.clock.now();
    query.now = now;
    if (auto as_of_text = request.query_param("as_of")) {
      const auto today = core::to_tokyo(now).date;
      auto as_of = calendar::parse_iso_date(*as_of_text);
      if (!as_of) {
        errors.push_back({"as_of", "must be a date YYYY-MM-DD (Asia/Tokyo)"});
      } else if (*as_of >= today) {
        errors.push_back({"as_of", "must be a day that has ended (before " +
                                       calendar::format_iso_date(today) +
                                       ", Asia/Tokyo); leave it out for the live table"});
      } else {
        // The daily close: the table as it stood at 00:00 Asia/Tokyo after that day.
        query.as_of = *as_of;
        query.now = core::from_tokyo(
            year_month_day{std::chrono::sys_days{*as_of} + std::chrono::days{1}}, {});
        query.recorded_before = query.now;
      }
    }

    if (auto tenant = request.query_param("tenant")) {
      if (*tenant == sla::kCentreWide) {
        if (!who.all_tenants) return std::nullopt;
      } else if (tenants::find_tenant(*tenant) == nullptr) {
        errors.push_back({"tenant", "unknown tenant code '" + *tenant +
                                        "'; allowed: " + tenants::allowed_codes_text() +
                                        ", or * for the whole centre"});
      } else if (!who.can_see_tenant(*tenant)) {
        return errors.empty() ? std::nullopt : std::optional<TableQuery>(query);
      }
      query.tenants.push_back(*tenant);
    } else {
      // Every table the caller may see: the centre's first, then each association's.
      if (who.all_tenants) query.tenants.emplace_back(sla::kCentreWide);
      for (const auto& tenant : tenants::all_tenants())
        if (who.can_see_tenant(std::string(tenant.code))) query.tenants.emplace_back(tenant.code);
    }
    return query;
  }

  // Everything an answer depends on besides the view: the same key, the same bytes.
  std::string answer_key(const TableQuery& query) const {
    std::string key;
    for (const auto& tenant : query.tenants) key += tenant + ",";
    // The cache follows the incidents' changes (catch_up); a new reception changes only the
    // 受付時間 row, a daily report or a result of work only the two operations rows, and a key
    // of the inquiries' and the schedule's positions keeps no answer from before them. They come
    // a few dozen a day: the answers between them stay kept.
    return key + "|" + query.period.label + "|" +
           (query.as_of ? calendar::format_iso_date(*query.as_of) : std::string{}) + "|" +
           query.format + "|" + std::to_string(static_cast<int>(query.evidence)) + "|" +
           std::to_string(api_.history.current_version()) + "|" +
           std::to_string(api_.view.watermark(inquiries::kDomain)) + "|" +
           std::to_string(api_.view.watermark(scheduling::kDomain));
  }

  // Computes, renders and keeps the answer, or the refusal when it would carry more evidence
  // than one answer may.
  std::expected<std::shared_ptr<const RenderedTable>, Response> compute_table(
      const Request& request, const TableQuery& query, const std::string& key,
      std::uint64_t kept_at, core::Instant now) const {
    const auto clocks = clocks_for(query, kept_at);
    // Evidence is for those who read it: the JSON that shows some, and the workbook's sheet; the
    // csv lists the ids behind each row, the JSON of figures only nothing behind them.
    const auto detail =
        query.format == "xlsx" || (query.format == "json" && query.evidence != EvidenceShown::none)
            ? sla::TableDetail::evidence
        : query.format == "csv" ? sla::TableDetail::ids
                                : sla::TableDetail::figures;
    const auto operations =
        sla::operations_records(api_.view.reader(), query.period, query.recorded_before);
    std::vector<sla::SlaTable> tables;
    for (const auto& tenant : query.tenants) {
      auto receptions = sla::receptions_in_period(api_.view.reader(), tenant, query.period,
                                                  query.recorded_before);
      sla::classify_receptions(receptions, api_.definitions, api_.calendar);
      const auto operations_rows = sla::operations_rows(operations, tenant, query.period, query.now,
                                                        api_.definitions, api_.calendar, detail);
      tables.push_back(sla::build_table_of(clocks.by_table.at(tenant), tenant, query.period,
                                           api_.definitions, query.now, detail,
                                           {&receptions, &operations_rows}));
    }
    // One answer stays bounded: a term of the whole centre with every item would not be.
    const auto shown = query.format == "xlsx" ? EvidenceShown::all : query.evidence;
    const auto items = query.format == "csv" ? 0 : evidence_items(tables, shown);
    std::shared_ptr<const RenderedTable> answer;
    if (items > api_.max_evidence_items) {
      RenderedTable refused;
      refused.refused_evidence_items = items;
      answer = std::make_shared<const RenderedTable>(std::move(refused));
    } else {
      auto rendered = render(query, tables);
      if (!rendered) return std::unexpected(report_failed(request, rendered.error()));
      answer = std::make_shared<const RenderedTable>(std::move(*rendered));
    }
    // Live figures with a clock still running move with the time: kept for this second only.
    std::optional<core::Instant> expires_at;
    if (clocks.moves_with_time)
      expires_at = std::chrono::floor<std::chrono::seconds>(now) + std::chrono::seconds{1};
    // A live table of a period still going on: today's daily reports are judged at midnight.
    else if (!query.as_of && query.period.contains(query.now))
      expires_at =
          core::from_tokyo(year_month_day{std::chrono::sys_days{core::to_tokyo(query.now).date} +
                                          std::chrono::days{1}},
                           {});
    api_.cache.keep_answer(key, answer,
                           TableScope{query.tenants, query.period, query.recorded_before},
                           expires_at, kept_at, now);
    return answer;
  }

  std::expected<RenderedTable, std::string> render(const TableQuery& query,
                                                   const std::vector<sla::SlaTable>& tables) const {
    const std::string file =
        "sla-" + query.period.label +
        (query.as_of ? "-as-of-" + calendar::format_iso_date(*query.as_of) : std::string{});
    RenderedTable rendered;
    if (query.format == "csv") {
      rendered.content_type = "text/csv; charset=utf-8";
      rendered.file_name = file + ".csv";
      rendered.body = std::make_shared<const std::string>(table_csv(tables));
    } else if (query.format == "xlsx") {
      auto workbook = table_xlsx(tables, api_.clock.now());
      if (!workbook) return std::unexpected(workbook.error());
      rendered.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      rendered.file_name = file + ".xlsx";
      rendered.body = std::make_shared<const std::string>(std::move(*workbook));
    } else {
      json items = json::array();
      for (const auto& table : tables) items.push_back(table_json(table, query.evidence));
      // Everything but the position, which each answer puts in front (respond()).
      const json rest{
          {"period", query.period.label},
          {"as_of", query.as_of ? json(calendar::format_iso_date(*query.as_of)) : json(nullptr)},
          {"computed_at", core::format_tokyo_rfc3339(query.now)},
          {"settings_version", api_.history.current_version()},
          {"settings_changed_after_period", changes_after(query.period.until, 2)},
          {"tables", items}};
      rendered.content_type = "application/json";
      rendered.json = true;
      rendered.body = std::make_shared<const std::string>(
          rest.dump(-1, ' ', false, json::error_handler_t::replace).substr(1));
    }
    return rendered;
  }

  static Response respond(const RenderedTable& answer, std::uint64_t position) {
    Response response;
    response.status = 200;
    response.content_type = answer.content_type;
    if (answer.json) response.body = "{\"as_of_position\":" + std::to_string(position) + ",";
    response.shared_body = answer.body;
    if (!answer.file_name.empty())
      response.set_header("Content-Disposition",
                          "attachment; filename=\"" + answer.file_name + "\"");
    response.set_header("X-Opsdesk-Position", std::to_string(position));
    return response;
  }

  static Response report_failed(const Request& request, const std::string& why) {
    http::Problem problem;
    problem.status = 500;
    problem.type = http::problem_type("report-failed");
    problem.title = "The workbook could not be written";
    problem.detail = why;
    return problem.to_response(request.request_id);
  }

  // The settings versions from `first_version` on recorded at or after `since`, oldest first.
  // For a table: a period that ended before a change (version 2 on; version 1 is the first
  // recording, not a change) is shown recomputed under the new settings, and says so.
  json changes_after(core::Instant since, std::int64_t first_version) const {
    json out = json::array();
    for (const auto& change : api_.history.changes()) {
      if (change.at < since || change.version < first_version) continue;
      out.push_back({{"version", change.version},
                     {"at", core::format_tokyo_rfc3339(change.at)},
                     {"by", change.by},
                     {"source", change.source},
                     {"changes", change.changes},
                     {"event_id", change.event_id}});
    }
    return out;
  }

  // The clocks behind a query's tables: each incident's computed (or found) once, and for each
  // table the incidents that affect its tenant, so that a table reads only its own.
  struct QueryClocks {
    std::vector<std::shared_ptr<const sla::IncidentClocks>> owned;
    std::map<std::string, sla::ClocksList> by_table;  // by tenant (or "*")
    // Whether the figures of any of them in the period can change with the time alone.
    bool moves_with_time = false;
  };

  QueryClocks clocks_for(const TableQuery& query, std::uint64_t kept_at) const {
    QueryClocks out;
    // nullptr: no figures in the period.
    std::unordered_map<std::string, const sla::IncidentClocks*> seen;
    for (const auto& tenant : query.tenants) {
      auto& list = out.by_table[tenant];
      for (const auto& id : sla::incident_ids_in_period(api_.view.reader(), tenant, query.period,
                                                        query.recorded_before)) {
        auto [it, added] = seen.try_emplace(id, nullptr);
        if (added) it->second = clocks_of(id, query, kept_at, out);
        if (it->second != nullptr) list.push_back(it->second);
      }
    }
    return out;
  }

  // One incident's clocks for the query, or nullptr when it has no figures in the period. Live
  // clocks that no later instant can change come from the cache, or are kept there.
  const sla::IncidentClocks* clocks_of(const std::string& id, const TableQuery& query,
                                       std::uint64_t kept_at, QueryClocks& out) const {
    const bool live = !query.recorded_before;
    if (live) {
      if (auto kept = api_.cache.settled(id)) {
        if (!kept->span.may_figure_in(query.period, std::nullopt)) return nullptr;
        out.owned.emplace_back(kept, &kept->clocks);  // shares the kept entry
        return out.owned.back().get();
      }
    }
    const auto& view = api_.view.reader();
    // Spares reading the events of incidents that ended before the period or began after it.
    const auto span = sla::incident_span(view, id);
    if (!span || !span->may_figure_in(query.period, query.recorded_before)) return nullptr;
    const auto record = sla::fold_incident(sla::incident_events(view, id), query.recorded_before);
    // As of a cutoff, an incident may not have been detected yet.
    if (!record.exists()) return nullptr;
    auto computed = sla::compute_clocks(record, api_.calendar, api_.definitions, query.now);
    // As-of clocks are computed at the cutoff: fixed, and not the live ones the cache keeps.
    if (live && sla::settled(computed)) {
      auto kept =
          std::make_shared<const SettledIncident>(SettledIncident{*span, std::move(computed)});
      api_.cache.keep_settled(id, kept, kept_at);
      out.owned.emplace_back(kept, &kept->clocks);
    } else {
      if (live && sla::moves_with_time(computed, query.period, query.now))
        out.moves_with_time = true;
      out.owned.push_back(std::make_shared<const sla::IncidentClocks>(std::move(computed)));
    }
    return out.owned.back().get();
  }

  std::optional<Response> wait(const Request& request,
                               std::vector<http::FieldError>& errors) const {
    return projection::check_min_position(request, min_position_wait(api_), errors);
  }

  static std::size_t evidence_items(const std::vector<sla::SlaTable>& tables, EvidenceShown shown) {
    std::size_t count = 0;
    for (const auto& table : tables)
      for (const auto& row : table.rows)
        for (const auto& item : row.evidence) count += is_shown(item, shown) ? 1 : 0;
    return count;
  }

  Response too_much_evidence(const Request& request, std::size_t items, bool workbook) const {
    const std::string limit = std::to_string(api_.max_evidence_items);
    const std::string narrow =
        "ask for one tenant (tenant=CODE) or one month (month=YYYY-MM)" +
        std::string(workbook ? ", or take the figures without evidence as csv"
                             : ", or fewer items (evidence=against or evidence=none)");
    return http::validation_problem({{workbook ? "format" : "evidence",
                                      "the answer would carry " + std::to_string(items) +
                                          " evidence items, more than the " + limit +
                                          " one answer may (sla.max_evidence_items); " + narrow}})
        .to_response(request.request_id);
  }

  static Response not_found(const Request& request, const std::string& detail) {
    return http::not_found_problem(detail).to_response(request.request_id);
  }

  SlaApi api_;
};

}  // namespace

void add_sla_routes(http::Router& router, SlaApi api) {
  auto handlers = std::make_shared<Handlers>(api);
  router.add_async(
      "GET", "/v1/sla/incidents/{id}", http::Access::any_role_own_tenants(),
      projection::after_min_position(
          min_position_wait(api), [handlers](const Request& r) { return handlers->incident(r); }));
  router.add_async(
      "GET", "/v1/sla/incidents", http::Access::any_role_own_tenants().expensive(),
      projection::after_min_position(min_position_wait(api), [handlers](const Request& r) {
        return handlers->open_incidents(r);
      }));
  router.add_async(
      "GET", "/v1/sla/table", http::Access::any_role_own_tenants().expensive(),
      projection::after_min_position(min_position_wait(api),
                                     [handlers](const Request& r) { return handlers->table(r); }));
  router.add("GET", "/v1/sla/definitions", http::Access::any_role(),
             [handlers](const Request& r) { return handlers->definitions(r); });
}

}  // namespace opsdesk::sla_metrics::api
