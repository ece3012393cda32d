// A change request's lifecycle and work breakdown, given/when/then.

#include "services/changes/tests/test_support.hpp"

namespace opsdesk::changes {
namespace {

using namespace testing;

ChangeState approved_change() {
  return given_change({register_improvement(), assess(), approve()});
}

std::vector<ChangeCommand> through(std::string last_phase) {
  std::vector<ChangeCommand> commands;
  for (auto phase : change_phases()) {
    if (is_per_tenant_phase(phase)) {
      commands.push_back(complete(std::string(phase), "soumu"));
      commands.push_back(complete(std::string(phase), "houmu"));
    } else {
      commands.push_back(complete(std::string(phase)));
    }
    if (phase == last_phase) break;
  }
  return commands;
}

ChangeState with(ChangeState state, const std::vector<ChangeCommand>& commands) {
  for (const auto& command : commands) {
    auto events = decide(state, command, kNow);
    EXPECT_TRUE(events.has_value()) << (events ? "" : events.error().message);
    if (!events) break;
    for (const auto& e : *events) state = evolve(std::move(state), e);
  }
  return state;
}

TEST(Change, AnImprovementIsRegisteredWithItsInquiryAndAssociations) {
  auto change = given_change({register_improvement({"all_centre"})});
  EXPECT_EQ(change.status(), "registered");
  EXPECT_EQ(change.inquiry_id, kInquiryId);
  EXPECT_EQ(change.tenants.size(), 18u);  // all_centre: the 18 of the centre, as codes
  EXPECT_EQ(change.current_phase(), "");
}

TEST(Change, AnOriginNamesWhatItCameFrom) {
  auto fault = register_improvement();
  fault.origin = "fault";
  EXPECT_EQ(refusal(ChangeState{}, fault), "incident_id: a change from a fault names its incident");
  fault.incident_id = kIncidentId;
  fault.inquiry_id.clear();
  EXPECT_EQ(refusal(ChangeState{}, fault), "accepted");
  auto improvement = register_improvement();
  improvement.inquiry_id.clear();
  EXPECT_EQ(refusal(ChangeState{}, improvement),
            "inquiry_id: a change from an improvement request names its inquiry");
  auto other = register_improvement();
  other.origin = "wish";
  EXPECT_EQ(refusal(ChangeState{}, other).substr(0, 7), "origin:");
}

TEST(Change, ApprovalFollowsAssessment) {
  auto change = given_change({register_improvement()});
  EXPECT_EQ(refusal(change, approve()), "change-not-assessed");
  change = with(change, {assess(), approve()});
  EXPECT_EQ(change.status(), "approved");
  EXPECT_EQ(change.current_phase(), "design");
  EXPECT_EQ(refusal(change, approve()), "change-approved");
  EXPECT_EQ(refusal(change, assess()), "change-approved");
}

TEST(Change, PhasesAreDoneInOrderWithEvidence) {
  auto change = given_change({register_improvement(), assess()});
  EXPECT_EQ(refusal(change, complete("design")), "change-not-approved");
  change = approved_change();
  EXPECT_EQ(refusal(change, complete("build")), "phase-order");
  auto no_evidence = complete("design");
  no_evidence.document_id = "";
  EXPECT_EQ(refusal(change, no_evidence), "evidence.document_id: must not be blank");
  change = with(change, {complete("design")});
  EXPECT_EQ(change.status(), "in_progress");
  EXPECT_EQ(change.current_phase(), "build");
  EXPECT_EQ(refusal(change, complete("design")), "phase-done");
}

TEST(Change, MigrationAndInstallationAreRecordedPerAssociation) {
  auto change = with(approved_change(), through("distribution"));
  EXPECT_EQ(refusal(change, complete("migration")),
            "tenant: migration is recorded per association: name the association");
  EXPECT_EQ(refusal(change, complete("migration", "zaimu")).substr(0, 7), "tenant:");
  change = with(change, {complete("migration", "soumu")});
  EXPECT_EQ(change.current_phase(), "migration");  // houmu's is still open
  EXPECT_EQ(refusal(change, complete("migration", "soumu")), "phase-done");
  EXPECT_EQ(refusal(change, complete("installation", "soumu")), "phase-order");
  change = with(change, {complete("migration", "houmu"), complete("installation", "houmu")});
  EXPECT_EQ(change.current_phase(), "installation");
  EXPECT_EQ(refusal(change, CloseChange{"", "desk", kNow}), "phases-open");
  EXPECT_EQ(change.open_phases(), (std::vector<std::string>{"installation for soumu", "training"}));
}

TEST(Change, MigrationAndTrainingMayBeSkippedWithAReason) {
  auto change = with(approved_change(), through("distribution"));
  EXPECT_EQ(refusal(change, SkipPhase{"design", "不要", "se", kNow}).substr(0, 6), "phase:");
  change = with(change, {SkipPhase{"migration", "データ移行なし", "se", kNow},
                         complete("installation", "soumu"), complete("installation", "houmu")});
  EXPECT_EQ(change.current_phase(), "training");
  change = with(change, {SkipPhase{"training", "運用変更なし", "se", kNow},
                         CloseChange{"完了", "desk", kNow}});
  EXPECT_EQ(change.status(), "closed");
  EXPECT_EQ(refusal(change, RecordActual{"wp-1", 1, "se", date("2026-07-15"), "", "se", kNow}),
            "package_id: 'wp-1' is not a package of this change (it has none yet: "
            "add_work_package)");
}

TEST(Change, RejectionComesBeforeApprovalAndWithdrawalAnyTimeBeforeClosing) {
  auto assessed = given_change({register_improvement(), assess()});
  EXPECT_EQ(with(assessed, {RejectChange{"対象外", "desk", kNow}}).status(), "rejected");
  auto approved = approved_change();
  EXPECT_EQ(refusal(approved, RejectChange{"対象外", "desk", kNow}), "change-approved");
  auto withdrawn = with(approved, {WithdrawChange{"要望取り下げ", "desk", kNow}});
  EXPECT_EQ(withdrawn.status(), "withdrawn");
  EXPECT_EQ(refusal(withdrawn, complete("design")), "change-withdrawn");
  EXPECT_EQ(refusal(withdrawn, WithdrawChange{"again", "desk", kNow}), "change-withdrawn");
}

TEST(Change, WorkPackagesAreNumberedAndWaitForTheirDependencies) {
  auto change = with(approved_change(), {package("設計", 40, "2026-07-01", "2026-07-10")});
  ASSERT_EQ(change.packages.size(), 1u);
  EXPECT_EQ(change.packages[0].id, "wp-1");
  auto early = package("製造", 80, "2026-07-08", "2026-07-31");
  early.depends_on = {"wp-1"};
  EXPECT_EQ(refusal(change, early),
            "planned_start: must not be before wp-1's planned finish (2026-07-10): it waits for "
            "it");
  auto unknown = package("製造", 80, "2026-07-13", "2026-07-31");
  unknown.depends_on = {"wp-9"};
  EXPECT_EQ(refusal(change, unknown),
            "depends_on: 'wp-9' is not a package of this change; its packages: wp-1");
  EXPECT_EQ(refusal(change, package("x", 0, "2026-07-13", "2026-07-31")),
            "planned_hours: must be more than 0 and at most 10000 hours");
  EXPECT_EQ(refusal(change, package("x", 8, "2026-07-31", "2026-07-13")),
            "planned_finish: must not be before planned_start");
  EXPECT_EQ(refusal(change, package("x", 8, "2026-07-13", "2026-07-31", "zaimu")).substr(0, 7),
            "tenant:");
}

TEST(Change, ProgressAndActualsAreDatedNoLaterThanToday) {
  auto change = with(approved_change(), {package("設計", 40, "2026-07-01", "2026-07-10")});
  EXPECT_EQ(refusal(change, RecordProgress{"wp-1", 101, date("2026-07-15"), "pm", kNow}),
            "percent: must be from 0 to 100 (100: done)");
  EXPECT_EQ(refusal(change, RecordProgress{"wp-1", 50, date("2026-07-16"), "pm", kNow}),
            "as_of: must not be after today (2026-07-15)");
  EXPECT_EQ(refusal(change, RecordActual{"wp-1", 25, "se", date("2026-07-14"), "", "pm", kNow}),
            "hours: must be more than 0 and at most 24 hours");
  change = with(change,
                {RecordProgress{"wp-1", 50, date("2026-07-14"), "pm", kNow},
                 RecordActual{"wp-1", 7.5, "山田", date("2026-07-14"), "設計書作成", "pm", kNow}});
  EXPECT_EQ(change.packages[0].progress.size(), 1u);
  EXPECT_EQ(change.packages[0].actuals[0].worker, "山田");
}

TEST(Change, ABaselineFreezesThePlanAndARebaselineGivesItsReason) {
  auto change = with(approved_change(), {package("設計", 40, "2026-07-01", "2026-07-10")});
  EXPECT_EQ(refusal(given_change({register_improvement()}), SetBaseline{"pm", kNow}),
            "no-packages");
  EXPECT_EQ(refusal(change, Rebaseline{"変更", "pm", kNow}), "no-baseline");
  change = with(change, {SetBaseline{"pm", kNow}});
  EXPECT_EQ(refusal(change, SetBaseline{"pm", kNow}), "baseline-exists");
  EXPECT_EQ(refusal(change, Rebaseline{"", "pm", kNow}), "reason: must not be blank");
  // Added after the baseline: planned, but it earns nothing until a rebaseline takes it in.
  change = with(change, {package("追加設計", 16, "2026-07-13", "2026-07-14")});
  auto packages = change.evm_packages();
  ASSERT_EQ(packages.size(), 2u);
  EXPECT_DOUBLE_EQ(packages[0].budget_hours, 40);
  EXPECT_DOUBLE_EQ(packages[1].budget_hours, 0);
  change = with(change, {Rebaseline{"追加要件の取り込み", "pm", kNow}});
  ASSERT_EQ(change.baselines.size(), 2u);
  EXPECT_EQ(change.baselines[1].number, 2u);
  EXPECT_EQ(change.baselines[0].packages.size(), 1u);  // the old one stays for the record
  EXPECT_DOUBLE_EQ(change.evm_packages()[1].budget_hours, 16);
}

TEST(Change, ACommandNamesTheAssociationsItConcerns) {
  EXPECT_EQ(tenants_named(ChangeCommand{register_improvement({"soumu"})}),
            std::vector<std::string>{"soumu"});
  EXPECT_EQ(tenants_named(ChangeCommand{complete("installation", "houmu")}),
            std::vector<std::string>{"houmu"});
  EXPECT_TRUE(tenants_named(ChangeCommand{assess()}).empty());
}

}  // namespace
}  // namespace opsdesk::changes
