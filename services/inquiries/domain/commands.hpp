#pragma once
// What the desk (or an association's administrator filing one) asks the inquiries service to
// do, already parsed from HTTP. Enumerated fields hold values of vocabulary.hpp; the decider
// checks everything.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/core/instant.hpp"

namespace opsdesk::inquiries {

struct ReceiveInquiry {
  std::string inquiry_id;
  core::Instant received_at;
  std::string channel;
  std::string tenant;  // an association code, or centre_ops
  std::string requester_name;
  std::string requester_role;
  std::string subject;
  std::string body;
  std::string category_hint;
};

struct AcknowledgeInquiry {
  std::string by;
  core::Instant at;
};

struct ClassifyInquiry {
  std::string inquiry_class;  // fault | improvement | question | out_of_scope
  std::string reason;
  bool escalate = false;
  std::string severity;                       // an escalated fault
  std::string title;                          // empty: the subject
  std::vector<std::string> affected_tenants;  // an escalated centre_ops fault
  std::optional<core::Instant> fault_occurred_at;
  std::string by;
  core::Instant at;
};

struct LinkIncident {
  std::string incident_id;
  core::Instant at;
};

struct LinkChange {
  std::string change_id;
  core::Instant at;
};

struct RequestInformation {
  std::string question;
  std::string by;
  core::Instant at;
};

struct RecordInformation {
  std::string information;
  std::string by;
  core::Instant at;
};

struct AnswerInquiry {
  std::string answer;
  std::string by;
  core::Instant at;
};

struct ConfirmAnswer {
  std::string by;
  core::Instant at;
};

struct ReopenInquiry {
  std::string reason;
  std::string by;
  core::Instant at;
};

struct CloseInquiry {
  std::string reason;
  std::string by;
  core::Instant at;
};

struct RecordEffort {
  unsigned minutes = 0;
  std::string kind;
  std::string by;
  core::Instant at;
  std::string note;
};

using InquiryCommand =
    std::variant<ReceiveInquiry, AcknowledgeInquiry, ClassifyInquiry, LinkIncident, LinkChange,
                 RequestInformation, RecordInformation, AnswerInquiry, ConfirmAnswer, ReopenInquiry,
                 CloseInquiry, RecordEffort>;

}  // namespace opsdesk::inquiries
