#include "libs/modules/command_clients.hpp"

#include <algorithm>

namespace opsdesk::modules {

std::expected<std::unique_ptr<aggregate::CommandClient>, std::string> command_client_for(
    std::string_view target, const CommandClientSettings& settings) {
  const std::string name(target);
  aggregate::TokenSource tokens;
  if (!settings.token_file.empty()) {
    // Read now once, so that a missing file is said at start rather than at the first command.
    auto token = aggregate::read_service_token(settings.token_file);
    if (!token) return std::unexpected(token.error());
    tokens = aggregate::token_file_source(settings.token_file);
  } else if (settings.mint_token) {
    tokens = [mint = settings.mint_token]() -> std::expected<std::string, std::string> {
      return mint();
    };
  } else {
    return std::unexpected("commands to " + name +
                           " need a service token: set modules.service_token_file");
  }
  const auto& here = settings.modules_here;
  if (std::find(here.begin(), here.end(), name) != here.end()) {
    return std::make_unique<aggregate::InProcessCommandClient>(settings.dispatch, std::move(tokens),
                                                               settings.retry);
  }
  if (auto url = settings.urls.find(name); url != settings.urls.end())
    return std::make_unique<aggregate::HttpCommandClient>(url->second, std::move(tokens),
                                                          settings.retry);
  return std::unexpected("module " + name +
                         " does not run in this process: set its URL in modules.urls "
                         "(" +
                         name + "=http://HOST:PORT)");
}

}  // namespace opsdesk::modules
