#include "services/sla-metrics/domain/incident_record.hpp"

#include "opsdesk/incidents/v1/events.pb.h"
#include "proto-schemas/proto_time.hpp"

namespace opsdesk::sla_metrics {

namespace {

namespace v1 = opsdesk::incidents::v1;
using proto::from_timestamp;

template <typename Message>
bool parse(const eventstore::RecordedEvent& event, Message& message) {
  return event.type() == Message::descriptor()->full_name() &&
         message.ParseFromString(event.payload());
}

TenantFacts* find_tenant(IncidentRecord& record, const std::string& code) {
  for (auto& t : record.tenants)
    if (t.tenant == code) return &t;
  return nullptr;
}

class Folder {
 public:
  explicit Folder(IncidentRecord& record) : r_(record) {}

  void apply(const eventstore::RecordedEvent& event) {
    evidence_ = Evidence{event.event_id(), from_timestamp(event.recorded_at())};
    actor_ = event.actor();
    if (v1::IncidentDetected e; parse(event, e)) {
      r_.id = e.incident_id();
      r_.title = e.title();
      r_.severity = e.severity();
      r_.occurred_at = from_timestamp(e.occurred_at());
      r_.detected_by = evidence_;
      for (const auto& code : e.affected_tenants()) add_tenant(code, r_.occurred_at);
    } else if (v1::AffectedTenantAdded e; parse(event, e)) {
      const auto at = from_timestamp(e.at());
      add_tenant(e.tenant(), at);
      action("tenant_added", at, e.tenant());
    } else if (v1::FirstNoticeSent e; parse(event, e)) {
      notice(e.tenant(), e.sent_at(), "first_notice");
    } else if (v1::ProgressReportSent e; parse(event, e)) {
      notice(e.tenant(), e.sent_at(), "progress_report");
    } else if (v1::RecoveryReportSent e; parse(event, e)) {
      notice(e.tenant(), e.sent_at(), "recovery_report");
    } else if (v1::ResponseActivityRecorded e; parse(event, e)) {
      r_.actions.push_back({"response_activity", from_timestamp(e.started_at()),
                            from_timestamp(e.ended_at()), e.by().empty() ? actor_ : e.by(), "",
                            evidence_});
    } else if (v1::VendorContacted e; parse(event, e)) {
      action("vendor_contact", from_timestamp(e.at()));
    } else if (v1::WorkaroundApplied e; parse(event, e)) {
      action("workaround", from_timestamp(e.at()));
    } else if (v1::CauseIdentified e; parse(event, e)) {
      action("cause_identified", from_timestamp(e.at()));
    } else if (v1::ServiceRestored e; parse(event, e)) {
      action("service_restored", from_timestamp(e.at()));
    } else if (v1::PermanentFixPlanned e; parse(event, e)) {
      action("permanent_fix_planned", from_timestamp(e.at()));
    } else if (v1::PreventionActionRecorded e; parse(event, e)) {
      action("prevention_action", from_timestamp(e.at()));
    } else if (v1::IncidentClosed e; parse(event, e)) {
      r_.closed_at = from_timestamp(e.at());
      action("closed", *r_.closed_at);
    } else if (v1::IncidentReopened e; parse(event, e)) {
      const auto at = from_timestamp(e.at());
      r_.closed_at.reset();
      r_.reopenings.push_back({at, evidence_});
      action("reopened", at);
    }
  }

 private:
  void add_tenant(const std::string& code, core::Instant since) {
    if (find_tenant(r_, code) != nullptr) return;
    TenantFacts facts;
    facts.tenant = code;
    facts.affected_since = since;
    facts.affected_by = evidence_;
    r_.tenants.push_back(std::move(facts));
  }

  void action(std::string kind, core::Instant at, std::string tenant = {}) {
    r_.actions.push_back({std::move(kind), at, at, actor_, std::move(tenant), evidence_});
  }

  void notice(const std::string& code, const google::protobuf::Timestamp& sent_at,
              std::string kind) {
    const Notice n{from_timestamp(sent_at), evidence_};
    if (auto* facts = find_tenant(r_, code)) {
      if (kind == "first_notice") {
        if (!facts->first_notice) facts->first_notice = n;
      } else if (kind == "progress_report") {
        facts->progress_reports.push_back(n);
      } else {
        facts->recovery_reports.push_back(n);
      }
    }
    action(std::move(kind), n.sent_at, code);
  }

  IncidentRecord& r_;
  Evidence evidence_;
  std::string actor_;
};

}  // namespace

const TenantFacts* IncidentRecord::tenant(const std::string& code) const {
  for (const auto& t : tenants)
    if (t.tenant == code) return &t;
  return nullptr;
}

IncidentRecord fold_incident(const std::vector<eventstore::RecordedEvent>& events,
                             std::optional<core::Instant> recorded_before) {
  IncidentRecord record;
  Folder folder(record);
  for (const auto& event : events) {
    if (event.stream_version() <= record.version) continue;  // a redelivered event
    if (recorded_before && from_timestamp(event.recorded_at()) >= *recorded_before) break;
    folder.apply(event);
    record.version = event.stream_version();
  }
  return record;
}

}  // namespace opsdesk::sla_metrics
