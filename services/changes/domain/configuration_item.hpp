#pragma once
// A configuration item of the centre (4.(5)① 構成管理; 別紙4's equipment) as a decider: registered
// with a stable code, revised as the equipment changes, retired when it leaves. That a code is
// unused and that a relation's target exists are the service's to check (they need the other
// items); everything about the item itself is here. Pure.

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/changes/contract/change_events.hpp"
#include "services/changes/domain/vocabulary.hpp"

namespace opsdesk::changes {

struct CiRelation {
  std::string kind;  // runs_on | backs_up | depends_on
  std::string target_id;
  bool operator==(const CiRelation&) const = default;
};

using Attributes = std::map<std::string, std::string>;

struct ConfigurationItemState {
  std::string id;
  std::uint64_t version = 0;
  std::string kind;
  std::string code;
  std::string name;
  std::vector<std::string> tenants;  // codes, or "all_centre" alone
  std::string location;
  Attributes attributes;
  std::vector<CiRelation> relations;
  core::Instant registered_at{};
  std::optional<std::string> retired_reason;
  core::Instant changed_at{};  // the last event's time

  bool exists() const { return version > 0; }
  // The associations it serves ("all_centre": the 18 of the centre).
  std::vector<std::string> concerned() const;
  bool operator==(const ConfigurationItemState&) const = default;
};

struct RegisterConfigurationItem {
  std::string ci_id;
  std::string kind;
  std::string code;
  std::string name;
  std::vector<std::string> tenants;
  std::string location;
  Attributes attributes;
  std::vector<CiRelation> relations;  // targets resolved to ids by the service
  std::string by;
  core::Instant at{};
};
// Only what is given changes; attributes and relations are replaced as a whole when given.
struct ReviseConfigurationItem {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> tenants;
  std::optional<std::string> location;
  std::optional<Attributes> attributes;
  std::optional<std::vector<CiRelation>> relations;
  std::string reason;
  std::string by;
  core::Instant at{};
};
struct RetireConfigurationItem {
  std::string reason;
  std::string by;
  core::Instant at{};
};

using ConfigurationItemCommand =
    std::variant<RegisterConfigurationItem, ReviseConfigurationItem, RetireConfigurationItem>;

// What is wrong with a code ("srv-soumu": lower-case letters, digits and '-'); nullopt if fine.
std::optional<std::string> ci_code_problem(const std::string& code);

std::expected<std::vector<ConfigurationItemEvent>, DomainError> decide(
    const ConfigurationItemState& state, const ConfigurationItemCommand& command,
    core::Instant now);
ConfigurationItemState evolve(ConfigurationItemState state, const ConfigurationItemEvent& event);
std::vector<std::string> tenants_named(const ConfigurationItemCommand& command);

}  // namespace opsdesk::changes
