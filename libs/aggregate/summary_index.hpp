#pragma once
// The list a command service keeps for GET /v1/<aggregates>: one summary per aggregate, newest
// first (UUIDv7 ids sort by creation time). Kept in memory, rebuilt from the event store's log
// at start and updated after every accepted command, so it never disagrees with the streams.
// The service says what a summary holds (`summarize`) and which ones a request wants (the
// `keep` predicate of list(): its filters and the caller's tenant scope).

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "libs/aggregate/aggregate.hpp"

namespace opsdesk::aggregate {

// Every aggregate of kind A in the store, folded from the log: `visit(state)` for each, once
// all are read. What an in-memory read model of a command service starts from.
template <Aggregate A, typename Visit>
void fold_every_aggregate(const eventstore::EventStore& store, Visit visit) {
  std::unordered_map<std::string, typename A::State> states;
  constexpr std::size_t kChunk = 4096;
  for (std::uint64_t position = 1;;) {
    auto records = store.read_log(position, kChunk);
    if (records.empty()) break;
    for (const auto& record : records) {
      const auto id = A::id_of_stream(record.stream_id());
      if (id.empty()) continue;
      auto event = A::decode(record);
      if (!event) {
        throw std::runtime_error("folding every " + std::string(A::kNoun) + ": " + event.error());
      }
      states[id] = A::evolve(std::move(states[id]), *event);
    }
    position = records.back().log_position() + 1;
  }
  for (const auto& [id, state] : states) visit(state);
}

template <Aggregate A, typename Summary>
class SummaryIndex {
 public:
  using State = typename A::State;
  using Summarize = std::function<Summary(const State&)>;

  explicit SummaryIndex(Summarize summarize) : summarize_(std::move(summarize)) {}

  // Replaces the summary if `state` is newer than the one held (commands may finish out of
  // order).
  void upsert(const State& state) {
    auto summary = summarize_(state);
    std::lock_guard lock(mutex_);
    auto& entry = by_id_[A::id(state)];
    if (entry.version >= A::version(state)) return;
    entry = Entry{A::version(state), std::move(summary)};
  }

  // Folds every stream of this aggregate in the store's log.
  void rebuild(const eventstore::EventStore& store) {
    fold_every_aggregate<A>(store, [this](const State& state) { upsert(state); });
  }

  struct Page {
    std::vector<Summary> items;
    std::string next_cursor;  // empty on the last page
  };
  // Up to `limit` summaries for which `keep` is true, after the id `after_id` (the cursor: the
  // last id of the previous page; empty for the first). The lock is held through the scan (in
  // memory, no I/O): commands that finish meanwhile wait that long to update the list.
  Page list(std::size_t limit, const std::string& after_id,
            const std::function<bool(const Summary&)>& keep) const {
    std::lock_guard lock(mutex_);
    Page page;
    std::string last_id;
    auto it = after_id.empty() ? by_id_.begin() : by_id_.upper_bound(after_id);
    for (; it != by_id_.end(); ++it) {
      if (!keep(it->second.summary)) continue;
      if (page.items.size() == limit) {
        page.next_cursor = last_id;
        break;
      }
      page.items.push_back(it->second.summary);
      last_id = it->first;
    }
    return page;
  }

 private:
  struct Entry {
    std::uint64_t version = 0;
    Summary summary{};
  };
  Summarize summarize_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry, std::greater<>> by_id_;  // newest first
};

}  // namespace opsdesk::aggregate
