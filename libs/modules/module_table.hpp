#pragma once
// The table of every module the binary can run, checked once when it is made: names unique,
// every `needs` and group member a module of the table, no dependency cycle, at most one
// publisher per domain. resolve() turns a --target value ("all", "incidents",
// "incidents,ops-board") into the modules to open, each after the ones it depends on.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "libs/modules/module.hpp"

namespace opsdesk::modules {

class ModuleTable {
 public:
  // Fails with the first problem found, naming the module(s).
  static std::expected<ModuleTable, std::string> create(std::vector<Module> modules);

  const std::vector<Module>& modules() const { return modules_; }
  const Module* find(std::string_view name) const;
  // The module that publishes `domain`, or null.
  const Module* publisher_of(std::string_view domain) const;
  // Every published domain, in table order (the dev broker creates their topics).
  std::vector<std::string> published_domains() const;

  // The names --target accepts: groups first, then the targetable modules, in table order.
  std::vector<std::string> target_names() const;
  // "all, incidents, ops-board, …"
  std::string target_names_text() const;
  // The read models `opsdesk replay --projection` rebuilds (those with a Replay), in table
  // order: "ops-board, sla-metrics, …"
  std::string replay_names_text() const;

  // The modules a target runs: the named ones (a group stands for its members), what they
  // need, and the modules of every process; each once, in dependency order (what a module
  // needs, and the publisher of a domain it consumes when that runs too, come before it).
  // An unknown or untargetable name is an error that quotes it and lists the valid ones. The
  // pointers are into this table: keep it alive while they are used.
  std::expected<std::vector<const Module*>, std::string> resolve(std::string_view target) const;

 private:
  explicit ModuleTable(std::vector<Module> modules) : modules_(std::move(modules)) {}
  // The modules a module must come after when both are selected.
  std::vector<const Module*> predecessors(const Module& module) const;

  std::vector<Module> modules_;
};

}  // namespace opsdesk::modules
