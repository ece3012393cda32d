// Every state of the changes service survives a snapshot exactly.

#include "services/changes/change_aggregates.hpp"
#include "services/changes/tests/test_support.hpp"

namespace opsdesk::changes {
namespace {

using namespace testing;

TEST(StateCodec, AChangeWithPhasesPackagesActualsAndBaselines) {
  auto add = package("設計", 40.25, "2026-07-01", "2026-07-10", "soumu");
  auto change =
      given_change({register_improvement(), assess(), approve(), complete("design"), add,
                    SetBaseline{"pm", kNow}, package("製造", 1.0 / 3, "2026-07-13", "2026-07-17"),
                    RecordProgress{"wp-1", 33.3, date("2026-07-14"), "pm", kNow},
                    RecordActual{"wp-1", 0.1, "山田", date("2026-07-14"), "設計", "pm", kNow},
                    Rebaseline{"追加", "pm", kNow}, WithdrawChange{"取り下げ", "desk", kNow}});
  auto decoded = decode_change_state(encode_state(change));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(*decoded, change);
}

TEST(StateCodec, APatchWithItsDecisionsTargetsStepsAndOverdue) {
  const PatchTargetItem server{kCiId, "srv-soumu", "system_server", "centre", {"soumu"}, false};
  RecordRollout scheduled{"scheduled", {kCiId}, {"srv-soumu"},
                          {"soumu"},   "夜間",  at("2026-07-16T20:00:00+09:00"),
                          "ops",       kNow};
  auto patch = given<PatchState>(std::vector<PatchCommand>{
      RegisterPatch{"0190c3a4-0000-7000-8000-00000000d001", "os", "KB5048667", "累積更新",
                    date("2026-07-14"), "critical", "説明", "desk", kNow},
      AssessPatch{"影響なし", true, "se", kNow},
      DecideUrgency{"emergency", "", "provisional", "計画", "佐藤", "desk", kNow},
      RecordVerification{"passed", "検証環境", "", "se", kNow},
      AttachProcedure{"proc-1", "1.2", "se", kNow}, LinkChange{kChangeId, "desk", kNow},
      TargetPatch{{server}, "desk", kNow},
      RecordRollout{"verified", {kCiId}, {}, {"soumu"}, "", std::nullopt, "ops", kNow}, scheduled,
      RecordEmergencyOverdue{3, kNow, kNow}});
  ASSERT_TRUE(patch.overdue);
  auto decoded = decode_patch_state(encode_state(patch));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(*decoded, patch);
}

TEST(StateCodec, AConfigurationItem) {
  RegisterConfigurationItem c{kCiId,
                              "backup_server",
                              "bkup",
                              "バックアップサーバ",
                              {"all_centre"},
                              "centre",
                              {{"model", "Express5800"}},
                              {{"backs_up", "0190c3a4-0000-7000-8000-00000000e002"}},
                              "ops",
                              kNow};
  auto item = given<ConfigurationItemState>(
      std::vector<ConfigurationItemCommand>{c, RetireConfigurationItem{"更改", "ops", kNow}});
  auto decoded = decode_configuration_item_state(encode_state(item));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(*decoded, item);
}

TEST(StateCodec, TheEffortCap) {
  EffortCapState state{"2026", 2, {{80, "eac", 260.5, kNow}, {80, "ac", 257, kNow}}};
  auto decoded = decode_effort_cap_state(encode_state(state));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(*decoded, state);
}

TEST(StateCodec, ADocumentWithVersionsApprovalFilingAndRetirement) {
  AddDocumentVersion carried;
  carried.version = "1.1";
  carried.content = std::string("\x00\xff手順", 8);  // bytes: the event keeps them, the state not
  carried.content_sha256 = std::string(64, 'b');
  carried.media_type = "application/pdf";
  carried.by = "desk";
  carried.at = kNow;
  auto document = given<DocumentState>(std::vector<DocumentCommand>{
      RegisterDocument{"doc-1", "手順書", "procedure", {"soumu", "houmu"}, "説明", "desk", kNow},
      AddDocumentVersion{"1.0", std::string(64, 'a'), 10, std::nullopt, "", "a.docx", "", "初版",
                         "desk", kNow},
      ApproveDocumentVersion{"1.0", "佐藤", "", "desk", kNow}, carried,
      FileDocument{"shelf", "原本-014", "A-3", "desk", kNow},
      RetireDocument{"統合", "desk", kNow}});
  ASSERT_TRUE(document.versions.back().has_content);
  auto decoded = decode_document_state(encode_state(document));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(*decoded, document);
}

TEST(StateCodec, AMeetingWithMinutesAndOverdue) {
  const auto calendar = calendar::BusinessCalendar::standard();
  RecordMeeting meeting{"m-1",          date("2026-07-09"),
                        "会議室",       "coordination",
                        "調整",         {"佐藤", "田中"},
                        {"all_centre"}, minutes_due_at(date("2026-07-09"), calendar),
                        "desk",         kNow};
  auto state = given<MeetingState>(
      std::vector<MeetingCommand>{
          meeting, RecordMinutesOverdue{kNow},
          RecordMinutes{"doc-m", "1.0",
                        MinutesDocument{"doc-m", "議事録", "minutes", true, "", false}, "desk",
                        kNow}},
      kNow);
  ASSERT_TRUE(state.overdue_at && state.minutes);
  auto decoded = decode_meeting_state(encode_state(state));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(*decoded, state);
}

TEST(StateCodec, ACheckoutWithItsReturnAndChecks) {
  const std::string a(64, 'a'), b(64, 'b');
  CheckOutAsset out;
  out.checkout_id = "co-1";
  out.asset_kind = "configuration_item";
  out.named = "sw";
  out.asset = CheckoutAsset{kCiId, "sw", "", "", "プログラム", {"soumu"}, false, true, "", {}};
  out.recipient = "B社";
  out.purpose = "改修";
  out.due_back = date("2026-08-01");
  out.master = {{"a.exe", a}, {"b.dll", b}};
  out.by = "desk";
  out.at = kNow;
  auto state = given<CheckoutState>(
      std::vector<CheckoutCommand>{out, CheckConsistency{{{"a.exe", b}}, "差異あり", "desk", kNow},
                                   ReturnAsset{"受領", "desk", kNow}});
  ASSERT_EQ(state.checks.front().differences.size(), 2U);
  auto decoded = decode_checkout_state(encode_state(state));
  ASSERT_TRUE(decoded.has_value()) << decoded.error();
  EXPECT_EQ(*decoded, state);
}

TEST(StateCodec, GarbageIsRefusedWithAReason) {
  EXPECT_FALSE(decode_change_state("{}").has_value());
  EXPECT_FALSE(decode_configuration_item_state("not json").has_value());
}

}  // namespace
}  // namespace opsdesk::changes
