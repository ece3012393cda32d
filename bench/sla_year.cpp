#include "bench/sla_year.hpp"

#include <algorithm>
#include <random>
#include <sstream>
#include <stdexcept>

#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::bench {

namespace {

using namespace std::chrono_literals;
using core::Instant;
using std::chrono::seconds;
using std::chrono::year_month_day;

// How likely a fault is to be detected at `at`, relative to business hours: evenings and early
// mornings on business days 0.2, nights, weekends and holidays 0.05.
double detection_weight(const calendar::BusinessCalendar& calendar, Instant at) {
  const auto civil = core::to_tokyo(at);
  if (!calendar.is_business_day(civil.date).value_or(false)) return 0.05;
  const auto hour = std::chrono::duration_cast<std::chrono::hours>(civil.time_of_day).count();
  if (hour >= 9 && hour < 18) return 1.0;
  if ((hour >= 18 && hour < 22) || (hour >= 7 && hour < 9)) return 0.2;
  return 0.05;
}

std::vector<SlaYear::Candidate> draw_candidates(const calendar::BusinessCalendar& calendar,
                                                std::uint64_t seed, std::size_t count, Instant from,
                                                Instant until) {
  std::mt19937_64 rng(seed ^ 0x51a7ea12ull);
  std::uniform_int_distribution<std::int64_t> instant(0, (until - from).count() - 1);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<SlaYear::Candidate> candidates;
  candidates.reserve(count);
  while (candidates.size() < count) {
    const Instant at = from + std::chrono::floor<seconds>(std::chrono::microseconds{instant(rng)});
    if (unit(rng) >= detection_weight(calendar, at)) continue;
    candidates.push_back({at, unit(rng)});
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const auto& a, const auto& b) { return a.detected < b.detected; });
  return candidates;
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "n/a";
  std::ostringstream text;
  text.precision(1);
  text << std::fixed << 100.0 * static_cast<double>(part) / static_cast<double>(whole) << "%";
  return text.str();
}

}  // namespace

SlaYear::SlaYear(const calendar::BusinessCalendar& calendar, Options options)
    : calendar_(calendar), options_(options) {
  span_start_ = core::from_tokyo(options.first_day, {});
  // Lives detected in the last hour would be little more than a detection: stop there.
  span_end_ = std::min(core::from_tokyo(options.after_day, {}), options.now - 1h);
  if (span_end_ <= span_start_ + std::chrono::days{1})
    throw std::invalid_argument("fill_incidents: the span (from " +
                                calendar::format_iso_date(options.first_day) + ") has not begun");
  if (options.copies == 0) throw std::invalid_argument("fill_incidents: no copy of the centre");

  // Plan every candidate's life, counting its commands (one event each), then keep the
  // candidates with the lowest draws until they make the events asked for. A larger draw
  // threshold only ever adds candidates, so the kept set is a uniform sample of the day's shape.
  std::size_t pool = 4096;
  for (;;) {
    candidates_ = draw_candidates(calendar_, options_.seed, pool, span_start_, span_end_);
    std::vector<std::pair<double, std::uint64_t>> by_draw;  // draw, commands
    by_draw.reserve(candidates_.size());
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < candidates_.size(); ++i) {
      const auto commands = plan_sla_year_life(calendar_, options_.seed, i, "",
                                               candidates_[i].detected, options_.now, nullptr)
                                .size();
      by_draw.emplace_back(candidates_[i].draw, commands);
      total += commands;
    }
    if (total < options_.events) {
      // Too few: grow the pool in proportion (plus a margin) and draw again.
      pool = static_cast<std::size_t>(
                 static_cast<double>(pool) * static_cast<double>(options_.events) /
                 static_cast<double>(std::max<std::uint64_t>(total, 1)) * 1.25) +
             1;
      continue;
    }
    std::sort(by_draw.begin(), by_draw.end());
    std::uint64_t sum = 0;
    for (const auto& [draw, commands] : by_draw) {
      sum += commands;
      ++kept_;
      if (sum >= options_.events) {
        keep_below_ = draw;
        break;
      }
    }
    planned_commands_ = sum;
    return;
  }
}

std::optional<std::vector<Step>> SlaYear::next() {
  while (cursor_ < candidates_.size() && candidates_[cursor_].draw > keep_below_) ++cursor_;
  if (cursor_ >= candidates_.size()) return std::nullopt;
  const std::size_t index = cursor_++;
  const Instant detected = candidates_[index].detected;
  const std::string id = ids_.next(detected).to_string();
  const std::uint64_t copy = index % options_.copies;
  std::vector<Step> steps;
  std::string prefix;
  if (copy != 0) prefix.append("c").append(std::to_string(copy)).append("-");
  Life life(id, options_.now, steps, std::move(prefix));
  const auto soumu_before = stats_.soumu;
  for (const auto& planned :
       plan_sla_year_life(calendar_, options_.seed, index, id, detected, options_.now, &stats_))
    life.run(planned.command, planned.at);
  if (copy != 0) stats_.soumu = soumu_before;  // the tenant "soumu" is copy 0's alone
  return steps;
}

std::string SlaYear::plan_text() const {
  std::ostringstream text;
  text << calendar::format_iso_date(options_.first_day) << ".."
       << calendar::format_iso_date(
              year_month_day{std::chrono::sys_days{options_.after_day} - std::chrono::days{1}})
       << " (Asia/Tokyo), detections from " << core::format_rfc3339(span_start_) << " to "
       << core::format_rfc3339(span_end_) << " ("
       << std::chrono::duration_cast<std::chrono::hours>(span_end_ - span_start_).count() / 24
       << " days; now " << core::format_rfc3339(options_.now) << ") for " << options_.copies
       << (options_.copies == 1 ? " centre" : " copies of the centre") << " ("
       << options_.copies * tenants::all_tenants().size() << " tenants); " << kept_ << " of "
       << candidates_.size() << " candidate incidents kept for " << planned_commands_
       << " planned events (" << options_.events << " asked for)";
  return text.str();
}

std::string SlaYear::report(const WriteSummary& written) const {
  const auto& s = stats_;
  std::ostringstream text;
  text << written.not_closed << " not closed at now; detected in business hours "
       << percent(s.detected_in_hours, s.incidents) << ", all_centre " << s.all_centre
       << ", mean tenants at detection "
       << (s.incidents ? static_cast<double>(s.affected) / static_cast<double>(s.incidents) : 0)
       << ", affecting soumu " << s.soumu << "; first notices " << s.first_notices << " ("
       << percent(s.first_notices_within_goal, s.first_notices)
       << " within 1h30m business time); progress reports " << s.progress_reports << " ("
       << percent(s.progress_reports_after_closing, s.progress_reports)
       << " after 18:00); response activities and vendor contacts " << s.actions << " ("
       << percent(s.actions_out_of_hours, s.actions) << " out of hours); long-running "
       << s.long_running << ", reopened " << s.reopened << ", tenants added " << s.tenants_added;
  return text.str();
}

}  // namespace opsdesk::bench
