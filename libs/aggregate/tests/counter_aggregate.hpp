#pragma once
// A toy aggregate for the tests of the shared command plumbing: a counter per tenant that opens,
// adds positive amounts and stops at 100. Its events and state are plain text, so a test can
// write or damage them by hand.

#include <expected>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "libs/aggregate/aggregate.hpp"
#include "libs/eventstore/tests/store_test_support.hpp"

namespace opsdesk::aggregate::testing {

struct Counter {
  struct State {
    std::string id;
    std::uint64_t version = 0;
    int value = 0;
    std::string tenant;
  };
  struct Open {
    std::string id;
    std::string tenant;
  };
  struct Add {
    int amount = 0;
  };
  using Command = std::variant<Open, Add>;
  struct Event {
    std::string type;  // "test.Opened" (payload: id/tenant) or "test.Added" (payload: amount)
    std::string payload;
  };

  static constexpr std::string_view kNoun = "counter";
  static std::string stream_id(const std::string& id) { return "counter-" + id; }
  static std::string id_of_stream(const std::string& stream) { return stream.substr(8); }

  static std::expected<std::vector<Event>, DomainError> decide(const State& s, const Command& c,
                                                               core::Instant) {
    if (const auto* open = std::get_if<Open>(&c))
      return std::vector{Event{"test.Opened", open->id + "/" + open->tenant}};
    const int amount = std::get<Add>(c).amount;
    if (s.version == 0)
      return std::unexpected(DomainError{DomainError::Kind::not_found, "", "no counter", {}});
    if (amount <= 0)
      return std::unexpected(
          DomainError{DomainError::Kind::invalid_fields, "", "", {{"amount", "must be positive"}}});
    if (s.value + amount > 100)
      return std::unexpected(
          DomainError{DomainError::Kind::rule_violated, "over-100", "a counter stops at 100", {}});
    return std::vector{Event{"test.Added", std::to_string(amount)}};
  }
  static State evolve(State s, const Event& e) {
    if (e.type == "test.Opened") {
      s.id = e.payload.substr(0, e.payload.find('/'));
      s.tenant = e.payload.substr(e.payload.find('/') + 1);
    } else {
      s.value += std::stoi(e.payload);
    }
    ++s.version;
    return s;
  }
  static std::string id(const State& s) { return s.id; }
  static std::uint64_t version(const State& s) { return s.version; }
  static std::vector<std::string> tenants(const State& s) { return {s.tenant}; }
  static std::vector<std::string> tenants_named(const Command& c) {
    if (const auto* open = std::get_if<Open>(&c)) return {open->tenant};
    return {};
  }
  static bool creates(const Command& c) { return std::holds_alternative<Open>(c); }
  static eventstore::NewEvent encode(const Event& e) {
    return {e.type, e.payload, eventstore::testing::at("2026-12-01T00:00:00Z")};
  }
  static std::expected<Event, std::string> decode(const eventstore::RecordedEvent& r) {
    if (r.type() != "test.Opened" && r.type() != "test.Added")
      return std::unexpected("unknown type " + r.type());
    return Event{r.type(), r.payload()};
  }
  // The state as "<id> <tenant> <value> <version>".
  static constexpr std::string_view kStateSchema = "test.Counter/1";
  static std::string encode_state(const State& s) {
    return s.id + " " + s.tenant + " " + std::to_string(s.value) + " " + std::to_string(s.version);
  }
  static std::expected<State, std::string> decode_state(std::string_view bytes) {
    std::istringstream in{std::string(bytes)};
    State s;
    if (!(in >> s.id >> s.tenant >> s.value >> s.version) || !(in >> std::ws).eof())
      return std::unexpected("not a counter state: " + std::string(bytes));
    return s;
  }
};
static_assert(Aggregate<Counter>);

}  // namespace opsdesk::aggregate::testing
