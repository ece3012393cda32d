#pragma once
// The outbox relay's thread and its state (OutboxRelay is the public face): reads the log from
// the cursor, produces, serves delivery reports, moves and saves the cursor, and on a failed
// delivery starts over from the cursor with a new producer after a backoff. Never blocks an
// append and never moves the cursor past a position Kafka has not acknowledged.

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "libs/eventstore/event_store.hpp"
#include "libs/messaging/ack_window.hpp"
#include "libs/messaging/kafka_client.hpp"
#include "libs/messaging/outbox_relay.hpp"
#include "libs/observability/metrics.hpp"

namespace opsdesk::messaging::detail {

// The producer configuration the relay's guarantees rest on (and the defaults it picks).
ClientProperties producer_properties();

class RelayLoop {
 public:
  // Starts nothing: start() starts the thread.
  RelayLoop(eventstore::EventStore& store, RelayOptions options, std::uint64_t cursor);

  void start();
  // Idempotent; returns once the thread has saved the cursor and ended.
  void stop();
  RelayState state() const;

 private:
  void run(std::stop_token stop);
  void relay_until(const std::stop_token& stop);

  // False while a backoff is running (the wait ends early on stop) or when creating failed.
  bool start_producer(const std::stop_token& stop);
  bool give_up_for_now(const std::string& error);
  void send_available();
  rd_kafka_resp_err_t produce(const eventstore::RecordedEvent& event);
  void serve();

  // librdkafka calls these from rd_kafka_poll, on the relay thread.
  static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque);
  void delivered(std::uint64_t position, rd_kafka_resp_err_t error);
  static void on_error(rd_kafka_t* handle, int error, const char* reason, void* opaque);

  void fail(const std::string& reason);
  void restart_later();
  void schedule_retry();

  // Purges what is queued or in flight (each purged record gets an error report, ignored)
  // and destroys the producer. Records already acknowledged still move the cursor.
  void discard_producer();
  void save_cursor(bool force);

  // While idle, nothing tells the relay whether the cluster is reachable; ask for metadata.
  void probe_if_due();
  void set_broker(BrokerState state);
  void note_error(const std::string& error);
  void publish_metrics();

  eventstore::EventStore& store_;
  const RelayOptions options_;
  const std::string topic_;

  // Only the relay thread touches these (librdkafka calls back from rd_kafka_poll on it).
  HandlePtr producer_;
  AckWindow window_;
  std::uint64_t saved_;
  bool failed_ = false;
  bool discarding_ = false;
  std::chrono::milliseconds backoff_;
  std::chrono::steady_clock::time_point retry_at_{};
  std::chrono::steady_clock::time_point last_save_{};
  std::chrono::steady_clock::time_point next_probe_{};

  // Read by state() on other threads.
  std::atomic<std::uint64_t> acknowledged_;
  std::atomic<BrokerState> broker_{BrokerState::unknown};
  mutable std::mutex error_mutex_;
  std::string last_error_;

  observability::Gauge* lag_ = nullptr;
  observability::Gauge* acknowledged_gauge_ = nullptr;
  observability::Counter* errors_ = nullptr;
  observability::Counter* published_ = nullptr;
  observability::Gauge* broker_up_ = nullptr;

  std::jthread thread_;  // last: joined before the members above are destroyed
};

}  // namespace opsdesk::messaging::detail
