#include "cmd/opsdesk/modules_command.hpp"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "libs/messaging/topics.hpp"

namespace opsdesk::cli {

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ",") + name;
  return text.empty() ? "-" : text;
}

}  // namespace

void print_modules(const modules::ModuleTable& table, bool json, std::ostream& out) {
  if (json) {
    auto list = nlohmann::json::array();
    for (const auto& m : table.modules()) {
      list.push_back(
          {{"name", m.name},
           {"kind", modules::to_string(m.kind)},
           {"description", m.description},
           {"targetable", m.targetable},
           {"in_every_process", m.in_every_process},
           {"publishes",
            m.publishes.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.publishes)},
           {"topic", m.publishes.empty() ? nlohmann::json(nullptr)
                                         : nlohmann::json(messaging::topic_for(m.publishes))},
           {"consumes", m.consumes},
           {"needs", m.needs},
           {"sends_commands_to", m.sends_commands_to},
           {"members", m.members},
           // docs/api/<openapi>.yaml: the routes it serves (an ingress routes them)
           {"openapi", m.openapi.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.openapi)}});
    }
    out << list.dump(2) << "\n";
    return;
  }
  out << std::left << std::setw(20) << "MODULE" << std::setw(16) << "KIND" << std::setw(15)
      << "PUBLISHES" << std::setw(36) << "CONSUMES"
      << "SENDS COMMANDS TO\n";
  for (const auto& m : table.modules()) {
    if (m.kind == modules::Kind::group) continue;
    out << std::setw(20) << m.name << std::setw(16) << modules::to_string(m.kind) << std::setw(15)
        << (m.publishes.empty() ? "-" : m.publishes) << std::setw(36) << joined(m.consumes)
        << joined(m.sends_commands_to) << "\n";
  }
}

}  // namespace opsdesk::cli
