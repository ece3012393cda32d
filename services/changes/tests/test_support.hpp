#pragma once
// What the changes domain's tests share: dates and instants as text, the usual commands in one
// line, and the state after a list of commands.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "libs/calendar/date_text.hpp"
#include "libs/core/instant.hpp"
#include "services/changes/domain/change.hpp"
#include "services/changes/domain/configuration_item.hpp"

namespace opsdesk::changes::testing {

inline core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }
inline Date date(const char* text) { return calendar::parse_iso_date(text).value(); }

inline const std::string kChangeId = "0190c3a4-0000-7000-8000-00000000c001";
inline const std::string kCiId = "0190c3a4-0000-7000-8000-00000000e001";
inline const std::string kIncidentId = "0190c3a4-0000-7000-8000-00000000b001";
inline const std::string kInquiryId = "0190c3a4-0000-7000-8000-00000000a001";

// "Now" in the domain tests: Wednesday 2026-07-15, 10:00 Tokyo.
inline const core::Instant kNow = at("2026-07-15T10:00:00+09:00");

inline RegisterChange register_improvement(std::vector<std::string> tenants = {"soumu", "houmu"}) {
  RegisterChange c;
  c.change_id = kChangeId;
  c.origin = "improvement";
  c.inquiry_id = kInquiryId;
  c.title = "掛金計算画面の改善";
  c.description = "改善要望による改修";
  c.tenants = std::move(tenants);
  c.by = "desk";
  c.at = kNow;
  return c;
}

inline AssessChange assess(double hours = 120) { return {"掛金計算に影響", hours, "se", kNow}; }
inline ApproveChange approve() { return {"総務省共済組合 佐藤", "", "desk", kNow}; }
inline CompletePhase complete(std::string phase, std::string tenant = "") {
  return {std::move(phase), std::move(tenant), "doc-1", "1.0", "", "se", kNow};
}
inline AddWorkPackage package(const char* name, double hours, const char* start, const char* finish,
                              std::string tenant = "") {
  return {name, hours, date(start), date(finish), {}, std::move(tenant), "pm", kNow};
}

// The state after `commands`, each decided at `now` and required to succeed.
template <typename State, typename Command>
State given(const std::vector<Command>& commands, core::Instant now = kNow) {
  State state;
  for (const auto& command : commands) {
    auto events = decide(state, command, now);
    EXPECT_TRUE(events.has_value())
        << (events ? "" : events.error().rule + ": " + events.error().message);
    if (!events) break;
    for (const auto& e : *events) state = evolve(std::move(state), e);
  }
  return state;
}

inline ChangeState given_change(const std::vector<ChangeCommand>& commands) {
  return given<ChangeState>(commands);
}

// The rule a refused command names (409), or the first field of a 422 with its message.
template <typename State, typename Command>
std::string refusal(const State& state, const Command& command, core::Instant now = kNow) {
  auto events = decide(state, command, now);
  if (events) return "accepted";
  if (events.error().kind == DomainError::Kind::invalid_fields)
    return events.error().fields.empty()
               ? "invalid"
               : events.error().fields.front().field + ": " + events.error().fields.front().message;
  return events.error().rule;
}

// The fields a 422 names, in order.
template <typename State, typename Command>
std::vector<std::string> refused_fields(const State& state, const Command& command,
                                        core::Instant now = kNow) {
  std::vector<std::string> fields;
  auto events = decide(state, command, now);
  if (!events)
    for (const auto& f : events.error().fields) fields.push_back(f.field);
  return fields;
}

}  // namespace opsdesk::changes::testing
