// opsdesk: one executable for every service (--target) and the operator subcommands.
// Settings come from defaults, then --config FILE, then OPSDESK_* variables, then flags.
// A bad flag or setting exits with status 2 and one line saying which and why.

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "cmd/opsdesk/calendar_command.hpp"
#include "cmd/opsdesk/client/client_commands.hpp"
#include "cmd/opsdesk/dev_broker_command.hpp"
#include "cmd/opsdesk/module_list.hpp"
#include "cmd/opsdesk/modules_command.hpp"
#include "cmd/opsdesk/replay_command.hpp"
#include "cmd/opsdesk/serve.hpp"
#include "cmd/opsdesk/settings.hpp"
#include "cmd/opsdesk/stop_signals.hpp"
#include "cmd/opsdesk/token_command.hpp"

extern char** environ;

namespace {

int usage_error(const std::string& message) {
  std::cerr << "opsdesk: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using opsdesk::cli::Settings;

  // The table as the help texts and `opsdesk modules` show it: the same whatever the settings.
  const auto shown_modules = opsdesk::cli::module_table(Settings{});
  CLI::App app{"opsdesk: the IT operations desk of the Standard Kyosai System shared centre"};
  app.set_help_all_flag("--help-all", "all subcommands' help");
  std::optional<std::string> target, listen, data_dir, config, clock;
  // A flag given twice takes its last value, as scripts that append overrides expect.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--target", target,
                 "modules to run: one of " + shown_modules.target_names_text() +
                     ", or a comma-separated list of them");
  app.add_option("--listen", listen, "HOST:PORT to serve HTTP on (port 0 picks a free one)");
  app.add_option("--data-dir", data_dir, "directory for the services' data");
  app.add_option("--config", config, "YAML settings file");
  app.add_option("--clock", clock,
                 "system (default), or manual: time stands still until POST /v1/test/clock moves "
                 "it (for tests only)");

  std::optional<std::string> kafka_brokers;
  app.add_option(
      "--kafka.brokers", kafka_brokers,
      "Kafka bootstrap HOST:PORT[,…]: relay each service's events to opsdesk.<domain>.events.v1");

  opsdesk::cli::TokenRequest token_request;
  auto* token =
      app.add_subcommand("token", "print a development token signed with OPSDESK_JWT_SECRET");
  token->add_option("--sub", token_request.subject, "subject (user name)")->required();
  token
      ->add_option("--roles", token_request.roles,
                   "maintainer, association_admin, viewer, committee (comma-separated)")
      ->required();
  token
      ->add_option("--tenants", token_request.tenants,
                   "tenant codes (comma-separated), or * for all")
      ->required();
  token->add_option("--ttl", token_request.ttl,
                    "lifetime, e.g. 30m, 8h, 7d (default 8h, at most 30d)");
  token->add_flag("--allow-long-ttl", token_request.allow_long_ttl,
                  "allow a --ttl longer than 30d (service tokens)");

  std::string replay_projection_name;
  auto* replay = app.add_subcommand(
      "replay", "rebuild a projection's view from the event stores (stop the server first)");
  replay
      ->add_option("--projection", replay_projection_name,
                   "the projection to rebuild: " + shown_modules.replay_names_text())
      ->required();
  replay->fallthrough();  // `opsdesk replay … --data-dir DIR` reads as well as `opsdesk --data-dir
                          // DIR replay …`
  bool replay_verify = false;
  replay->add_flag("--verify", replay_verify,
                   "rebuild beside the live view and compare checksums; change nothing");

  bool modules_json = false;
  auto* modules = app.add_subcommand(
      "modules",
      "the module table: each module's kind, the topic it publishes, the domains it consumes "
      "and the command services it sends commands to (what a deployment must connect)");
  modules->add_flag("--json", modules_json, "one JSON array, for scripts");

  opsdesk::cli::CalendarCommand calendar(app);
  opsdesk::cli::DevBrokerCommand dev_broker(app);
  // Operator subcommands that talk to a running server (opsdesk incidents …, opsdesk sla …).
  opsdesk::cli::client::ConnectionFlags connection;
  auto client_commands = opsdesk::cli::client::add_client_commands(app, connection);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(e.what());
  }

  if (modules->parsed()) {
    opsdesk::cli::print_modules(shown_modules, modules_json, std::cout);
    return 0;
  }

  // Needs no settings: a broker for trying the Kafka path, whatever the environment holds.
  if (dev_broker.parsed()) {
    opsdesk::cli::block_stop_signals();
    return dev_broker.run();
  }

  // Clients of a running server: they need its URL and a token, not the server's settings.
  for (auto& group : client_commands) {
    if (group->chosen())
      return opsdesk::cli::client::run_client_command(*group, connection, std::cout, std::cerr);
  }

  Settings settings;
  if (config) {
    if (auto applied = opsdesk::cli::apply_config_file(settings, *config); !applied)
      return usage_error(applied.error());
  }
  if (auto applied = opsdesk::cli::apply_environment(settings, environ); !applied)
    return usage_error(applied.error());
  const std::pair<const char*, std::optional<std::string>*> flags[] = {
      {"target", &target},
      {"listen", &listen},
      {"data_dir", &data_dir},
      {"kafka.brokers", &kafka_brokers},
      {"clock", &clock}};
  for (const auto& [key, value] : flags) {
    if (!*value) continue;
    if (auto applied = opsdesk::cli::set_setting(settings, key, **value); !applied) {
      return usage_error("--" + std::string(key == std::string("data_dir") ? "data-dir" : key) +
                         ": " + applied.error());
    }
  }

  if (token->parsed()) return opsdesk::cli::mint_token(settings, token_request);
  if (calendar.parsed()) return calendar.run(settings);
  if (replay->parsed())
    return opsdesk::cli::replay_projection(settings, replay_projection_name, replay_verify);

  if (auto valid = opsdesk::cli::validate(settings); !valid) return usage_error(valid.error());
  opsdesk::cli::block_stop_signals();
  return opsdesk::cli::serve(settings);
}
