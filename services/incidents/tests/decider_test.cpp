// The incident lifecycle rules as given / when / then: given the events so far, when a command
// arrives at a time, then these events are recorded, or this rule is named.

#include "services/incidents/domain/decider.hpp"

#include <gtest/gtest.h>

#include "proto-schemas/proto_time.hpp"

namespace opsdesk::incidents {
namespace {

using core::Instant;
using proto::to_timestamp;

Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

// The fault appeared at 10:00 Tokyo time; "now" is 15:00 the same day unless a test says otherwise.
const Instant kDetected = at("2026-11-24T10:00:00+09:00");
const Instant kNow = at("2026-11-24T15:00:00+09:00");

v1::IncidentDetected detected(std::vector<std::string> tenants = {"soumu", "houmu"}) {
  v1::IncidentDetected e;
  e.set_incident_id("0190c3a4-0000-7000-8000-000000000001");
  *e.mutable_occurred_at() = to_timestamp(kDetected);
  e.set_source("monitoring");
  e.set_severity("major");
  e.set_title("batch job failed");
  for (auto& t : tenants) e.add_affected_tenants(t);
  return e;
}

template <typename Notice>
Notice notice(const std::string& tenant, const char* sent_at) {
  Notice e;
  e.set_tenant(tenant);
  *e.mutable_sent_at() = to_timestamp(at(sent_at));
  e.set_channel("email");
  return e;
}

v1::ServiceRestored restored(const char* when) {
  v1::ServiceRestored e;
  *e.mutable_at() = to_timestamp(at(when));
  return e;
}

v1::IncidentClosed closed(const char* when) {
  v1::IncidentClosed e;
  *e.mutable_at() = to_timestamp(at(when));
  e.set_resolution("fixed");
  return e;
}

IncidentState given(const std::vector<IncidentEvent>& events) {
  IncidentState state;
  for (const auto& e : events) state = evolve(std::move(state), e);
  return state;
}

RecordNotice record_notice(const std::string& tenant, const std::string& kind,
                           const char* sent_at) {
  return RecordNotice{tenant, kind, at(sent_at), "email", "status"};
}

DetectIncident detect(std::vector<std::string> tenants, Instant occurred = kDetected) {
  return DetectIncident{"0190c3a4-0000-7000-8000-000000000001",
                        occurred,
                        "monitoring",
                        "critical",
                        "online service down",
                        "",
                        std::move(tenants),
                        {"AP server 1"},
                        ""};
}

// ---- detect ---------------------------------------------------------------------------------

TEST(DetectIncident, RecordsIncidentDetectedWithTheTenantsAndWhenTheFaultAppeared) {
  auto events = decide(given({}), detect({"soumu", "bouei"}), kNow);
  ASSERT_TRUE(events.has_value()) << events.error().message;
  ASSERT_EQ(events->size(), 1u);
  const auto& e = std::get<v1::IncidentDetected>(events->front());
  EXPECT_EQ(proto::from_timestamp(e.occurred_at()), kDetected);
  EXPECT_EQ(std::vector<std::string>(e.affected_tenants().begin(), e.affected_tenants().end()),
            (std::vector<std::string>{"soumu", "bouei"}));
  EXPECT_EQ(e.configuration_items(0), "AP server 1");
}

TEST(DetectIncident, AllCentreStandsForTheEighteenTenantsInTheCentre) {
  auto events = decide(given({}), detect({"all_centre"}), kNow);
  ASSERT_TRUE(events.has_value());
  const auto& e = std::get<v1::IncidentDetected>(events->front());
  EXPECT_EQ(e.affected_tenants_size(), 18);
  for (const auto& code : e.affected_tenants()) EXPECT_NE(code, "bouei");
}

TEST(DetectIncident, DuplicateTenantsAreRecordedOnce) {
  auto events = decide(given({}), detect({"soumu", "soumu"}), kNow);
  ASSERT_TRUE(events.has_value());
  EXPECT_EQ(std::get<v1::IncidentDetected>(events->front()).affected_tenants_size(), 1);
}

TEST(DetectIncident, OccurredAtMayBeInThePastOrWithinTwoMinutesOfSkew) {
  EXPECT_TRUE(
      decide(given({}), detect({"soumu"}, kNow - std::chrono::hours{72}), kNow).has_value());
  EXPECT_TRUE(
      decide(given({}), detect({"soumu"}, kNow + std::chrono::minutes{2}), kNow).has_value());
}

TEST(DetectIncident, EveryInvalidFieldIsListedAtOnce) {
  auto command = detect({"soumu", "nasa", "mars"}, kNow + std::chrono::minutes{3});
  command.title = "   ";
  auto result = decide(given({}), command, kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, DomainError::Kind::invalid_fields);
  std::vector<std::string> fields;
  for (const auto& f : result.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"occurred_at", "title", "affected_tenants[1]",
                                              "affected_tenants[2]"}));
  EXPECT_NE(result.error().fields[2].message.find("allowed: shugiin"), std::string::npos);
}

TEST(DetectIncident, AffectedTenantsMustNotBeEmptyAndAllCentreMustStandAlone) {
  auto empty = decide(given({}), detect({}), kNow);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().fields.at(0).field, "affected_tenants");
  auto mixed = decide(given({}), detect({"all_centre", "bouei"}), kNow);
  ASSERT_FALSE(mixed.has_value());
  EXPECT_EQ(mixed.error().fields.at(0).field, "affected_tenants");
}

TEST(DetectIncident, AnExistingIncidentCannotBeDetectedAgain) {
  auto result = decide(given({detected()}), detect({"soumu"}), kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().rule, "incident-already-exists");
}

// ---- every other command needs the incident -------------------------------------------------

TEST(IncidentCommands, OnAnIncidentThatDoesNotExistAreNotFound) {
  auto result =
      decide(given({}), record_notice("soumu", "first_notice", "2026-11-24T10:30:00+09:00"), kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, DomainError::Kind::not_found);
}

// ---- notices ----------------------------------------------------------------------------------

TEST(RecordNotice, FirstNoticeToAnAffectedTenantIsRecorded) {
  auto events = decide(given({detected()}),
                       record_notice("soumu", "first_notice", "2026-11-24T11:00:00+09:00"), kNow);
  ASSERT_TRUE(events.has_value());
  const auto& e = std::get<v1::FirstNoticeSent>(events->front());
  EXPECT_EQ(e.tenant(), "soumu");
  EXPECT_EQ(e.channel(), "email");
}

TEST(RecordNotice, ProgressReportAfterTheTenantsFirstNoticeIsRecorded) {
  auto state =
      given({detected(), notice<v1::FirstNoticeSent>("soumu", "2026-11-24T11:00:00+09:00")});
  auto events =
      decide(state, record_notice("soumu", "progress_report", "2026-11-24T14:00:00+09:00"), kNow);
  ASSERT_TRUE(events.has_value());
  EXPECT_TRUE(std::holds_alternative<v1::ProgressReportSent>(events->front()));
}

TEST(RecordNotice, RecoveryReportAfterRestorationIsRecorded) {
  auto state = given({detected(), restored("2026-11-24T13:00:00+09:00")});
  auto events =
      decide(state, record_notice("houmu", "recovery_report", "2026-11-24T13:30:00+09:00"), kNow);
  ASSERT_TRUE(events.has_value());
  EXPECT_TRUE(std::holds_alternative<v1::RecoveryReportSent>(events->front()));
}

TEST(RecordNotice, SentAtInTheFutureIsAnInvalidField) {
  auto result = decide(given({detected()}),
                       record_notice("soumu", "first_notice", "2026-11-24T15:03:00+09:00"), kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, DomainError::Kind::invalid_fields);
  EXPECT_EQ(result.error().fields.at(0).field, "sent_at");
}

TEST(RecordNotice, UnknownTenantCodeIsAnInvalidField) {
  auto result =
      decide(given({detected()}),
             record_notice("atlantis", "first_notice", "2026-11-24T11:00:00+09:00"), kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, DomainError::Kind::invalid_fields);
  EXPECT_EQ(result.error().fields.at(0).field, "tenant");
}

struct RuleCase {
  const char* name;
  std::vector<IncidentEvent> given;
  IncidentCommand when;
  const char* rule;
};

void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }

class LifecycleRule : public ::testing::TestWithParam<RuleCase> {};

TEST_P(LifecycleRule, IsRefusedWithTheRuleNamedAndNoEvents) {
  const auto& c = GetParam();
  auto result = decide(given(c.given), c.when, kNow);
  ASSERT_FALSE(result.has_value()) << c.name << " was accepted";
  EXPECT_EQ(result.error().kind, DomainError::Kind::rule_violated) << result.error().message;
  EXPECT_EQ(result.error().rule, c.rule);
  EXPECT_FALSE(result.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Incident, LifecycleRule,
    ::testing::Values(
        RuleCase{"NoticeToATenantThatIsNotAffected",
                 {detected({"soumu"})},
                 record_notice("zaimu", "first_notice", "2026-11-24T11:00:00+09:00"),
                 "notice-to-unaffected-tenant"},
        RuleCase{"NoticeBeforeDetection",
                 {detected()},
                 record_notice("soumu", "first_notice", "2026-11-24T09:59:00+09:00"),
                 "notice-before-detection"},
        RuleCase{"SecondFirstNotice",
                 {detected(), notice<v1::FirstNoticeSent>("soumu", "2026-11-24T11:00:00+09:00")},
                 record_notice("soumu", "first_notice", "2026-11-24T12:00:00+09:00"),
                 "first-notice-already-sent"},
        RuleCase{"ProgressReportBeforeAnyFirstNotice",
                 {detected()},
                 record_notice("soumu", "progress_report", "2026-11-24T12:00:00+09:00"),
                 "progress-report-before-first-notice"},
        RuleCase{"ProgressReportToATenantWhoseFirstNoticeIsMissing",
                 {detected(), notice<v1::FirstNoticeSent>("houmu", "2026-11-24T11:00:00+09:00")},
                 record_notice("soumu", "progress_report", "2026-11-24T12:00:00+09:00"),
                 "progress-report-before-first-notice"},
        RuleCase{"ProgressReportDatedBeforeTheFirstNotice",
                 {detected(), notice<v1::FirstNoticeSent>("soumu", "2026-11-24T11:00:00+09:00")},
                 record_notice("soumu", "progress_report", "2026-11-24T10:30:00+09:00"),
                 "progress-report-before-first-notice"},
        RuleCase{"RecoveryReportBeforeRestoration",
                 {detected()},
                 record_notice("soumu", "recovery_report", "2026-11-24T12:00:00+09:00"),
                 "recovery-report-before-restoration"},
        RuleCase{"RecoveryReportDatedBeforeTheRestoration",
                 {detected(), restored("2026-11-24T13:00:00+09:00")},
                 record_notice("soumu", "recovery_report", "2026-11-24T12:00:00+09:00"),
                 "recovery-report-before-restoration"},
        RuleCase{"AddingATenantAlreadyAffected",
                 {detected({"soumu"})},
                 AddAffectedTenant{"soumu", "", at("2026-11-24T11:00:00+09:00")},
                 "tenant-already-affected"},
        RuleCase{"AddingATenantToAClosedIncident",
                 {detected(), restored("2026-11-24T12:00:00+09:00"),
                  closed("2026-11-24T13:00:00+09:00")},
                 AddAffectedTenant{"zaimu", "", at("2026-11-24T14:00:00+09:00")},
                 "incident-closed"},
        RuleCase{"VendorContactBeforeDetection",
                 {detected()},
                 RecordVendorContact{"hardware", at("2026-11-24T09:00:00+09:00"), "called"},
                 "before-detection"},
        RuleCase{"WorkaroundAfterRestoration",
                 {detected(), restored("2026-11-24T12:00:00+09:00")},
                 ApplyWorkaround{at("2026-11-24T13:00:00+09:00"), "restart"},
                 "service-already-restored"},
        RuleCase{"RestoringTwice",
                 {detected(), restored("2026-11-24T12:00:00+09:00")},
                 RestoreService{at("2026-11-24T13:00:00+09:00"), ""},
                 "service-already-restored"},
        RuleCase{"RestoringBeforeDetection",
                 {detected()},
                 RestoreService{at("2026-11-24T09:00:00+09:00"), ""},
                 "before-detection"},
        RuleCase{"PlanningTheSameChangeTwice",
                 {detected(),
                  [] {
                    v1::PermanentFixPlanned e;
                    e.set_change_id("change-1");
                    *e.mutable_at() = to_timestamp(at("2026-11-24T12:00:00+09:00"));
                    return e;
                  }()},
                 PlanPermanentFix{"change-1", "", at("2026-11-24T13:00:00+09:00")},
                 "permanent-fix-already-planned"},
        RuleCase{"ClosingBeforeRestoration",
                 {detected()},
                 CloseIncident{at("2026-11-24T12:00:00+09:00"), "done"},
                 "close-before-restoration"},
        RuleCase{"ClosingDatedBeforeTheRestoration",
                 {detected(), restored("2026-11-24T12:00:00+09:00")},
                 CloseIncident{at("2026-11-24T11:00:00+09:00"), "done"},
                 "close-before-restoration"},
        RuleCase{"ClosingTwice",
                 {detected(), restored("2026-11-24T12:00:00+09:00"),
                  closed("2026-11-24T13:00:00+09:00")},
                 CloseIncident{at("2026-11-24T14:00:00+09:00"), "done"},
                 "incident-already-closed"},
        RuleCase{"ReopeningAnOpenIncident",
                 {detected()},
                 ReopenIncident{at("2026-11-24T12:00:00+09:00"), "again"},
                 "incident-not-closed"},
        RuleCase{"ReopeningDatedBeforeTheClose",
                 {detected(), restored("2026-11-24T12:00:00+09:00"),
                  closed("2026-11-24T13:00:00+09:00")},
                 ReopenIncident{at("2026-11-24T12:30:00+09:00"), "again"},
                 "reopen-before-close"}),
    [](const auto& info) { return std::string(info.param.name); });

// ---- the rest of the lifecycle ---------------------------------------------------------------

TEST(AddAffectedTenant, UnknownTenantCodeIsAnInvalidFieldNamingTheAllowedCodes) {
  auto result = decide(given({detected()}),
                       AddAffectedTenant{"nasa", "", at("2026-11-24T11:00:00+09:00")}, kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, DomainError::Kind::invalid_fields);
  EXPECT_EQ(result.error().fields.at(0).field, "tenant");
  EXPECT_NE(result.error().fields.at(0).message.find("rengoukai"), std::string::npos);
}

TEST(AddAffectedTenant, ANewTenantCanThenBeNotified) {
  auto state = given({detected({"soumu"})});
  auto added = decide(
      state, AddAffectedTenant{"bouei", "link to defense servers", at("2026-11-24T11:00:00+09:00")},
      kNow);
  ASSERT_TRUE(added.has_value());
  state = evolve(state, added->front());
  EXPECT_TRUE(
      decide(state, record_notice("bouei", "first_notice", "2026-11-24T11:10:00+09:00"), kNow)
          .has_value());
}

TEST(RecordResponseActivity, EndBeforeStartIsAnInvalidField) {
  auto result = decide(given({detected()}),
                       RecordResponseActivity{at("2026-11-24T12:00:00+09:00"),
                                              at("2026-11-24T11:00:00+09:00"), "sato", ""},
                       kNow);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().fields.at(0).field, "ended_at");
}

TEST(ApplyWorkaround, MovesAnOpenIncidentToWorkaroundApplied) {
  auto state = given({detected()});
  auto events =
      decide(state, ApplyWorkaround{at("2026-11-24T11:00:00+09:00"), "switched to standby"}, kNow);
  ASSERT_TRUE(events.has_value());
  EXPECT_EQ(evolve(state, events->front()).status, Status::workaround_applied);
}

TEST(CloseIncident, AfterRestorationClosesWithTheResolution) {
  auto state = given({detected(), restored("2026-11-24T12:00:00+09:00")});
  auto events =
      decide(state, CloseIncident{at("2026-11-24T14:00:00+09:00"), "disk replaced"}, kNow);
  ASSERT_TRUE(events.has_value());
  state = evolve(state, events->front());
  EXPECT_EQ(state.status, Status::closed);
  EXPECT_EQ(state.resolution, "disk replaced");
}

TEST(ClosedIncident, StillTakesLateRecordsOfReportsActivitiesAndPrevention) {
  auto state = given({detected(), notice<v1::FirstNoticeSent>("soumu", "2026-11-24T10:30:00+09:00"),
                      restored("2026-11-24T12:00:00+09:00"), closed("2026-11-24T13:00:00+09:00")});
  EXPECT_TRUE(
      decide(state, record_notice("soumu", "recovery_report", "2026-11-24T12:10:00+09:00"), kNow)
          .has_value());
  EXPECT_TRUE(decide(state,
                     RecordPreventionAction{at("2026-11-24T14:00:00+09:00"), "monitor disk SMART"},
                     kNow)
                  .has_value());
  EXPECT_TRUE(decide(state,
                     RecordResponseActivity{at("2026-11-24T10:10:00+09:00"),
                                            at("2026-11-24T11:50:00+09:00"), "sato", ""},
                     kNow)
                  .has_value());
  EXPECT_TRUE(decide(state, IdentifyCause{at("2026-11-24T14:00:00+09:00"), "disk failure"}, kNow)
                  .has_value());
}

TEST(ReopenIncident, ReopenedIncidentIsOpenAgainAndNeedsANewRestorationBeforeRecoveryReports) {
  auto state = given(
      {detected(), restored("2026-11-24T12:00:00+09:00"), closed("2026-11-24T13:00:00+09:00")});
  auto events =
      decide(state, ReopenIncident{at("2026-11-24T14:00:00+09:00"), "fault recurred"}, kNow);
  ASSERT_TRUE(events.has_value());
  state = evolve(state, events->front());
  EXPECT_EQ(state.status, Status::open);
  EXPECT_EQ(state.reopen_count, 1);
  auto report =
      decide(state, record_notice("soumu", "recovery_report", "2026-11-24T14:30:00+09:00"), kNow);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().rule, "recovery-report-before-restoration");
  EXPECT_TRUE(decide(state, RestoreService{at("2026-11-24T14:40:00+09:00"), ""}, kNow).has_value());
}

TEST(Evolve, CountsVersionsAndRemembersWhatEachTenantWasTold) {
  auto state = given({detected(), notice<v1::FirstNoticeSent>("soumu", "2026-11-24T10:30:00+09:00"),
                      notice<v1::ProgressReportSent>("soumu", "2026-11-25T10:00:00+09:00"),
                      notice<v1::ProgressReportSent>("soumu", "2026-11-26T10:00:00+09:00")});
  EXPECT_EQ(state.version, 4u);
  const auto& told = state.notices.at("soumu");
  EXPECT_EQ(told.first_notice_at, at("2026-11-24T10:30:00+09:00"));
  EXPECT_EQ(told.progress_reports, 2);
  EXPECT_EQ(told.last_progress_report_at, at("2026-11-26T10:00:00+09:00"));
}

TEST(Events, KnowTheirTypeNameAndWhenTheyHappened) {
  IncidentEvent e = notice<v1::FirstNoticeSent>("soumu", "2026-11-24T10:30:00+09:00");
  EXPECT_EQ(type_name(e), "opsdesk.incidents.v1.FirstNoticeSent");
  EXPECT_EQ(occurred_at(e), at("2026-11-24T10:30:00+09:00"));
  EXPECT_EQ(occurred_at(IncidentEvent{detected()}), kDetected);
}

}  // namespace
}  // namespace opsdesk::incidents
