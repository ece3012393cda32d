// Task and occurrence states in snapshots as JSON: exact (instants in microseconds, dates as
// ISO text), and short enough that a protobuf schema of their own would buy nothing.

#include <nlohmann/json.hpp>

#include "libs/calendar/date_text.hpp"
#include "services/scheduling/schedule_aggregates.hpp"

namespace opsdesk::scheduling {

namespace {

using nlohmann::json;
using std::chrono::minutes;

std::int64_t micros(core::Instant at) { return core::to_unix_micros(at); }
core::Instant instant(const json& j) { return core::from_unix_micros(j.get<std::int64_t>()); }
std::string text(Date d) { return calendar::format_iso_date(d); }
Date date(const json& j) {
  auto parsed = calendar::parse_iso_date(j.get<std::string>());
  if (!parsed) throw std::invalid_argument("a date that does not parse");
  return *parsed;
}
std::vector<std::string> texts(const std::vector<Date>& dates) {
  std::vector<std::string> out;
  for (auto d : dates) out.push_back(text(d));
  return out;
}

json version_json(const TaskVersion& v) {
  return {{"title", v.title},
          {"kind", v.kind},
          {"tenants", v.tenants},
          {"rrule", v.rule.rrule},
          {"dtstart", text(v.rule.dtstart)},
          {"time_of_day_min", v.rule.time_of_day.count()},
          {"duration_min", v.rule.duration.count()},
          {"calendar_rule", v.rule.calendar_rule},
          {"due_within_min", v.rule.due_within.count()},
          {"effective_from", text(v.rule.effective_from)},
          {"owner", v.owner}};
}

TaskVersion version_of(const json& j) {
  return {j.at("title"),
          j.at("kind"),
          j.at("tenants").get<std::vector<std::string>>(),
          {j.at("rrule"), date(j.at("dtstart")), minutes{j.at("time_of_day_min").get<int>()},
           minutes{j.at("duration_min").get<int>()}, j.at("calendar_rule"),
           minutes{j.at("due_within_min").get<int>()}, date(j.at("effective_from"))},
          j.at("owner")};
}

json plan_json(const PlannedOccurrence& p) {
  return {{"id", p.id},
          {"task_id", p.task_id},
          {"recurrence_date", text(p.recurrence_date)},
          {"covers", texts(p.covers)},
          {"day", text(p.day)},
          {"kind", p.kind},
          {"title", p.title},
          {"tenants", p.tenants},
          {"owner", p.owner},
          {"planned_start_us", micros(p.planned_start)},
          {"planned_end_us", micros(p.planned_end)},
          {"due_at_us", micros(p.due_at)},
          {"due_before_definition", p.due_before_definition}};
}

PlannedOccurrence plan_from(const json& j) {
  PlannedOccurrence p;
  p.id = j.at("id");
  p.task_id = j.at("task_id");
  p.recurrence_date = date(j.at("recurrence_date"));
  for (const auto& d : j.at("covers")) p.covers.push_back(date(d));
  p.day = date(j.at("day"));
  p.kind = j.at("kind");
  p.title = j.at("title");
  p.tenants = j.at("tenants").get<std::vector<std::string>>();
  p.owner = j.at("owner");
  p.planned_start = instant(j.at("planned_start_us"));
  p.planned_end = instant(j.at("planned_end_us"));
  p.due_at = instant(j.at("due_at_us"));
  p.due_before_definition = j.at("due_before_definition");
  return p;
}

template <typename State, typename Read>
std::expected<State, std::string> decoded(std::string_view bytes, const char* what, Read read) {
  auto j = json::parse(bytes, nullptr, false);
  if (!j.is_object()) return std::unexpected(std::string("not an encoded ") + what);
  try {
    return read(j);
  } catch (const std::exception& e) {
    return std::unexpected(std::string("a ") + what + " without " + e.what());
  }
}

}  // namespace

std::string encode_state(const TaskState& s) {
  json versions = json::array();
  for (const auto& v : s.versions) versions.push_back(version_json(v));
  json pauses = json::array();
  for (const auto& p : s.pauses)
    pauses.push_back({text(p.from), p.until ? json(text(*p.until)) : json(nullptr)});
  return json{{"id", s.id},
              {"version", s.version},
              {"versions", versions},
              {"pauses", pauses},
              {"retired_from", s.retired_from ? json(text(*s.retired_from)) : json(nullptr)},
              {"seed_key", s.seed_key},
              {"defined_at_us", micros(s.defined_at)},
              {"updated_at_us", micros(s.updated_at)}}
      .dump();
}

std::expected<TaskState, std::string> decode_task_state(std::string_view bytes) {
  return decoded<TaskState>(bytes, "task state", [](const json& j) {
    TaskState s;
    s.id = j.at("id");
    s.version = j.at("version");
    for (const auto& v : j.at("versions")) s.versions.push_back(version_of(v));
    for (const auto& p : j.at("pauses"))
      s.pauses.push_back(
          {date(p.at(0)), p.at(1).is_null() ? std::nullopt : std::optional<Date>(date(p.at(1)))});
    if (!j.at("retired_from").is_null()) s.retired_from = date(j.at("retired_from"));
    s.seed_key = j.at("seed_key");
    s.defined_at = instant(j.at("defined_at_us"));
    s.updated_at = instant(j.at("updated_at_us"));
    return s;
  });
}

std::string encode_state(const OccurrenceState& s) {
  json results = json::array();
  for (const auto& r : s.results)
    results.push_back({{"tenant", r.tenant},
                       {"result", r.result},
                       {"evidence", r.evidence},
                       {"at_us", micros(r.at)},
                       {"by", r.by}});
  return json{{"id", s.id},
              {"version", s.version},
              {"plan", plan_json(s.plan)},
              {"results", results},
              {"skipped_reason", s.skipped_reason ? json(*s.skipped_reason) : json(nullptr)},
              {"overdue_at_us", s.overdue_at ? json(micros(*s.overdue_at)) : json(nullptr)},
              {"reschedules", s.reschedules}}
      .dump();
}

std::expected<OccurrenceState, std::string> decode_occurrence_state(std::string_view bytes) {
  return decoded<OccurrenceState>(bytes, "occurrence state", [](const json& j) {
    OccurrenceState s;
    s.id = j.at("id");
    s.version = j.at("version");
    s.plan = plan_from(j.at("plan"));
    for (const auto& r : j.at("results"))
      s.results.push_back(
          {r.at("tenant"), r.at("result"), r.at("evidence"), instant(r.at("at_us")), r.at("by")});
    if (!j.at("skipped_reason").is_null()) s.skipped_reason = j.at("skipped_reason");
    if (!j.at("overdue_at_us").is_null()) s.overdue_at = instant(j.at("overdue_at_us"));
    s.reschedules = j.at("reschedules");
    return s;
  });
}

std::string encode_state(const DailyReportState& s) {
  json occurrences = json::array();
  for (const auto& o : s.occurrences)
    occurrences.push_back({{"occurrence_id", o.occurrence_id},
                           {"title", o.title},
                           {"kind", o.kind},
                           {"status", o.status},
                           {"open_tenants", o.open_tenants}});
  return json{{"id", s.id},
              {"version", s.version},
              {"tenants", s.tenants},
              {"day", text(s.day)},
              {"sent_at_us", micros(s.sent_at)},
              {"channel", s.channel},
              {"summary", s.summary},
              {"abnormal", s.abnormal},
              {"occurrences", occurrences},
              {"by", s.by}}
      .dump();
}

std::expected<DailyReportState, std::string> decode_daily_report_state(std::string_view bytes) {
  return decoded<DailyReportState>(bytes, "daily report state", [](const json& j) {
    DailyReportState s;
    s.id = j.at("id");
    s.version = j.at("version");
    s.tenants = j.at("tenants").get<std::vector<std::string>>();
    s.day = date(j.at("day"));
    s.sent_at = instant(j.at("sent_at_us"));
    s.channel = j.at("channel");
    s.summary = j.at("summary");
    s.abnormal = j.at("abnormal");
    for (const auto& o : j.at("occurrences"))
      s.occurrences.push_back({o.at("occurrence_id"), o.at("title"), o.at("kind"), o.at("status"),
                               o.at("open_tenants").get<std::vector<std::string>>()});
    s.by = j.at("by");
    return s;
  });
}

std::string encode_state(const WindowState& s) {
  json approvals = json::array();
  for (const auto& a : s.approvals)
    approvals.push_back(
        {{"tenant", a.tenant}, {"approver", a.approver}, {"at_us", micros(a.at)}, {"by", a.by}});
  return json{{"id", s.id},
              {"version", s.version},
              {"kind", s.kind},
              {"title", s.title},
              {"description", s.description},
              {"tenants", s.tenants},
              {"planned_start_us", micros(s.planned_start)},
              {"planned_end_us", micros(s.planned_end)},
              {"stops_service", s.stops_service},
              {"approvals", approvals},
              {"completed_at_us", s.completed_at ? json(micros(*s.completed_at)) : json(nullptr)},
              {"completion_note", s.completion_note},
              {"cancelled_reason", s.cancelled_reason ? json(*s.cancelled_reason) : json(nullptr)},
              {"planned_at_us", micros(s.planned_at)}}
      .dump();
}

std::expected<WindowState, std::string> decode_window_state(std::string_view bytes) {
  return decoded<WindowState>(bytes, "window state", [](const json& j) {
    WindowState s;
    s.id = j.at("id");
    s.version = j.at("version");
    s.kind = j.at("kind");
    s.title = j.at("title");
    s.description = j.at("description");
    s.tenants = j.at("tenants").get<std::vector<std::string>>();
    s.planned_start = instant(j.at("planned_start_us"));
    s.planned_end = instant(j.at("planned_end_us"));
    s.stops_service = j.at("stops_service");
    for (const auto& a : j.at("approvals"))
      s.approvals.push_back({a.at("tenant"), a.at("approver"), instant(a.at("at_us")), a.at("by")});
    if (!j.at("completed_at_us").is_null()) s.completed_at = instant(j.at("completed_at_us"));
    s.completion_note = j.at("completion_note");
    if (!j.at("cancelled_reason").is_null()) s.cancelled_reason = j.at("cancelled_reason");
    s.planned_at = instant(j.at("planned_at_us"));
    return s;
  });
}

std::string encode_state(const PlanApprovalState& s) {
  json approvals = json::array();
  for (const auto& a : s.approvals)
    approvals.push_back({{"tenant", a.tenant},
                         {"approver", a.approver},
                         {"digest", a.digest},
                         {"entries", a.entries},
                         {"note", a.note},
                         {"at_us", micros(a.at)},
                         {"by", a.by}});
  return json{{"period", s.period}, {"version", s.version}, {"approvals", approvals}}.dump();
}

std::expected<PlanApprovalState, std::string> decode_plan_approval_state(std::string_view bytes) {
  return decoded<PlanApprovalState>(bytes, "plan approval state", [](const json& j) {
    PlanApprovalState s;
    s.period = j.at("period");
    s.version = j.at("version");
    for (const auto& a : j.at("approvals"))
      s.approvals.push_back({a.at("tenant"), a.at("approver"), a.at("digest"), a.at("entries"),
                             a.at("note"), instant(a.at("at_us")), a.at("by")});
    return s;
  });
}

std::string encode_state(const FeedTokenState& s) {
  return json{{"id", s.id},
              {"version", s.version},
              {"secret_sha256", s.secret_sha256},
              {"tenants", s.tenants},
              {"label", s.label},
              {"issued_at_us", micros(s.issued_at)},
              {"issued_by", s.issued_by},
              {"revoked_at_us", s.revoked_at ? json(micros(*s.revoked_at)) : json(nullptr)},
              {"revoked_by", s.revoked_by}}
      .dump();
}

std::expected<FeedTokenState, std::string> decode_feed_token_state(std::string_view bytes) {
  return decoded<FeedTokenState>(bytes, "feed token state", [](const json& j) {
    FeedTokenState s;
    s.id = j.at("id");
    s.version = j.at("version");
    s.secret_sha256 = j.at("secret_sha256");
    s.tenants = j.at("tenants").get<std::vector<std::string>>();
    s.label = j.at("label");
    s.issued_at = instant(j.at("issued_at_us"));
    s.issued_by = j.at("issued_by");
    if (!j.at("revoked_at_us").is_null()) s.revoked_at = instant(j.at("revoked_at_us"));
    s.revoked_by = j.at("revoked_by");
    return s;
  });
}

namespace {

json attention_json(const ScanAttention& a) {
  json days = json::array();
  for (const auto d : a.days) days.push_back(calendar::format_iso_date(d));
  return {{"reason", a.reason}, {"days", days}, {"at_us", micros(a.at)}};
}

ScanAttention attention_of(const json& j) {
  ScanAttention a;
  a.reason = j.at("reason");
  for (const auto& d : j.at("days")) a.days.push_back(date(d));
  a.at = instant(j.at("at_us"));
  return a;
}

}  // namespace

std::string encode_state(const TerminalState& s) {
  json days = json::array();
  for (const auto& d : s.days)
    days.push_back({{"day", calendar::format_iso_date(d.day)},
                    {"state", d.state},
                    {"note", d.note},
                    {"at_us", micros(d.at)},
                    {"by", d.by}});
  return json{
      {"id", s.id},
      {"version", s.version},
      {"tenant", s.tenant},
      {"terminal", s.terminal},
      {"days", days},
      {"attention", s.attention ? attention_json(*s.attention) : json(nullptr)},
      {"attentions_raised", s.attentions_raised},
      {"last_attention", s.last_attention ? attention_json(*s.last_attention) : json(nullptr)}}
      .dump();
}

std::expected<TerminalState, std::string> decode_terminal_state(std::string_view bytes) {
  return decoded<TerminalState>(bytes, "terminal state", [](const json& j) {
    TerminalState s;
    s.id = j.at("id");
    s.version = j.at("version");
    s.tenant = j.at("tenant");
    s.terminal = j.at("terminal");
    for (const auto& d : j.at("days"))
      s.days.push_back(
          {date(d.at("day")), d.at("state"), d.at("note"), instant(d.at("at_us")), d.at("by")});
    if (!j.at("attention").is_null()) s.attention = attention_of(j.at("attention"));
    s.attentions_raised = j.at("attentions_raised");
    if (!j.at("last_attention").is_null()) s.last_attention = attention_of(j.at("last_attention"));
    return s;
  });
}

}  // namespace opsdesk::scheduling
