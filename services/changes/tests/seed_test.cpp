// 別紙4's equipment as seed items: what the contract lists, each code once, relations to items
// seeded before them, and every item valid for the decider.

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "services/changes/seed/centre_equipment.hpp"
#include "services/changes/tests/test_support.hpp"

namespace opsdesk::changes {
namespace {

using namespace testing;

TEST(CentreEquipment, ListsTheEquipmentOfAnnex4) {
  std::map<std::string, int> kinds;
  for (const auto& item : centre_equipment()) ++kinds[item.kind];
  EXPECT_EQ(kinds["system_server"], 18);  // one per association of the centre
  EXPECT_EQ(kinds["virtualisation_host"], 3);
  EXPECT_EQ(kinds["ad_server"], 2);
  EXPECT_EQ(kinds["monitoring_server"], 1);
  EXPECT_EQ(kinds["backup_server"], 1);
  EXPECT_EQ(kinds["monitoring_terminal"], 1);
  EXPECT_EQ(kinds["storage"], 2);  // the shared disk and the backup device
  EXPECT_EQ(kinds["ups"], 3);
  EXPECT_EQ(kinds["network"], 8);
}

TEST(CentreEquipment, CodesAreUniqueAndRelationsPointBack) {
  std::set<std::string> seen;
  for (const auto& item : centre_equipment()) {
    for (const auto& r : item.relations)
      EXPECT_TRUE(seen.contains(r.target_code)) << item.code << " → " << r.target_code;
    EXPECT_TRUE(seen.insert(item.code).second) << item.code;
  }
  EXPECT_TRUE(seen.contains("srv-soumu"));
  EXPECT_FALSE(seen.contains("srv-bouei"));  // Defense's server is not the centre's
}

TEST(CentreEquipment, EveryItemIsOneTheDeciderAccepts) {
  int n = 0;
  for (const auto& item : centre_equipment()) {
    RegisterConfigurationItem c{"0190c3a4-0000-7000-8000-0000000f" + std::to_string(1000 + n++),
                                item.kind,
                                item.code,
                                item.name,
                                item.tenants,
                                "centre",
                                item.attributes,
                                {},
                                "seed",
                                kNow};
    auto events = decide(ConfigurationItemState{}, ConfigurationItemCommand{c}, kNow);
    EXPECT_TRUE(events.has_value())
        << item.code << ": "
        << (events                          ? ""
            : events.error().fields.empty() ? events.error().message
                                            : events.error().fields[0].message);
  }
}

}  // namespace
}  // namespace opsdesk::changes
