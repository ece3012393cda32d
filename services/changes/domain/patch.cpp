#include "services/changes/domain/patch.hpp"

#include <algorithm>
#include <set>

#include "libs/calendar/date_text.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/changes/domain/due_time.hpp"
#include "services/changes/domain/field_check.hpp"

namespace opsdesk::changes {

namespace {

using core::Instant;
using proto::from_timestamp;
using proto::to_timestamp;
using Result = std::expected<std::vector<PatchEvent>, DomainError>;

constexpr std::size_t kMaxTargetsPerCommand = 200;
constexpr std::string_view kBouei = "bouei";

// The steps a target may take from each state (a failed one is tried again).
bool step_allowed(std::string_view from, std::string_view step) {
  if (step == "verified") return from == "pending" || from == "failed";
  if (step == "scheduled" || step == "applied")
    return from == "verified" || from == "scheduled" || from == "failed";
  if (step == "failed") return from == "verified" || from == "scheduled";
  if (step == "not_applicable") return !is_settled_rollout_state(from);
  return false;
}

std::string step_sources(std::string_view step) {
  if (step == "verified") return "pending or failed";
  if (step == "scheduled" || step == "applied") return "verified, scheduled or failed";
  if (step == "failed") return "verified or scheduled";
  return "any state but applied and not_applicable";
}

std::string kind_text(std::string_view kind) {
  std::string text(kind);
  std::ranges::replace(text, '_', ' ');
  return text;
}

bool serves_bouei(const PatchTargetItem& item) {
  return std::ranges::find(item.tenants, kBouei) != item.tenants.end();
}

Result decide_register(const PatchState& s, const RegisterPatch& c, Instant now) {
  if (s.exists())
    return aggregate::rule_violated("patch-already-exists", "patch " + s.id + " exists");
  FieldCheck check(now);
  if (!is_one_of(patch_products(), c.product))
    check.add("product", "'" + c.product + "' is not a product of a patch; allowed: " +
                             words_text(patch_products()));
  check.not_blank("vendor_id", c.vendor_id);
  check.not_blank("title", c.title);
  check.not_after_today("published", c.published, now);
  if (!is_one_of(patch_severities(), c.severity))
    check.add("severity",
              "'" + c.severity + "' is not a severity; allowed: " + words_text(patch_severities()));
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::PatchRegistered e;
  e.set_patch_id(c.patch_id);
  e.set_product(c.product);
  e.set_vendor_id(c.vendor_id);
  e.set_title(c.title);
  e.set_published(calendar::format_iso_date(c.published));
  e.set_severity(c.severity);
  e.set_description(c.description);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<PatchEvent>{e};
}

Result decide_assess(const AssessPatch& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("impact", c.impact);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::PatchAssessed e;
  e.set_impact(c.impact);
  e.set_needs_modification(c.needs_modification);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<PatchEvent>{e};
}

Result decide_urgency(const PatchState& s, const DecideUrgency& c, Instant now) {
  FieldCheck check(now);
  if (!is_one_of(patch_urgencies(), c.urgency))
    check.add("urgency",
              "'" + c.urgency + "' is not an urgency; allowed: " + words_text(patch_urgencies()));
  if (c.urgency == kDeferred && aggregate::is_blank(c.reason))
    check.add("reason", "a deferred patch says why it waits");
  if (!is_one_of(patch_measures(), c.measure))
    check.add("measure", "'" + c.measure +
                             "' is not a measure; allowed: " + words_text(patch_measures()) +
                             " (暫定対処 / 本格対処, 仕様書 4.(2)⑤イ)");
  check.not_blank("agreed_with", c.agreed_with);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (!s.assessment)
    return aggregate::rule_violated(
        "patch-not-assessed",
        "the urgency of patch " + s.vendor_id + " is agreed after its impact is assessed (assess)");
  v1::PatchUrgencyDecided e;
  e.set_urgency(c.urgency);
  e.set_reason(c.reason);
  e.set_measure(c.measure);
  e.set_plan(c.plan);
  e.set_agreed_with(c.agreed_with);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<PatchEvent>{e};
}

Result decide_verification(const RecordVerification& c, Instant now) {
  FieldCheck check(now);
  if (!is_one_of(verification_results(), c.result))
    check.add("result",
              "'" + c.result + "' is not a result; allowed: " + words_text(verification_results()));
  check.not_blank("environment", c.environment);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::PatchVerificationRecorded e;
  e.set_result(c.result);
  e.set_environment(c.environment);
  e.set_note(c.note);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<PatchEvent>{e};
}

Result decide_procedure(const AttachProcedure& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("document_id", c.document_id);
  check.not_blank("document_version", c.document_version);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::PatchProcedureAttached e;
  e.set_document_id(c.document_id);
  e.set_document_version(c.document_version);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<PatchEvent>{e};
}

Result decide_link(const PatchState& s, const LinkChange& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("change_id", c.change_id);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (!s.change_id.empty())
    return aggregate::rule_violated("patch-has-change",
                                    "patch " + s.vendor_id + " is linked to change " + s.change_id);
  v1::PatchLinkedToChange e;
  e.set_change_id(c.change_id);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<PatchEvent>{e};
}

Result decide_target(const PatchState& s, const TargetPatch& c, Instant now) {
  FieldCheck check(now);
  if (c.items.empty()) check.add("configuration_items", "name at least one configuration item");
  if (c.items.size() > kMaxTargetsPerCommand)
    check.add("configuration_items",
              "at most " + std::to_string(kMaxTargetsPerCommand) + " items per command");
  std::set<std::string> named;
  for (std::size_t i = 0; i < c.items.size(); ++i) {
    const auto& item = c.items[i];
    const auto field = "configuration_items[" + std::to_string(i) + "]";
    if (!named.insert(item.ci_id).second)
      check.add(field, item.code + " is named twice");
    else if (s.target(item.ci_id) != nullptr)
      check.add(field, item.code + " is already a target of this patch");
    else if (item.retired)
      check.add(field, item.code + " is retired");
    else if (auto refusal = target_refusal(s.product, item))
      check.add(field, *refusal);
  }
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::PatchTargetsAdded e;
  for (const auto& item : c.items) {
    auto* target = e.add_targets();
    target->set_configuration_item_id(item.ci_id);
    target->set_code(item.code);
    for (const auto& tenant : item.tenants) target->add_tenants(tenant);
  }
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<PatchEvent>{e};
}

Result decide_rollout(const PatchState& s, const RecordRollout& c, Instant now) {
  FieldCheck check(now);
  const bool known_step = is_one_of(rollout_steps(), c.step);
  if (!known_step)
    check.add("step",
              "'" + c.step + "' is not a rollout step; allowed: " + words_text(rollout_steps()));
  if (c.ci_ids.empty()) check.add("targets", "name at least one target");
  std::set<std::string> named;
  for (std::size_t i = 0; i < c.ci_ids.size(); ++i) {
    const auto field = "targets[" + std::to_string(i) + "]";
    const auto& shown = i < c.names.size() ? c.names[i] : c.ci_ids[i];
    if (!named.insert(c.ci_ids[i]).second)
      check.add(field, shown + " is named twice");
    else if (s.target(c.ci_ids[i]) == nullptr)
      check.add(field, shown + " is not a target of this patch (target it first)");
  }
  if (c.step == "scheduled" && !c.scheduled_for)
    check.add("scheduled_for", "a scheduled target says when it will be applied");
  if (c.step != "scheduled" && c.scheduled_for)
    check.add("scheduled_for", "only the scheduled step takes a time to apply at");
  if ((c.step == "failed" || c.step == "not_applicable") && aggregate::is_blank(c.note))
    check.add("note", "a " + c.step + " target says why");
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();

  if (c.step == "verified" &&
      (s.verifications.empty() || s.verifications.back().result != "passed"))
    return aggregate::rule_violated(
        "patch-not-verified",
        "targets are verified after the patch passed its verification (record_verification "
        "with result passed; 仕様書 4.(2)⑤ウ)");
  if (c.step == "scheduled" || c.step == "applied") {
    if (!s.urgency)
      return aggregate::rule_violated(
          "urgency-undecided",
          "patch " + s.vendor_id +
              " is applied once its urgency is agreed with the associations (decide_urgency; "
              "仕様書 4.(2)⑤ア)");
    if (s.urgency->urgency == kDeferred)
      return aggregate::rule_violated("patch-deferred", "patch " + s.vendor_id +
                                                            " was deferred: " + s.urgency->reason +
                                                            " (decide_urgency again to go on)");
  }
  std::string out_of_order;
  for (const auto& id : c.ci_ids) {
    const auto* target = s.target(id);
    if (step_allowed(target->state, c.step)) continue;
    out_of_order += (out_of_order.empty() ? "" : "; ") + target->code + " is " + target->state;
  }
  if (!out_of_order.empty())
    return aggregate::rule_violated(
        "rollout-order", c.step + " follows " + step_sources(c.step) + ": " + out_of_order);
  v1::PatchRolloutRecorded e;
  for (const auto& id : c.ci_ids) e.add_configuration_item_ids(id);
  e.set_step(c.step);
  e.set_note(c.note);
  if (c.scheduled_for) *e.mutable_scheduled_for() = to_timestamp(*c.scheduled_for);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<PatchEvent>{e};
}

Result decide_overdue(const PatchState& s, const RecordEmergencyOverdue& c, Instant now) {
  if (s.overdue)
    return aggregate::rule_violated("overdue-recorded",
                                    "patch " + s.vendor_id + " was recorded overdue");
  if (!s.urgency || s.urgency->urgency != kEmergency)
    return aggregate::rule_violated("not-emergency", "patch " + s.vendor_id + " is not emergency");
  if (s.rolled_out())
    return aggregate::rule_violated("patch-rolled-out",
                                    "patch " + s.vendor_id + " is on every target");
  if (now < c.due_at)
    return aggregate::rule_violated("not-yet-due", "patch " + s.vendor_id + " is due at " +
                                                       core::format_tokyo_rfc3339(c.due_at));
  v1::EmergencyPatchOverdue e;
  *e.mutable_decided_at() = to_timestamp(s.urgency->at);
  e.set_business_days(c.business_days);
  *e.mutable_due_at() = to_timestamp(c.due_at);
  for (const auto& id : s.open_targets()) e.add_open_configuration_item_ids(id);
  *e.mutable_at() = to_timestamp(c.at);
  return std::vector<PatchEvent>{e};
}

}  // namespace

core::Instant TargetRollout::changed_at() const {
  return steps.empty() ? targeted_at : steps.back().at;
}

std::optional<core::Instant> TargetRollout::scheduled_for() const {
  if (state != "scheduled" || steps.empty()) return std::nullopt;
  return steps.back().scheduled_for;
}

const TargetRollout* PatchState::target(const std::string& ci_id) const {
  auto found = std::ranges::find(targets, ci_id, &TargetRollout::ci_id);
  return found == targets.end() ? nullptr : &*found;
}

bool PatchState::rolled_out() const {
  return !targets.empty() && std::ranges::all_of(targets, [](const TargetRollout& t) {
    return is_settled_rollout_state(t.state);
  });
}

std::vector<std::string> PatchState::open_targets() const {
  std::vector<std::string> open;
  for (const auto& t : targets)
    if (!is_settled_rollout_state(t.state)) open.push_back(t.ci_id);
  return open;
}

std::string PatchState::status() const {
  if (rolled_out()) return "rolled_out";
  if (urgency && urgency->urgency == kDeferred) return "deferred";
  if (std::ranges::any_of(targets, [](const TargetRollout& t) { return t.state != "pending"; }))
    return "rolling_out";
  if (urgency) return "decided";
  if (assessment) return "assessed";
  return "registered";
}

std::vector<std::string> PatchState::concerned() const {
  std::set<std::string> codes;
  for (const auto& t : targets) codes.insert(t.tenants.begin(), t.tenants.end());
  return {codes.begin(), codes.end()};
}

std::optional<std::string> target_refusal(std::string_view product, const PatchTargetItem& item) {
  const bool server = is_server_kind(item.kind);
  const bool terminal = item.kind == kMonitoringTerminal;
  const std::string what = item.code + " (" + kind_text(item.kind) + ")";
  if (product == kOsPatch) {
    if (!server && !terminal)
      return what +
             ": OS patches are applied to the servers and monitoring terminals "
             "(仕様書 4.(2)⑤オ)";
    if (terminal && serves_bouei(item))
      return what +
             " is bouei's monitoring terminal, which the contract leaves out of OS "
             "patches (仕様書 4.(2)⑤オ ※)";
    return std::nullopt;
  }
  if (product == kAntivirusPatch) {
    if (!server && !terminal)
      return what +
             ": antivirus patches and definition files are applied to the servers and "
             "monitoring terminals (仕様書 4.(2)⑤カ)";
    if (serves_bouei(item))
      return what +
             " is bouei's, whose servers and monitoring terminal the contract leaves "
             "out of antivirus patches and definition files (仕様書 4.(2)⑤カ ※)";
    return std::nullopt;
  }
  if (product == kWindowsFeatureUpdate) {
    if (!terminal)
      return what +
             ": Windows 11 feature updates are applied to the monitoring terminals "
             "only (仕様書 4.(2)⑤キ)";
    if (serves_bouei(item))
      return what +
             " is bouei's monitoring terminal, which the contract leaves out of "
             "Windows 11 feature updates (仕様書 4.(2)⑤キ ※)";
    return std::nullopt;
  }
  // Middleware the system runs on: the servers and terminals, with no exclusion in ⑤.
  if (!server && !terminal)
    return what +
           ": patches of commercial software are applied to the servers and monitoring "
           "terminals (仕様書 4.(2)⑤ア)";
  return std::nullopt;
}

std::optional<core::Instant> emergency_due_at(const PatchState& state, std::uint32_t business_days,
                                              const calendar::BusinessCalendar& calendar) {
  if (!state.urgency || state.urgency->urgency != kEmergency) return std::nullopt;
  return end_of_business_days_after(core::to_tokyo(state.urgency->at).date, business_days,
                                    calendar);
}

std::expected<std::vector<PatchEvent>, DomainError> decide(const PatchState& state,
                                                           const PatchCommand& command,
                                                           Instant now) {
  if (const auto* c = std::get_if<RegisterPatch>(&command)) return decide_register(state, *c, now);
  if (!state.exists())
    return std::unexpected(
        DomainError{DomainError::Kind::not_found, "patch-not-found", "no such patch", {}});
  return std::visit(
      core::overloaded{
          [](const RegisterPatch&) -> Result { return {}; },  // handled above
          [&](const AssessPatch& c) { return decide_assess(c, now); },
          [&](const DecideUrgency& c) { return decide_urgency(state, c, now); },
          [&](const RecordVerification& c) { return decide_verification(c, now); },
          [&](const AttachProcedure& c) { return decide_procedure(c, now); },
          [&](const LinkChange& c) { return decide_link(state, c, now); },
          [&](const TargetPatch& c) { return decide_target(state, c, now); },
          [&](const RecordRollout& c) { return decide_rollout(state, c, now); },
          [&](const RecordEmergencyOverdue& c) { return decide_overdue(state, c, now); },
      },
      command);
}

PatchState evolve(PatchState s, const PatchEvent& event) {
  std::visit(
      core::overloaded{
          [&](const v1::PatchRegistered& e) {
            s.id = e.patch_id();
            s.product = e.product();
            s.vendor_id = e.vendor_id();
            s.title = e.title();
            s.published = calendar::parse_iso_date(e.published()).value_or(Date{});
            s.severity = e.severity();
            s.description = e.description();
            s.registered_at = from_timestamp(e.at());
            s.registered_by = e.by();
          },
          [&](const v1::PatchAssessed& e) {
            s.assessment =
                PatchAssessment{e.impact(), e.needs_modification(), from_timestamp(e.at()), e.by()};
          },
          [&](const v1::PatchUrgencyDecided& e) {
            s.urgency = UrgencyDecision{e.urgency(), e.reason(),      e.measure(),
                                        e.plan(),    e.agreed_with(), from_timestamp(e.at()),
                                        e.by()};
          },
          [&](const v1::PatchVerificationRecorded& e) {
            s.verifications.push_back(
                {e.result(), e.environment(), e.note(), from_timestamp(e.at()), e.by()});
          },
          [&](const v1::PatchProcedureAttached& e) {
            s.procedures.push_back(
                {e.document_id(), e.document_version(), from_timestamp(e.at()), e.by()});
          },
          [&](const v1::PatchLinkedToChange& e) { s.change_id = e.change_id(); },
          [&](const v1::PatchTargetsAdded& e) {
            for (const auto& t : e.targets()) {
              TargetRollout row;
              row.ci_id = t.configuration_item_id();
              row.code = t.code();
              row.tenants.assign(t.tenants().begin(), t.tenants().end());
              row.targeted_at = from_timestamp(e.at());
              row.targeted_by = e.by();
              s.targets.push_back(std::move(row));
            }
          },
          [&](const v1::PatchRolloutRecorded& e) {
            RolloutStep step{e.step(), e.note(), std::nullopt, from_timestamp(e.at()), e.by()};
            if (e.has_scheduled_for()) step.scheduled_for = from_timestamp(e.scheduled_for());
            for (const auto& id : e.configuration_item_ids()) {
              auto found = std::ranges::find(s.targets, id, &TargetRollout::ci_id);
              if (found == s.targets.end()) continue;
              found->state = e.step();
              found->steps.push_back(step);
            }
          },
          [&](const v1::EmergencyPatchOverdue& e) {
            s.overdue = PatchOverdue{
                from_timestamp(e.decided_at()),
                e.business_days(),
                from_timestamp(e.due_at()),
                {e.open_configuration_item_ids().begin(), e.open_configuration_item_ids().end()},
                from_timestamp(e.at())};
          },
      },
      event);
  ++s.version;
  s.changed_at = occurred_at(event);
  return s;
}

std::vector<std::string> tenants_named(const PatchCommand& command) {
  return std::visit(core::overloaded{
                        [](const TargetPatch& c) {
                          std::set<std::string> codes;
                          for (const auto& item : c.items)
                            codes.insert(item.tenants.begin(), item.tenants.end());
                          return std::vector<std::string>(codes.begin(), codes.end());
                        },
                        [](const RecordRollout& c) { return c.tenants; },
                        [](const auto&) { return std::vector<std::string>{}; },
                    },
                    command);
}

}  // namespace opsdesk::changes
