#include "cmd/opsdesk/sla_setup.hpp"

#include <fstream>
#include <sstream>

namespace opsdesk::cli {

std::expected<sla_metrics::SlaDefinitions, std::string> load_sla_definitions(
    const Settings& settings, const calendar::BusinessCalendar& calendar) {
  const auto& file = settings.sla_definitions_file;
  if (file.empty()) {
    // The built-in rows name only the default schedules, which every calendar has.
    return sla_metrics::parse_sla_definitions(sla_metrics::default_sla_definitions_yaml(),
                                              calendar);
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected("sla.definitions_file " + file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = sla_metrics::parse_sla_definitions(text.str(), calendar);
  if (!parsed)
    return std::unexpected("sla.definitions_file " + file.string() + ": " + parsed.error());
  return parsed;
}

}  // namespace opsdesk::cli
