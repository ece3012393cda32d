#pragma once
// The folded state of recently used aggregates, so that a command on a long stream (an incident
// with weeks of notices and response activities) reads and folds only the events after the
// version it remembers instead of the whole stream.
//
// Never a second source of truth: an entry is the state at one version of its stream, and the
// events up to that version never change, so it stays exact for ever. A loader folds whatever
// the stream gained since (a concurrent writer, another process); an append still names the
// version it decided on, so a stale entry can cost a retry, never a wrong event. A restart
// starts empty. Bounded by entry count, least recently used first out. Thread-safe.

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace opsdesk::aggregate {

// Enough for every incident a busy desk touches in weeks; an incident state is a few KiB.
inline constexpr std::size_t kDefaultCachedStates = 4096;

struct StateCacheStats {
  std::size_t entries = 0;
  std::size_t capacity = 0;
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
};

template <typename State>
class StateCache {
 public:
  // 0 entries turns the cache off.
  explicit StateCache(std::size_t capacity) : capacity_(capacity) {}

  // The remembered state of a stream (shared, never changed: copy it to evolve it) and its
  // version, if any. The lock is held for a lookup, never for a copy of a state.
  std::optional<std::pair<std::shared_ptr<const State>, std::uint64_t>> find(
      const std::string& stream_id) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(stream_id);
    if (found == index_.end()) {
      ++misses_;
      return std::nullopt;
    }
    ++hits_;
    order_.splice(order_.begin(), order_, found->second);
    return std::make_pair(found->second->state, found->second->version);
  }

  // Remembers `state` as the stream at `version`, unless a newer version is already known.
  void remember(const std::string& stream_id, std::shared_ptr<const State> shared,
                std::uint64_t version) {
    if (capacity_ == 0 || version == 0) return;
    std::lock_guard lock(mutex_);
    auto found = index_.find(stream_id);
    if (found != index_.end()) {
      if (found->second->version >= version) return;
      found->second->state = std::move(shared);
      found->second->version = version;
      order_.splice(order_.begin(), order_, found->second);
      return;
    }
    order_.push_front(Entry{stream_id, std::move(shared), version});
    index_.emplace(stream_id, order_.begin());
    if (order_.size() > capacity_) {
      index_.erase(order_.back().stream_id);
      order_.pop_back();
    }
  }

  StateCacheStats stats() const {
    std::lock_guard lock(mutex_);
    return {order_.size(), capacity_, hits_, misses_};
  }

 private:
  struct Entry {
    std::string stream_id;
    std::shared_ptr<const State> state;
    std::uint64_t version = 0;
  };

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> order_;  // most recently used first
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace opsdesk::aggregate
