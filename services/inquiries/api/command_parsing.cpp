#include "services/inquiries/api/command_parsing.hpp"

#include "libs/core/uuid.hpp"
#include "libs/http/json_body.hpp"
#include "services/inquiries/domain/vocabulary.hpp"

namespace opsdesk::inquiries::api {

namespace {

constexpr std::size_t kSubjectMax = 200;
constexpr std::size_t kTextMax = 4000;
constexpr std::size_t kNameMax = 100;
constexpr bool kRequired = true;
constexpr bool kOptional = false;

using Id = std::string;
using Now = core::Instant;

std::string text(http::JsonFields& f, const std::string& name, bool required,
                 std::size_t max = kTextMax) {
  return f.string(name, required, max).value_or("");
}

// Ids of other services' aggregates are UUIDs; the link is checked no further here (the
// other service is not asked at command time).
std::string uuid_field(http::JsonFields& f, const std::string& name) {
  auto id = f.string(name, kRequired, kNameMax);
  if (!id) return "";
  auto parsed = core::Uuid::parse(*id);
  if (!parsed) {
    f.add_error(name, "must be a UUID, e.g. 0190c3a4-5b6c-7d8e-9f00-112233445566");
    return "";
  }
  return parsed->to_string();
}

InquiryCommand parse_receive(http::JsonFields& f, const Id& id, const Now& now) {
  ReceiveInquiry c;
  c.inquiry_id = id;
  c.received_at = f.instant("received_at", kOptional).value_or(now);
  c.channel = f.one_of("channel", kRequired, kChannels).value_or("");
  c.tenant = text(f, "tenant", kRequired, kNameMax);
  if (const auto* requester = f.object("requester", kRequired)) {
    http::JsonFields r(*requester, {}, "requester.");
    c.requester_name = text(r, "name", kRequired, kNameMax);
    c.requester_role = text(r, "role", kOptional, kNameMax);
    r.reject_unknown_fields();
    f.add_errors_of(r);
  }
  c.subject = text(f, "subject", kRequired, kSubjectMax);
  c.body = text(f, "body", kRequired);
  c.category_hint = text(f, "category_hint", kOptional, kNameMax);
  return c;
}

InquiryCommand parse_acknowledge(http::JsonFields& f, const Id&, const Now& now) {
  AcknowledgeInquiry c;
  c.by = text(f, "by", kRequired, kNameMax);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

InquiryCommand parse_classify(http::JsonFields& f, const Id&, const Now& now) {
  ClassifyInquiry c;
  c.inquiry_class = f.one_of("class", kRequired, kClasses).value_or("");
  c.reason = text(f, "reason", kOptional);
  c.escalate = f.boolean("escalate", kOptional).value_or(false);
  c.severity = f.one_of("severity", kOptional, kFaultSeverities).value_or("");
  c.title = text(f, "title", kOptional, kSubjectMax);
  c.affected_tenants =
      f.string_list("affected_tenants", kOptional, 20, 40).value_or(std::vector<std::string>{});
  c.fault_occurred_at = f.instant("occurred_at", kOptional);
  c.by = text(f, "by", kRequired, kNameMax);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

InquiryCommand parse_link_incident(http::JsonFields& f, const Id&, const Now& now) {
  LinkIncident c;
  c.incident_id = uuid_field(f, "incident_id");
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

InquiryCommand parse_link_change(http::JsonFields& f, const Id&, const Now& now) {
  LinkChange c;
  c.change_id = uuid_field(f, "change_id");
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

InquiryCommand parse_request_information(http::JsonFields& f, const Id&, const Now& now) {
  RequestInformation c;
  c.question = text(f, "question", kRequired);
  c.by = text(f, "by", kRequired, kNameMax);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

InquiryCommand parse_record_information(http::JsonFields& f, const Id&, const Now& now) {
  RecordInformation c;
  c.information = text(f, "information", kRequired);
  c.by = text(f, "by", kRequired, kNameMax);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

InquiryCommand parse_answer(http::JsonFields& f, const Id&, const Now& now) {
  AnswerInquiry c;
  c.answer = text(f, "answer", kRequired);
  c.by = text(f, "by", kRequired, kNameMax);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

InquiryCommand parse_confirm_answer(http::JsonFields& f, const Id&, const Now& now) {
  ConfirmAnswer c;
  c.by = text(f, "by", kRequired, kNameMax);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

InquiryCommand parse_reopen(http::JsonFields& f, const Id&, const Now& now) {
  ReopenInquiry c;
  c.reason = text(f, "reason", kRequired);
  c.by = text(f, "by", kRequired, kNameMax);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

InquiryCommand parse_close(http::JsonFields& f, const Id&, const Now& now) {
  CloseInquiry c;
  c.reason = text(f, "reason", kOptional);
  c.by = text(f, "by", kRequired, kNameMax);
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

InquiryCommand parse_record_effort(http::JsonFields& f, const Id&, const Now& now) {
  RecordEffort c;
  c.minutes =
      static_cast<unsigned>(f.integer("minutes", kRequired, 1, kMaxEffortMinutes).value_or(0));
  c.kind = f.one_of("kind", kRequired, kEffortKinds).value_or("");
  c.by = text(f, "by", kRequired, kNameMax);
  c.at = f.instant("at", kOptional).value_or(now);
  c.note = text(f, "note", kOptional);
  return c;
}

}  // namespace

const InquiryCommands& command_table() {
  static const InquiryCommands kTable{"inquiry",
                                      "receive",
                                      {
                                          {"receive", parse_receive},
                                          {"acknowledge", parse_acknowledge},
                                          {"classify", parse_classify},
                                          {"link_incident", parse_link_incident},
                                          {"link_change", parse_link_change},
                                          {"request_information", parse_request_information},
                                          {"record_information", parse_record_information},
                                          {"answer", parse_answer},
                                          {"confirm_answer", parse_confirm_answer},
                                          {"reopen", parse_reopen},
                                          {"close", parse_close},
                                          {"record_effort", parse_record_effort},
                                      }};
  return kTable;
}

}  // namespace opsdesk::inquiries::api
