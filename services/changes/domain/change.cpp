#include "services/changes/domain/change.hpp"

#include <algorithm>
#include <cmath>

#include "libs/calendar/business_calendar.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/changes/domain/field_check.hpp"

namespace opsdesk::changes {

namespace {

using core::Instant;
using proto::from_timestamp;
using proto::to_timestamp;
using Result = std::expected<std::vector<ChangeEvent>, DomainError>;
using calendar::format_iso_date;
using std::chrono::sys_days;

constexpr double kMaxPackageHours = 10'000;
constexpr double kMaxHoursInADay = 24;
constexpr std::size_t kMaxPackages = 500;
constexpr std::size_t kMaxConfigurationItems = 100;

std::string list_text(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

// "wp-1, wp-2": the change's packages, for messages; empty when it has none.
std::string package_ids_text(const ChangeState& s) {
  std::vector<std::string> ids;
  for (const auto& p : s.packages) ids.push_back(p.id);
  return list_text(ids);
}

std::optional<DomainError> refuse_settled(const ChangeState& s) {
  if (s.closed)
    return aggregate::rule_violated("change-closed", "change " + s.id + " is closed").error();
  if (s.rejected)
    return aggregate::rule_violated("change-rejected",
                                    "change " + s.id + " was rejected: " + s.rejected->note)
        .error();
  if (s.withdrawn)
    return aggregate::rule_violated("change-withdrawn",
                                    "change " + s.id + " was withdrawn: " + s.withdrawn->note)
        .error();
  return std::nullopt;
}

// The phase before `phase` that is not done yet, if any: phases are done in order.
std::optional<std::string> earlier_open_phase(const ChangeState& s, std::string_view phase) {
  for (auto each : change_phases()) {
    if (each == phase) return std::nullopt;
    if (!s.phase_done(each)) return std::string(each);
  }
  return std::nullopt;
}

// Whether work on `phase` may be recorded now: the change is open, approved, and every earlier
// phase is done.
std::optional<DomainError> refuse_phase_work(const ChangeState& s, const std::string& phase) {
  if (auto settled = refuse_settled(s)) return settled;
  if (!s.approval)
    return aggregate::rule_violated("change-not-approved",
                                    "the work on change " + s.id + " starts after its approval")
        .error();
  if (auto open = earlier_open_phase(s, phase))
    return aggregate::rule_violated(
               "phase-order", "phases are done in order: " + *open + " is not done before " + phase)
        .error();
  return std::nullopt;
}

Result decide_register(const ChangeState& s, const RegisterChange& c, Instant now) {
  if (s.exists())
    return aggregate::rule_violated("change-already-exists", "change " + s.id + " exists");
  FieldCheck check(now);
  if (!is_one_of(change_origins(), c.origin))
    check.add("origin", "'" + c.origin + "' is not an origin of a change; allowed: " +
                            words_text(change_origins()));
  if (c.origin == kFault && c.incident_id.empty())
    check.add("incident_id", "a change from a fault names its incident");
  if (c.origin != kFault && !c.incident_id.empty())
    check.add("incident_id", "only a change from a fault (origin fault) names an incident");
  if (c.origin == kImprovement && c.inquiry_id.empty())
    check.add("inquiry_id", "a change from an improvement request names its inquiry");
  if (c.origin != kImprovement && !c.inquiry_id.empty())
    check.add("inquiry_id",
              "only a change from an improvement request (origin improvement) "
              "names an inquiry");
  check.not_blank("title", c.title);
  if (auto problem = scope_problem(c.tenants)) check.add("tenants", *problem);
  if (c.configuration_items.size() > kMaxConfigurationItems)
    check.add("configuration_items",
              "at most " + std::to_string(kMaxConfigurationItems) + " configuration items");
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::ChangeRegistered e;
  e.set_change_id(c.change_id);
  e.set_origin(c.origin);
  e.set_incident_id(c.incident_id);
  e.set_inquiry_id(c.inquiry_id);
  e.set_title(c.title);
  e.set_description(c.description);
  for (const auto& code : concerned_codes(c.tenants)) e.add_tenants(code);
  for (const auto& ci : c.configuration_items) e.add_configuration_items(ci);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<ChangeEvent>{e};
}

Result decide_assess(const ChangeState& s, const AssessChange& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("impact", c.impact);
  check.hours("effort_estimate_hours", c.effort_estimate_hours, kMaxPackageHours);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  if (s.approval)
    return aggregate::rule_violated("change-approved",
                                    "change " + s.id + " is approved: its assessment stands");
  v1::ChangeAssessed e;
  e.set_impact(c.impact);
  e.set_effort_estimate_hours(c.effort_estimate_hours);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<ChangeEvent>{e};
}

Result decide_approve(const ChangeState& s, const ApproveChange& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("approver", c.approver);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  if (s.approval)
    return aggregate::rule_violated("change-approved",
                                    "change " + s.id + " was approved by " + s.approval->approver);
  if (!s.assessment)
    return aggregate::rule_violated(
        "change-not-assessed", "change " + s.id + " is approved after its assessment (assess)");
  v1::ChangeApproved e;
  e.set_approver(c.approver);
  e.set_note(c.note);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<ChangeEvent>{e};
}

Result decide_complete_phase(const ChangeState& s, const CompletePhase& c, Instant now) {
  FieldCheck check(now);
  const bool known = is_one_of(change_phases(), c.phase);
  if (!known)
    check.add("phase", "'" + c.phase + "' is not a phase; allowed: " + words_text(change_phases()));
  if (known && is_per_tenant_phase(c.phase)) {
    if (c.tenant.empty())
      check.add("tenant", c.phase + " is recorded per association: name the association");
    else if (std::ranges::find(s.tenants, c.tenant) == s.tenants.end())
      check.add("tenant", "'" + c.tenant +
                              "' is not an association of this change; its "
                              "associations: " +
                              list_text(s.tenants));
  } else if (known && !c.tenant.empty()) {
    check.add("tenant", c.phase +
                            " is done once for the change; only migration and "
                            "installation name an association");
  }
  check.not_blank("evidence.document_id", c.document_id);
  check.not_blank("evidence.document_version", c.document_version);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto refused = refuse_phase_work(s, c.phase)) return std::unexpected(*refused);
  if (is_per_tenant_phase(c.phase) ? s.phase_done_for(c.phase, c.tenant) : s.phase_done(c.phase))
    return aggregate::rule_violated(
        "phase-done", c.phase + (c.tenant.empty() ? "" : " for " + c.tenant) + " is recorded");
  v1::ChangePhaseCompleted e;
  e.set_phase(c.phase);
  e.set_tenant(c.tenant);
  e.mutable_evidence()->set_document_id(c.document_id);
  e.mutable_evidence()->set_document_version(c.document_version);
  e.set_note(c.note);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<ChangeEvent>{e};
}

Result decide_skip_phase(const ChangeState& s, const SkipPhase& c, Instant now) {
  FieldCheck check(now);
  if (!is_skippable_phase(c.phase))
    check.add("phase", "'" + c.phase +
                           "' cannot be skipped; a change may skip migration (no "
                           "data to migrate) and training (operations unchanged)");
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto refused = refuse_phase_work(s, c.phase)) return std::unexpected(*refused);
  const bool started =
      std::ranges::any_of(s.phases, [&](const PhaseRecord& r) { return r.phase == c.phase; });
  if (started)
    return aggregate::rule_violated(
        "phase-started", c.phase + " of change " + s.id + " is already (partly) recorded");
  v1::ChangePhaseSkipped e;
  e.set_phase(c.phase);
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<ChangeEvent>{e};
}

template <typename Event, typename Command>
Result ending(const ChangeState& s, const Command& c, const std::string& text_field,
              const std::string& text, Instant now) {
  FieldCheck check(now);
  if (text_field == "reason") check.not_blank("reason", text);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  Event e;
  if constexpr (std::is_same_v<Event, v1::ChangeClosed>)
    e.set_note(text);
  else
    e.set_reason(text);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<ChangeEvent>{e};
}

Result decide_close(const ChangeState& s, const CloseChange& c, Instant now) {
  if (!s.settled()) {
    if (!s.approval)
      return aggregate::rule_violated("change-not-approved", "change " + s.id +
                                                                 " was never approved: reject or "
                                                                 "withdraw it instead");
    if (auto open = s.open_phases(); !open.empty())
      return aggregate::rule_violated("phases-open", "change " + s.id +
                                                         " closes when every "
                                                         "phase is done; still open: " +
                                                         list_text(open));
  }
  return ending<v1::ChangeClosed>(s, c, "note", c.note, now);
}

Result decide_reject(const ChangeState& s, const RejectChange& c, Instant now) {
  if (!s.settled() && s.approval)
    return aggregate::rule_violated("change-approved",
                                    "change " + s.id + " is approved: withdraw it instead");
  return ending<v1::ChangeRejected>(s, c, "reason", c.reason, now);
}

Result decide_add_package(const ChangeState& s, const AddWorkPackage& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("name", c.name);
  check.hours("planned_hours", c.planned_hours, kMaxPackageHours);
  check.covered("planned_start", c.planned_start);
  check.covered("planned_finish", c.planned_finish);
  if (c.planned_start.ok() && c.planned_finish.ok() &&
      sys_days{c.planned_finish} < sys_days{c.planned_start})
    check.add("planned_finish", "must not be before planned_start");
  for (const auto& dependency : c.depends_on) {
    const auto* before = s.package(dependency);
    if (!before) {
      const auto ids = package_ids_text(s);
      check.add("depends_on", "'" + dependency + "' is not a package of this change" +
                                  (ids.empty() ? "" : "; its packages: " + ids));
    } else if (c.planned_start.ok() &&
               sys_days{c.planned_start} < sys_days{before->planned_finish}) {
      check.add("planned_start", "must not be before " + dependency + "'s planned finish (" +
                                     format_iso_date(before->planned_finish) +
                                     "): it waits for it");
    }
  }
  if (!c.tenant.empty() && std::ranges::find(s.tenants, c.tenant) == s.tenants.end())
    check.add("tenant", "'" + c.tenant +
                            "' is not an association of this change; its "
                            "associations: " +
                            list_text(s.tenants));
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  if (s.packages.size() >= kMaxPackages)
    return aggregate::rule_violated(
        "too-many-packages",
        "a change has at most " + std::to_string(kMaxPackages) + " work packages");
  v1::WorkPackageAdded e;
  e.set_package_id("wp-" + std::to_string(s.packages.size() + 1));
  e.set_name(c.name);
  e.set_planned_hours(c.planned_hours);
  e.set_planned_start(format_iso_date(c.planned_start));
  e.set_planned_finish(format_iso_date(c.planned_finish));
  for (const auto& dependency : c.depends_on) e.add_depends_on(dependency);
  e.set_tenant(c.tenant);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<ChangeEvent>{e};
}

void check_package(FieldCheck& check, const ChangeState& s, const std::string& id) {
  if (s.package(id)) return;
  const auto ids = package_ids_text(s);
  check.add("package_id",
            "'" + id + "' is not a package of this change" +
                (ids.empty() ? " (it has none yet: add_work_package)" : "; its packages: " + ids));
}

Result decide_progress(const ChangeState& s, const RecordProgress& c, Instant now) {
  FieldCheck check(now);
  check_package(check, s, c.package_id);
  if (!std::isfinite(c.percent) || c.percent < 0 || c.percent > 100)
    check.add("percent", "must be from 0 to 100 (100: done)");
  check.not_after_today("as_of", c.as_of, now);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  v1::WorkProgressRecorded e;
  e.set_package_id(c.package_id);
  e.set_percent(c.percent);
  e.set_as_of(format_iso_date(c.as_of));
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<ChangeEvent>{e};
}

Result decide_actual(const ChangeState& s, const RecordActual& c, Instant now) {
  FieldCheck check(now);
  check_package(check, s, c.package_id);
  check.hours("hours", c.hours, kMaxHoursInADay);
  check.not_blank("by", c.worker);  // the API's `by` of record_actual: who worked the hours
  check.not_after_today("date", c.date, now);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  v1::ActualEffortRecorded e;
  e.set_package_id(c.package_id);
  e.set_hours(c.hours);
  e.set_worker(c.worker);
  e.set_date(format_iso_date(c.date));
  e.set_activity(c.activity);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<ChangeEvent>{e};
}

Result baseline(const ChangeState& s, const std::string& reason, const std::string& by,
                Instant at) {
  if (auto settled = refuse_settled(s)) return std::unexpected(*settled);
  if (s.packages.empty())
    return aggregate::rule_violated("no-packages",
                                    "change " + s.id + " has no work packages to baseline");
  v1::BaselineSet e;
  e.set_number(static_cast<std::uint32_t>(s.baselines.size() + 1));
  for (const auto& p : s.packages) {
    auto* frozen = e.add_packages();
    frozen->set_package_id(p.id);
    frozen->set_planned_hours(p.planned_hours);
    frozen->set_planned_start(format_iso_date(p.planned_start));
    frozen->set_planned_finish(format_iso_date(p.planned_finish));
  }
  e.set_reason(reason);
  *e.mutable_at() = to_timestamp(at);
  e.set_by(by);
  return std::vector<ChangeEvent>{e};
}

Result decide_baseline(const ChangeState& s, const SetBaseline& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (!s.baselines.empty())
    return aggregate::rule_violated("baseline-exists",
                                    "change " + s.id + " has baseline " +
                                        std::to_string(s.baselines.back().number) +
                                        "; rebaseline with a reason to replace it");
  return baseline(s, "", c.by, c.at);
}

Result decide_rebaseline(const ChangeState& s, const Rebaseline& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (s.baselines.empty())
    return aggregate::rule_violated("no-baseline",
                                    "change " + s.id + " has no baseline yet: set one (baseline)");
  return baseline(s, c.reason, c.by, c.at);
}

Date date_of(const std::string& text) { return calendar::parse_iso_date(text).value_or(Date{}); }

PhaseRecord record_of(const v1::ChangePhaseCompleted& e) {
  return {e.phase(),
          e.tenant(),
          false,
          e.evidence().document_id(),
          e.evidence().document_version(),
          e.note(),
          from_timestamp(e.at()),
          e.by()};
}

}  // namespace

std::string ChangeState::status() const {
  if (closed) return "closed";
  if (rejected) return "rejected";
  if (withdrawn) return "withdrawn";
  if (!phases.empty()) return "in_progress";
  if (approval) return "approved";
  if (assessment) return "assessed";
  return "registered";
}

bool ChangeState::phase_done_for(std::string_view phase, const std::string& tenant) const {
  return std::ranges::any_of(phases, [&](const PhaseRecord& r) {
    return r.phase == phase && (r.skipped || r.tenant == tenant);
  });
}

bool ChangeState::phase_done(std::string_view phase) const {
  if (!is_per_tenant_phase(phase))
    return std::ranges::any_of(phases, [&](const PhaseRecord& r) { return r.phase == phase; });
  const bool skipped = std::ranges::any_of(
      phases, [&](const PhaseRecord& r) { return r.phase == phase && r.skipped; });
  return skipped || std::ranges::all_of(tenants, [&](const std::string& tenant) {
           return phase_done_for(phase, tenant);
         });
}

std::string ChangeState::current_phase() const {
  if (!approval) return {};
  for (auto phase : change_phases()) {
    if (!phase_done(phase)) return std::string(phase);
  }
  return {};
}

std::vector<std::string> ChangeState::open_phases() const {
  std::vector<std::string> open;
  for (auto phase : change_phases()) {
    if (phase_done(phase)) continue;
    if (!is_per_tenant_phase(phase)) {
      open.emplace_back(phase);
      continue;
    }
    std::vector<std::string> missing;
    for (const auto& tenant : tenants) {
      if (!phase_done_for(phase, tenant)) missing.push_back(tenant);
    }
    open.push_back(std::string(phase) + " for " + list_text(missing));
  }
  return open;
}

const WorkPackage* ChangeState::package(const std::string& package_id) const {
  auto found = std::ranges::find(packages, package_id, &WorkPackage::id);
  return found == packages.end() ? nullptr : &*found;
}

std::vector<evm::Package> ChangeState::evm_packages() const {
  std::vector<evm::Package> out;
  out.reserve(packages.size());
  for (const auto& p : packages) {
    evm::Package e;
    e.id = p.id;
    e.tenant = p.tenant;
    e.budget_hours = p.planned_hours;
    e.planned_start = p.planned_start;
    e.planned_finish = p.planned_finish;
    if (!baselines.empty()) {
      const auto& frozen = baselines.back().packages;
      auto in_baseline = std::ranges::find(frozen, p.id, &BaselinePackage::package_id);
      if (in_baseline == frozen.end()) {
        e.budget_hours = 0;  // added after the baseline: earns nothing until a rebaseline
      } else {
        e.budget_hours = in_baseline->planned_hours;
        e.planned_start = in_baseline->planned_start;
        e.planned_finish = in_baseline->planned_finish;
      }
    }
    for (const auto& point : p.progress) e.progress.push_back({point.as_of, point.percent});
    for (const auto& actual : p.actuals) e.actuals.push_back({actual.date, actual.hours});
    out.push_back(std::move(e));
  }
  return out;
}

std::expected<std::vector<ChangeEvent>, DomainError> decide(const ChangeState& state,
                                                            const ChangeCommand& command,
                                                            Instant now) {
  if (const auto* c = std::get_if<RegisterChange>(&command)) return decide_register(state, *c, now);
  if (!state.exists())
    return std::unexpected(
        DomainError{DomainError::Kind::not_found, "change-not-found", "no such change", {}});
  return std::visit(
      core::overloaded{
          [](const RegisterChange&) -> Result { return {}; },  // handled above
          [&](const AssessChange& c) { return decide_assess(state, c, now); },
          [&](const ApproveChange& c) { return decide_approve(state, c, now); },
          [&](const CompletePhase& c) { return decide_complete_phase(state, c, now); },
          [&](const SkipPhase& c) { return decide_skip_phase(state, c, now); },
          [&](const CloseChange& c) { return decide_close(state, c, now); },
          [&](const RejectChange& c) { return decide_reject(state, c, now); },
          [&](const WithdrawChange& c) {
            return ending<v1::ChangeWithdrawn>(state, c, "reason", c.reason, now);
          },
          [&](const AddWorkPackage& c) { return decide_add_package(state, c, now); },
          [&](const RecordProgress& c) { return decide_progress(state, c, now); },
          [&](const RecordActual& c) { return decide_actual(state, c, now); },
          [&](const SetBaseline& c) { return decide_baseline(state, c, now); },
          [&](const Rebaseline& c) { return decide_rebaseline(state, c, now); },
      },
      command);
}

ChangeState evolve(ChangeState s, const ChangeEvent& event) {
  std::visit(
      core::overloaded{
          [&](const v1::ChangeRegistered& e) {
            s.id = e.change_id();
            s.origin = e.origin();
            s.incident_id = e.incident_id();
            s.inquiry_id = e.inquiry_id();
            s.title = e.title();
            s.description = e.description();
            s.tenants.assign(e.tenants().begin(), e.tenants().end());
            s.configuration_items.assign(e.configuration_items().begin(),
                                         e.configuration_items().end());
            s.registered_at = from_timestamp(e.at());
            s.registered_by = e.by();
          },
          [&](const v1::ChangeAssessed& e) {
            s.assessment =
                Assessment{e.impact(), e.effort_estimate_hours(), from_timestamp(e.at()), e.by()};
          },
          [&](const v1::ChangeApproved& e) {
            s.approval = Approval{e.approver(), e.note(), from_timestamp(e.at()), e.by()};
          },
          [&](const v1::ChangePhaseCompleted& e) { s.phases.push_back(record_of(e)); },
          [&](const v1::ChangePhaseSkipped& e) {
            s.phases.push_back(
                {e.phase(), "", true, "", "", e.reason(), from_timestamp(e.at()), e.by()});
          },
          [&](const v1::ChangeClosed& e) {
            s.closed = Ending{e.note(), from_timestamp(e.at()), e.by()};
          },
          [&](const v1::ChangeRejected& e) {
            s.rejected = Ending{e.reason(), from_timestamp(e.at()), e.by()};
          },
          [&](const v1::ChangeWithdrawn& e) {
            s.withdrawn = Ending{e.reason(), from_timestamp(e.at()), e.by()};
          },
          [&](const v1::WorkPackageAdded& e) {
            WorkPackage p;
            p.id = e.package_id();
            p.name = e.name();
            p.planned_hours = e.planned_hours();
            p.planned_start = date_of(e.planned_start());
            p.planned_finish = date_of(e.planned_finish());
            p.depends_on.assign(e.depends_on().begin(), e.depends_on().end());
            p.tenant = e.tenant();
            s.packages.push_back(std::move(p));
          },
          [&](const v1::WorkProgressRecorded& e) {
            auto found = std::ranges::find(s.packages, e.package_id(), &WorkPackage::id);
            if (found != s.packages.end())
              found->progress.push_back(
                  {e.percent(), date_of(e.as_of()), from_timestamp(e.at()), e.by()});
          },
          [&](const v1::ActualEffortRecorded& e) {
            auto found = std::ranges::find(s.packages, e.package_id(), &WorkPackage::id);
            if (found != s.packages.end())
              found->actuals.push_back({e.hours(), e.worker(), date_of(e.date()), e.activity(),
                                        from_timestamp(e.at()), e.by()});
          },
          [&](const v1::BaselineSet& e) {
            Baseline b;
            b.number = e.number();
            for (const auto& p : e.packages())
              b.packages.push_back({p.package_id(), p.planned_hours(), date_of(p.planned_start()),
                                    date_of(p.planned_finish())});
            b.reason = e.reason();
            b.at = from_timestamp(e.at());
            b.by = e.by();
            s.baselines.push_back(std::move(b));
          },
      },
      event);
  s.changed_at = occurred_at(event);
  ++s.version;
  return s;
}

std::vector<std::string> tenants_named(const ChangeCommand& command) {
  return std::visit(core::overloaded{
                        [](const RegisterChange& c) { return concerned_codes(c.tenants); },
                        [](const CompletePhase& c) {
                          return c.tenant.empty() ? std::vector<std::string>{}
                                                  : std::vector<std::string>{c.tenant};
                        },
                        [](const AddWorkPackage& c) {
                          return c.tenant.empty() ? std::vector<std::string>{}
                                                  : std::vector<std::string>{c.tenant};
                        },
                        [](const auto&) { return std::vector<std::string>{}; },
                    },
                    command);
}

}  // namespace opsdesk::changes
