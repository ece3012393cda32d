#pragma once
// `opsdesk incidents list|show|detect|notice|restore|close`: the incidents service from a
// terminal. Values (severity, kind, channel, …) are checked by the server, in its one place for
// them; its 422 names the field and what is allowed.

#include "cmd/opsdesk/client/client_commands.hpp"

namespace opsdesk::cli::client {

class IncidentsCommands final : public ClientCommands {
 public:
  IncidentsCommands(CLI::App& app, ConnectionFlags& flags);
  bool chosen() const override;
  int run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
          std::ostream& err) override;

 private:
  int list(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
           std::ostream& err) const;
  int show(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
           std::ostream& err) const;
  // The commands: POST /v1/incidents[/{id}/{command}] with `body`, answered with the incident.
  int command(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
              std::ostream& err, const std::string& path, const nlohmann::json& body,
              const std::string& done) const;

  CLI::App* group_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* show_ = nullptr;
  CLI::App* detect_ = nullptr;
  CLI::App* notice_ = nullptr;
  CLI::App* restore_ = nullptr;
  CLI::App* close_ = nullptr;

  std::string id_;
  std::string status_ = "active";
  std::string tenant_;
  std::size_t limit_ = 100;
  // detect
  std::string title_, severity_, source_ = "monitoring", occurred_at_, description_;
  std::vector<std::string> tenants_, configuration_items_;
  // notice, restore, close
  std::string kind_ = "first_notice", channel_ = "email", at_, summary_, resolution_;
};

}  // namespace opsdesk::cli::client
