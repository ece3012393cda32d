// Child processes for the Kafka end-to-end tests (see dev_broker_process.hpp).

#include "tests/support/dev_broker_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <stdexcept>

#include "tests/support/opsdesk_process.hpp"

namespace opsdesk::testing {

namespace {

// Starts `program args…` with stdout on a pipe (stderr stays the test's); returns the pid and
// the read end.
std::pair<pid_t, int> spawn(const std::string& program, const std::vector<std::string>& args) {
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> strings{program};
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("cannot fork to start " + program);
  if (pid == 0) {
    // Dies with the test, so a failed test never leaves a broker holding ctest's pipes.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  return {pid, out[0]};
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

DevBrokerProcess::DevBrokerProcess(int port) {
  auto [pid, fd] =
      spawn(opsdesk_binary(), {"dev-broker", "--listen", "127.0.0.1:" + std::to_string(port)});
  pid_ = pid;
  const std::string marker = "bootstrap ";
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{60};
  auto complete = [&] {
    return seen.find(marker) != std::string::npos &&
           seen.find('\n', seen.find(marker)) != std::string::npos;
  };
  while (!complete()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[256];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<std::size_t>(n));
  }
  stdout_fd_ = fd;  // kept open: the broker must never write into a closed pipe
  if (!complete()) {
    kill_hard();
    throw std::runtime_error("opsdesk dev-broker did not print its bootstrap line; stdout was: " +
                             seen);
  }
  const auto at = seen.find(marker) + marker.size();
  bootstrap_ = seen.substr(at, seen.find('\n', at) - at);
}

DevBrokerProcess::~DevBrokerProcess() {
  kill_hard();
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

int DevBrokerProcess::port() const {
  return std::stoi(bootstrap_.substr(bootstrap_.rfind(':') + 1));
}

int DevBrokerProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const int code = wait_for(pid_);
  pid_ = -1;
  return code;
}

void DevBrokerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_for(pid_);
  pid_ = -1;
}

CommandOutput run_kcat(const std::vector<std::string>& args) {
  auto [pid, fd] = spawn("kcat", args);
  CommandOutput out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0)
    out.stdout_text.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  out.exit_code = wait_for(pid);
  return out;
}

namespace {

// kcat's %h is "name=value,name=value"; a value may hold commas (ce_tenant "soumu,houmu"), and
// a piece without '=' continues the previous value.
std::map<std::string, std::string> parse_headers(const std::string& text) {
  std::map<std::string, std::string> out;
  std::string last;
  std::stringstream in(text);
  std::string piece;
  while (std::getline(in, piece, ',')) {
    const auto eq = piece.find('=');
    if (eq == std::string::npos && !last.empty()) {
      out[last] += "," + piece;
      continue;
    }
    last = piece.substr(0, eq);
    out[last] = piece.substr(eq + 1);
  }
  return out;
}

}  // namespace

std::vector<TopicRecord> read_topic(const std::string& bootstrap, const std::string& topic) {
  auto kcat = run_kcat(
      {"-C", "-b", bootstrap, "-t", topic, "-e", "-o", "beginning", "-q", "-f", "%k\t%h\n"});
  std::vector<TopicRecord> records;
  if (kcat.exit_code != 0) return records;
  std::stringstream in(kcat.stdout_text);
  std::string line;
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    records.push_back({line.substr(0, tab), parse_headers(line.substr(tab + 1))});
  }
  return records;
}

}  // namespace opsdesk::testing
