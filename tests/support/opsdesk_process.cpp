#include "tests/support/opsdesk_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "libs/auth/jwt.hpp"
#include "libs/core/clock.hpp"

extern char** environ;

namespace opsdesk::testing {

namespace {

std::vector<std::string> environment_with(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  env["OPSDESK_JWT_SECRET"] = kTestSecret;
  env["OPSDESK_HTTP_ACCESS_LOG"] = "false";
  for (const auto& [k, v] : extra) env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            int stdout_fd, int stderr_fd) {
  std::vector<std::string> argv_strings{opsdesk_binary()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  auto env_strings = environment_with(env);
  auto argv = c_strings(argv_strings);
  auto envp = c_strings(env_strings);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("cannot fork to start " + argv_strings[0]);
  if (pid == 0) {
    // A test that dies (a failed assertion, a sanitizer abort) must not leave a server behind
    // holding ctest's output pipe open: the child dies with its parent.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(stdout_fd, STDOUT_FILENO);
    if (stderr_fd >= 0) ::dup2(stderr_fd, STDERR_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  return pid;
}

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  return out;
}

int wait_status(pid_t pid, ProcessResult* result = nullptr) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    if (result) result->exit_code = WEXITSTATUS(status);
    return WEXITSTATUS(status);
  }
  if (result) result->signal = WTERMSIG(status);
  return 128 + WTERMSIG(status);
}

}  // namespace

std::string opsdesk_binary() {
  const char* path = std::getenv("OPSDESK_BINARY");
  return path != nullptr && *path != '\0' ? path : OPSDESK_BINARY_PATH;
}

ProcessResult run_opsdesk(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) {
  int out[2], err[2];
  if (::pipe(out) != 0 || ::pipe(err) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = spawn(args, env, out[1], err[1]);
  ::close(out[1]);
  ::close(err[1]);
  ProcessResult result;
  // Both pipes are small for these commands; read stdout then stderr.
  result.stdout_text = read_all(out[0]);
  result.stderr_text = read_all(err[0]);
  ::close(out[0]);
  ::close(err[0]);
  wait_status(pid, &result);
  return result;
}

OpsdeskProcess::OpsdeskProcess(const std::filesystem::path& data_dir,
                               std::vector<std::string> extra_args,
                               std::map<std::string, std::string> env) {
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> args{"--target=all", "--listen", "127.0.0.1:0", "--data-dir",
                                data_dir.string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = spawn(args, env, out[1], -1);
  ::close(out[1]);
  stdout_fd_ = out[0];

  const std::string marker = "listening on ";
  std::string seen;
  auto listening_line_complete = [&] {
    auto at = seen.find(marker);
    return at != std::string::npos && seen.find('\n', at) != std::string::npos;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{60};
  while (!listening_line_complete()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd pfd{stdout_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[512];
    ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<std::size_t>(n));
  }
  if (!listening_line_complete()) {
    kill_hard();
    throw std::runtime_error("opsdesk did not print its listening line; stdout was: " + seen);
  }
  const auto at = seen.find(marker);
  const auto end = seen.find('\n', at);
  base_url_ = seen.substr(at + marker.size(), end - at - marker.size());
  auto host_port = base_url_.substr(std::string("http://").size());
  auto colon = host_port.rfind(':');
  host_ = host_port.substr(0, colon);
  port_ = std::stoi(host_port.substr(colon + 1));
}

OpsdeskProcess::~OpsdeskProcess() {
  if (pid_ > 0) kill_hard();
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

void OpsdeskProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_status(pid_);
  pid_ = -1;
}

int OpsdeskProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int code = wait_status(pid_);
  pid_ = -1;
  return code;
}

std::string token_for(const std::string& subject, const std::vector<std::string>& roles,
                      const std::vector<std::string>& tenants, std::chrono::seconds ttl) {
  const auto now = core::SystemClock{}.now();
  return auth::mint_hs256(auth::TokenClaims{subject, roles, tenants, now, now + ttl}, kTestSecret);
}

}  // namespace opsdesk::testing
