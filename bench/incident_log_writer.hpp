#pragma once
// Writes planned incident lives into a fresh incidents event store, for the replay benchmarks
// (bench/fill_incidents). Every command goes through the real decider and codec, and the steps
// of all incidents are appended in time order, so the log interleaves incidents as a live one
// does. Never opens a store that already holds data, and never rewrites an event.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"
#include "libs/eventstore/event_store.hpp"
#include "services/incidents/domain/commands.hpp"
#include "services/incidents/domain/state.hpp"

namespace opsdesk::bench {

// One command's outcome, waiting to be appended at its time.
struct Step {
  core::Instant at;
  std::uint64_t seq = 0;  // set by the writer: keeps one incident's steps in order on equal times
  std::string stream_id;
  std::uint64_t version_before = 0;
  std::vector<eventstore::NewEvent> events;
  std::vector<std::string> tenants;  // the incident's affected tenants after the step
  bool closed = false;               // the incident's status after the step is closed
};

// Plays one incident's life through the decider; every command must be accepted (a refusal is
// a bug in the plan and throws std::logic_error).
//
// A non-empty `tenant_prefix` (the scale profile's copies of the centre) is put before every
// tenant code the recorded events and their metadata carry: the decider accepts only the 19
// codes of libs/tenants, so the life is decided with those and only what is written is renamed.
// The read models take a code as it comes (ops-board rows and counters, sla-metrics' tenant
// index and the centre's tables), so a store with 19 x N tenants is what N centres would write.
class Life {
 public:
  Life(std::string id, core::Instant now, std::vector<Step>& out, std::string tenant_prefix = {})
      : id_(std::move(id)), now_(now), out_(out), tenant_prefix_(std::move(tenant_prefix)) {}

  void run(const incidents::IncidentCommand& command, core::Instant at);
  const incidents::IncidentState& state() const { return state_; }

 private:
  std::string id_;
  core::Instant now_;
  std::vector<Step>& out_;
  std::string tenant_prefix_;
  incidents::IncidentState state_;
};

struct WriteSummary {
  std::uint64_t events = 0;  // written
  std::uint64_t head = 0;    // the store's head position after the last append
  std::uint64_t incidents = 0;
  std::uint64_t not_closed = 0;  // incidents whose last written step left them open
  double seconds = 0;
};

// Gives the next incident's steps (its detection first, then in time order), or nullopt when
// there are no more. Detections must come in non-decreasing time order.
using NextIncident = std::function<std::optional<std::vector<Step>>()>;

// Appends the steps of every incident `next` gives, merged into one log in time order, until
// `max_events` events (the last step may lose its tail). Appends are queued without waiting for
// each one, so that the group-commit writer folds them into few WriteBatches.
WriteSummary write_in_time_order(eventstore::EventStore& store, std::uint64_t max_events,
                                 const NextIncident& next);

// Flushes the store and lets RocksDB's compactions settle, so that a replay reads SST files as
// it would on a store that has run for a while. Prints the files per level.
void settle(const std::filesystem::path& store_path);

std::uintmax_t directory_bytes(const std::filesystem::path& path);

}  // namespace opsdesk::bench
