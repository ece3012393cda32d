// The relay thread (see relay_loop.hpp).
//
// Why a failure restarts the producer instead of re-sending only what failed: a record sent
// again after later records of the same stream were written would break per-stream order on
// the partition. With enable.gapless.guarantee librdkafka turns any gap into a fatal error,
// so everything acknowledged is an unbroken prefix per partition, and sending again from the
// cursor at worst duplicates (which consumers drop by stream version).

#include "libs/messaging/relay_loop.hpp"

#include <algorithm>
#include <condition_variable>
#include <stdexcept>

#include "libs/messaging/cloud_events.hpp"
#include "libs/messaging/kafka_records.hpp"
#include "libs/messaging/topics.hpp"
#include "libs/observability/log.hpp"

namespace opsdesk::messaging::detail {

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 512;
// While acknowledgements are outstanding the thread polls librdkafka; new appends wait at
// most this long to be picked up.
constexpr int kBusyPollMs = 5;
// While idle it sleeps on the store's commit notifier, waking this often to check for stop.
constexpr auto kIdleWait = std::chrono::milliseconds{100};
constexpr int kProbeTimeoutMs = 1000;
constexpr int kPurgeServeMs = 1000;

}  // namespace

ClientProperties producer_properties() {
  return ClientProperties{
      .defaults = {{"message.timeout.ms", "60000"}, {"linger.ms", "5"}},
      .fixed = {{"enable.idempotence", "true"},
                {"acks", "all"},
                // The same partition for a key as Java clients choose.
                {"partitioner", "murmur2_random"},
                {"enable.gapless.guarantee", "true"}},
  };
}

RelayLoop::RelayLoop(eventstore::EventStore& store, RelayOptions options, std::uint64_t cursor)
    : store_(store),
      options_(std::move(options)),
      topic_(topic_for(options_.domain)),
      window_(cursor),
      saved_(cursor),
      backoff_(options_.min_backoff),
      acknowledged_(cursor) {
  if (auto* registry = options_.metrics) {
    const observability::Labels labels{{"domain", options_.domain}};
    lag_ = &registry->gauge("opsdesk_relay_lag_positions",
                            "Log positions appended but not yet acknowledged by Kafka", labels);
    acknowledged_gauge_ = &registry->gauge(
        "opsdesk_relay_acknowledged_position",
        "Last log position published and acknowledged, with all before it", labels);
    errors_ = &registry->counter(
        "opsdesk_relay_produce_errors_total",
        "Failed deliveries and fatal producer errors (each restarts the producer)", labels);
    published_ =
        &registry->counter("opsdesk_relay_published_events_total",
                           "Events acknowledged by Kafka (re-sent ones count again)", labels);
    broker_up_ = &registry->gauge("opsdesk_relay_broker_up",
                                  "1 when the relay last reached Kafka, else 0", labels);
  }
  publish_metrics();
}

void RelayLoop::start() {
  observability::log_info(
      "outbox relay started",
      {{"topic", topic_}, {"from_position", window_.next()}, {"brokers", options_.kafka.brokers}});
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void RelayLoop::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

RelayState RelayLoop::state() const {
  RelayState out;
  out.topic = topic_;
  out.broker = broker_.load();
  out.acknowledged_position = acknowledged_.load();
  out.head_position = store_.head_position();
  out.lag = out.head_position > out.acknowledged_position
                ? out.head_position - out.acknowledged_position
                : 0;
  std::lock_guard lock(error_mutex_);
  out.last_error = last_error_;
  return out;
}

void RelayLoop::run(std::stop_token stop) {
  try {
    relay_until(stop);
  } catch (const std::exception& e) {
    // A broken invariant (a corrupted log entry, a gap in the log): stop relaying, keep the
    // service (and its command path) running, and say so everywhere an operator looks.
    note_error(e.what());
    set_broker(BrokerState::unknown);
    observability::log_error("outbox relay stopped by an error; events are no longer published",
                             {{"topic", topic_}, {"error", e.what()}});
    if (producer_) discard_producer();
    save_cursor(true);
  }
}

void RelayLoop::relay_until(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    if (!producer_ && !start_producer(stop)) continue;
    send_available();
    serve();
    if (failed_) restart_later();
    save_cursor(false);
    probe_if_due();
    publish_metrics();
  }
  if (producer_) {
    // Give outstanding records a chance to be acknowledged so the saved cursor is recent.
    if (window_.in_flight() > 0)
      rd_kafka_flush(producer_.get(), static_cast<int>(options_.shutdown_grace.count()));
    discard_producer();
  }
  save_cursor(true);
  publish_metrics();
  observability::log_info("outbox relay stopped",
                          {{"topic", topic_}, {"acknowledged_position", window_.acknowledged()}});
}

bool RelayLoop::start_producer(const std::stop_token& stop) {
  if (SteadyClock::now() < retry_at_) {
    std::mutex mutex;
    std::unique_lock lock(mutex);
    std::condition_variable_any().wait_until(lock, stop, retry_at_, [] { return false; });
    return false;
  }
  auto conf = make_conf(options_.kafka, producer_properties(), "relay-" + options_.domain);
  if (!conf) return give_up_for_now(conf.error());
  rd_kafka_conf_set_opaque(conf->get(), this);
  rd_kafka_conf_set_dr_msg_cb(conf->get(), &RelayLoop::on_delivery);
  rd_kafka_conf_set_error_cb(conf->get(), &RelayLoop::on_error);
  auto handle = make_handle(RD_KAFKA_PRODUCER, std::move(*conf));
  if (!handle) return give_up_for_now(handle.error());
  producer_ = std::move(*handle);
  return true;
}

bool RelayLoop::give_up_for_now(const std::string& error) {
  note_error(error);
  schedule_retry();
  return false;
}

void RelayLoop::send_available() {
  while (!failed_ && window_.in_flight() < options_.max_in_flight &&
         window_.next() <= store_.head_position()) {
    const auto room = options_.max_in_flight - window_.in_flight();
    auto events = store_.read_log(window_.next(), std::min(kReadChunk, room));
    if (events.empty()) return;
    for (const auto& event : events) {
      if (event.log_position() != window_.next()) {
        throw std::runtime_error("outbox relay: the log skips from position " +
                                 std::to_string(window_.next()) + " to " +
                                 std::to_string(event.log_position()));
      }
      const auto error = produce(event);
      if (error == RD_KAFKA_RESP_ERR__QUEUE_FULL) return;  // serve reports first, then go on
      if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
        fail("cannot produce position " + std::to_string(event.log_position()) + ": " +
             rd_kafka_err2str(error));
        return;
      }
      window_.sent();
    }
  }
}

rd_kafka_resp_err_t RelayLoop::produce(const eventstore::RecordedEvent& event) {
  const KafkaRecord record = to_kafka_record(event, options_.domain);
  // rd_kafka_producev rather than rd_kafka_produceva: librdkafka 2.0.2's produceva frees the
  // headers twice when producing fails (confluentinc/librdkafka#4627). The arguments are
  // what the RD_KAFKA_V_* macros expand to; their type checks are GNU statement expressions
  // that -Wpedantic refuses.
  rd_kafka_headers_t* headers = make_headers(record.headers);
  // The delivery report hands this back: the position the record carries.
  void* position = reinterpret_cast<void*>(static_cast<std::uintptr_t>(event.log_position()));
  const auto error = rd_kafka_producev(
      producer_.get(), RD_KAFKA_VTYPE_TOPIC, topic_.c_str(), RD_KAFKA_VTYPE_MSGFLAGS,
      RD_KAFKA_MSG_F_COPY, RD_KAFKA_VTYPE_KEY, static_cast<const void*>(record.key.data()),
      record.key.size(), RD_KAFKA_VTYPE_VALUE, const_cast<char*>(record.value.data()),
      record.value.size(), RD_KAFKA_VTYPE_OPAQUE, position, RD_KAFKA_VTYPE_HEADERS, headers,
      RD_KAFKA_VTYPE_END);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR)
    rd_kafka_headers_destroy(headers);  // owned by librdkafka on success only
  return error;
}

void RelayLoop::serve() {
  if (window_.in_flight() > 0) {
    rd_kafka_poll(producer_.get(), kBusyPollMs);
    return;
  }
  rd_kafka_poll(producer_.get(), 0);
  if (!failed_ && store_.head_position() < window_.next()) {
    store_.wait_for_position(window_.next(), SteadyClock::now() + kIdleWait);
  }
}

void RelayLoop::on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  static_cast<RelayLoop*>(opaque)->delivered(
      static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(message->_private)),
      message->err);
}

void RelayLoop::delivered(std::uint64_t position, rd_kafka_resp_err_t error) {
  if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
    window_.acked(position);
    if (published_ != nullptr) published_->inc();
    set_broker(BrokerState::up);
    backoff_ = options_.min_backoff;
    return;
  }
  if (discarding_) return;  // purged on purpose: it will be sent again
  fail("delivery of position " + std::to_string(position) + " failed: " + rd_kafka_err2str(error));
}

void RelayLoop::on_error(rd_kafka_t* handle, int error, const char* reason, void* opaque) {
  auto* loop = static_cast<RelayLoop*>(opaque);
  if (error == RD_KAFKA_RESP_ERR__FATAL) {
    char text[512];
    const auto original = rd_kafka_fatal_error(handle, text, sizeof text);
    loop->fail(std::string("fatal producer error ") + rd_kafka_err2name(original) + ": " + text);
    return;
  }
  if (error == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) {
    loop->note_error(reason);
    loop->set_broker(BrokerState::down);
    return;
  }
  // One broker's connection failing is routine (librdkafka reconnects with backoff).
  observability::log(observability::LogLevel::debug, "Kafka client error",
                     {{"topic", loop->topic_},
                      {"error", rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(error))},
                      {"reason", reason}});
}

void RelayLoop::fail(const std::string& reason) {
  if (errors_ != nullptr) errors_->inc();
  note_error(reason);
  set_broker(BrokerState::down);
  if (!failed_)
    observability::log_warn("outbox relay: producing failed",
                            {{"topic", topic_}, {"error", reason}});
  failed_ = true;
}

void RelayLoop::restart_later() {
  discard_producer();
  window_.rewind();
  failed_ = false;
  observability::log_warn(
      "outbox relay: restarting the producer",
      {{"topic", topic_}, {"from_position", window_.next()}, {"in_ms", backoff_.count()}});
  schedule_retry();
}

void RelayLoop::schedule_retry() {
  retry_at_ = SteadyClock::now() + backoff_;
  backoff_ = std::min(backoff_ * 2, options_.max_backoff);
}

void RelayLoop::discard_producer() {
  discarding_ = true;
  rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  rd_kafka_flush(producer_.get(), kPurgeServeMs);  // serves the purged records' reports
  producer_.reset();
  discarding_ = false;
}

void RelayLoop::save_cursor(bool force) {
  const auto acknowledged = window_.acknowledged();
  acknowledged_.store(acknowledged);
  if (acknowledged == saved_) return;
  const auto now = SteadyClock::now();
  if (!force && now - last_save_ < options_.cursor_save_interval) return;
  if (auto written =
          store_.write_meta(OutboxRelay::cursor_key(topic_), std::to_string(acknowledged));
      !written) {
    note_error(written.error());
    observability::log_error("outbox relay: cannot save the cursor",
                             {{"topic", topic_}, {"error", written.error()}});
    return;
  }
  saved_ = acknowledged;
  last_save_ = now;
}

void RelayLoop::probe_if_due() {
  if (!producer_ || broker_.load() == BrokerState::up || window_.in_flight() > 0) return;
  const auto now = SteadyClock::now();
  if (now < next_probe_) return;
  next_probe_ = now + options_.probe_interval;
  const rd_kafka_metadata_t* metadata = nullptr;
  const auto error = rd_kafka_metadata(producer_.get(), 0, nullptr, &metadata, kProbeTimeoutMs);
  if (error == RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_metadata_destroy(metadata);
    set_broker(BrokerState::up);
  } else {
    note_error(std::string("cannot reach Kafka: ") + rd_kafka_err2str(error));
    set_broker(BrokerState::down);
  }
}

void RelayLoop::set_broker(BrokerState state) {
  const auto before = broker_.exchange(state);
  if (before == state) return;
  if (state == BrokerState::down) {
    observability::log_warn(
        "outbox relay: Kafka unreachable; commands are still accepted, events wait in the log",
        {{"topic", topic_}});
  } else if (state == BrokerState::up && before == BrokerState::down) {
    observability::log_info("outbox relay: Kafka reachable again", {{"topic", topic_}});
  }
}

void RelayLoop::note_error(const std::string& error) {
  std::lock_guard lock(error_mutex_);
  last_error_ = error;
}

void RelayLoop::publish_metrics() {
  if (lag_ == nullptr) return;
  const auto head = store_.head_position();
  const auto acknowledged = window_.acknowledged();
  lag_->set(static_cast<double>(head > acknowledged ? head - acknowledged : 0));
  acknowledged_gauge_->set(static_cast<double>(acknowledged));
  broker_up_->set(broker_.load() == BrokerState::up ? 1 : 0);
}

}  // namespace opsdesk::messaging::detail
