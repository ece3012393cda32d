#pragma once
// An inquiry as the decider needs it: folded from its events (evolve), never stored apart.

#include <map>
#include <optional>
#include <string>

#include "libs/core/instant.hpp"
#include "services/inquiries/contract/inquiry_events.hpp"

namespace opsdesk::inquiries {

struct InquiryState {
  std::string id;
  std::uint64_t version = 0;  // events folded in
  Status status = Status::received;
  std::string tenant;
  std::string channel;
  core::Instant received_at{};
  std::string subject;
  std::string inquiry_class;  // empty until classified
  bool escalated = false;
  std::string incident_id;  // empty until linked
  std::string change_id;
  std::optional<core::Instant> acknowledged_at;
  std::optional<core::Instant> first_answered_at;  // the report's response time ends here
  bool answer_confirmed = false;
  std::map<std::string, unsigned> effort_minutes;  // by kind

  bool exists() const { return version > 0; }
};

InquiryState evolve(InquiryState state, const InquiryEvent& event);

}  // namespace opsdesk::inquiries
