#pragma once
// The outbox relay of one command service: publishes its event store's global log, in log
// order, to opsdesk.<domain>.events.v1 as CloudEvents (key = stream id) with an idempotent
// producer, and persists a cursor in the store that moves only over positions the broker
// acknowledged, contiguously. Delivery is at-least-once: consumers de-duplicate by (stream id,
// stream version). It runs on its own thread and never blocks or fails the command path: a
// broker that is down only makes the relay wait, retry with backoff and report it.

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

#include "libs/eventstore/event_store.hpp"
#include "libs/messaging/kafka_client.hpp"
#include "libs/observability/metrics.hpp"

namespace opsdesk::messaging {

namespace detail {
class RelayLoop;
}

enum class BrokerState {
  unknown,  // nothing heard yet
  up,       // the last exchange with the cluster succeeded
  down,     // every broker is unreachable, or producing failed
};

std::string_view to_string(BrokerState state);

// A snapshot for /readyz.
struct RelayState {
  std::string topic;
  BrokerState broker = BrokerState::unknown;
  std::uint64_t acknowledged_position = 0;  // every position up to this one is on the broker
  std::uint64_t head_position = 0;          // the store's last durable position
  std::uint64_t lag = 0;                    // head_position - acknowledged_position
  std::string last_error;                   // the latest produce or broker error; empty if none
};

struct RelayOptions {
  std::string
      domain;  // "incidents" -> topic opsdesk.incidents.events.v1, ce_source /opsdesk/incidents
  KafkaSettings kafka;
  // Positions sent and not yet below the cursor; the rest of a backlog waits in the store.
  std::size_t max_in_flight = 10'000;
  // After a failed delivery or a fatal producer error the relay starts a new producer and
  // sends again from the cursor, first after min_backoff, doubling up to max_backoff.
  std::chrono::milliseconds min_backoff{100};
  std::chrono::milliseconds max_backoff{10'000};
  // The cursor is fsync'd at most this often while events flow (and always on stop).
  std::chrono::milliseconds cursor_save_interval{100};
  // How long stop() waits for outstanding acknowledgements before giving up on them.
  std::chrono::milliseconds shutdown_grace{2'000};
  // How often the broker is probed while the relay is idle and has not heard from it.
  std::chrono::milliseconds probe_interval{2'000};
  // Lag, acknowledged position, produce errors, published events, broker up; may be null.
  observability::Registry* metrics = nullptr;
};

class OutboxRelay {
 public:
  // Checks the settings (an error names the bad property) and starts relaying from the
  // cursor persisted in `store`. The store must outlive the relay.
  static std::expected<std::unique_ptr<OutboxRelay>, std::string> start(
      eventstore::EventStore& store, RelayOptions options);
  // Stops (see stop()).
  ~OutboxRelay();
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  // Waits up to shutdown_grace for outstanding acknowledgements, saves the cursor and joins
  // the thread. Idempotent. Call it before the store closes.
  void stop();

  RelayState state() const;

  // The metadata key of a topic's cursor in the store ("outbox-relay/<topic>"), holding the
  // acknowledged position as decimal text.
  static std::string cursor_key(std::string_view topic);

 private:
  explicit OutboxRelay(std::unique_ptr<detail::RelayLoop> loop);
  std::unique_ptr<detail::RelayLoop> loop_;
};

}  // namespace opsdesk::messaging
