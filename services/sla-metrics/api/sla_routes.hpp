#pragma once
// The sla-metrics HTTP API (docs/api/sla-metrics.yaml):
//   GET /v1/sla/incidents/{id}  every clock of an incident, with its cycles and event ids
//   GET /v1/sla/table           the 別表1 table per tenant (and centre-wide), for a month or the
//                               contract term, live or as it stood at the end of a past day;
//                               format=json (default), csv or xlsx
//   GET /v1/sla/definitions     the definitions in force and the history of settings changes
// Scoped to the caller's tenants like every read model; `min_position` waits for a command's
// log position (read-your-writes).

#include <chrono>

#include "libs/auth/jwt.hpp"
#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/http/router.hpp"
#include "libs/projection/projection_runner.hpp"
#include "libs/projection/view_store.hpp"
#include "libs/sla/sla_definitions.hpp"
#include "services/sla-metrics/settings_history.hpp"
#include "services/sla-metrics/table_cache.hpp"

namespace opsdesk::sla_metrics::api {

// How many evidence items one table answer may carry (JSON: those shown; xlsx: every item, on
// its evidence sheet): enough for a busy centre's month, and never tens of megabytes.
inline constexpr std::size_t kDefaultMaxEvidenceItems = 10000;

struct SlaApi {
  const projection::ViewStore& view;
  projection::ProjectionRunner& runner;
  const core::Clock& clock;
  const calendar::BusinessCalendar& calendar;
  const sla::SlaDefinitions& definitions;
  const SettingsHistory& history;  // the settings versions the figures were computed with
  TableCache& cache;               // answers and settled clocks, kept while the view agrees
  std::chrono::year_month_day term_start;
  std::chrono::year_month_day term_end;
  std::chrono::milliseconds max_wait{2000};
  std::size_t max_evidence_items = kDefaultMaxEvidenceItems;
};

void add_sla_routes(http::Router& router, SlaApi api);

}  // namespace opsdesk::sla_metrics::api
