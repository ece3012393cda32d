#include "services/incidents/api/command_parsing.hpp"

#include "libs/http/json_body.hpp"
#include "services/incidents/domain/vocabulary.hpp"

namespace opsdesk::incidents::api {

namespace {

constexpr std::size_t kTitleMax = 200;
constexpr std::size_t kTextMax = 4000;
constexpr std::size_t kNameMax = 100;
constexpr bool kRequired = true;
constexpr bool kOptional = false;

IncidentCommand parse_detect(http::JsonFields& f, const std::string& incident_id,
                             const core::Instant&) {
  DetectIncident c;
  c.incident_id = incident_id;
  c.occurred_at = f.instant("occurred_at", kRequired).value_or(core::Instant{});
  c.source = f.one_of("source", kRequired, kSources).value_or("");
  c.severity = f.one_of("severity", kRequired, kSeverities).value_or("");
  c.title = f.string("title", kRequired, kTitleMax).value_or("");
  c.description = f.string("description", kOptional, kTextMax).value_or("");
  c.affected_tenants =
      f.string_list("affected_tenants", kRequired, 19, 40).value_or(std::vector<std::string>{});
  c.configuration_items = f.string_list("configuration_items", kOptional, 100, kTitleMax)
                              .value_or(std::vector<std::string>{});
  c.inquiry_id = f.string("inquiry_id", kOptional, kNameMax).value_or("");
  c.service_stopped = f.boolean("service_stopped", kOptional).value_or(false);
  return c;
}

IncidentCommand parse_record_notice(http::JsonFields& f, const std::string&, const core::Instant&) {
  RecordNotice c;
  c.tenant = f.string("tenant", kRequired, kNameMax).value_or("");
  c.kind = f.one_of("kind", kRequired, kNoticeKinds).value_or("");
  c.sent_at = f.instant("sent_at", kRequired).value_or(core::Instant{});
  c.channel = f.one_of("channel", kRequired, kNoticeChannels).value_or("");
  c.summary = f.string("summary", kOptional, kTextMax).value_or("");
  return c;
}

IncidentCommand parse_add_affected_tenant(http::JsonFields& f, const std::string&,
                                          const core::Instant& now) {
  AddAffectedTenant c;
  c.tenant = f.string("tenant", kRequired, kNameMax).value_or("");
  c.reason = f.string("reason", kOptional, kTextMax).value_or("");
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

IncidentCommand parse_record_vendor_contact(http::JsonFields& f, const std::string&,
                                            const core::Instant&) {
  RecordVendorContact c;
  c.vendor = f.one_of("vendor", kRequired, kVendorKinds).value_or("");
  c.at = f.instant("at", kRequired).value_or(core::Instant{});
  c.summary = f.string("summary", kRequired, kTextMax).value_or("");
  return c;
}

IncidentCommand parse_record_response_activity(http::JsonFields& f, const std::string&,
                                               const core::Instant&) {
  RecordResponseActivity c;
  c.started_at = f.instant("started_at", kRequired).value_or(core::Instant{});
  c.ended_at = f.instant("ended_at", kRequired).value_or(core::Instant{});
  c.by = f.string("by", kRequired, kNameMax).value_or("");
  c.summary = f.string("summary", kOptional, kTextMax).value_or("");
  return c;
}

IncidentCommand parse_apply_workaround(http::JsonFields& f, const std::string&,
                                       const core::Instant& now) {
  ApplyWorkaround c;
  c.at = f.instant("at", kOptional).value_or(now);
  c.summary = f.string("summary", kRequired, kTextMax).value_or("");
  return c;
}

IncidentCommand parse_identify_cause(http::JsonFields& f, const std::string&,
                                     const core::Instant& now) {
  IdentifyCause c;
  c.at = f.instant("at", kOptional).value_or(now);
  c.summary = f.string("summary", kRequired, kTextMax).value_or("");
  return c;
}

IncidentCommand parse_restore_service(http::JsonFields& f, const std::string&,
                                      const core::Instant&) {
  RestoreService c;
  c.at = f.instant("at", kRequired).value_or(core::Instant{});
  c.summary = f.string("summary", kOptional, kTextMax).value_or("");
  c.service_stopped = f.boolean("service_stopped", kOptional).value_or(false);
  return c;
}

IncidentCommand parse_plan_permanent_fix(http::JsonFields& f, const std::string&,
                                         const core::Instant& now) {
  PlanPermanentFix c;
  c.change_id = f.string("change_id", kRequired, kNameMax).value_or("");
  c.summary = f.string("summary", kOptional, kTextMax).value_or("");
  c.at = f.instant("at", kOptional).value_or(now);
  return c;
}

IncidentCommand parse_record_prevention_action(http::JsonFields& f, const std::string&,
                                               const core::Instant& now) {
  RecordPreventionAction c;
  c.at = f.instant("at", kOptional).value_or(now);
  c.summary = f.string("summary", kRequired, kTextMax).value_or("");
  return c;
}

IncidentCommand parse_close(http::JsonFields& f, const std::string&, const core::Instant& now) {
  CloseIncident c;
  c.at = f.instant("at", kOptional).value_or(now);
  c.resolution = f.string("resolution", kRequired, kTextMax).value_or("");
  return c;
}

IncidentCommand parse_reopen(http::JsonFields& f, const std::string&, const core::Instant& now) {
  ReopenIncident c;
  c.at = f.instant("at", kOptional).value_or(now);
  c.reason = f.string("reason", kRequired, kTextMax).value_or("");
  return c;
}

}  // namespace

const IncidentCommands& command_table() {
  static const IncidentCommands kTable{
      "incident",
      "detect",
      {
          {"detect", parse_detect},
          {"record_notice", parse_record_notice},
          {"add_affected_tenant", parse_add_affected_tenant},
          {"record_vendor_contact", parse_record_vendor_contact},
          {"record_response_activity", parse_record_response_activity},
          {"apply_workaround", parse_apply_workaround},
          {"identify_cause", parse_identify_cause},
          {"restore_service", parse_restore_service},
          {"plan_permanent_fix", parse_plan_permanent_fix},
          {"record_prevention_action", parse_record_prevention_action},
          {"close", parse_close},
          {"reopen", parse_reopen},
      }};
  return kTable;
}

}  // namespace opsdesk::incidents::api
