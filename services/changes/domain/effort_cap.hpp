#pragma once
// The contract term's modification work against its cap (仕様書 4.(2)③: 2 person-months in
// total): each threshold (80 %, 100 %) of each measure (ac: hours worked; eac: the forecast at
// completion) is recorded once, by the effort watch, when the term's figures pass it. Pure.

#include <cstdint>
#include <expected>
#include <string>
#include <variant>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/changes/contract/change_events.hpp"
#include "services/changes/domain/vocabulary.hpp"

namespace opsdesk::changes {

inline constexpr std::uint32_t kCapThresholds[] = {80, 100};

struct ThresholdReached {
  std::uint32_t threshold_percent = 0;
  std::string measure;  // ac | eac
  double hours = 0;
  core::Instant at{};
  bool operator==(const ThresholdReached&) const = default;
};

struct EffortCapState {
  std::string term;  // "2026"
  std::uint64_t version = 0;
  std::vector<ThresholdReached> reached;

  bool has(std::uint32_t threshold_percent, const std::string& measure) const;
  bool operator==(const EffortCapState&) const = default;
};

struct RecordThreshold {
  std::string term;
  std::uint32_t threshold_percent = 0;
  std::string measure;
  std::string eac_method;
  double hours = 0;
  double cap_hours = 0;
  double person_month_hours = 0;
  core::Instant at{};
};

using EffortCapCommand = std::variant<RecordThreshold>;

std::expected<std::vector<EffortCapEvent>, DomainError> decide(const EffortCapState& state,
                                                               const EffortCapCommand& command,
                                                               core::Instant now);
EffortCapState evolve(EffortCapState state, const EffortCapEvent& event);

// The thresholds `hours` has passed that `state` has not recorded for `measure`.
std::vector<std::uint32_t> thresholds_to_record(const EffortCapState& state,
                                                const std::string& measure, double hours,
                                                double cap_hours);

}  // namespace opsdesk::changes
