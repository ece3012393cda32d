// Configuration item, change and effort cap states survive a snapshot exactly.

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

TEST(StateCodec, GarbageIsRefusedWithAReason) {
  EXPECT_FALSE(decode_change_state("{}").has_value());
  EXPECT_FALSE(decode_configuration_item_state("not json").has_value());
}

}  // namespace
}  // namespace opsdesk::changes
