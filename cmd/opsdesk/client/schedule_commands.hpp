#pragma once
// `opsdesk schedule seed|occurrences|complete|skip|windows|window|plan|feed-token`: the centre's
// schedule (センタ運用) from a terminal. Values (result, kind, status, …) are checked by the
// server, in its one place for them; its 422 names every field and what is allowed.

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
  int run_window(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                 std::ostream& err);

  CLI::App* group_ = nullptr;
  CLI::App* seed_ = nullptr;
  CLI::App* occurrences_ = nullptr;
  CLI::App* complete_ = nullptr;
  CLI::App* skip_ = nullptr;
  CLI::App* windows_ = nullptr;
  CLI::App* window_ = nullptr;
  CLI::App* window_plan_ = nullptr;
  CLI::App* window_approve_ = nullptr;
  CLI::App* window_complete_ = nullptr;
  CLI::App* plan_ = nullptr;
  CLI::App* plan_approve_ = nullptr;
  CLI::App* feed_token_ = nullptr;

  std::string id_;
  // occurrences, windows
  std::string from_, to_, tenant_, kind_, status_;
  // complete, skip
  std::string result_, evidence_, reason_;
  std::vector<std::string> tenants_;
  std::string by_, at_;
  // window plan, approve, complete
  std::string window_kind_, title_, start_, end_, approver_, note_, tenant_code_;
  bool stops_service_ = false;
  // plan
  std::string year_, month_, xlsx_file_, period_;
  // feed-token
  std::string label_;
};

}  // namespace opsdesk::cli::client
