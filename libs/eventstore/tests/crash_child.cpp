// Helper process for the crash test: opens a store in argv[1] and appends from argv[2] threads
// until it is killed, printing one line per acknowledged event, "<stream> <version> <position>
// <payload>", only after append() returned, i.e. once the event is durable. Never exits on its
// own unless an append fails (exit code 2).

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "libs/core/clock.hpp"
#include "libs/eventstore/event_store.hpp"

namespace {

using namespace opsdesk;

std::mutex g_stdout_mutex;

void append_forever(eventstore::EventStore& store, int thread) {
  const core::SystemClock clock;
  for (std::uint64_t n = 0;; ++n) {
    // Each thread shares streams with the others so that versions are contended, and
    // alternates one- and two-event appends so multi-event batches are covered too.
    const std::string stream = "crash-" + std::to_string((thread + n) % 5);
    eventstore::AppendRequest request;
    request.stream_id = stream;
    const std::size_t count = n % 2 + 1;
    for (std::size_t e = 0; e < count; ++e) {
      request.events.push_back(
          {"test.Crashed",
           "t" + std::to_string(thread) + "-n" + std::to_string(n) + "-e" + std::to_string(e),
           clock.now()});
    }
    auto outcome = store.append(request);
    if (!outcome) {
      std::fprintf(stderr, "append failed: %s\n", outcome.error().message.c_str());
      std::_Exit(2);
    }
    std::string lines;
    for (std::size_t e = 0; e < count; ++e) {
      lines += stream + " " + std::to_string(outcome->first_version + e) + " " +
               std::to_string(outcome->first_position + e) + " " + request.events[e].payload + "\n";
    }
    std::lock_guard lock(g_stdout_mutex);
    std::fwrite(lines.data(), 1, lines.size(), stdout);
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <store directory> <threads>\n", argv[0]);
    return 1;
  }
  eventstore::StoreOptions options;
  options.path = argv[1];
  const core::SystemClock clock;
  auto store = eventstore::EventStore::open(options, clock);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().c_str());
    return 1;
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < std::atoi(argv[2]); ++t)
    threads.emplace_back(append_forever, std::ref(**store), t);
  for (auto& thread : threads) thread.join();
}
