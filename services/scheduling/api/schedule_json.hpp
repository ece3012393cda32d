#pragma once
// Tasks and occurrences as the API answers them (docs/api/scheduling.yaml): times in Tokyo's
// offset, dates as YYYY-MM-DD, durations as "1h30m".

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "services/scheduling/schedule_book.hpp"

namespace opsdesk::scheduling::api {

// The task as it is on `today` (Tokyo), with every version.
nlohmann::json task_json(const TaskState& task, Date today);
std::string task_body(const TaskState& task, Date today,
                      std::optional<std::uint64_t> position = {});
// `now` decides whether an unsettled occurrence is overdue.
nlohmann::json occurrence_json(const ScheduledOccurrence& occurrence, core::Instant now);
std::string occurrence_body(const OccurrenceState& state, core::Instant now,
                            std::optional<std::uint64_t> position = {});

nlohmann::json daily_report_json(const DailyReportState& report);
nlohmann::json window_json(const WindowState& window);

}  // namespace opsdesk::scheduling::api
