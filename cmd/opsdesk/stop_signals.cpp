#include "cmd/opsdesk/stop_signals.hpp"

#include <csignal>

namespace opsdesk::cli {

namespace {

sigset_t stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

}  // namespace

void block_stop_signals() {
  const auto signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int wait_for_stop_signal() {
  const auto signals = stop_signals();
  int received = 0;
  sigwait(&signals, &received);
  return received;
}

}  // namespace opsdesk::cli
