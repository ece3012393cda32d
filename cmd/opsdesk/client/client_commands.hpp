#pragma once
// The operator CLI: `opsdesk <service> <action> …` subcommands that talk to a running server.
// Each service adds one ClientCommands (its own file in this folder) and one line to
// add_client_commands (client_commands.cpp); the connection, the exit statuses and the output
// conventions are shared:
//   - human-readable tables by default (Japanese names, Asia/Tokyo times), --json for scripts;
//   - exit 0 when done, 1 when the server said no (its problem text on stderr) or could not be
//     reached, 2 for bad usage (CLI11's own parse errors included).

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cmd/opsdesk/client/server_api.hpp"

namespace opsdesk::cli::client {

inline constexpr int kDone = 0;
inline constexpr int kRefused = 1;
inline constexpr int kBadUsage = 2;

class ClientCommands {
 public:
  virtual ~ClientCommands() = default;
  // Whether the command line chose one of these subcommands.
  virtual bool chosen() const = 0;
  // Runs the chosen one; prints its answer on `out`, problems on `err`.
  virtual int run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                  std::ostream& err) = 0;
};

// Adds every service's client subcommands to `app`; their --url, --token and --json land in
// `flags`.
std::vector<std::unique_ptr<ClientCommands>> add_client_commands(CLI::App& app,
                                                                 ConnectionFlags& flags);

// Connects and runs the chosen group's command (exit status as above).
int run_client_command(ClientCommands& chosen, const ConnectionFlags& flags, std::ostream& out,
                       std::ostream& err);

// --- shared by the groups ---

// A service's subcommand (`opsdesk <name> <action> …`): one action required, and --url,
// --token and --json, which its actions inherit.
CLI::App* add_service_group(CLI::App& app, const std::string& name, const std::string& description,
                            ConnectionFlags& flags);

// An answer printed: --json gives the body as it came; otherwise `render` makes the text. A
// refusal prints its problem text on `err` and gives kRefused.
int print_answer(const std::expected<Answer, std::string>& answer, const ConnectionFlags& flags,
                 std::ostream& out, std::ostream& err,
                 const std::function<std::string(const nlohmann::json&)>& render);

// A file the server answered (a workbook, a CSV) saved to `file`; a refusal printed as
// print_answer prints it.
int save_answer(const std::expected<Answer, std::string>& answer, const std::string& file,
                std::ostream& out, std::ostream& err);

// A text member of an answer's object; "" when the object has none (absent, null, not text).
std::string text_of(const nlohmann::json& object, const std::string& key);
// "2026-12-04 10:05" (Tokyo) from an answer's RFC 3339 text; "—" for null or absent.
std::string tokyo_text(const nlohmann::json& time);
// "総務省共済組合" for a tenant code; the code itself when unknown.
std::string tenant_name(const std::string& code);
// Now, as RFC 3339 with the Tokyo offset: the default time of a command run by hand.
std::string now_text();

}  // namespace opsdesk::cli::client
