// Starting and stopping the outbox relay (the thread is relay_loop.cpp): settings checked, the
// cursor read back from the store.

#include "libs/messaging/outbox_relay.hpp"

#include <charconv>

#include "libs/messaging/relay_loop.hpp"
#include "libs/messaging/topics.hpp"
#include "libs/observability/log.hpp"

namespace opsdesk::messaging {

namespace {

std::expected<std::uint64_t, std::string> parse_cursor(const std::string& text) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return std::unexpected("the relay cursor in the event store is not a number: '" + text + "'");
  }
  return value;
}

}  // namespace

std::string_view to_string(BrokerState state) {
  switch (state) {
    case BrokerState::up:
      return "up";
    case BrokerState::down:
      return "down";
    case BrokerState::unknown:
      break;
  }
  return "unknown";
}

std::string OutboxRelay::cursor_key(std::string_view topic) {
  return "outbox-relay/" + std::string(topic);
}

std::expected<std::unique_ptr<OutboxRelay>, std::string> OutboxRelay::start(
    eventstore::EventStore& store, RelayOptions options) {
  if (options.domain.empty()) return std::unexpected(std::string("the relay needs a domain"));
  if (options.max_in_flight == 0)
    return std::unexpected(std::string("max_in_flight must be at least 1"));
  if (auto conf =
          make_conf(options.kafka, detail::producer_properties(), "relay-" + options.domain);
      !conf) {
    return std::unexpected(conf.error());
  }
  const std::string topic = topic_for(options.domain);
  std::uint64_t cursor = 0;
  if (auto saved = store.read_meta(cursor_key(topic))) {
    auto parsed = parse_cursor(*saved);
    if (!parsed) return std::unexpected(parsed.error());
    cursor = *parsed;
  }
  if (const auto head = store.head_position(); cursor > head) {
    // The store is older than the cursor (restored from a backup): the positions beyond its
    // head will hold new events, which must be published.
    observability::log_warn(
        "outbox relay: the saved cursor is beyond the log's head; relaying from the head",
        {{"topic", topic}, {"cursor", cursor}, {"head", head}});
    cursor = head;
  }
  auto loop = std::make_unique<detail::RelayLoop>(store, std::move(options), cursor);
  loop->start();
  return std::unique_ptr<OutboxRelay>(new OutboxRelay(std::move(loop)));
}

OutboxRelay::OutboxRelay(std::unique_ptr<detail::RelayLoop> loop) : loop_(std::move(loop)) {}

OutboxRelay::~OutboxRelay() { stop(); }

void OutboxRelay::stop() { loop_->stop(); }

RelayState OutboxRelay::state() const { return loop_->state(); }

}  // namespace opsdesk::messaging
