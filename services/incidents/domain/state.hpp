#pragma once
// An incident as its events leave it: the state the decider decides on and the API shows.
// evolve() is the only way state changes; it never fails and never reads a clock.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"
#include "services/incidents/domain/events.hpp"

namespace opsdesk::incidents {

// What each affected association has been told so far.
struct TenantNotices {
  std::optional<core::Instant> first_notice_at;
  std::optional<core::Instant> last_progress_report_at;
  int progress_reports = 0;
  std::optional<core::Instant> recovery_report_at;

  bool operator==(const TenantNotices&) const = default;
};

struct TimedNote {
  core::Instant at;
  std::string summary;

  bool operator==(const TimedNote&) const = default;
};

struct VendorContact {
  std::string vendor;
  core::Instant at;
  std::string summary;

  bool operator==(const VendorContact&) const = default;
};

struct ResponseActivity {
  core::Instant started_at;
  core::Instant ended_at;
  std::string by;
  std::string summary;

  bool operator==(const ResponseActivity&) const = default;
};

struct PermanentFix {
  std::string change_id;
  std::string summary;
  core::Instant at;

  bool operator==(const PermanentFix&) const = default;
};

struct IncidentState {
  std::uint64_t version = 0;  // events folded so far; 0 = the incident does not exist
  std::string id;
  core::Instant occurred_at{};
  std::string source;
  std::string severity;
  std::string title;
  std::string description;
  std::vector<std::string> affected_tenants;  // in the order they became affected
  std::vector<std::string> configuration_items;
  std::string inquiry_id;

  Status status = Status::open;
  std::map<std::string, TenantNotices> notices;  // by tenant code
  std::vector<VendorContact> vendor_contacts;
  std::vector<ResponseActivity> response_activities;
  std::vector<TimedNote> workarounds;
  std::vector<TimedNote> causes;
  std::vector<PermanentFix> permanent_fixes;
  std::vector<TimedNote> prevention_actions;
  std::optional<core::Instant> restored_at;  // latest restoration; cleared by a reopen
  bool service_stopped = false;  // the fault stopped the service (at detection or restoration)
  std::optional<core::Instant> closed_at;  // cleared by a reopen
  std::string resolution;
  int reopen_count = 0;

  bool exists() const { return version > 0; }
  bool is_restored() const { return status == Status::restored || status == Status::closed; }
  bool affects(const std::string& tenant) const;
  // Field by field (a snapshot's state against a fold of the events).
  bool operator==(const IncidentState&) const = default;
};

IncidentState evolve(IncidentState state, const IncidentEvent& event);

}  // namespace opsdesk::incidents
