#pragma once
// `opsdesk inquiries list|show|receive|classify|answer|effort|close`: the inquiries service
// (問合せ) from a terminal. Values (channel, class, kind, severity, …) are checked by the server,
// in its one place for them; its 422 names every field and what is allowed.

#include <functional>

#include "cmd/opsdesk/client/client_commands.hpp"

namespace opsdesk::cli::client {

class InquiriesCommands final : public ClientCommands {
 public:
  InquiriesCommands(CLI::App& app, ConnectionFlags& flags);
  bool chosen() const override;
  int run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
          std::ostream& err) override;

 private:
  int list(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
           std::ostream& err) const;
  // The inquiry, then its history (GET /v1/inquiries/{id}/events); --json: the inquiry alone.
  int show(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
           std::ostream& err) const;
  // The commands: POST /v1/inquiries[/{id}/{command}] with `body`, answered with the inquiry;
  // `done` says what was recorded, from that answer.
  int command(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
              std::ostream& err, const std::string& path, const nlohmann::json& body,
              const std::function<std::string(const nlohmann::json&)>& done) const;

  CLI::App* group_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* receive_ = nullptr;
  CLI::App* classify_ = nullptr;
  CLI::App* answer_ = nullptr;
  CLI::App* effort_ = nullptr;
  CLI::App* close_ = nullptr;

  std::string id_;
  std::string tenant_;
  // list
  std::string status_, class_, words_, cursor_;
  std::size_t limit_ = 50;
  // receive
  std::string channel_, requester_, role_, subject_, body_, received_at_, category_;
  // classify (class_ as above), answer, effort, close
  std::string reason_, severity_, title_, occurred_at_;
  std::vector<std::string> affected_tenants_;
  bool escalate_ = false;
  std::string text_;
  int minutes_ = 0;
  std::string kind_, note_;
  std::string by_, at_;
};

}  // namespace opsdesk::cli::client
