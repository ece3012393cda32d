#pragma once
// `opsdesk patches list|show|register|assess|urgency|verification|procedure|link|target|verify|
// schedule|apply|fail|not-applicable|matrix|report`: security patches of commercial software
// (仕様書 4.(2)⑤) and their rollout over the centre's servers and terminals, from a terminal.
// Values (products, urgencies, states, …) are checked by the server, in its one place for them;
// its 422 names every field and what is allowed (the bouei exclusions name the clause).

#include <string>
#include <vector>

#include "cmd/opsdesk/client/client_commands.hpp"

namespace opsdesk::cli::client {

class PatchesCommands final : public ClientCommands {
 public:
  PatchesCommands(CLI::App& app, ConnectionFlags& flags);
  bool chosen() const override;
  int run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
          std::ostream& err) override;

 private:
  // A rollout step (verify, schedule, apply, fail, not-applicable) on --targets.
  CLI::App* add_step(const std::string& name, const std::string& help);

  CLI::App* group_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* register_ = nullptr;
  CLI::App* assess_ = nullptr;
  CLI::App* urgency_ = nullptr;
  CLI::App* verification_ = nullptr;
  CLI::App* procedure_ = nullptr;
  CLI::App* link_ = nullptr;
  CLI::App* target_ = nullptr;
  std::vector<std::pair<CLI::App*, std::string>> steps_;  // subcommand, its HTTP command
  CLI::App* matrix_ = nullptr;
  CLI::App* report_ = nullptr;

  std::string id_;
  std::string product_, vendor_id_, title_, published_, severity_, description_;
  std::string impact_;
  bool needs_modification_ = false;
  std::string urgency_word_, measure_, plan_, agreed_with_, reason_;
  std::string result_, environment_, note_;
  std::string document_, version_, change_;
  std::vector<std::string> targets_;
  std::string scheduled_for_;
  std::string status_, state_, tenant_, month_text_, xlsx_file_;
};

}  // namespace opsdesk::cli::client
