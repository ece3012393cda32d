#pragma once
// The monthly inquiries report (仕様書 4.(2)④ウ): for the inquiries received in a month, how
// many by class and by channel and where they stand, how fast the first answer came in business
// time (mean, p90, max on the business calendar's `business` schedule), and 対応実工数 (the
// effort recorded on them, by kind, in hours), with the list of inquiries behind every figure.
// Pure: the states and the calendar are given.

#include <chrono>
#include <expected>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "services/inquiries/domain/state.hpp"

namespace opsdesk::inquiries::reports {

// One inquiry behind the figures.
struct ReportLine {
  std::string id;
  std::string tenant;
  std::string channel;
  std::string inquiry_class;  // empty: not classified yet
  Status status = Status::received;
  std::string subject;
  core::Instant received_at{};
  std::optional<core::Instant> first_answered_at;
  // Reception to the first answer in business time; empty while unanswered (or outside the
  // calendar's years).
  std::optional<std::chrono::microseconds> business_to_answer;
  std::map<std::string, unsigned> effort_minutes;  // by kind
  unsigned effort_total_minutes = 0;
};

struct InquiryReport {
  std::string scope;  // a tenant code, centre_ops, or "*" for every inquiry the reader sees
  std::chrono::year_month month;
  core::Instant generated_at{};
  std::string schedule;  // the business schedule the response times count
  int received = 0;
  int answered = 0;  // with a first answer
  int open = 0;      // not closed
  int closed = 0;
  std::map<std::string, int> by_class;  // "" for not yet classified
  std::map<std::string, int> by_channel;
  std::optional<std::chrono::microseconds> mean_to_answer, p90_to_answer, max_to_answer;
  std::map<std::string, unsigned> effort_minutes;  // by kind, over every inquiry
  unsigned effort_total_minutes = 0;
  std::vector<ReportLine> lines;  // in reception order
};

// `inquiries`: those of the scope received in the month (the caller selects them).
InquiryReport build_report(const std::vector<InquiryState>& inquiries, std::string scope,
                           std::chrono::year_month month,
                           const calendar::BusinessCalendar& calendar, core::Instant generated_at);

nlohmann::json report_json(const InquiryReport& report);
// Japanese headings, UTF-8 with a BOM: the figures, then the inquiries.
std::string report_csv(const InquiryReport& report);
std::expected<std::string, std::string> report_xlsx(const InquiryReport& report);

}  // namespace opsdesk::inquiries::reports
