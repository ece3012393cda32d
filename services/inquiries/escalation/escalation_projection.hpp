#pragma once
// The escalation process manager's view of the inquiries' events: which escalated faults and
// improvement requests still wait for their incident or change to be opened and linked. Keys:
//   received/<inquiry id>       the InquiryReceived of an inquiry not linked yet
//   pending/<inquiry id>        an Escalation (JSON) whose link has not come back as an event
//   linked/<inquiry id>         the incident it is linked to (an escalated fault opens nothing)
//   linked-change/<inquiry id>  the change it is linked to (an escalated improvement likewise)
// A pending escalation leaves the view only when IncidentLinked or ChangeLinked arrives, so a
// process killed after opening, before linking, finds it again after the restart.

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
