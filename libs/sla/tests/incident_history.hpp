#pragma once
// Test support: incident histories written in the contract's Tokyo times (the incidents
// service's own IncidentHistory makes the events) and the clocks the SLA engine computes for
// them.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/instant.hpp"
#include "libs/sla/definitions_yaml.hpp"
#include "libs/sla/incident_clocks.hpp"
#include "libs/sla/incident_record.hpp"
#include "services/incidents/testing/incident_history.hpp"

namespace opsdesk::sla::testing {

// "2026-11-20T17:30" is Tokyo time; a full RFC 3339 text is taken as written.
inline core::Instant tokyo(const std::string& text) {
  const bool has_zone = text.size() > 19;
  return core::parse_rfc3339(has_zone ? text : text + (text.size() == 16 ? ":00" : "") + "+09:00")
      .value();
}

inline const calendar::BusinessCalendar& standard_calendar() {
  static const auto calendar = calendar::BusinessCalendar::standard();
  return calendar;
}

class IncidentHistory {
 public:
  explicit IncidentHistory(std::string id) : id_(std::move(id)) {}

  // Decides `command` (as if asked at `recorded_at`, by default a week after everything) and
  // records its events at `recorded_at`.
  IncidentHistory& run(const incidents::IncidentCommand& command,
                       std::optional<core::Instant> recorded_at = std::nullopt) {
    history_.run(command, recorded_at.value_or(tokyo("2030-01-01T00:00")));
    return *this;
  }

  IncidentHistory& detect(const std::string& occurred_at, std::vector<std::string> tenants) {
    return run(incidents::DetectIncident{id_,
                                         tokyo(occurred_at),
                                         "monitoring",
                                         "major",
                                         "batch failed",
                                         "",
                                         std::move(tenants),
                                         {},
                                         ""});
  }
  IncidentHistory& notice(const std::string& tenant, const std::string& kind,
                          const std::string& sent_at) {
    return run(incidents::RecordNotice{tenant, kind, tokyo(sent_at), "email", ""});
  }
  IncidentHistory& first_notice(const std::string& tenant, const std::string& sent_at) {
    return notice(tenant, "first_notice", sent_at);
  }
  IncidentHistory& progress_report(const std::string& tenant, const std::string& sent_at) {
    return notice(tenant, "progress_report", sent_at);
  }
  IncidentHistory& recovery_report(const std::string& tenant, const std::string& sent_at) {
    return notice(tenant, "recovery_report", sent_at);
  }
  IncidentHistory& restore(const std::string& at) {
    return run(incidents::RestoreService{tokyo(at), "restored"});
  }
  IncidentHistory& close(const std::string& at) {
    return run(incidents::CloseIncident{tokyo(at), "fixed"});
  }
  IncidentHistory& reopen(const std::string& at) {
    return run(incidents::ReopenIncident{tokyo(at), "it came back"});
  }
  IncidentHistory& add_tenant(const std::string& tenant, const std::string& at) {
    return run(incidents::AddAffectedTenant{tenant, "also affected", tokyo(at)});
  }
  IncidentHistory& activity(const std::string& from, const std::string& to) {
    return run(incidents::RecordResponseActivity{tokyo(from), tokyo(to), "yamada", "log check"});
  }

  const std::vector<eventstore::RecordedEvent>& events() const { return history_.events(); }
  IncidentRecord record() const { return fold_incident(history_.events()); }
  IncidentClocks clocks(const std::string& now,
                        const SlaDefinitions& definitions = default_sla_definitions()) const {
    return compute_clocks(record(), standard_calendar(), definitions, tokyo(now));
  }
  const std::string& id() const { return id_; }

 private:
  std::string id_;
  incidents::testing::IncidentHistory history_{id_};
};

inline const FirstNoticeClock& notice_clock(const IncidentClocks& clocks,
                                            const std::string& tenant) {
  for (const auto& clock : clocks.first_notice)
    if (clock.tenant == tenant) return clock;
  throw std::runtime_error("no first-notice clock for " + tenant);
}

inline const ProgressCadence& cadence_of(const IncidentClocks& clocks, const std::string& tenant) {
  for (const auto& cadence : clocks.progress_cadence)
    if (cadence.tenant == tenant) return cadence;
  throw std::runtime_error("no progress cadence for " + tenant);
}

}  // namespace opsdesk::sla::testing
