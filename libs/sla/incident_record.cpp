#include "libs/sla/incident_record.hpp"

#include <stdexcept>

#include "libs/core/overloaded.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/incidents/contract/incident_events.hpp"

namespace opsdesk::sla {

namespace {

namespace v1 = opsdesk::incidents::v1;
using proto::from_timestamp;

TenantFacts* find_tenant(IncidentRecord& record, const std::string& code) {
  for (auto& t : record.tenants)
    if (t.tenant == code) return &t;
  return nullptr;
}

class Folder {
 public:
  explicit Folder(IncidentRecord& record) : r_(record) {}

  void apply(const Envelope& event) {
    auto decoded = incidents::decode(event);
    // The view holds only events that decoded when they were applied: this is a broken store.
    if (!decoded)
      throw std::runtime_error("incident event " + event.event_id() + ": " + decoded.error());
    evidence_ = Evidence{event.event_id(), from_timestamp(event.recorded_at())};
    actor_ = event.actor();
    std::visit(
        core::overloaded{
            [&](const v1::IncidentDetected& e) {
              r_.id = e.incident_id();
              r_.title = e.title();
              r_.severity = e.severity();
              r_.occurred_at = from_timestamp(e.occurred_at());
              r_.detected_by = evidence_;
              for (const auto& code : e.affected_tenants())
                add_tenant(code, r_.occurred_at, !e.all_centre());
            },
            [&](const v1::AffectedTenantAdded& e) {
              const auto at = from_timestamp(e.at());
              add_tenant(e.tenant(), at);
              action("tenant_added", at, e.tenant());
            },
            [&](const v1::FirstNoticeSent& e) { notice(e.tenant(), e.sent_at(), "first_notice"); },
            [&](const v1::ProgressReportSent& e) {
              notice(e.tenant(), e.sent_at(), "progress_report");
            },
            [&](const v1::RecoveryReportSent& e) {
              notice(e.tenant(), e.sent_at(), "recovery_report");
            },
            [&](const v1::ResponseActivityRecorded& e) {
              r_.actions.push_back({"response_activity", from_timestamp(e.started_at()),
                                    from_timestamp(e.ended_at()), e.by().empty() ? actor_ : e.by(),
                                    "", evidence_});
            },
            [&](const v1::VendorContacted& e) { action("vendor_contact", from_timestamp(e.at())); },
            [&](const v1::WorkaroundApplied& e) { action("workaround", from_timestamp(e.at())); },
            [&](const v1::CauseIdentified& e) {
              action("cause_identified", from_timestamp(e.at()));
            },
            [&](const v1::ServiceRestored& e) {
              const auto at = from_timestamp(e.at());
              r_.restorations.push_back({"", at, evidence_, occurrence()});
              action("service_restored", at);
            },
            [&](const v1::PermanentFixPlanned& e) {
              action("permanent_fix_planned", from_timestamp(e.at()));
            },
            [&](const v1::PreventionActionRecorded& e) {
              action("prevention_action", from_timestamp(e.at()));
            },
            [&](const v1::IncidentClosed& e) {
              r_.closed_at = from_timestamp(e.at());
              r_.closes.push_back({"", *r_.closed_at, evidence_, occurrence()});
              action("closed", *r_.closed_at);
            },
            [&](const v1::IncidentReopened& e) {
              const auto at = from_timestamp(e.at());
              r_.closed_at.reset();
              r_.reopenings.push_back({"", at, evidence_, occurrence() + 1});
              action("reopened", at);
            },
        },
        *decoded);
  }

 private:
  int occurrence() const { return static_cast<int>(r_.reopenings.size()); }

  void add_tenant(const std::string& code, core::Instant since, bool named = true) {
    if (auto* known = find_tenant(r_, code)) {
      known->named = known->named || named;  // named later by add_affected_tenant: measured
      return;
    }
    TenantFacts facts;
    facts.tenant = code;
    facts.affected_since = since;
    facts.affected_by = evidence_;
    facts.named = named;
    facts.since_occurrence = occurrence();
    r_.tenants.push_back(std::move(facts));
  }

  void action(std::string kind, core::Instant at, std::string tenant = {}) {
    r_.actions.push_back({std::move(kind), at, at, actor_, std::move(tenant), evidence_});
  }

  void notice(const std::string& code, const google::protobuf::Timestamp& sent_at,
              std::string kind) {
    const Notice n{kind, from_timestamp(sent_at), evidence_, occurrence()};
    if (auto* facts = find_tenant(r_, code)) facts->reports.push_back(n);
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

IncidentRecord fold_incident(const std::vector<Envelope>& events,
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

}  // namespace opsdesk::sla
