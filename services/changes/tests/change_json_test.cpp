// A change as the API answers it (docs/api/changes.yaml): every part of a change that went
// through assessment, approval, phases (one skipped), work packages with progress and actuals,
// two baselines and a withdrawal; and a list's summary is the head of the full answer.

#include "services/changes/api/change_json.hpp"

#include "services/changes/tests/test_support.hpp"

namespace opsdesk::changes {
namespace {

using namespace testing;
using nlohmann::json;

const std::string kUnknownCiId = "0190c3a4-0000-7000-8000-00000000e0ff";

// The book the answers name configuration items from: it holds the backup server.
void add_backup_server(ChangeBook& book) {
  book.upsert(given<ConfigurationItemState>(
      std::vector<ConfigurationItemCommand>{RegisterConfigurationItem{kCiId,
                                                                      "backup_server",
                                                                      "bkup",
                                                                      "バックアップサーバ",
                                                                      {"all_centre"},
                                                                      "centre",
                                                                      {},
                                                                      {},
                                                                      "ops",
                                                                      kNow}}));
}

ChangeState a_change_through_everything() {
  auto registered = register_improvement();
  registered.configuration_items = {kCiId, kUnknownCiId};
  std::vector<ChangeCommand> commands = {registered, assess(120.5), approve()};
  for (const char* phase : {"design", "build", "unit_test", "integration_test", "system_test",
                            "acceptance_support", "distribution"})
    commands.push_back(complete(phase));
  commands.push_back(SkipPhase{"migration", "データ移行なし", "se", kNow});
  commands.push_back(complete("installation", "soumu"));
  commands.push_back(package("設計", 40.25, "2026-07-01", "2026-07-10", "soumu"));
  commands.push_back(SetBaseline{"pm", kNow});
  commands.push_back(package("製造", 8, "2026-07-13", "2026-07-17"));
  commands.push_back(RecordProgress{"wp-1", 33.3, date("2026-07-14"), "pm", kNow});
  commands.push_back(RecordActual{"wp-1", 0.1, "山田", date("2026-07-14"), "設計", "pm", kNow});
  commands.push_back(Rebaseline{"製造を追加", "pm", kNow});
  commands.push_back(WithdrawChange{"予算の都合", "desk", kNow});
  return given_change(commands);
}

TEST(ChangeJson, EveryPartOfAChangeIsAnswered) {
  ChangeBook book;
  add_backup_server(book);
  const auto j = json::parse(api::change_json(a_change_through_everything(), book));

  EXPECT_EQ(j["id"], kChangeId);
  EXPECT_EQ(j["origin"], "improvement");
  EXPECT_EQ(j["inquiry_id"], kInquiryId);
  EXPECT_TRUE(j["incident_id"].is_null());
  EXPECT_EQ(j["status"], "withdrawn");
  EXPECT_EQ(j["tenants"], json({"soumu", "houmu"}));
  EXPECT_EQ(j["counts_against_cap"], true);
  EXPECT_EQ(j["planned_hours"], 48.25);
  EXPECT_EQ(j["actual_hours"], 0.1);
  EXPECT_EQ(j["registered_at"], "2026-07-15T10:00:00+09:00");
  EXPECT_EQ(j["registered_by"], "desk");
  EXPECT_EQ(j["description"], "改善要望による改修");

  EXPECT_EQ(j["configuration_items"],
            json::parse(R"([{"id":")" + kCiId + R"(","code":"bkup","name":"バックアップサーバ"},)" +
                        R"({"id":")" + kUnknownCiId + R"(","code":null,"name":null}])"));
  EXPECT_EQ(j["assessment"]["effort_estimate_hours"], 120.5);
  EXPECT_EQ(j["approval"]["approver"], "総務省共済組合 佐藤");

  ASSERT_EQ(j["phases"].size(), change_phases().size());
  const auto& design = j["phases"][0];
  EXPECT_EQ(design["phase"], "design");
  EXPECT_EQ(design["done"], true);
  EXPECT_EQ(design["records"][0]["evidence"],
            json({{"document_id", "doc-1"}, {"document_version", "1.0"}}));
  EXPECT_TRUE(design["records"][0]["tenant"].is_null());
  const auto& migration = j["phases"][7];
  EXPECT_EQ(migration["per_association"], true);
  EXPECT_EQ(migration["records"][0]["skipped"], true);
  EXPECT_EQ(migration["records"][0]["reason"], "データ移行なし");
  EXPECT_EQ(j["phases"][8]["records"][0]["tenant"], "soumu");
  EXPECT_EQ(j["open_phases"], json({"installation for houmu", "training"}));

  ASSERT_EQ(j["work_packages"].size(), 2U);
  const auto& design_package = j["work_packages"][0];
  EXPECT_EQ(design_package["id"], "wp-1");
  EXPECT_EQ(design_package["planned_hours"], 40.25);
  EXPECT_EQ(design_package["planned_start"], "2026-07-01");
  EXPECT_EQ(design_package["tenant"], "soumu");
  EXPECT_EQ(design_package["percent_complete"], 33.3);
  EXPECT_EQ(design_package["progress"][0]["as_of"], "2026-07-14");
  EXPECT_EQ(design_package["actuals"][0], json({{"hours", 0.1},
                                                {"by", "山田"},
                                                {"date", "2026-07-14"},
                                                {"activity", "設計"},
                                                {"recorded_at", "2026-07-15T10:00:00+09:00"},
                                                {"recorded_by", "pm"}}));
  EXPECT_TRUE(j["work_packages"][1]["tenant"].is_null());

  ASSERT_EQ(j["baselines"].size(), 2U);
  EXPECT_EQ(j["baselines"][0]["number"], 1);
  EXPECT_EQ(j["baselines"][0]["packages"].size(), 1U);
  EXPECT_EQ(j["baselines"][1]["reason"], "製造を追加");
  EXPECT_EQ(j["baselines"][1]["packages"].size(), 2U);

  EXPECT_TRUE(j["closed"].is_null());
  EXPECT_TRUE(j["rejected"].is_null());
  EXPECT_EQ(j["withdrawn"],
            json({{"reason", "予算の都合"}, {"at", "2026-07-15T10:00:00+09:00"}, {"by", "desk"}}));
}

TEST(ChangeJson, AJustRegisteredChangeHasItsPartsEmptyOrNull) {
  const ChangeBook book;
  const auto j = json::parse(api::change_json(given_change({register_improvement()}), book));
  EXPECT_EQ(j["status"], "registered");
  EXPECT_TRUE(j["current_phase"].is_null());
  EXPECT_TRUE(j["assessment"].is_null());
  EXPECT_TRUE(j["approval"].is_null());
  EXPECT_EQ(j["open_phases"], json::array());
  EXPECT_EQ(j["work_packages"], json::array());
  EXPECT_EQ(j["baselines"], json::array());
  EXPECT_EQ(j["planned_hours"], 0.0);
}

TEST(ChangeJson, AListsSummaryIsTheHeadOfTheFullAnswer) {
  const auto change = a_change_through_everything();
  ChangeBook book;
  add_backup_server(book);
  const auto full = json::parse(api::change_json(change, book));
  const auto summary = api::change_summary_json(change);
  EXPECT_EQ(summary.size(), 14U);
  for (const auto& [key, value] : summary.items()) EXPECT_EQ(full.at(key), value) << key;
  EXPECT_FALSE(summary.contains("work_packages"));
}

}  // namespace
}  // namespace opsdesk::changes
