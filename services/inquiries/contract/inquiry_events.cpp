#include "services/inquiries/contract/inquiry_events.hpp"

#include "libs/core/overloaded.hpp"
#include "proto-schemas/decode_variant.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::inquiries {

namespace {

using proto::from_timestamp;

core::Instant when(const v1::InquiryReceived& e) { return from_timestamp(e.received_at()); }
core::Instant when(const v1::EffortRecorded& e) { return from_timestamp(e.at()); }
// Every other event says when in `at`.
template <typename Event>
core::Instant when(const Event& e) {
  return from_timestamp(e.at());
}

}  // namespace

std::string stream_id_of(std::string_view inquiry_id) {
  return std::string(kStreamPrefix) + std::string(inquiry_id);
}

std::string inquiry_id_of(std::string_view stream_id) {
  if (!stream_id.starts_with(kStreamPrefix)) return {};
  return std::string(stream_id.substr(kStreamPrefix.size()));
}

core::Instant occurred_at(const InquiryEvent& event) {
  return std::visit([](const auto& e) { return when(e); }, event);
}

std::string type_name(const InquiryEvent& event) { return proto::type_name_of(event); }

std::expected<InquiryEvent, std::string> decode(
    const opsdesk::eventstore::v1::RecordedEvent& record) {
  if (!record.stream_id().starts_with(kStreamPrefix))
    return std::unexpected("stream '" + record.stream_id() + "' is not an inquiry stream");
  return proto::decode_variant<InquiryEvent>(record, "inquiries");
}

std::string to_string(Status status) {
  switch (status) {
    case Status::received:
      return "received";
    case Status::in_progress:
      return "in_progress";
    case Status::waiting_for_information:
      return "waiting_for_information";
    case Status::answered:
      return "answered";
    case Status::closed:
      return "closed";
  }
  return "received";
}

std::optional<Status> parse_status(std::string_view text) {
  for (auto status : {Status::received, Status::in_progress, Status::waiting_for_information,
                      Status::answered, Status::closed})
    if (to_string(status) == text) return status;
  return std::nullopt;
}

Status next_status(Status current, const InquiryEvent& event) {
  return std::visit(
      core::overloaded{
          [](const v1::InquiryReceived&) { return Status::received; },
          // Acknowledging or triaging it: the desk is on it.
          [current](const v1::InquiryAcknowledged&) {
            return current == Status::received ? Status::in_progress : current;
          },
          [current](const v1::InquiryClassified&) {
            return current == Status::received ? Status::in_progress : current;
          },
          [](const v1::InformationRequested&) { return Status::waiting_for_information; },
          [](const v1::InformationRecorded&) { return Status::in_progress; },
          [](const v1::InquiryAnswered&) { return Status::answered; },
          [](const v1::InquiryReopened&) { return Status::in_progress; },
          [](const v1::InquiryClosed&) { return Status::closed; },
          // Facts that leave the lifecycle where it is:
          [current](const v1::IncidentLinked&) { return current; },
          [current](const v1::ChangeLinked&) { return current; },
          [current](const v1::AnswerConfirmed&) { return current; },
          [current](const v1::EffortRecorded&) { return current; },
      },
      event);
}

}  // namespace opsdesk::inquiries
