#pragma once
// The notifier's view of the scheduling and incidents events: the mails owed to associations.
// Keys:
//   window/<id>     a window that stops the service (title, period, associations), as planned
//   pending/<key>   a PendingMail (JSON): a service-stop notice from the window's planning
//                   until its work ends or is cancelled; a service-resumed mail from its
//                   completion on; a service-resumed mail for each association of an incident
//                   whose restoration says the fault had stopped the service
//   incident/<id>   an incident's title, associations and restorations so far
// A pending mail stays in the view after it was sent: what was sent is the notifier's own
// store's (an Idempotency-Key per mail key), so a crash between sending and recording sends the
// same mail (same Message-ID) again, and one after recording sends nothing.

#include <vector>

#include "libs/projection/projection.hpp"
#include "services/notifier/mail.hpp"

namespace opsdesk::notifier {

class NotifierProjection final : public projection::Projection {
 public:
  std::string name() const override { return "notifier"; }
  int schema_version() const override { return 1; }
  void apply(const eventstore::RecordedEvent& event, projection::ViewWriter& view) override;

 private:
  void apply_incident(const eventstore::RecordedEvent& event, projection::ViewWriter& view);
};

std::vector<PendingMail> pending_mails(const projection::ViewReader& view);

}  // namespace opsdesk::notifier
