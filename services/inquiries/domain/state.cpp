#include "services/inquiries/domain/state.hpp"

#include "libs/core/overloaded.hpp"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::inquiries {

InquiryState evolve(InquiryState s, const InquiryEvent& event) {
  using proto::from_timestamp;
  s.status = next_status(s.status, event);
  std::visit(core::overloaded{
                 [&](const v1::InquiryReceived& e) {
                   s.id = e.inquiry_id();
                   s.tenant = e.tenant();
                   s.channel = e.channel();
                   s.received_at = from_timestamp(e.received_at());
                   s.requester_name = e.requester_name();
                   s.requester_role = e.requester_role();
                   s.subject = e.subject();
                   s.body = e.body();
                   s.category_hint = e.category_hint();
                 },
                 [&](const v1::InquiryAcknowledged& e) {
                   if (!s.acknowledged_at) s.acknowledged_at = from_timestamp(e.at());
                 },
                 [&](const v1::InquiryClassified& e) {
                   s.inquiry_class = e.inquiry_class();
                   s.class_reason = e.reason();
                   s.escalated = s.escalated || e.escalate();
                 },
                 [&](const v1::IncidentLinked& e) { s.incident_id = e.incident_id(); },
                 [&](const v1::ChangeLinked& e) { s.change_id = e.change_id(); },
                 [&](const v1::InformationRequested& e) { s.pending_question = e.question(); },
                 [&](const v1::InformationRecorded&) { s.pending_question.clear(); },
                 [&](const v1::InquiryAnswered& e) {
                   const auto at = from_timestamp(e.at());
                   if (!s.first_answered_at) s.first_answered_at = at;
                   s.answer = e.answer();
                   s.answered_at = at;
                   s.answer_confirmed = false;
                 },
                 [&](const v1::AnswerConfirmed&) { s.answer_confirmed = true; },
                 [&](const v1::InquiryReopened&) {
                   s.answer_confirmed = false;
                   s.closed_at.reset();
                   s.close_reason.clear();
                 },
                 [&](const v1::InquiryClosed& e) {
                   s.closed_at = from_timestamp(e.at());
                   s.close_reason = e.reason();
                 },
                 [&](const v1::EffortRecorded& e) { s.effort_minutes[e.kind()] += e.minutes(); },
             },
             event);
  ++s.version;
  return s;
}

}  // namespace opsdesk::inquiries
