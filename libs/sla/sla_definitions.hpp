#pragma once
// The SLA definitions (仕様書 別表1) as data: what each row of the table measures, its goal and
// the schedule its clock runs on. Read from YAML by definitions_yaml.hpp; this header is the
// pure data that the clocks and tables compute with.

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/calendar/business_calendar.hpp"

namespace opsdesk::sla {

// What a row measures. The last three have no source domain yet (scheduling, inquiries).
enum class TargetKind {
  first_notice,        // detection -> first notice, business time against a duration goal
  progress_cadence,    // a progress report to each tenant on every business day
  response_hours,      // fault response work inside the schedule's hours
  operating_hours,     // routine operations inside the schedule's hours
  ops_report_cadence,  // a routine operations report on every business day
  reception_hours,     // support requests accepted inside the schedule's hours
};

std::string_view to_string(TargetKind kind);
std::optional<TargetKind> target_kind_from(std::string_view text);
// "first_notice, progress_cadence, …": for messages naming what is allowed.
std::string target_kind_names();

struct SlaDefinition {
  std::string id;
  std::string label_ja;  // 項目
  std::string label_en;
  std::string content_ja;      // 内容
  std::string measurement_ja;  // 評価及び測定方法
  std::string target_ja;       // 設定指標値（目標値）
  TargetKind kind = TargetKind::first_notice;
  std::string goal_text;                      // as written in the file, e.g. "1h30m"
  std::chrono::microseconds goal_duration{};  // first_notice only
  int reports_per_business_day = 0;           // the two cadence kinds only
  std::string schedule = "business";
  std::vector<int> thresholds{50, 75, 100};  // ascending percentages of the goal
};

struct SlaDefinitions {
  std::vector<SlaDefinition> rows;  // in the table's order

  // The row of a kind; nullptr when the file has none (its figures are then not computed).
  const SlaDefinition* find(TargetKind kind) const;
};

}  // namespace opsdesk::sla
