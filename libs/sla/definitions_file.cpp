#include "libs/sla/definitions_file.hpp"

#include <fstream>
#include <sstream>

namespace opsdesk::sla {

std::expected<LoadedSlaDefinitions, std::string> load_sla_definitions(
    const std::filesystem::path& file, const calendar::BusinessCalendar& calendar) {
  if (file.empty()) {
    // The built-in rows name only the default schedules, which every calendar has.
    const std::string yaml(default_sla_definitions_yaml());
    auto parsed = parse_sla_definitions(yaml, calendar);
    if (!parsed) return std::unexpected("built-in SLA definitions: " + parsed.error());
    return LoadedSlaDefinitions{yaml, "built-in", std::move(*parsed)};
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected("sla.definitions_file " + file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = parse_sla_definitions(text.str(), calendar);
  if (!parsed)
    return std::unexpected("sla.definitions_file " + file.string() + ": " + parsed.error());
  return LoadedSlaDefinitions{text.str(), file.string(), std::move(*parsed)};
}

modules::Module definitions_module(std::filesystem::path file) {
  return {
      .name = std::string(kDefinitionsModule),
      .kind = modules::Kind::infrastructure,
      .description = "the SLA definitions (別表1) the SLA modules compute with",
      .targetable = false,
      .open = [file](modules::Context& context)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        auto loaded = load_sla_definitions(file, context.calendar);
        if (!loaded) return std::unexpected(modules::OpenError::settings(loaded.error()));
        return std::make_unique<SlaDefinitionsService>(std::move(*loaded));
      },
  };
}

}  // namespace opsdesk::sla
