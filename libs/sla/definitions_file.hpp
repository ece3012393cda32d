#pragma once
// The SLA definitions a process computes with: the file named by sla.definitions_file, or the
// built-in 別表1 rows (config/sla-definitions.yaml), checked against the process's calendar.
// Loaded once per process by the internal module "sla-definitions", which both SLA modules
// (sla-metrics, sla-watch) need.

#include <expected>
#include <filesystem>
#include <string>

#include "libs/calendar/business_calendar.hpp"
#include "libs/modules/module.hpp"
#include "libs/sla/definitions_yaml.hpp"

namespace opsdesk::sla {

struct LoadedSlaDefinitions {
  std::string yaml;    // the document as read
  std::string source;  // the file's path, or "built-in"
  SlaDefinitions definitions;
};

// `file` empty: the built-in rows. The error is one line naming the setting and the file:
// "sla.definitions_file /etc/…: …".
std::expected<LoadedSlaDefinitions, std::string> load_sla_definitions(
    const std::filesystem::path& file, const calendar::BusinessCalendar& calendar);

// The loaded definitions, as a module of the process.
class SlaDefinitionsService final : public modules::Service {
 public:
  explicit SlaDefinitionsService(LoadedSlaDefinitions loaded) : loaded_(std::move(loaded)) {}
  const LoadedSlaDefinitions& loaded() const { return loaded_; }

 private:
  LoadedSlaDefinitions loaded_;
};

inline constexpr std::string_view kDefinitionsModule = "sla-definitions";

// The module table's entry (not a target of its own): a broken file is a settings error.
modules::Module definitions_module(std::filesystem::path file);

}  // namespace opsdesk::sla
