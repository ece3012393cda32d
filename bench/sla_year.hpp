#pragma once
// The sla-year profile of bench/fill_incidents: the incidents of the SLA contract term
// (2026-04-01 .. 2027-03-31, Asia/Tokyo) for the 19 associations, up to `now`, scaled to a number
// of events. Detections follow the working day (mostly business hours, some evenings, nights and
// holidays); each life is planned by sla_year_life.hpp. Planning is pure (a seeded RNG, the
// calendar and `now`); every command is then checked by the real decider as it is written.

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

class SlaYear {
 public:
  struct Options {
    std::uint64_t events = 1'000'000;
    std::uint64_t seed = 1;
    core::Instant now;  // nothing is planned after it; the term is cut here while it runs
  };

  // Draws candidate detections over the term (up to now) and keeps a random subset of them just
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
  core::Instant term_start_;
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
