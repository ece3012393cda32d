#pragma once
// A terminal's daily virus scans as a decider (仕様書 4.(3)①ウ: the daily check of each
// terminal's virus scan): one state per day (done | not_done | risk | detected; a later record
// for a day replaces it). A risk or a detection, or 3 consecutive business days not done, needs
// attention: VirusScanAttentionRequired is recorded with the record that starts the episode, in
// the same append, so it is there exactly once whatever happens to the process; the episode ends
// with a `done` on or after its last day. Pure: the route says which days are business days.

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "libs/core/instant.hpp"
#include "services/scheduling/contract/schedule_events.hpp"
#include "services/scheduling/domain/task.hpp"

namespace opsdesk::scheduling {

std::span<const std::string_view> scan_states();
// Terminal names: 1–64 of A–Z a–z 0–9 . _ - (they name the stream).
bool is_terminal_name(std::string_view name);

struct ScanDay {
  Date day{};
  std::string state;
  std::string note;
  core::Instant at{};
  std::string by;
  bool operator==(const ScanDay&) const = default;
};

struct ScanAttention {
  std::string reason;  // risk | detected | not_done_3_business_days
  std::vector<Date> days;
  core::Instant at{};
  bool operator==(const ScanAttention&) const = default;
};

struct TerminalState {
  std::string id;  // "<tenant>-<terminal>"
  std::uint64_t version = 0;
  std::string tenant;
  std::string terminal;
  std::vector<ScanDay> days;               // by day, one each
  std::optional<ScanAttention> attention;  // the open episode, if any
  std::uint32_t attentions_raised = 0;     // episodes so far
  std::optional<ScanAttention> last_attention;

  bool exists() const { return version > 0; }
  const ScanDay* on(Date day) const;
  bool operator==(const TerminalState&) const = default;
};

struct RecordVirusScan {
  std::string tenant;
  std::string terminal;
  Date day{};
  std::string state;
  std::string note;
  bool business_day = true;  // whether `day` is one
  // The two business days before `day`, the nearer first (from the calendar, by the route).
  std::vector<Date> previous_business_days;
  std::string by;
  core::Instant at{};
};

using VirusScanCommand = std::variant<RecordVirusScan>;

std::expected<std::vector<VirusScanEvent>, DomainError> decide(const TerminalState& state,
                                                               const VirusScanCommand& command,
                                                               core::Instant now);
TerminalState evolve(TerminalState state, const VirusScanEvent& event);

}  // namespace opsdesk::scheduling
