#include "services/changes/domain/effort_cap.hpp"

#include <algorithm>

#include "libs/aggregate/field_check.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::changes {

bool EffortCapState::has(std::uint32_t threshold_percent, const std::string& measure) const {
  return std::ranges::any_of(reached, [&](const ThresholdReached& r) {
    return r.threshold_percent == threshold_percent && r.measure == measure;
  });
}

std::vector<std::uint32_t> thresholds_to_record(const EffortCapState& state,
                                                const std::string& measure, double hours,
                                                double cap_hours) {
  std::vector<std::uint32_t> out;
  if (cap_hours <= 0) return out;
  for (auto threshold : kCapThresholds) {
    if (hours >= cap_hours * threshold / 100.0 && !state.has(threshold, measure))
      out.push_back(threshold);
  }
  return out;
}

std::expected<std::vector<EffortCapEvent>, DomainError> decide(const EffortCapState& state,
                                                               const EffortCapCommand& command,
                                                               core::Instant) {
  const auto& c = std::get<RecordThreshold>(command);
  if (c.measure != "ac" && c.measure != "eac")
    return std::unexpected(DomainError{DomainError::Kind::invalid_fields,
                                       "validation-failed",
                                       "one or more fields are invalid",
                                       {{"measure", "allowed: ac, eac"}}});
  if (state.has(c.threshold_percent, c.measure))
    return aggregate::rule_violated("threshold-recorded", std::to_string(c.threshold_percent) +
                                                              " % of the cap by " + c.measure +
                                                              " is recorded for term " + c.term);
  if (c.hours < c.cap_hours * c.threshold_percent / 100.0)
    return aggregate::rule_violated("threshold-not-reached",
                                    std::to_string(c.hours) + " hours are below " +
                                        std::to_string(c.threshold_percent) + " % of the cap");
  v1::ContractEffortThresholdReached e;
  e.set_term(c.term);
  e.set_threshold_percent(c.threshold_percent);
  e.set_measure(c.measure);
  e.set_eac_method(c.measure == "eac" ? c.eac_method : "");
  e.set_hours(c.hours);
  e.set_cap_hours(c.cap_hours);
  e.set_person_month_hours(c.person_month_hours);
  *e.mutable_at() = proto::to_timestamp(c.at);
  return std::vector<EffortCapEvent>{e};
}

EffortCapState evolve(EffortCapState state, const EffortCapEvent& event) {
  const auto& e = std::get<v1::ContractEffortThresholdReached>(event);
  state.term = e.term();
  state.reached.push_back(
      {e.threshold_percent(), e.measure(), e.hours(), proto::from_timestamp(e.at())});
  ++state.version;
  return state;
}

}  // namespace opsdesk::changes
