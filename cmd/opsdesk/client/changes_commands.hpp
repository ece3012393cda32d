#pragma once
// `opsdesk changes seed|items|list|register|assess|approve|package|progress|actual|baseline|
// phase|close|evm|month|cap`: configuration items, change requests, their work breakdown and
// earned value (改修・構成管理) from a terminal. Values (origins, phases, dates, …) are checked by
// the server, in its one place for them; its 422 names every field and what is allowed.

#include <string>
#include <vector>

#include "cmd/opsdesk/client/client_commands.hpp"

namespace opsdesk::cli::client {

class ChangesCommands final : public ClientCommands {
 public:
  ChangesCommands(CLI::App& app, ConnectionFlags& flags);
  bool chosen() const override;
  int run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
          std::ostream& err) override;

 private:
  int run_command(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                  std::ostream& err);

  CLI::App* group_ = nullptr;
  CLI::App* seed_ = nullptr;
  CLI::App* items_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* register_ = nullptr;
  CLI::App* assess_ = nullptr;
  CLI::App* approve_ = nullptr;
  CLI::App* package_ = nullptr;
  CLI::App* progress_ = nullptr;
  CLI::App* actual_ = nullptr;
  CLI::App* baseline_ = nullptr;
  CLI::App* phase_ = nullptr;
  CLI::App* close_ = nullptr;
  CLI::App* evm_ = nullptr;
  CLI::App* month_ = nullptr;
  CLI::App* cap_ = nullptr;

  std::string id_;
  std::string kind_, tenant_, status_, origin_;
  std::string title_, description_, incident_, inquiry_;
  std::vector<std::string> tenants_, items_list_, depends_on_;
  std::string impact_, approver_, note_, reason_;
  double hours_ = 0;
  double percent_ = -1;
  bool done_ = false;
  std::string name_, start_, finish_, package_id_, as_of_, date_, by_, activity_;
  std::string phase_name_, document_, version_;
  std::string month_text_, xlsx_file_;
};

}  // namespace opsdesk::cli::client
