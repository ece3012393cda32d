#pragma once
// `opsdesk checkouts list|show|out|return|check`: the system's assets handed out to vendors
// (払い出し, 仕様書 4.(5)①) from a terminal. Files and hashes are given as `sha256sum` prints them
// (a manifest: "<sha256>  <name>" per line), or as one file whose hash is computed here.

#include <string>

#include "cmd/opsdesk/client/client_commands.hpp"

namespace opsdesk::cli::client {

class CheckoutsCommands final : public ClientCommands {
 public:
  CheckoutsCommands(CLI::App& app, ConnectionFlags& flags);
  bool chosen() const override;
  int run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
          std::ostream& err) override;

 private:
  CLI::App* group_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* out_ = nullptr;
  CLI::App* return_ = nullptr;
  CLI::App* check_ = nullptr;

  std::string id_;
  std::string status_, consistency_, tenant_;
  std::string item_, document_, version_, recipient_, purpose_, due_back_;
  std::string manifest_, file_, note_;
};

}  // namespace opsdesk::cli::client
