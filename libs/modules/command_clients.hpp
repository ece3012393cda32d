#pragma once
// Where one module's commands to another go (libs/aggregate/command_client.hpp): through the
// routes of this process when the target module runs here, else over HTTP to the target's URL
// from the settings (modules.urls); with the service token of modules.service_token_file, or
// one this process mints when it has no such file but holds the HS256 secret.

#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "libs/aggregate/command_client.hpp"

namespace opsdesk::modules {

struct CommandClientSettings {
  std::vector<std::string> modules_here;    // the modules this process runs
  std::map<std::string, std::string> urls;  // module -> base URL in another process
  std::filesystem::path token_file;         // the service token
  // Without a token file: a service token minted by this process, when it holds the HS256
  // secret (development, tests); empty otherwise.
  std::function<std::string()> mint_token{};
  aggregate::Dispatch dispatch;  // this process's routes
  aggregate::RetryPolicy retry{};
};

// The error says what is missing: the token file, or the URL of a module not run here.
std::expected<std::unique_ptr<aggregate::CommandClient>, std::string> command_client_for(
    std::string_view target, const CommandClientSettings& settings);

}  // namespace opsdesk::modules
