#pragma once
// Runs `opsdesk dev-broker --listen 127.0.0.1:PORT` as a child process for end-to-end tests:
// waits for its "bootstrap HOST:PORT" line, and stops it with SIGTERM (or SIGKILL, to take the
// broker away under a running opsdesk). Also runs kcat, the independent Kafka client the tests
// read topics with.

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace opsdesk::testing {

// The environment of an opsdesk that reads Kafka from the dev broker in a test. The mock
// cluster holds an empty fetch for fetch.wait.max.ms: keep it short so a test does not wait on
// the mock's quirk (the producer ignores this consumer property); and let min_position wait
// long enough for a consumer group to be assigned its partitions.
inline const std::map<std::string, std::string> kFastKafkaFetch{
    {"OPSDESK_KAFKA_PROPERTIES", "fetch.wait.max.ms=20"},
    {"OPSDESK_PROJECTION_READ_YOUR_WRITES_WAIT_MS", "30000"}};

class DevBrokerProcess {
 public:
  // Port 0 lets the OS pick; throws if the bootstrap line does not come within 60 s.
  explicit DevBrokerProcess(int port = 0);
  ~DevBrokerProcess();
  DevBrokerProcess(const DevBrokerProcess&) = delete;
  DevBrokerProcess& operator=(const DevBrokerProcess&) = delete;

  const std::string& bootstrap() const { return bootstrap_; }  // "127.0.0.1:PORT"
  int port() const;

  int terminate();   // SIGTERM, wait, the exit code (or 128+signal)
  void kill_hard();  // SIGKILL and reap

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string bootstrap_;
};

struct CommandOutput {
  int exit_code = -1;
  std::string stdout_text;
};

// Runs kcat with the arguments (no shell) and returns its exit code and stdout.
CommandOutput run_kcat(const std::vector<std::string>& args);

struct TopicRecord {
  std::string key;
  std::map<std::string, std::string> headers;
};

// Every record of a topic from the beginning, read with kcat: key and CloudEvents headers.
std::vector<TopicRecord> read_topic(const std::string& bootstrap, const std::string& topic);

}  // namespace opsdesk::testing
