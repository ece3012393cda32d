#pragma once
// The daily operations report (運用状況の経過報告, 仕様書 4.(3)) as a decider: sent once, to
// associations, about one day, listing that day's occurrences as they stood. Pure; the caller
// lists the occurrences from the schedule and gives them in the command.

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/scheduling/contract/schedule_events.hpp"
#include "services/scheduling/domain/task.hpp"

namespace opsdesk::scheduling {

// How a report reached the associations.
std::span<const std::string_view> report_channels();

struct ReportedOccurrence {
  std::string occurrence_id;
  std::string title;
  std::string kind;
  std::string status;
  std::vector<std::string> open_tenants;
  bool operator==(const ReportedOccurrence&) const = default;
};

struct DailyReportState {
  std::string id;
  std::uint64_t version = 0;
  std::vector<std::string> tenants;  // association codes
  Date day{};
  core::Instant sent_at{};
  std::string channel;
  std::string summary;
  std::string abnormal;
  std::vector<ReportedOccurrence> occurrences;
  std::string by;

  bool exists() const { return version > 0; }
  bool operator==(const DailyReportState&) const = default;
};

struct SendDailyReport {
  std::string report_id;
  std::vector<std::string> tenants;  // association codes, or "all_centre" alone
  Date day{};
  core::Instant sent_at{};
  std::string channel;
  std::string summary;
  std::string abnormal;
  std::vector<ReportedOccurrence> occurrences;  // the day's, for those associations
  std::string by;
};

using DailyReportCommand = std::variant<SendDailyReport>;

std::expected<std::vector<DailyReportEvent>, DomainError> decide(const DailyReportState& state,
                                                                 const DailyReportCommand& command,
                                                                 core::Instant now);
DailyReportState evolve(DailyReportState state, const DailyReportEvent& event);

}  // namespace opsdesk::scheduling
