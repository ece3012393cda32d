#pragma once
// The inquiry list the service keeps for GET /v1/inquiries (libs/aggregate/summary_index.hpp):
// a summary per inquiry, newest first, with what the list filters on (tenant, status, class,
// reception time, and the words of its subject, body and requester for `q`).

#include <cstdint>
#include <optional>
#include <string>

#include "libs/aggregate/summary_index.hpp"
#include "services/inquiries/inquiry_aggregate.hpp"

namespace opsdesk::inquiries {

struct InquirySummary {
  std::string id;
  std::uint64_t version = 0;
  Status status = Status::received;
  std::string tenant;
  std::string channel;
  core::Instant received_at{};
  std::string requester_name;
  std::string subject;
  std::string inquiry_class;
  std::string incident_id;
  std::optional<core::Instant> first_answered_at;
  // Subject, body and requester, ASCII letters in lower case: what `q` is looked up in.
  std::string searchable_text;
};

InquirySummary summarize(const InquiryState& state);

// True when every word of `words` (as typed in `q`, separated by spaces; ASCII case ignored)
// occurs in the summary's text.
bool mentions(const InquirySummary& summary, const std::string& words);

using InquiryIndex = aggregate::SummaryIndex<InquiryAggregate, InquirySummary>;

}  // namespace opsdesk::inquiries
