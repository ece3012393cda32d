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
  std::string requester_name;
  std::string requester_role;
  std::string subject;
  std::string body;
  std::string category_hint;
  std::string inquiry_class;  // empty until classified
  std::string class_reason;   // why it was (re)classified so
  bool escalated = false;
  std::string incident_id;  // empty until linked
  std::string change_id;
  std::optional<core::Instant> acknowledged_at;
  std::optional<core::Instant> first_answered_at;  // the report's response time ends here
  std::string answer;                              // the latest answer given
  std::optional<core::Instant> answered_at;        // of the latest answer
  bool answer_confirmed = false;
  std::string pending_question;  // asked of the requester while waiting_for_information
  std::optional<core::Instant> closed_at;
  std::string close_reason;
  std::map<std::string, unsigned> effort_minutes;  // by kind

  bool exists() const { return version > 0; }
  bool operator==(const InquiryState&) const = default;
};

InquiryState evolve(InquiryState state, const InquiryEvent& event);

}  // namespace opsdesk::inquiries
