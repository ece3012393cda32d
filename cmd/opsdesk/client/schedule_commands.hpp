#pragma once
// `opsdesk schedule seed|occurrences|complete|skip|windows`: the centre's schedule (センタ運用)
// from a terminal. Values (result, kind, status, …) are checked by the server, in its one place
// for them; its 422 names every field and what is allowed.

#include <string>
#include <vector>

#include "cmd/opsdesk/client/client_commands.hpp"

namespace opsdesk::cli::client {

class ScheduleCommands final : public ClientCommands {
 public:
  ScheduleCommands(CLI::App& app, ConnectionFlags& flags);
  bool chosen() const override;
  int run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
          std::ostream& err) override;

 private:
  CLI::App* group_ = nullptr;
  CLI::App* seed_ = nullptr;
  CLI::App* occurrences_ = nullptr;
  CLI::App* complete_ = nullptr;
  CLI::App* skip_ = nullptr;
  CLI::App* windows_ = nullptr;

  std::string id_;
  // occurrences, windows
  std::string from_, to_, tenant_, kind_, status_;
  // complete, skip
  std::string result_, evidence_, reason_;
  std::vector<std::string> tenants_;
  std::string by_, at_;
};

}  // namespace opsdesk::cli::client
