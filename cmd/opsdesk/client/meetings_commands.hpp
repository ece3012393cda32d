#pragma once
// `opsdesk meetings list|show|record|minutes`: meetings with the association side and the minutes
// each owes within 2 business days (仕様書 4.(1)②コ), from a terminal. Recording a meeting prints
// when its minutes are due.

#include <string>
#include <vector>

#include "cmd/opsdesk/client/client_commands.hpp"

namespace opsdesk::cli::client {

class MeetingsCommands final : public ClientCommands {
 public:
  MeetingsCommands(CLI::App& app, ConnectionFlags& flags);
  bool chosen() const override;
  int run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
          std::ostream& err) override;

 private:
  CLI::App* group_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* record_ = nullptr;
  CLI::App* minutes_ = nullptr;

  std::string id_;
  std::string status_, kind_, tenant_;
  std::string date_, held_at_, title_;
  std::vector<std::string> attendees_, tenants_;
  std::string document_, version_;
};

}  // namespace opsdesk::cli::client
