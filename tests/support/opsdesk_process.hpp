#pragma once
// Runs the real `opsdesk` binary as a child process for end-to-end tests: a temporary data
// directory, port 0, the URL read from its "listening on" line, and a way to kill it (SIGKILL)
// or stop it (SIGTERM) and see its exit status. Tests talk to it over real HTTP.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "libs/testing/temp_dir.hpp"

namespace opsdesk::testing {

// The development secret the test processes sign and verify tokens with.
inline constexpr const char* kTestSecret = "test-secret-0123456789abcdef-0123456789";

// Path of the opsdesk binary under test: $OPSDESK_BINARY, else the one this build made.
std::string opsdesk_binary();

struct ProcessResult {
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it
  std::string stdout_text;
  std::string stderr_text;
};

// Runs opsdesk with `args` to completion (for subcommands and bad flags).
ProcessResult run_opsdesk(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {});

class OpsdeskProcess {
 public:
  // Starts `opsdesk --target=all --listen 127.0.0.1:0 --data-dir <data_dir>` plus `extra_args`
  // and waits (up to 60 s) for its "listening on" line; throws if it does not come.
  OpsdeskProcess(const std::filesystem::path& data_dir, std::vector<std::string> extra_args = {},
                 std::map<std::string, std::string> env = {});
  ~OpsdeskProcess();

  const std::string& base_url() const { return base_url_; }
  const std::string& host() const { return host_; }
  int port() const { return port_; }

  void kill_hard();  // SIGKILL and reap
  int terminate();   // SIGTERM, wait, return the exit code (or 128+signal)

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string base_url_;
  std::string host_;
  int port_ = 0;
};

// An HS256 token for the test secret.
std::string token_for(const std::string& subject, const std::vector<std::string>& roles,
                      const std::vector<std::string>& tenants,
                      std::chrono::seconds ttl = std::chrono::hours{1});

}  // namespace opsdesk::testing
