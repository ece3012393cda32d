#include "services/scheduling/api/command_parsing.hpp"

#include "libs/calendar/date_text.hpp"
#include "libs/core/duration_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "services/scheduling/domain/vocabulary.hpp"

namespace opsdesk::scheduling::api {

namespace {

constexpr std::size_t kTitleMax = 200;
constexpr std::size_t kTextMax = 4000;
constexpr std::size_t kNameMax = 100;
constexpr std::size_t kRruleMax = 500;
constexpr bool kRequired = true;
constexpr bool kOptional = false;

using Id = std::string;
using Now = core::Instant;
using Subject = std::string;

std::vector<std::string> words(std::span<const std::string_view> list) {
  return {list.begin(), list.end()};
}

std::string text(http::JsonFields& f, const std::string& name, bool required,
                 std::size_t max = kTextMax) {
  return f.string(name, required, max).value_or("");
}

std::optional<Date> date_field(http::JsonFields& f, const std::string& name, bool required) {
  auto value = f.string(name, required, 10);
  if (!value) return std::nullopt;
  auto parsed = calendar::parse_iso_date(*value);
  if (!parsed) {
    f.add_error(name, "must be a date as YYYY-MM-DD, e.g. 2026-11-23");
    return std::nullopt;
  }
  return *parsed;
}

std::optional<std::chrono::minutes> time_of_day_field(http::JsonFields& f, bool required) {
  auto value = f.string("time_of_day", required, 5);
  if (!value) return std::nullopt;
  auto parsed = parse_time_of_day(*value);
  if (!parsed)
    f.add_error("time_of_day", "must be a time of day as HH:MM (Asia/Tokyo), e.g. 09:30");
  return parsed;
}

// "1h30m", "45m", "2h": whole minutes.
std::optional<std::chrono::minutes> duration_field(http::JsonFields& f, const std::string& name,
                                                   bool required) {
  auto value = f.string(name, required, 20);
  if (!value) return std::nullopt;
  auto parsed = core::parse_duration_text(*value);
  if (!parsed) {
    f.add_error(name, parsed.error());
    return std::nullopt;
  }
  if (*parsed % std::chrono::minutes{1} != std::chrono::microseconds{0}) {
    f.add_error(name, "must be whole minutes, e.g. 1h30m or 45m");
    return std::nullopt;
  }
  return std::chrono::duration_cast<std::chrono::minutes>(*parsed);
}

std::optional<std::vector<std::string>> scope_field(http::JsonFields& f, bool required) {
  return f.string_list("tenants", required, 20, 40);
}

Date today(Now now) { return core::to_tokyo(now).date; }

TaskCommand parse_define(http::JsonFields& f, const Id& id, const Now& now, const Subject& who) {
  DefineTask c;
  c.task_id = id;
  c.title = text(f, "title", kRequired, kTitleMax);
  // Kinds, calendar rules and the rule itself are the decider's to check, with the other fields.
  c.kind = text(f, "kind", kRequired, kNameMax);
  c.tenants = scope_field(f, kRequired).value_or(std::vector<std::string>{});
  c.rrule = text(f, "rrule", kRequired, kRruleMax);
  c.dtstart = date_field(f, "dtstart", kRequired).value_or(Date{});
  c.time_of_day = time_of_day_field(f, kRequired).value_or(std::chrono::minutes{0});
  c.duration = duration_field(f, "duration", kRequired).value_or(std::chrono::minutes{0});
  c.calendar_rule = text(f, "calendar_rule", kRequired, kNameMax);
  c.due_within = duration_field(f, "due_within", kRequired).value_or(std::chrono::minutes{0});
  c.owner = text(f, "owner", kRequired, kNameMax);
  c.by = f.string("by", kOptional, kNameMax).value_or(who);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

TaskCommand parse_revise(http::JsonFields& f, const Id&, const Now& now, const Subject& who) {
  ReviseTask c;
  c.effective_from = date_field(f, "effective_from", kRequired).value_or(Date{});
  c.title = f.string("title", kOptional, kTitleMax);
  c.kind = f.string("kind", kOptional, kNameMax);
  c.tenants = scope_field(f, kOptional);
  c.rrule = f.string("rrule", kOptional, kRruleMax);
  c.dtstart = date_field(f, "dtstart", kOptional);
  c.time_of_day = time_of_day_field(f, kOptional);
  c.duration = duration_field(f, "duration", kOptional);
  c.calendar_rule = f.string("calendar_rule", kOptional, kNameMax);
  c.due_within = duration_field(f, "due_within", kOptional);
  c.owner = f.string("owner", kOptional, kNameMax);
  c.reason = text(f, "reason", kRequired);
  c.by = f.string("by", kOptional, kNameMax).value_or(who);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

template <typename Command>
TaskCommand parse_dated(http::JsonFields& f, const Id&, const Now& now, const Subject& who) {
  Command c;
  c.from = date_field(f, "from", kOptional).value_or(today(now));
  c.reason = text(f, "reason", !std::is_same_v<Command, ResumeTask>);
  c.by = f.string("by", kOptional, kNameMax).value_or(who);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

using Plan = PlannedOccurrence;

OccurrenceCommand parse_complete(http::JsonFields& f, const Plan& plan, const Now& now,
                                 const Subject& who) {
  CompleteOccurrence c;
  c.plan = plan;
  c.result = f.one_of("result", kRequired, words(results())).value_or("");
  c.tenants = f.string_list("tenants", kOptional, 20, 40).value_or(std::vector<std::string>{});
  c.evidence = text(f, "evidence", kOptional);
  c.by = f.string("by", kOptional, kNameMax).value_or(who);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

OccurrenceCommand parse_skip(http::JsonFields& f, const Plan& plan, const Now& now,
                             const Subject& who) {
  SkipOccurrence c;
  c.plan = plan;
  c.reason = text(f, "reason", kRequired);
  c.by = f.string("by", kOptional, kNameMax).value_or(who);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

OccurrenceCommand parse_reschedule(http::JsonFields& f, const Plan& plan, const Now& now,
                                   const Subject& who) {
  RescheduleOccurrence c;
  c.plan = plan;
  c.new_start = f.instant("to", kRequired).value_or(plan.planned_start);
  c.reason = text(f, "reason", kRequired);
  c.by = f.string("by", kOptional, kNameMax).value_or(who);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

}  // namespace

const TaskCommandTable& task_commands() {
  static const TaskCommandTable table("task", "define",
                                      {{"define", parse_define},
                                       {"revise", parse_revise},
                                       {"suspend", parse_dated<SuspendTask>},
                                       {"resume", parse_dated<ResumeTask>},
                                       {"retire", parse_dated<RetireTask>}});
  return table;
}

const OccurrenceCommandTable& occurrence_commands() {
  static const OccurrenceCommandTable table(
      "occurrence", "",
      {{"complete", parse_complete}, {"skip", parse_skip}, {"reschedule", parse_reschedule}});
  return table;
}

}  // namespace opsdesk::scheduling::api
