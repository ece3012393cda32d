#include "services/scheduling/api/schedule_json.hpp"

#include "libs/calendar/date_text.hpp"
#include "libs/core/duration_text.hpp"
#include "libs/core/tokyo_time.hpp"

namespace opsdesk::scheduling::api {

namespace {

using nlohmann::json;

std::string date_text(Date d) { return calendar::format_iso_date(d); }
std::string time_text(core::Instant at) { return core::format_tokyo_rfc3339(at); }
json optional_date(const std::optional<Date>& d) { return d ? json(date_text(*d)) : json(nullptr); }

json version_json(const TaskVersion& v) {
  return {{"effective_from", date_text(v.rule.effective_from)},
          {"title", v.title},
          {"kind", v.kind},
          {"tenants", v.tenants},
          {"rrule", v.rule.rrule},
          {"dtstart", date_text(v.rule.dtstart)},
          {"time_of_day", format_time_of_day(v.rule.time_of_day)},
          {"duration", core::duration_text(v.rule.duration)},
          {"calendar_rule", v.rule.calendar_rule},
          {"due_within", core::duration_text(v.rule.due_within)},
          {"owner", v.owner}};
}

}  // namespace

json task_json(const TaskState& t, Date today) {
  // The task as it is today, then how it was and will be (each version from its date on).
  json j = version_json(t.as_of(today));
  j.erase("effective_from");
  j["id"] = t.id;
  j["version"] = t.version;
  j["status"] = t.status();
  j["seed_key"] = t.seed_key.empty() ? json(nullptr) : json(t.seed_key);
  json versions = json::array();
  for (const auto& v : t.versions) versions.push_back(version_json(v));
  j["versions"] = versions;
  json pauses = json::array();
  for (const auto& p : t.pauses)
    pauses.push_back({{"from", date_text(p.from)}, {"until", optional_date(p.until)}});
  j["pauses"] = pauses;
  j["retired_from"] = optional_date(t.retired_from);
  j["defined_at"] = time_text(t.defined_at);
  j["updated_at"] = time_text(t.updated_at);
  return j;
}

std::string task_body(const TaskState& task, Date today, std::optional<std::uint64_t> position) {
  auto j = task_json(task, today);
  if (position) j["position"] = *position;
  return j.dump();
}

json occurrence_json(const ScheduledOccurrence& o, core::Instant now) {
  const auto& p = o.current_plan();
  const auto state = o.state();
  json covers = json::array();
  for (auto d : p.covers) covers.push_back(date_text(d));
  json results = json::array();
  for (const auto& r : state.results)
    results.push_back({{"tenant", r.tenant},
                       {"result", r.result},
                       {"evidence", r.evidence},
                       {"at", time_text(r.at)},
                       {"by", r.by}});
  return {{"id", p.id},
          {"version", state.version},
          {"task_id", p.task_id},
          {"recurrence_date", date_text(p.recurrence_date)},
          {"covers", covers},
          {"day", date_text(p.day)},
          {"kind", p.kind},
          {"title", p.title},
          {"tenants", p.tenants},
          {"owner", p.owner},
          {"planned_start", time_text(p.planned_start)},
          {"planned_end", time_text(p.planned_end)},
          {"due_at", time_text(p.due_at)},
          {"status", occurrence_status(state, now)},
          {"results", results},
          {"open_tenants", state.open_tenants()},
          {"skipped_reason", state.skipped_reason ? json(*state.skipped_reason) : json(nullptr)},
          {"overdue_recorded_at",
           state.overdue_at ? json(time_text(*state.overdue_at)) : json(nullptr)},
          {"rescheduled", state.reschedules > 0}};
}

std::string occurrence_body(const OccurrenceState& state, core::Instant now,
                            std::optional<std::uint64_t> position) {
  auto j = occurrence_json({state.plan, state}, now);
  if (position) j["position"] = *position;
  return j.dump();
}

json daily_report_json(const DailyReportState& r) {
  json occurrences = json::array();
  for (const auto& o : r.occurrences)
    occurrences.push_back({{"occurrence_id", o.occurrence_id},
                           {"title", o.title},
                           {"kind", o.kind},
                           {"status", o.status},
                           {"open_tenants", o.open_tenants}});
  return {{"id", r.id},
          {"tenants", r.tenants},
          {"day", date_text(r.day)},
          {"sent_at", time_text(r.sent_at)},
          {"channel", r.channel},
          {"summary", r.summary},
          {"abnormal", r.abnormal.empty() ? json(nullptr) : json(r.abnormal)},
          {"occurrences", occurrences},
          {"by", r.by}};
}

json window_json(const WindowState& w) {
  json approvals = json::array();
  for (const auto& a : w.approvals)
    approvals.push_back(
        {{"tenant", a.tenant}, {"approver", a.approver}, {"at", time_text(a.at)}, {"by", a.by}});
  json awaiting = json::array();
  for (const auto& t : w.tenants) {
    if (!w.approved_by(t)) awaiting.push_back(t);
  }
  return {{"id", w.id},
          {"version", w.version},
          {"kind", w.kind},
          {"title", w.title},
          {"description", w.description},
          {"tenants", w.tenants},
          {"planned_start", time_text(w.planned_start)},
          {"planned_end", time_text(w.planned_end)},
          {"stops_service", w.stops_service},
          {"status", w.status()},
          {"approvals", approvals},
          {"awaiting_approval", awaiting},
          {"completed_at", w.completed_at ? json(time_text(*w.completed_at)) : json(nullptr)},
          {"completion_note", w.completion_note},
          {"cancelled_reason", w.cancelled_reason ? json(*w.cancelled_reason) : json(nullptr)}};
}

}  // namespace opsdesk::scheduling::api
