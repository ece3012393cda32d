#include "services/changes/domain/configuration_item.hpp"

#include <algorithm>

#include "libs/aggregate/field_check.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/changes/domain/vocabulary.hpp"

namespace opsdesk::changes {

namespace {

using core::Instant;
using proto::from_timestamp;
using proto::to_timestamp;
using Result = std::expected<std::vector<ConfigurationItemEvent>, DomainError>;

constexpr std::size_t kMaxAttributes = 50;
constexpr std::size_t kMaxRelations = 50;

struct FieldCheck : aggregate::FieldCheck {
  explicit FieldCheck(Instant now) : aggregate::FieldCheck(now, kAllowedClockSkew) {}
};

bool is_key_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

void check_attributes(FieldCheck& check, const Attributes& attributes) {
  if (attributes.size() > kMaxAttributes)
    check.add("attributes", "at most " + std::to_string(kMaxAttributes) + " attributes");
  for (const auto& [key, value] : attributes) {
    if (key.empty() || key.size() > 40 || !std::ranges::all_of(key, is_key_char) ||
        (key[0] >= '0' && key[0] <= '9'))
      check.add("attributes." + key,
                "an attribute's name is 1–40 lower-case letters, digits and '_', e.g. os or "
                "serial_number");
    else if (value.size() > 400)
      check.add("attributes." + key, "an attribute's value is at most 400 bytes");
  }
}

void check_relations(FieldCheck& check, const std::vector<CiRelation>& relations,
                     const std::string& own_id) {
  if (relations.size() > kMaxRelations)
    check.add("relations", "at most " + std::to_string(kMaxRelations) + " relations");
  for (std::size_t i = 0; i < relations.size(); ++i) {
    const auto& r = relations[i];
    const auto field = "relations[" + std::to_string(i) + "]";
    if (!is_one_of(relation_kinds(), r.kind))
      check.add(field + ".kind",
                "'" + r.kind + "' is not a relation; allowed: " + words_text(relation_kinds()));
    if (r.target_id == own_id) check.add(field + ".target", "an item cannot relate to itself");
    for (std::size_t j = 0; j < i; ++j) {
      if (relations[j] == r) check.add(field, "is listed twice");
    }
  }
}

// Defense's equipment stands at its own site; the centre hosts the other 18 associations'.
void check_scope_and_location(FieldCheck& check, const std::vector<std::string>& tenants,
                              const std::string& location) {
  if (auto problem = scope_problem(tenants)) {
    check.add("tenants", *problem);
    return;
  }
  if (!is_one_of(ci_locations(), location)) {
    check.add("location",
              "'" + location + "' is not a location; allowed: " + words_text(ci_locations()));
    return;
  }
  const bool bouei = std::ranges::find(tenants, "bouei") != tenants.end();
  if (location == kBoueiSite && tenants != std::vector<std::string>{"bouei"})
    check.add("tenants", "equipment at bouei_site is the Defense association's alone: [\"bouei\"]");
  if (location != kBoueiSite && bouei)
    check.add("location",
              "bouei's equipment stands at its own site (bouei_site), not in the centre");
}

v1::Relation relation_message(const CiRelation& r) {
  v1::Relation m;
  m.set_kind(r.kind);
  m.set_target_id(r.target_id);
  return m;
}

std::optional<DomainError> refuse_retired(const ConfigurationItemState& s) {
  if (!s.retired_reason) return std::nullopt;
  return aggregate::rule_violated(
             "ci-retired", "configuration item " + s.code + " was retired: " + *s.retired_reason)
      .error();
}

Result decide_register(const ConfigurationItemState& s, const RegisterConfigurationItem& c,
                       Instant now) {
  if (s.exists())
    return aggregate::rule_violated("ci-already-exists", "configuration item " + s.id + " exists");
  FieldCheck check(now);
  if (!is_one_of(ci_kinds(), c.kind))
    check.add("kind", "'" + c.kind + "' is not a kind of configuration item; allowed: " +
                          words_text(ci_kinds()));
  if (auto problem = ci_code_problem(c.code)) check.add("code", *problem);
  check.not_blank("name", c.name);
  check_scope_and_location(check, c.tenants, c.location);
  check_attributes(check, c.attributes);
  check_relations(check, c.relations, c.ci_id);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::ConfigurationItemRegistered e;
  e.set_ci_id(c.ci_id);
  e.set_kind(c.kind);
  e.set_code(c.code);
  e.set_name(c.name);
  for (const auto& t : c.tenants) e.add_tenants(t);
  e.set_location(c.location);
  for (const auto& [key, value] : c.attributes) (*e.mutable_attributes())[key] = value;
  for (const auto& r : c.relations) *e.add_relations() = relation_message(r);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<ConfigurationItemEvent>{e};
}

Result decide_revise(const ConfigurationItemState& s, const ReviseConfigurationItem& c,
                     Instant now) {
  FieldCheck check(now);
  const auto name = c.name.value_or(s.name);
  const auto tenants = c.tenants.value_or(s.tenants);
  const auto location = c.location.value_or(s.location);
  const auto attributes = c.attributes.value_or(s.attributes);
  const auto relations = c.relations.value_or(s.relations);
  if (c.name) check.not_blank("name", *c.name);
  if (c.tenants || c.location) check_scope_and_location(check, tenants, location);
  if (c.attributes) check_attributes(check, attributes);
  if (c.relations) check_relations(check, relations, s.id);
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  if (name == s.name && tenants == s.tenants && location == s.location &&
      attributes == s.attributes && relations == s.relations)
    return aggregate::rule_violated("ci-unchanged", "the revision changes nothing of " + s.code +
                                                        "; give the fields that change");
  v1::ConfigurationItemRevised e;
  e.set_name(name);
  for (const auto& t : tenants) e.add_tenants(t);
  e.set_location(location);
  for (const auto& [key, value] : attributes) (*e.mutable_attributes())[key] = value;
  for (const auto& r : relations) *e.add_relations() = relation_message(r);
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<ConfigurationItemEvent>{e};
}

Result decide_retire(const ConfigurationItemState& s, const RetireConfigurationItem& c,
                     Instant now) {
  FieldCheck check(now);
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  v1::ConfigurationItemRetired e;
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<ConfigurationItemEvent>{e};
}

std::vector<CiRelation> relations_of(
    const google::protobuf::RepeatedPtrField<v1::Relation>& relations) {
  std::vector<CiRelation> out;
  for (const auto& r : relations) out.push_back({r.kind(), r.target_id()});
  return out;
}

Attributes attributes_of(const google::protobuf::Map<std::string, std::string>& attributes) {
  return Attributes(attributes.begin(), attributes.end());
}

}  // namespace

std::vector<std::string> ConfigurationItemState::concerned() const {
  return concerned_codes(tenants);
}

std::optional<std::string> ci_code_problem(const std::string& code) {
  const bool fits =
      code.size() >= 2 && code.size() <= 64 &&
      std::ranges::all_of(
          code,
          [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }) &&
      code.front() != '-' && code.back() != '-';
  if (fits) return std::nullopt;
  return "'" + code +
         "' is not a code: 2–64 lower-case letters, digits and '-', not starting or ending with "
         "'-', e.g. srv-soumu";
}

std::expected<std::vector<ConfigurationItemEvent>, DomainError> decide(
    const ConfigurationItemState& state, const ConfigurationItemCommand& command, Instant now) {
  if (const auto* c = std::get_if<RegisterConfigurationItem>(&command))
    return decide_register(state, *c, now);
  if (!state.exists())
    return std::unexpected(
        DomainError{DomainError::Kind::not_found, "ci-not-found", "no configuration item", {}});
  return std::visit(
      core::overloaded{
          [](const RegisterConfigurationItem&) -> Result { return {}; },  // handled above
          [&](const ReviseConfigurationItem& c) { return decide_revise(state, c, now); },
          [&](const RetireConfigurationItem& c) { return decide_retire(state, c, now); },
      },
      command);
}

ConfigurationItemState evolve(ConfigurationItemState s, const ConfigurationItemEvent& event) {
  std::visit(core::overloaded{
                 [&](const v1::ConfigurationItemRegistered& e) {
                   s.id = e.ci_id();
                   s.kind = e.kind();
                   s.code = e.code();
                   s.name = e.name();
                   s.tenants.assign(e.tenants().begin(), e.tenants().end());
                   s.location = e.location();
                   s.attributes = attributes_of(e.attributes());
                   s.relations = relations_of(e.relations());
                   s.registered_at = from_timestamp(e.at());
                 },
                 [&](const v1::ConfigurationItemRevised& e) {
                   s.name = e.name();
                   s.tenants.assign(e.tenants().begin(), e.tenants().end());
                   s.location = e.location();
                   s.attributes = attributes_of(e.attributes());
                   s.relations = relations_of(e.relations());
                 },
                 [&](const v1::ConfigurationItemRetired& e) { s.retired_reason = e.reason(); },
             },
             event);
  s.changed_at = occurred_at(event);
  ++s.version;
  return s;
}

std::vector<std::string> tenants_named(const ConfigurationItemCommand& command) {
  return std::visit(
      core::overloaded{
          [](const RegisterConfigurationItem& c) { return concerned_codes(c.tenants); },
          [](const ReviseConfigurationItem& c) {
            return c.tenants ? concerned_codes(*c.tenants) : std::vector<std::string>{};
          },
          [](const RetireConfigurationItem&) { return std::vector<std::string>{}; },
      },
      command);
}

}  // namespace opsdesk::changes
