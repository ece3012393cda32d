#include "services/inquiries/domain/decider.hpp"

#include "libs/aggregate/field_check.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/inquiries/domain/vocabulary.hpp"

namespace opsdesk::inquiries {

namespace {

using core::Instant;
using proto::to_timestamp;
using Result = std::expected<std::vector<InquiryEvent>, DomainError>;

using aggregate::is_blank;

std::unexpected<DomainError> violated(std::string rule, std::string message) {
  return aggregate::rule_violated(std::move(rule), std::move(message));
}

// The field checks every decider shares, with the inquiries' clock-skew allowance.
struct FieldCheck : aggregate::FieldCheck {
  explicit FieldCheck(Instant now) : aggregate::FieldCheck(now, kAllowedClockSkew) {}
};

// Nothing happens to an inquiry before it was received.
std::optional<std::unexpected<DomainError>> before_reception(const InquiryState& s, Instant at,
                                                             const std::string& what) {
  if (at >= s.received_at) return std::nullopt;
  return violated("before-reception", what + " at " + core::format_tokyo_rfc3339(at) +
                                          " is before the inquiry was received at " +
                                          core::format_tokyo_rfc3339(s.received_at));
}

Result decide_receive(const InquiryState& s, const ReceiveInquiry& c, Instant now) {
  if (s.exists()) return violated("inquiry-already-exists", "inquiry " + s.id + " already exists");
  FieldCheck check(now);
  check.not_in_future("received_at", c.received_at);
  check.one_of("channel", c.channel, kChannels);
  if (c.tenant != kCentreOps && tenants::find_tenant(c.tenant) == nullptr)
    check.add("tenant", "unknown tenant '" + c.tenant +
                            "'; allowed: " + tenants::allowed_codes_text() + " or centre_ops");
  check.not_blank("requester.name", c.requester_name);
  check.not_blank("subject", c.subject);
  check.not_blank("body", c.body);
  if (!check.ok()) return check.error();
  v1::InquiryReceived e;
  e.set_inquiry_id(c.inquiry_id);
  *e.mutable_received_at() = to_timestamp(c.received_at);
  e.set_channel(c.channel);
  e.set_tenant(c.tenant);
  e.set_requester_name(c.requester_name);
  e.set_requester_role(c.requester_role);
  e.set_subject(c.subject);
  e.set_body(c.body);
  e.set_category_hint(c.category_hint);
  return std::vector<InquiryEvent>{e};
}

Result decide_acknowledge(const InquiryState& s, const AcknowledgeInquiry& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto early = before_reception(s, c.at, "the acknowledgement")) return *early;
  if (s.acknowledged_at)
    return violated("already-acknowledged", "the inquiry was acknowledged at " +
                                                core::format_tokyo_rfc3339(*s.acknowledged_at));
  v1::InquiryAcknowledged e;
  e.set_by(c.by);
  *e.mutable_at() = to_timestamp(c.at);
  return std::vector<InquiryEvent>{e};
}

Result decide_classify(const InquiryState& s, const ClassifyInquiry& c, Instant now) {
  FieldCheck check(now);
  check.one_of("class", c.inquiry_class, kClasses);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  const bool changing = !s.inquiry_class.empty() && s.inquiry_class != c.inquiry_class;
  if ((c.inquiry_class == "out_of_scope" || changing) && is_blank(c.reason))
    check.add("reason", changing
                            ? "is required to change the class (it was " + s.inquiry_class + ")"
                            : "is required for out_of_scope: it is what the requester is told");
  if (c.escalate) {
    if (c.inquiry_class != "fault" && c.inquiry_class != "improvement")
      check.add("escalate",
                "only a fault (to an incident) or an improvement (to a change "
                "request) is escalated");
    if (c.inquiry_class == "fault") {
      if (is_blank(c.severity))
        check.add("severity", "is required to escalate a fault; allowed: critical, major, minor");
      else
        check.one_of("severity", c.severity, kFaultSeverities);
      if (s.tenant == kCentreOps && c.affected_tenants.empty())
        check.add("affected_tenants",
                  "is required to escalate a centre_ops fault: the associations it hits");
      if (c.fault_occurred_at) check.not_in_future("occurred_at", *c.fault_occurred_at);
    }
    // Whom the incident hits, or whom the change is for.
    for (std::size_t i = 0; i < c.affected_tenants.size(); ++i) {
      const auto& code = c.affected_tenants[i];
      if (code != tenants::kAllCentre && tenants::find_tenant(code) == nullptr)
        check.add("affected_tenants[" + std::to_string(i) + "]",
                  "unknown tenant code '" + code + "'; allowed: " + tenants::allowed_codes_text() +
                      ", or all_centre");
    }
  }
  if (!check.ok()) return check.error();
  if (auto early = before_reception(s, c.at, "the classification")) return *early;
  if (c.escalate && !s.escalated && !s.incident_id.empty())
    return violated("incident-already-linked",
                    "the inquiry is linked to incident " + s.incident_id +
                        " already: escalating it would open a second one");
  if (c.escalate && s.escalated)
    return violated("already-escalated",
                    "the inquiry was already escalated (" +
                        (s.incident_id.empty() ? "to be linked" : "incident " + s.incident_id) +
                        ")");
  // The same class again only to escalate it now (a fault found to need an incident after all).
  if (c.inquiry_class == s.inquiry_class && (!c.escalate || s.escalated))
    return violated("class-unchanged", "the inquiry is already classified as " + s.inquiry_class);
  v1::InquiryClassified e;
  e.set_inquiry_class(c.inquiry_class);
  e.set_reason(c.reason);
  e.set_previous_class(s.inquiry_class);
  e.set_escalate(c.escalate);
  if (c.escalate) {
    e.set_severity(c.severity);
    e.set_title(is_blank(c.title) ? s.subject : c.title);
    for (const auto& t : c.affected_tenants) e.add_affected_tenants(t);
    if (c.fault_occurred_at) *e.mutable_fault_occurred_at() = to_timestamp(*c.fault_occurred_at);
  }
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<InquiryEvent>{e};
}

Result decide_link_incident(const InquiryState& s, const LinkIncident& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("incident_id", c.incident_id);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (!s.incident_id.empty())
    return violated("incident-already-linked",
                    "the inquiry is linked to incident " + s.incident_id + " already");
  v1::IncidentLinked e;
  e.set_incident_id(c.incident_id);
  *e.mutable_at() = to_timestamp(c.at);
  return std::vector<InquiryEvent>{e};
}

Result decide_link_change(const InquiryState& s, const LinkChange& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("change_id", c.change_id);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (!s.change_id.empty())
    return violated("change-already-linked",
                    "the inquiry is linked to change " + s.change_id + " already");
  v1::ChangeLinked e;
  e.set_change_id(c.change_id);
  *e.mutable_at() = to_timestamp(c.at);
  return std::vector<InquiryEvent>{e};
}

Result decide_request_information(const InquiryState& s, const RequestInformation& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("question", c.question);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto early = before_reception(s, c.at, "the request for information")) return *early;
  if (s.status == Status::waiting_for_information)
    return violated("already-waiting-for-information",
                    "the inquiry already waits for the requester's information");
  v1::InformationRequested e;
  e.set_question(c.question);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<InquiryEvent>{e};
}

Result decide_record_information(const InquiryState& s, const RecordInformation& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("information", c.information);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (s.status != Status::waiting_for_information)
    return violated("no-information-requested",
                    "no information was asked of the requester (request_information first)");
  v1::InformationRecorded e;
  e.set_information(c.information);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<InquiryEvent>{e};
}

Result decide_answer(const InquiryState& s, const AnswerInquiry& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("answer", c.answer);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto early = before_reception(s, c.at, "the answer")) return *early;
  if (s.inquiry_class.empty())
    return violated("answer-needs-class",
                    "classify the inquiry (fault, improvement, question, out_of_scope) before "
                    "answering it");
  if (s.status == Status::waiting_for_information)
    return violated("waiting-for-information",
                    "the inquiry waits for the requester's information (record_information "
                    "first)");
  v1::InquiryAnswered e;
  e.set_answer(c.answer);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<InquiryEvent>{e};
}

Result decide_confirm(const InquiryState& s, const ConfirmAnswer& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (s.status != Status::answered)
    return violated("nothing-to-confirm", "the inquiry has no answer waiting for confirmation");
  if (s.answer_confirmed)
    return violated("answer-already-confirmed", "the requester confirmed the answer already");
  v1::AnswerConfirmed e;
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<InquiryEvent>{e};
}

Result decide_reopen(const InquiryState& s, const ReopenInquiry& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (s.status != Status::answered && s.status != Status::closed)
    return violated(
        "not-answered-or-closed",
        "only an answered or closed inquiry is reopened (it is " + to_string(s.status) + ")");
  v1::InquiryReopened e;
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<InquiryEvent>{e};
}

Result decide_close(const InquiryState& s, const CloseInquiry& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  const bool out_of_scope = s.inquiry_class == "out_of_scope";
  if (out_of_scope && is_blank(c.reason))
    check.add("reason", "is required to close an out_of_scope inquiry: what the requester is told");
  if (!check.ok()) return check.error();
  if (auto early = before_reception(s, c.at, "the close")) return *early;
  if (s.status != Status::answered && !out_of_scope)
    return violated("close-before-answer",
                    "an inquiry is closed once answered, or as out_of_scope with its reason");
  v1::InquiryClosed e;
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<InquiryEvent>{e};
}

Result decide_effort(const InquiryState& s, const RecordEffort& c, Instant now) {
  FieldCheck check(now);
  if (c.minutes == 0 || c.minutes > kMaxEffortMinutes)
    check.add("minutes", "must be from 1 to " + std::to_string(kMaxEffortMinutes) +
                             " (a longer stretch is several entries)");
  check.one_of("kind", c.kind, kEffortKinds);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto early = before_reception(s, c.at, "the effort")) return *early;
  v1::EffortRecorded e;
  e.set_minutes(c.minutes);
  e.set_kind(c.kind);
  e.set_by(c.by);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_note(c.note);
  return std::vector<InquiryEvent>{e};
}

}  // namespace

std::expected<std::vector<InquiryEvent>, DomainError> decide(const InquiryState& state,
                                                             const InquiryCommand& command,
                                                             Instant now) {
  if (const auto* receive = std::get_if<ReceiveInquiry>(&command))
    return decide_receive(state, *receive, now);
  if (!state.exists())
    return std::unexpected(
        DomainError{DomainError::Kind::not_found, "inquiry-not-found", "no such inquiry", {}});
  // A closed inquiry takes only a reopening and effort recorded late, and the link to what it
  // was escalated to: the escalation's process manager records that link after the incident
  // exists, and the desk may have closed the inquiry in between.
  const bool allowed_when_closed = std::holds_alternative<ReopenInquiry>(command) ||
                                   std::holds_alternative<RecordEffort>(command) ||
                                   std::holds_alternative<LinkIncident>(command) ||
                                   std::holds_alternative<LinkChange>(command);
  if (state.status == Status::closed && !allowed_when_closed)
    return violated("inquiry-closed", "the inquiry is closed: reopen it first");
  return std::visit(
      core::overloaded{
          [](const ReceiveInquiry&) -> Result { return {}; },  // handled above
          [&](const AcknowledgeInquiry& c) { return decide_acknowledge(state, c, now); },
          [&](const ClassifyInquiry& c) { return decide_classify(state, c, now); },
          [&](const LinkIncident& c) { return decide_link_incident(state, c, now); },
          [&](const LinkChange& c) { return decide_link_change(state, c, now); },
          [&](const RequestInformation& c) { return decide_request_information(state, c, now); },
          [&](const RecordInformation& c) { return decide_record_information(state, c, now); },
          [&](const AnswerInquiry& c) { return decide_answer(state, c, now); },
          [&](const ConfirmAnswer& c) { return decide_confirm(state, c, now); },
          [&](const ReopenInquiry& c) { return decide_reopen(state, c, now); },
          [&](const CloseInquiry& c) { return decide_close(state, c, now); },
          [&](const RecordEffort& c) { return decide_effort(state, c, now); },
      },
      command);
}

}  // namespace opsdesk::inquiries
