#pragma once
// The incident list the service keeps for GET /v1/incidents: a summary per incident, newest
// first (UUIDv7 ids sort by creation time). Kept in memory, rebuilt from the event store's log
// at start and updated after every accepted command, so it never disagrees with the streams.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "libs/eventstore/event_store.hpp"
#include "services/incidents/domain/state.hpp"

namespace opsdesk::incidents {

struct IncidentSummary {
  std::string id;
  std::uint64_t version = 0;
  Status status = Status::open;
  std::string severity;
  std::string title;
  core::Instant occurred_at{};
  std::vector<std::string> affected_tenants;
};

class IncidentIndex {
 public:
  // Replaces the summary if `state` is newer than the one held (commands may finish out of order).
  void upsert(const IncidentState& state);
  // Folds every incident stream in the store's log.
  void rebuild(const eventstore::EventStore& store);

  struct Query {
    std::optional<std::string> tenant;
    std::optional<Status> status;
    std::size_t limit = 50;
    std::string after_id;  // the cursor: the last id of the previous page
  };
  struct Page {
    std::vector<IncidentSummary> items;
    std::string next_cursor;  // empty on the last page
  };
  // Only summaries for which `visible` is true count (tenant scope of the caller).
  Page list(const Query& query, const std::function<bool(const IncidentSummary&)>& visible) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, IncidentSummary, std::greater<>> by_id_;  // newest first
};

}  // namespace opsdesk::incidents
