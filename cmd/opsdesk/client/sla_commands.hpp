#pragma once
// `opsdesk sla table`: the contract's SLA table (別表1) from a terminal, or saved as the
// workbook or CSV the associations receive.

#include "cmd/opsdesk/client/client_commands.hpp"

namespace opsdesk::cli::client {

class SlaCommands final : public ClientCommands {
 public:
  SlaCommands(CLI::App& app, ConnectionFlags& flags);
  bool chosen() const override;
  int run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
          std::ostream& err) override;

 private:
  CLI::App* group_ = nullptr;
  CLI::App* table_ = nullptr;
  std::string tenant_;
  std::string month_;
  std::string as_of_;
  std::string xlsx_file_;
  std::string csv_file_;
};

}  // namespace opsdesk::cli::client
