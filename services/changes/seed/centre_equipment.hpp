#pragma once
// The centre's equipment under this contract (仕様書
// 別紙4「委託対象機器と共同利用コンピュータセンタ 内の機器構成」) as configuration items for
// `opsdesk changes seed` (POST /v1/configuration-items/seed). Each has a stable code, so seeding
// again registers only what is missing. Relations name their targets by code; every target comes
// earlier in the list. Defense's equipment (bouei_site) is not in 別紙4: it is registered like any
// item.

#include <map>
#include <string>
#include <vector>

#include "services/changes/domain/configuration_item.hpp"

namespace opsdesk::changes {

struct SeedRelation {
  std::string kind;
  std::string target_code;
};

struct SeedItem {
  std::string code;
  std::string kind;
  std::string name;
  std::vector<std::string> tenants;
  Attributes attributes;
  std::vector<SeedRelation> relations;
};

std::vector<SeedItem> centre_equipment();

}  // namespace opsdesk::changes
