#pragma once
// The sla-year profile of bench/fill_incidents: the incidents of the SLA contract term
// (2026-04-01 .. 2027-03-31, Asia/Tokyo) for the 19 associations, up to `now`, scaled to a number
// of events. Detections follow the working day (mostly business hours, some evenings, nights and
// holidays); each life is planned by sla_year_life.hpp. Planning is pure (a seeded RNG, the
// calendar and `now`); every command is then checked by the real decider as it is written.
// The scale profile plans the same lives over other days (ten years) and N copies of the centre.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/incident_log_writer.hpp"
#include "bench/sla_year_life.hpp"
#include "libs/calendar/business_calendar.hpp"
#include "libs/core/instant.hpp"
#include "libs/core/uuid.hpp"

namespace opsdesk::bench {

// The SLA contract term: the sla-year profile's days.
inline constexpr std::chrono::year_month_day kTermFirst{std::chrono::year{2026},
                                                        std::chrono::month{4}, std::chrono::day{1}};
inline constexpr std::chrono::year_month_day kTermAfter{std::chrono::year{2027},
                                                        std::chrono::month{4}, std::chrono::day{1}};

class SlaYear {
 public:
  struct Options {
    std::uint64_t events = 1'000'000;
    std::uint64_t seed = 1;
    core::Instant now;  // nothing is planned after it; the span is cut here while it runs
    // Detections from first_day to the day before after_day (Asia/Tokyo).
    std::chrono::year_month_day first_day = kTermFirst;
    std::chrono::year_month_day after_day = kTermAfter;
    // Copies of the centre sharing the log, its incidents dealt round robin: copy 0 has the
    // registry's tenant codes, copy k > 0 the same codes as "c<k>-<code>" (Life's tenant prefix).
    std::uint64_t copies = 1;
  };

  // Draws candidate detections over the span (up to now) and keeps a random subset of them just
  // large enough to make `events` events: the density is scaled, the shape of a day is not.
  // `calendar` must outlive this object.
  SlaYear(const calendar::BusinessCalendar& calendar, Options options);

  // The next incident's steps, decided in time order (detection first); nullopt after the last.
  std::optional<std::vector<Step>> next();

  // One line on the plan (span, candidates, incidents kept), before anything is written.
  std::string plan_text() const;
  // One line on the lives handed out so far: what makes them realistic, in figures.
  std::string report(const WriteSummary& written) const;

  struct Candidate {
    core::Instant detected;
    double draw = 0;  // kept when draw <= keep_below_
  };

 private:
  const calendar::BusinessCalendar& calendar_;
  Options options_;
  core::Instant span_start_;
  core::Instant span_end_;
  std::vector<Candidate> candidates_;  // in time order; the index seeds the life
  double keep_below_ = 1;
  std::uint64_t kept_ = 0;
  std::uint64_t planned_commands_ = 0;
  std::size_t cursor_ = 0;
  core::UuidV7Generator ids_;
  SlaYearStats stats_;
};

}  // namespace opsdesk::bench
