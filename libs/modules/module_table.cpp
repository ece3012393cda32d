#include "libs/modules/module_table.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace opsdesk::modules {

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::command:
      return "command";
    case Kind::read_model:
      return "read model";
    case Kind::process_manager:
      return "process manager";
    case Kind::infrastructure:
      return "infrastructure";
    case Kind::group:
      return "group";
  }
  return "?";
}

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string_view::npos ? text.size() : comma;
    parts.emplace_back(text.substr(start, end - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return parts;
}

}  // namespace

std::expected<ModuleTable, std::string> ModuleTable::create(std::vector<Module> modules) {
  ModuleTable table(std::move(modules));
  std::set<std::string> names;
  std::map<std::string, std::string> publishers;
  for (const auto& m : table.modules_) {
    if (m.name.empty() || m.name.find(',') != std::string::npos)
      return std::unexpected("module name '" + m.name + "' is empty or holds a comma");
    if (!names.insert(m.name).second)
      return std::unexpected("module " + m.name + " is listed twice");
    if (m.kind == Kind::group ? static_cast<bool>(m.open) : !m.open)
      return std::unexpected(
          "module " + m.name +
          (m.kind == Kind::group ? ": a group opens nothing" : ": has no open function"));
    if (!m.publishes.empty()) {
      auto [at, added] = publishers.emplace(m.publishes, m.name);
      if (!added)
        return std::unexpected("domain " + m.publishes + " is published by both " + at->second +
                               " and " + m.name);
    }
  }
  for (const auto& m : table.modules_) {
    for (const auto& list : {&m.needs, &m.members, &m.sends_commands_to}) {
      for (const auto& name : *list) {
        const auto* other = table.find(name);
        if (other == nullptr)
          return std::unexpected("module " + m.name + " names " + name +
                                 ", which is not in the table");
        if (list == &m.needs && other->kind == Kind::group)
          return std::unexpected("module " + m.name + " needs the group " + name);
        if (list == &m.sends_commands_to && other->kind != Kind::command)
          return std::unexpected("module " + m.name + " sends commands to " + name +
                                 ", which is not a command service");
      }
    }
  }
  // A depth-first walk over the dependencies finds a cycle and prints its chain.
  std::map<const Module*, int> state;  // 1: on the current path, 2: done
  std::vector<const Module*> path;
  std::function<std::optional<std::string>(const Module&)> visit =
      [&](const Module& m) -> std::optional<std::string> {
    if (state[&m] == 2) return std::nullopt;
    path.push_back(&m);
    if (state[&m] == 1) {
      std::string chain;
      for (auto it = std::find(path.begin(), path.end(), &m); it != path.end(); ++it)
        chain += (chain.empty() ? "" : " -> ") + (*it)->name;
      return "modules depend on each other in a cycle: " + chain;
    }
    state[&m] = 1;
    for (const auto* before : table.predecessors(m)) {
      if (auto cycle = visit(*before)) return cycle;
    }
    for (const auto& member : m.members) {
      if (auto cycle = visit(*table.find(member))) return cycle;
    }
    path.pop_back();
    state[&m] = 2;
    return std::nullopt;
  };
  for (const auto& m : table.modules_) {
    if (auto cycle = visit(m)) return std::unexpected(*cycle);
  }
  return table;
}

const Module* ModuleTable::find(std::string_view name) const {
  for (const auto& m : modules_)
    if (m.name == name) return &m;
  return nullptr;
}

const Module* ModuleTable::publisher_of(std::string_view domain) const {
  for (const auto& m : modules_)
    if (!m.publishes.empty() && m.publishes == domain) return &m;
  return nullptr;
}

std::vector<std::string> ModuleTable::published_domains() const {
  std::vector<std::string> domains;
  for (const auto& m : modules_)
    if (!m.publishes.empty()) domains.push_back(m.publishes);
  return domains;
}

std::vector<std::string> ModuleTable::target_names() const {
  std::vector<std::string> names;
  for (const auto& m : modules_)
    if (m.targetable && m.kind == Kind::group) names.push_back(m.name);
  for (const auto& m : modules_)
    if (m.targetable && m.kind != Kind::group) names.push_back(m.name);
  return names;
}

std::string ModuleTable::target_names_text() const { return joined(target_names()); }

std::string ModuleTable::replay_names_text() const {
  std::vector<std::string> names;
  for (const auto& m : modules_)
    if (m.replay) names.push_back(m.name);
  return joined(names);
}

std::vector<const Module*> ModuleTable::predecessors(const Module& module) const {
  std::vector<const Module*> out;
  for (const auto& name : module.needs) out.push_back(find(name));
  for (const auto& domain : module.consumes) {
    if (const auto* publisher = publisher_of(domain); publisher && publisher != &module)
      out.push_back(publisher);
  }
  return out;
}

std::expected<std::vector<const Module*>, std::string> ModuleTable::resolve(
    std::string_view target) const {
  // What was asked for, groups expanded, with every module of every process.
  std::set<const Module*> selected;
  std::function<void(const Module&)> select = [&](const Module& m) {
    if (m.kind == Kind::group) {
      for (const auto& member : m.members) select(*find(member));
      return;
    }
    if (!selected.insert(&m).second) return;
    for (const auto& need : m.needs) select(*find(need));
  };
  for (const auto& name : split_list(target)) {
    const auto* m = find(name);
    if (m == nullptr || !m->targetable) {
      return std::unexpected("'" + name + "' is not a module; allowed: " + target_names_text() +
                             " (or a comma-separated list of them)");
    }
    select(*m);
  }
  for (const auto& m : modules_)
    if (m.in_every_process) select(m);

  // Dependency order; among modules free to come next, table order.
  std::vector<const Module*> ordered;
  std::set<const Module*> placed;
  while (ordered.size() < selected.size()) {
    for (const auto& m : modules_) {
      if (!selected.contains(&m) || placed.contains(&m)) continue;
      const auto before = predecessors(m);
      const bool ready = std::all_of(before.begin(), before.end(), [&](const Module* p) {
        return !selected.contains(p) || placed.contains(p);
      });
      if (!ready) continue;
      ordered.push_back(&m);
      placed.insert(&m);
      break;
    }
  }
  return ordered;
}

}  // namespace opsdesk::modules
