#pragma once
// What a maintainer asks the incidents service to do (imperative), already parsed from HTTP.
// Enumerated fields hold values of vocabulary.hpp; the decider checks everything else.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/core/instant.hpp"

namespace opsdesk::incidents {

struct DetectIncident {
  std::string incident_id;
  core::Instant occurred_at;
  std::string source;
  std::string severity;
  std::string title;
  std::string description;
  std::vector<std::string> affected_tenants;  // tenant codes, or {"all_centre"}
  std::vector<std::string> configuration_items;
  std::string inquiry_id;
  bool service_stopped = false;  // the fault stopped the associations' service
};

struct RecordNotice {
  std::string tenant;
  std::string kind;  // first_notice | progress_report | recovery_report
  core::Instant sent_at;
  std::string channel;
  std::string summary;
};

struct AddAffectedTenant {
  std::string tenant;
  std::string reason;
  core::Instant at;
};

struct RecordVendorContact {
  std::string vendor;
  core::Instant at;
  std::string summary;
};

struct RecordResponseActivity {
  core::Instant started_at;
  core::Instant ended_at;
  std::string by;
  std::string summary;
};

struct ApplyWorkaround {
  core::Instant at;
  std::string summary;
};

struct IdentifyCause {
  core::Instant at;
  std::string summary;
};

struct RestoreService {
  core::Instant at;
  std::string summary;
  bool service_stopped = false;  // the fault had stopped the service (if not said at detection)
};

struct PlanPermanentFix {
  std::string change_id;
  std::string summary;
  core::Instant at;
};

struct RecordPreventionAction {
  core::Instant at;
  std::string summary;
};

struct CloseIncident {
  core::Instant at;
  std::string resolution;
};

struct ReopenIncident {
  core::Instant at;
  std::string reason;
};

using IncidentCommand =
    std::variant<DetectIncident, RecordNotice, AddAffectedTenant, RecordVendorContact,
                 RecordResponseActivity, ApplyWorkaround, IdentifyCause, RestoreService,
                 PlanPermanentFix, RecordPreventionAction, CloseIncident, ReopenIncident>;

}  // namespace opsdesk::incidents
