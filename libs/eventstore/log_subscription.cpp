// The subscription thread: catch-up in chunks, then live after each commit
// (see log_subscription.hpp).

#include "libs/eventstore/log_subscription.hpp"

#include <exception>
#include <utility>

#include "libs/observability/log.hpp"

namespace opsdesk::eventstore::detail {

LogSubscription::LogSubscription(const EventStore& store, std::shared_ptr<CommitNotifier> notifier,
                                 std::uint64_t after_position,
                                 std::function<void(const RecordedEvent&)> on_event,
                                 std::string store_label)
    : store_(store),
      notifier_(std::move(notifier)),
      on_event_(std::move(on_event)),
      store_label_(std::move(store_label)),
      position_(after_position) {
  // A store that is already closing gets a subscription that never delivers.
  if (notifier_->register_thread()) thread_ = std::thread([this] { run(); });
}

LogSubscription::~LogSubscription() {
  stop_.store(true);
  notifier_->wake_all();
  if (thread_.joinable()) thread_.join();
}

void LogSubscription::run() {
  try {
    deliver_until_stopped();
  } catch (const std::exception& e) {
    observability::log_error(
        "event store subscription stopped: the callback or a log read threw",
        {{"store", store_label_}, {"position", position()}, {"error", e.what()}});
  } catch (...) {
    observability::log_error("event store subscription stopped: the callback threw a non-exception",
                             {{"store", store_label_}, {"position", position()}});
  }
  notifier_->unregister_thread();
}

void LogSubscription::deliver_until_stopped() {
  while (!should_stop()) {
    // read_log only shows durable events, so catch-up and live are the same loop: read what
    // is there, and sleep until a commit moves the head when nothing is.
    auto events = store_.read_log(position() + 1, kChunk);
    if (events.empty()) {
      notifier_->wait_beyond(position(), stop_);
      continue;
    }
    for (const auto& event : events) {
      if (should_stop()) return;
      on_event_(event);
      position_.store(event.log_position(), std::memory_order_release);
    }
  }
}

}  // namespace opsdesk::eventstore::detail
