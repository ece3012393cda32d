#pragma once
// The escalation process manager's view of the inquiries' events: which escalated faults still
// wait for their incident to be opened and linked. Keys:
//   received/<inquiry id>  the InquiryReceived of an inquiry not linked to an incident yet
//   pending/<inquiry id>   an Escalation (JSON) whose link has not come back as an event
//   linked/<inquiry id>    the incident it is linked to (an escalation then opens nothing)
// A pending escalation leaves the view only when IncidentLinked arrives, so a process killed
// after opening the incident, before linking it, finds it again after the restart.

#include <optional>
#include <string>
#include <vector>

#include "libs/projection/projection.hpp"
#include "services/inquiries/escalation/escalation.hpp"

namespace opsdesk::inquiries::escalation {

class EscalationProjection final : public projection::Projection {
 public:
  std::string name() const override { return "inquiry-escalation"; }
  int schema_version() const override { return 1; }
  void apply(const eventstore::RecordedEvent& event, projection::ViewWriter& view) override;
};

// The escalations still to carry out, oldest inquiry first.
std::vector<Escalation> pending_escalations(const projection::ViewReader& view);

}  // namespace opsdesk::inquiries::escalation
