#include "services/inquiries/escalation/escalation_projection.hpp"

#include "libs/core/overloaded.hpp"

namespace opsdesk::inquiries::escalation {

namespace {

constexpr std::string_view kReceived = "received/";
constexpr std::string_view kPending = "pending/";
constexpr std::string_view kLinked = "linked/";
constexpr std::string_view kLinkedChange = "linked-change/";

std::string key(std::string_view prefix, const std::string& inquiry_id) {
  return std::string(prefix) + inquiry_id;
}

}  // namespace

void EscalationProjection::apply(const eventstore::RecordedEvent& record,
                                 projection::ViewWriter& view) {
  const auto inquiry_id = inquiry_id_of(record.stream_id());
  if (inquiry_id.empty()) return;
  auto event = decode(record);
  if (!event) throw std::runtime_error(event.error());
  std::visit(core::overloaded{
                 [&](const v1::InquiryReceived& e) {
                   view.put(key(kReceived, inquiry_id), e.SerializeAsString());
                 },
                 [&](const v1::InquiryClassified& e) {
                   if (!escalates(e)) return;
                   const bool to_change = e.inquiry_class() == "improvement";
                   if (view.get(key(to_change ? kLinkedChange : kLinked, inquiry_id))) return;
                   auto received_bytes = view.get(key(kReceived, inquiry_id));
                   v1::InquiryReceived received;
                   if (!received_bytes || !received.ParseFromString(*received_bytes))
                     throw std::runtime_error("an escalation of inquiry " + inquiry_id +
                                              " before its reception");
                   view.put(key(kPending, inquiry_id),
                            escalation_of(received, e, record.stream_version()).to_json().dump());
                 },
                 [&](const v1::IncidentLinked& e) {
                   view.put(key(kLinked, inquiry_id), e.incident_id());
                   view.erase(key(kPending, inquiry_id));
                   view.erase(key(kReceived, inquiry_id));
                 },
                 [&](const v1::ChangeLinked& e) {
                   view.put(key(kLinkedChange, inquiry_id), e.change_id());
                   view.erase(key(kPending, inquiry_id));
                   view.erase(key(kReceived, inquiry_id));
                 },
                 [](const v1::InquiryAcknowledged&) {},
                 [](const v1::InformationRequested&) {},
                 [](const v1::InformationRecorded&) {},
                 [](const v1::InquiryAnswered&) {},
                 [](const v1::AnswerConfirmed&) {},
                 [](const v1::InquiryReopened&) {},
                 [](const v1::InquiryClosed&) {},
                 [](const v1::EffortRecorded&) {},
             },
             *event);
}

std::vector<Escalation> pending_escalations(const projection::ViewReader& view) {
  std::vector<Escalation> pending;
  view.scan(kPending, [&](std::string_view, std::string_view value) {
    pending.push_back(Escalation::from_json(nlohmann::json::parse(value)));
    return true;
  });
  return pending;
}

}  // namespace opsdesk::inquiries::escalation
