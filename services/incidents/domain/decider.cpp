#include "services/incidents/domain/decider.hpp"

#include <algorithm>
#include <set>

#include "libs/aggregate/field_check.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/incidents/domain/vocabulary.hpp"

namespace opsdesk::incidents {

namespace {

using core::Instant;
using proto::to_timestamp;
using Result = std::expected<std::vector<IncidentEvent>, DomainError>;

using aggregate::is_blank;

std::unexpected<DomainError> violated(std::string rule, std::string message) {
  return aggregate::rule_violated(std::move(rule), std::move(message));
}

std::string when_text(Instant at) { return core::format_tokyo_rfc3339(at); }

// The field checks every decider shares, with the incidents' clock-skew allowance.
struct FieldCheck : aggregate::FieldCheck {
  explicit FieldCheck(Instant now) : aggregate::FieldCheck(now, kAllowedClockSkew) {}

  void known_tenant(const std::string& field, const std::string& code) {
    if (tenants::find_tenant(code) == nullptr) {
      add(field, "unknown tenant code '" + code + "'; allowed: " + tenants::allowed_codes_text());
    }
  }
};

// Nothing about an incident can happen before the fault itself appeared.
std::optional<std::unexpected<DomainError>> before_detection(const IncidentState& s, Instant at,
                                                             const std::string& what) {
  if (at < s.occurred_at) {
    return violated("before-detection", what + " at " + when_text(at) +
                                            " is before the fault appeared at " +
                                            when_text(s.occurred_at));
  }
  return std::nullopt;
}

Result decide_detect(const IncidentState& s, const DetectIncident& c, Instant now) {
  if (s.exists())
    return violated("incident-already-exists", "incident " + s.id + " already exists");

  FieldCheck check(now);
  check.not_in_future("occurred_at", c.occurred_at);
  check.not_blank("title", c.title);
  std::vector<std::string> tenants_affected;
  const bool all_centre = std::find(c.affected_tenants.begin(), c.affected_tenants.end(),
                                    std::string(tenants::kAllCentre)) != c.affected_tenants.end();
  if (c.affected_tenants.empty()) {
    check.add(
        "affected_tenants",
        "must name at least one tenant code, or [\"all_centre\"] for every tenant in the centre");
  } else if (all_centre && c.affected_tenants.size() > 1) {
    check.add("affected_tenants",
              "\"all_centre\" stands for the 18 tenants in the centre and must be the only entry");
  } else if (all_centre) {
    tenants_affected = tenants::in_centre_codes();
  } else {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < c.affected_tenants.size(); ++i) {
      const auto& code = c.affected_tenants[i];
      if (tenants::find_tenant(code) == nullptr) {
        check.add("affected_tenants[" + std::to_string(i) + "]",
                  "unknown tenant code '" + code + "'; allowed: " + tenants::allowed_codes_text() +
                      ", or all_centre alone");
      } else if (seen.insert(code).second) {
        tenants_affected.push_back(code);
      }
    }
  }
  if (!check.ok()) return check.error();

  v1::IncidentDetected e;
  e.set_incident_id(c.incident_id);
  *e.mutable_occurred_at() = to_timestamp(c.occurred_at);
  e.set_source(c.source);
  e.set_severity(c.severity);
  e.set_title(c.title);
  e.set_description(c.description);
  for (const auto& code : tenants_affected) e.add_affected_tenants(code);
  for (const auto& item : c.configuration_items) e.add_configuration_items(item);
  e.set_inquiry_id(c.inquiry_id);
  e.set_service_stopped(c.service_stopped);
  e.set_all_centre(all_centre);
  return std::vector<IncidentEvent>{e};
}

// The three notice events share one shape.
template <typename Notice>
Notice notice_event(const RecordNotice& c) {
  Notice e;
  e.set_tenant(c.tenant);
  *e.mutable_sent_at() = to_timestamp(c.sent_at);
  e.set_channel(c.channel);
  e.set_summary(c.summary);
  return e;
}

Result decide_notice(const IncidentState& s, const RecordNotice& c, Instant now) {
  FieldCheck check(now);
  check.known_tenant("tenant", c.tenant);
  check.not_in_future("sent_at", c.sent_at);
  if (!check.ok()) return check.error();
  if (!s.affects(c.tenant)) {
    return violated(
        "notice-to-unaffected-tenant",
        "tenant '" + c.tenant +
            "' is not affected by this incident; add it with add_affected_tenant first");
  }
  if (c.sent_at < s.occurred_at) {
    return violated("notice-before-detection", "a notice sent at " + when_text(c.sent_at) +
                                                   " cannot be about a fault that appeared at " +
                                                   when_text(s.occurred_at));
  }
  auto found = s.notices.find(c.tenant);
  const TenantNotices told = found == s.notices.end() ? TenantNotices{} : found->second;

  if (c.kind == "first_notice") {
    if (told.first_notice_at) {
      return violated("first-notice-already-sent",
                      "tenant '" + c.tenant + "' already had its first notice at " +
                          when_text(*told.first_notice_at) +
                          "; record further notices as progress_report");
    }
    return std::vector<IncidentEvent>{notice_event<v1::FirstNoticeSent>(c)};
  }
  if (c.kind == "progress_report") {
    if (!told.first_notice_at || c.sent_at < *told.first_notice_at) {
      return violated(
          "progress-report-before-first-notice",
          "tenant '" + c.tenant + "' must get its first notice before any progress report");
    }
    return std::vector<IncidentEvent>{notice_event<v1::ProgressReportSent>(c)};
  }
  // recovery_report
  if (!s.is_restored() || c.sent_at < *s.restored_at) {
    return violated(
        "recovery-report-before-restoration",
        "a recovery report can only be sent after the service is restored (restore_service)");
  }
  return std::vector<IncidentEvent>{notice_event<v1::RecoveryReportSent>(c)};
}

Result decide_add_tenant(const IncidentState& s, const AddAffectedTenant& c, Instant now) {
  FieldCheck check(now);
  check.known_tenant("tenant", c.tenant);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (s.status == Status::closed)
    return violated("incident-closed",
                    "a closed incident cannot gain affected tenants; reopen it first");
  if (s.affects(c.tenant))
    return violated("tenant-already-affected", "tenant '" + c.tenant + "' is already affected");
  if (auto error = before_detection(s, c.at, "adding a tenant")) return *error;
  v1::AffectedTenantAdded e;
  e.set_tenant(c.tenant);
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  return std::vector<IncidentEvent>{e};
}

Result decide_vendor_contact(const IncidentState& s, const RecordVendorContact& c, Instant now) {
  FieldCheck check(now);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto error = before_detection(s, c.at, "a vendor contact")) return *error;
  v1::VendorContacted e;
  e.set_vendor(c.vendor);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_summary(c.summary);
  return std::vector<IncidentEvent>{e};
}

Result decide_response_activity(const IncidentState& s, const RecordResponseActivity& c,
                                Instant now) {
  FieldCheck check(now);
  check.not_in_future("started_at", c.started_at);
  check.not_in_future("ended_at", c.ended_at);
  if (c.ended_at < c.started_at) check.add("ended_at", "must not be before started_at");
  check.not_blank("by", c.by);
  if (!check.ok()) return check.error();
  if (auto error = before_detection(s, c.started_at, "response activity starting")) return *error;
  v1::ResponseActivityRecorded e;
  *e.mutable_started_at() = to_timestamp(c.started_at);
  *e.mutable_ended_at() = to_timestamp(c.ended_at);
  e.set_by(c.by);
  e.set_summary(c.summary);
  return std::vector<IncidentEvent>{e};
}

Result decide_workaround(const IncidentState& s, const ApplyWorkaround& c, Instant now) {
  FieldCheck check(now);
  check.not_in_future("at", c.at);
  check.not_blank("summary", c.summary);
  if (!check.ok()) return check.error();
  if (s.is_restored()) {
    return violated("service-already-restored",
                    "the service was restored at " + when_text(*s.restored_at) +
                        "; a provisional fix is for a fault still open");
  }
  if (auto error = before_detection(s, c.at, "a workaround")) return *error;
  v1::WorkaroundApplied e;
  *e.mutable_at() = to_timestamp(c.at);
  e.set_summary(c.summary);
  return std::vector<IncidentEvent>{e};
}

Result decide_cause(const IncidentState& s, const IdentifyCause& c, Instant now) {
  FieldCheck check(now);
  check.not_in_future("at", c.at);
  check.not_blank("summary", c.summary);
  if (!check.ok()) return check.error();
  if (auto error = before_detection(s, c.at, "identifying the cause")) return *error;
  v1::CauseIdentified e;
  *e.mutable_at() = to_timestamp(c.at);
  e.set_summary(c.summary);
  return std::vector<IncidentEvent>{e};
}

Result decide_restore(const IncidentState& s, const RestoreService& c, Instant now) {
  FieldCheck check(now);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (s.is_restored()) {
    return violated("service-already-restored",
                    "the service was already restored at " + when_text(*s.restored_at));
  }
  if (auto error = before_detection(s, c.at, "restoring the service")) return *error;
  v1::ServiceRestored e;
  *e.mutable_at() = to_timestamp(c.at);
  e.set_summary(c.summary);
  e.set_service_stopped(c.service_stopped || s.service_stopped);
  return std::vector<IncidentEvent>{e};
}

Result decide_permanent_fix(const IncidentState& s, const PlanPermanentFix& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("change_id", c.change_id);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  for (const auto& fix : s.permanent_fixes) {
    if (fix.change_id == c.change_id) {
      return violated("permanent-fix-already-planned",
                      "change '" + c.change_id + "' is already planned for this incident");
    }
  }
  if (auto error = before_detection(s, c.at, "planning a permanent fix")) return *error;
  v1::PermanentFixPlanned e;
  e.set_change_id(c.change_id);
  e.set_summary(c.summary);
  *e.mutable_at() = to_timestamp(c.at);
  return std::vector<IncidentEvent>{e};
}

Result decide_prevention(const IncidentState& s, const RecordPreventionAction& c, Instant now) {
  FieldCheck check(now);
  check.not_in_future("at", c.at);
  check.not_blank("summary", c.summary);
  if (!check.ok()) return check.error();
  if (auto error = before_detection(s, c.at, "a prevention action")) return *error;
  v1::PreventionActionRecorded e;
  *e.mutable_at() = to_timestamp(c.at);
  e.set_summary(c.summary);
  return std::vector<IncidentEvent>{e};
}

Result decide_close(const IncidentState& s, const CloseIncident& c, Instant now) {
  FieldCheck check(now);
  check.not_in_future("at", c.at);
  check.not_blank("resolution", c.resolution);
  if (!check.ok()) return check.error();
  if (s.status == Status::closed)
    return violated("incident-already-closed",
                    "the incident was already closed at " + when_text(*s.closed_at));
  if (!s.is_restored()) {
    return violated(
        "close-before-restoration",
        "an incident can only be closed after the service is restored (restore_service)");
  }
  if (c.at < *s.restored_at) {
    return violated("close-before-restoration", "closing at " + when_text(c.at) +
                                                    " is before the restoration at " +
                                                    when_text(*s.restored_at));
  }
  v1::IncidentClosed e;
  *e.mutable_at() = to_timestamp(c.at);
  e.set_resolution(c.resolution);
  return std::vector<IncidentEvent>{e};
}

Result decide_reopen(const IncidentState& s, const ReopenIncident& c, Instant now) {
  FieldCheck check(now);
  check.not_in_future("at", c.at);
  check.not_blank("reason", c.reason);
  if (!check.ok()) return check.error();
  if (s.status != Status::closed)
    return violated("incident-not-closed", "only a closed incident can be reopened");
  if (c.at < *s.closed_at) {
    return violated("reopen-before-close", "reopening at " + when_text(c.at) +
                                               " is before the incident was closed at " +
                                               when_text(*s.closed_at));
  }
  v1::IncidentReopened e;
  *e.mutable_at() = to_timestamp(c.at);
  e.set_reason(c.reason);
  return std::vector<IncidentEvent>{e};
}

}  // namespace

std::expected<std::vector<IncidentEvent>, DomainError> decide(const IncidentState& state,
                                                              const IncidentCommand& command,
                                                              Instant now) {
  if (!std::holds_alternative<DetectIncident>(command) && !state.exists()) {
    return std::unexpected(
        DomainError{DomainError::Kind::not_found, "not-found", "no such incident", {}});
  }
  return std::visit(
      [&](const auto& c) -> Result {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, DetectIncident>) return decide_detect(state, c, now);
        if constexpr (std::is_same_v<C, RecordNotice>) return decide_notice(state, c, now);
        if constexpr (std::is_same_v<C, AddAffectedTenant>) return decide_add_tenant(state, c, now);
        if constexpr (std::is_same_v<C, RecordVendorContact>)
          return decide_vendor_contact(state, c, now);
        if constexpr (std::is_same_v<C, RecordResponseActivity>)
          return decide_response_activity(state, c, now);
        if constexpr (std::is_same_v<C, ApplyWorkaround>) return decide_workaround(state, c, now);
        if constexpr (std::is_same_v<C, IdentifyCause>) return decide_cause(state, c, now);
        if constexpr (std::is_same_v<C, RestoreService>) return decide_restore(state, c, now);
        if constexpr (std::is_same_v<C, PlanPermanentFix>)
          return decide_permanent_fix(state, c, now);
        if constexpr (std::is_same_v<C, RecordPreventionAction>)
          return decide_prevention(state, c, now);
        if constexpr (std::is_same_v<C, CloseIncident>) return decide_close(state, c, now);
        if constexpr (std::is_same_v<C, ReopenIncident>) return decide_reopen(state, c, now);
      },
      command);
}

std::vector<std::string> tenants_named(const IncidentCommand& command) {
  if (const auto* detect = std::get_if<DetectIncident>(&command)) {
    std::vector<std::string> named;
    for (const auto& code : detect->affected_tenants) {
      if (code == tenants::kAllCentre) {
        for (auto& in_centre : tenants::in_centre_codes()) named.push_back(std::move(in_centre));
      } else {
        named.push_back(code);
      }
    }
    return named;
  }
  if (const auto* notice = std::get_if<RecordNotice>(&command)) return {notice->tenant};
  if (const auto* added = std::get_if<AddAffectedTenant>(&command)) return {added->tenant};
  return {};
}

}  // namespace opsdesk::incidents
