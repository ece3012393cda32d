#include "cmd/opsdesk/client/client_commands.hpp"

#include <fstream>
#include <ostream>

#include "cmd/opsdesk/client/certificates_commands.hpp"
#include "cmd/opsdesk/client/changes_commands.hpp"
#include "cmd/opsdesk/client/checkouts_commands.hpp"
#include "cmd/opsdesk/client/documents_commands.hpp"
#include "cmd/opsdesk/client/incidents_commands.hpp"
#include "cmd/opsdesk/client/inquiries_commands.hpp"
#include "cmd/opsdesk/client/meetings_commands.hpp"
#include "cmd/opsdesk/client/patches_commands.hpp"
#include "cmd/opsdesk/client/schedule_commands.hpp"
#include "cmd/opsdesk/client/sla_commands.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::cli::client {

std::vector<std::unique_ptr<ClientCommands>> add_client_commands(CLI::App& app,
                                                                 ConnectionFlags& flags) {
  std::vector<std::unique_ptr<ClientCommands>> groups;
  // One line per service.
  groups.push_back(std::make_unique<IncidentsCommands>(app, flags));
  groups.push_back(std::make_unique<InquiriesCommands>(app, flags));
  groups.push_back(std::make_unique<ScheduleCommands>(app, flags));
  groups.push_back(std::make_unique<ChangesCommands>(app, flags));
  groups.push_back(std::make_unique<PatchesCommands>(app, flags));
  groups.push_back(std::make_unique<DocumentsCommands>(app, flags));
  groups.push_back(std::make_unique<MeetingsCommands>(app, flags));
  groups.push_back(std::make_unique<CheckoutsCommands>(app, flags));
  groups.push_back(std::make_unique<CertificatesCommands>(app, flags));
  groups.push_back(std::make_unique<SignaturesCommands>(app, flags));
  groups.push_back(std::make_unique<SlaCommands>(app, flags));
  return groups;
}

int run_client_command(ClientCommands& chosen, const ConnectionFlags& flags, std::ostream& out,
                       std::ostream& err) {
  auto api = ServerApi::connect(flags);
  if (!api) {
    err << "opsdesk: " << api.error() << "\n";
    return kBadUsage;
  }
  return chosen.run(*api, flags, out, err);
}

CLI::App* add_service_group(CLI::App& app, const std::string& name, const std::string& description,
                            ConnectionFlags& flags) {
  auto& group = *app.add_subcommand(name, description);
  group.require_subcommand(1);
  group.add_option("--url", flags.url, "opsdesk's base URL (OPSDESK_URL; http://127.0.0.1:8080)");
  group.add_option("--token", flags.token,
                   "bearer token (OPSDESK_TOKEN; default: the file var/dev-token of make run)");
  group.add_flag("--json", flags.json, "print the server's JSON answer as it came");
  group.footer(kConnectionHelp);
  // `opsdesk incidents list --json` as well as `opsdesk incidents --json list`.
  group.fallthrough();
  return &group;
}

int print_answer(const std::expected<Answer, std::string>& answer, const ConnectionFlags& flags,
                 std::ostream& out, std::ostream& err,
                 const std::function<std::string(const nlohmann::json&)>& render) {
  if (!answer) {
    err << "opsdesk: " << answer.error() << "\n";
    return kRefused;
  }
  if (!answer->ok()) {
    err << "opsdesk: " << problem_text(*answer) << "\n";
    return kRefused;
  }
  if (flags.json) {
    out << answer->body << (answer->body.ends_with("\n") ? "" : "\n");
    return kDone;
  }
  out << render(answer->json());
  return kDone;
}

int save_answer(const std::expected<Answer, std::string>& answer, const std::string& file,
                std::ostream& out, std::ostream& err) {
  if (!answer) {
    err << "opsdesk: " << answer.error() << "\n";
    return kRefused;
  }
  if (!answer->ok()) {
    err << "opsdesk: " << problem_text(*answer) << "\n";
    return kRefused;
  }
  std::ofstream saved(file, std::ios::binary);
  saved << answer->body;
  saved.close();
  if (!saved) {
    err << "opsdesk: cannot write " << file << "\n";
    return kRefused;
  }
  out << file << " に保存しました（" << answer->body.size() << " バイト）\n";
  return kDone;
}

std::string tokyo_text(const nlohmann::json& time) {
  if (!time.is_string()) return "—";
  const auto at = core::parse_rfc3339(time.get<std::string>());
  return at ? core::format_tokyo_minute(*at) : time.get<std::string>();
}

std::string text_of(const nlohmann::json& object, const std::string& key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string tenant_name(const std::string& code) {
  const auto* known = tenants::find_tenant(code);
  return known == nullptr ? code : std::string(known->name_ja);
}

std::string now_text() { return core::format_tokyo_rfc3339(core::SystemClock{}.now()); }

}  // namespace opsdesk::cli::client
