#pragma once
// What the scheduling domain's tests share: dates and instants written as text, a task defined
// in one line, and the state after a list of commands.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "libs/calendar/date_text.hpp"
#include "libs/core/instant.hpp"
#include "services/scheduling/domain/task.hpp"

namespace opsdesk::scheduling::testing {

using namespace std::chrono_literals;

inline core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }
inline Date date(const char* text) { return calendar::parse_iso_date(text).value(); }

inline const std::string kTaskId = "0190c3a4-0000-7000-8000-00000000a001";

// "Now" in the domain tests: Friday 2026-10-02, 10:00 Tokyo.
inline const core::Instant kNow = at("2026-10-02T10:00:00+09:00");

inline DefineTask define(std::string rrule, std::string calendar_rule, const char* dtstart,
                         std::vector<std::string> tenants = {"all_centre"}) {
  DefineTask c;
  c.task_id = kTaskId;
  c.title = "月次データバックアップ確認";
  c.kind = "backup_check";
  c.tenants = std::move(tenants);
  c.rrule = std::move(rrule);
  c.dtstart = date(dtstart);
  c.time_of_day = 10h;
  c.duration = 30min;
  c.calendar_rule = std::move(calendar_rule);
  c.due_within = 2h;
  c.owner = "運用チーム";
  c.by = "ops-lead";
  c.at = kNow;
  return c;
}

// The task after `commands`, each decided at `now` and required to succeed.
inline TaskState given_task(const std::vector<TaskCommand>& commands, core::Instant now = kNow) {
  TaskState state;
  for (const auto& command : commands) {
    auto events = decide(state, command, now);
    EXPECT_TRUE(events.has_value())
        << (events ? "" : events.error().rule + ": " + events.error().message);
    if (!events) break;
    for (const auto& e : *events) state = evolve(std::move(state), e);
  }
  return state;
}

}  // namespace opsdesk::scheduling::testing
