// A security patch (仕様書 4.(2)⑤) given the commands before it: registered, assessed, its
// urgency agreed, verified, targeted at the centre's servers and terminals within the contract's
// exclusions for bouei's equipment (one test per clause), rolled out target by target in order,
// and an emergency patch recorded overdue once, on the business calendar.

#include "services/changes/domain/patch.hpp"

#include "services/changes/tests/test_support.hpp"

namespace opsdesk::changes {
namespace {

using namespace testing;

const std::string kPatchId = "0190c3a4-0000-7000-8000-00000000d001";

PatchTargetItem item(std::string code, std::string kind, std::vector<std::string> tenants,
                     std::string location = "centre") {
  return {"ci-id-" + code, code, std::move(kind), std::move(location), std::move(tenants), false};
}
const PatchTargetItem kSoumuServer = item("srv-soumu", "system_server", {"soumu"});
const PatchTargetItem kHoumuServer = item("srv-houmu", "system_server", {"houmu"});
const PatchTargetItem kCentreTerminal = item("mon-terminal", "monitoring_terminal", {"soumu"});
const PatchTargetItem kBoueiServer =
    item("srv-bouei", "system_server", {"bouei"}, std::string(kBoueiSite));
const PatchTargetItem kBoueiTerminal =
    item("mon-terminal-bouei", "monitoring_terminal", {"bouei"}, std::string(kBoueiSite));
const PatchTargetItem kStorage = item("storage-shared", "storage", {"soumu"});

RegisterPatch register_patch(std::string product = "os") {
  return {kPatchId,
          std::move(product),
          "KB5048667",
          "2026-12 累積更新プログラム",
          date("2026-07-14"),
          "critical",
          "",
          "desk",
          kNow};
}
AssessPatch assess_patch() { return {"標準共済システムへの影響なし", false, "se", kNow}; }
DecideUrgency urgency(std::string level = "emergency", std::string reason = "") {
  return {std::move(level),
          std::move(reason),
          "permanent",
          "全サーバへ順次適用",
          "総務省共済組合 佐藤",
          "desk",
          kNow};
}
RecordVerification verification(std::string result = "passed") {
  return {std::move(result), "検証環境", "", "se", kNow};
}
TargetPatch target(std::vector<PatchTargetItem> items) { return {std::move(items), "desk", kNow}; }
RecordRollout step(std::string name, std::vector<PatchTargetItem> items, std::string note = "") {
  RecordRollout r;
  r.step = std::move(name);
  for (const auto& i : items) {
    r.ci_ids.push_back(i.ci_id);
    r.names.push_back(i.code);
  }
  r.note = std::move(note);
  if (r.step == "scheduled") r.scheduled_for = at("2026-07-16T20:00:00+09:00");
  r.by = "ops";
  r.at = kNow;
  return r;
}

PatchState given_patch(const std::vector<PatchCommand>& commands) {
  return given<PatchState>(commands);
}
PatchState with(PatchState state, const std::vector<PatchCommand>& commands) {
  for (const auto& command : commands) {
    auto events = decide(state, command, kNow);
    EXPECT_TRUE(events.has_value()) << (events ? "" : events.error().message);
    if (!events) break;
    for (const auto& e : *events) state = evolve(std::move(state), e);
  }
  return state;
}
PatchState ready_os_patch() {
  return given_patch({register_patch(), assess_patch(), urgency(), verification()});
}

TEST(Patch, IsRegisteredAssessedDecidedAndRolledOutOnEveryTarget) {
  auto patch = given_patch({register_patch()});
  EXPECT_EQ(patch.status(), "registered");
  EXPECT_EQ(patch.published, date("2026-07-14"));
  patch = with(patch, {assess_patch()});
  EXPECT_EQ(patch.status(), "assessed");
  patch =
      with(patch, {urgency(), verification(), AttachProcedure{"proc-kb5048667", "1.0", "se", kNow},
                   target({kSoumuServer, kHoumuServer, kCentreTerminal})});
  EXPECT_EQ(patch.status(), "decided");
  EXPECT_EQ(patch.target("ci-id-srv-soumu")->state, "pending");

  patch = with(patch, {step("verified", {kSoumuServer, kHoumuServer, kCentreTerminal}),
                       step("scheduled", {kSoumuServer, kHoumuServer})});
  EXPECT_EQ(patch.status(), "rolling_out");
  EXPECT_EQ(patch.target("ci-id-srv-soumu")->scheduled_for(), at("2026-07-16T20:00:00+09:00"));
  patch = with(patch, {step("applied", {kSoumuServer}),
                       step("failed", {kHoumuServer}, "再起動後にサービスが起動しない"),
                       step("applied", {kHoumuServer}),
                       step("not_applicable", {kCentreTerminal}, "更新済みのビルド")});
  EXPECT_EQ(patch.status(), "rolled_out");
  EXPECT_TRUE(patch.open_targets().empty());
  const auto& houmu = *patch.target("ci-id-srv-houmu");
  ASSERT_EQ(houmu.steps.size(), 4U);
  EXPECT_EQ(houmu.steps[2].state, "failed");
  EXPECT_EQ(houmu.steps[2].note, "再起動後にサービスが起動しない");
  EXPECT_EQ(patch.concerned(), (std::vector<std::string>{"houmu", "soumu"}));
}

TEST(Patch, RegistrationNamesEveryBadField) {
  RegisterPatch bad = register_patch("firmware");
  bad.severity = "urgent";
  bad.vendor_id = " ";
  bad.published = date("2026-07-16");  // tomorrow
  auto events = decide(PatchState{}, bad, kNow);
  ASSERT_FALSE(events);
  std::vector<std::string> fields;
  for (const auto& f : events.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"product", "vendor_id", "published", "severity"}));
  EXPECT_EQ(events.error().fields[0].message,
            "'firmware' is not a product of a patch; allowed: os, antivirus, "
            "windows_feature_update, middleware");
}

TEST(Patch, UrgencyIsAgreedAfterTheAssessmentAndADeferralSaysWhy) {
  auto patch = given_patch({register_patch()});
  EXPECT_EQ(refusal(patch, urgency()), "patch-not-assessed");
  patch = with(patch, {assess_patch()});
  EXPECT_EQ(refusal(patch, urgency("deferred")), "reason: a deferred patch says why it waits");
  patch = with(patch, {urgency("deferred", "次回定期保守で適用"), target({kSoumuServer})});
  EXPECT_EQ(patch.status(), "deferred");
  patch = with(patch, {verification(), step("verified", {kSoumuServer})});
  EXPECT_EQ(refusal(patch, step("applied", {kSoumuServer})), "patch-deferred");
  patch = with(patch, {urgency("normal"), step("applied", {kSoumuServer})});
  EXPECT_EQ(patch.status(), "rolled_out");
}

TEST(Patch, TargetsAreVerifiedOnlyAfterThePatchPassedItsVerification) {
  auto patch = given_patch({register_patch(), assess_patch(), urgency(), target({kSoumuServer})});
  EXPECT_EQ(refusal(patch, step("verified", {kSoumuServer})), "patch-not-verified");
  patch = with(patch, {verification("failed")});
  EXPECT_EQ(refusal(patch, step("verified", {kSoumuServer})), "patch-not-verified");
  patch = with(patch, {verification("passed"), step("verified", {kSoumuServer})});
  EXPECT_EQ(patch.target("ci-id-srv-soumu")->state, "verified");
}

TEST(Patch, TheRolloutGoesInOrderAndNamesEveryTargetOutOfIt) {
  auto patch = with(ready_os_patch(), {target({kSoumuServer, kHoumuServer})});
  EXPECT_EQ(refusal(patch, step("applied", {kSoumuServer})), "rollout-order");
  auto events = decide(patch, step("applied", {kSoumuServer, kHoumuServer}), kNow);
  EXPECT_EQ(events.error().message,
            "applied follows verified, scheduled or failed: srv-soumu is pending; srv-houmu is "
            "pending");
  patch = with(patch, {step("verified", {kSoumuServer}), step("applied", {kSoumuServer})});
  EXPECT_EQ(refusal(patch, step("failed", {kSoumuServer}, "x")), "rollout-order");
  EXPECT_EQ(refusal(patch, step("not_applicable", {kSoumuServer}, "x")), "rollout-order");
  EXPECT_EQ(refusal(patch, step("failed", {kHoumuServer})), "note: a failed target says why");
  EXPECT_EQ(refusal(patch, step("verified", {kStorage})),
            "targets[0]: storage-shared is not a target of this patch (target it first)");
  auto unscheduled = step("scheduled", {kHoumuServer});
  unscheduled.scheduled_for.reset();
  EXPECT_EQ(refusal(patch, unscheduled),
            "scheduled_for: a scheduled target says when it will be applied");
}

TEST(Patch, OsPatchesGoToServersAndTerminalsButNotBoueisTerminal_5o) {
  auto patch = given_patch({register_patch("os")});
  EXPECT_EQ(refusal(patch, target({kSoumuServer, kBoueiServer, kCentreTerminal})), "accepted");
  EXPECT_EQ(refusal(patch, target({kSoumuServer, kBoueiTerminal})),
            "configuration_items[1]: mon-terminal-bouei (monitoring terminal) is bouei's "
            "monitoring terminal, which the contract leaves out of OS patches (仕様書 4.(2)⑤オ ※)");
  EXPECT_EQ(refusal(patch, target({kStorage})),
            "configuration_items[0]: storage-shared (storage): OS patches are applied to the "
            "servers and monitoring terminals (仕様書 4.(2)⑤オ)");
}

TEST(Patch, AntivirusPatchesLeaveOutBoueisServersAndTerminal_5ka) {
  auto patch = given_patch({register_patch("antivirus")});
  EXPECT_EQ(refusal(patch, target({kSoumuServer, kCentreTerminal})), "accepted");
  EXPECT_EQ(refusal(patch, target({kBoueiServer})),
            "configuration_items[0]: srv-bouei (system server) is bouei's, whose servers and "
            "monitoring terminal the contract leaves out of antivirus patches and definition "
            "files (仕様書 4.(2)⑤カ ※)");
  EXPECT_NE(refusal(patch, target({kBoueiTerminal})).find("⑤カ ※"), std::string::npos);
}

TEST(Patch, WindowsFeatureUpdatesGoToTheMonitoringTerminalsOnlyButNotBoueis_5ki) {
  auto patch = given_patch({register_patch("windows_feature_update")});
  EXPECT_EQ(refusal(patch, target({kCentreTerminal})), "accepted");
  EXPECT_EQ(refusal(patch, target({kSoumuServer})),
            "configuration_items[0]: srv-soumu (system server): Windows 11 feature updates are "
            "applied to the monitoring terminals only (仕様書 4.(2)⑤キ)");
  EXPECT_EQ(refusal(patch, target({kBoueiTerminal})),
            "configuration_items[0]: mon-terminal-bouei (monitoring terminal) is bouei's "
            "monitoring terminal, which the contract leaves out of Windows 11 feature updates "
            "(仕様書 4.(2)⑤キ ※)");
}

TEST(Patch, ATargetIsNamedOnceAndNeverRetired) {
  auto patch = given_patch({register_patch(), target({kSoumuServer})});
  EXPECT_EQ(refusal(patch, target({kSoumuServer})),
            "configuration_items[0]: srv-soumu is already a target of this patch");
  EXPECT_EQ(refusal(patch, target({kHoumuServer, kHoumuServer})),
            "configuration_items[1]: srv-houmu is named twice");
  auto retired = kHoumuServer;
  retired.retired = true;
  EXPECT_EQ(refusal(patch, target({retired})), "configuration_items[0]: srv-houmu is retired");
}

TEST(Patch, AnEmergencyIsDueAtTheEndOfTheNthBusinessDayAfterItsDecision) {
  const auto calendar = calendar::BusinessCalendar::standard();
  // Decided Friday 2026-11-20; Monday 11-23 is 勤労感謝の日: 24 (1), 25 (2), 26 (3).
  auto decided = urgency();
  decided.at = at("2026-11-20T16:00:00+09:00");
  auto patch =
      given<PatchState>(std::vector<PatchCommand>{register_patch(), assess_patch(), decided},
                        at("2026-11-20T16:00:00+09:00"));
  EXPECT_EQ(emergency_due_at(patch, 3, calendar), at("2026-11-26T18:00:00+09:00"));
  EXPECT_EQ(emergency_due_at(patch, 1, calendar), at("2026-11-24T18:00:00+09:00"));
  auto normal = given_patch({register_patch(), assess_patch(), urgency("normal")});
  EXPECT_EQ(emergency_due_at(normal, 3, calendar), std::nullopt);
}

TEST(Patch, AnOverdueEmergencyIsRecordedOnceAfterItsDueTimeWithTheOpenTargets) {
  auto patch =
      with(ready_os_patch(), {target({kSoumuServer, kHoumuServer}),
                              step("verified", {kSoumuServer}), step("applied", {kSoumuServer})});
  const auto due = at("2026-07-20T18:00:00+09:00");
  const RecordEmergencyOverdue overdue{3, due, due};
  EXPECT_EQ(refusal(patch, overdue, due - std::chrono::seconds(1)), "not-yet-due");
  auto events = decide(patch, overdue, due);
  ASSERT_TRUE(events);
  patch = evolve(std::move(patch), events->front());
  ASSERT_TRUE(patch.overdue);
  EXPECT_EQ(patch.overdue->open_targets, (std::vector<std::string>{"ci-id-srv-houmu"}));
  EXPECT_EQ(refusal(patch, overdue, due), "overdue-recorded");

  auto rolled_out = with(
      ready_os_patch(),
      {target({kSoumuServer}), step("verified", {kSoumuServer}), step("applied", {kSoumuServer})});
  EXPECT_EQ(refusal(rolled_out, overdue, due), "patch-rolled-out");
  auto normal = given_patch({register_patch(), assess_patch(), urgency("normal")});
  EXPECT_EQ(refusal(normal, overdue, due), "not-emergency");
}

}  // namespace
}  // namespace opsdesk::changes
