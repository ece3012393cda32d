#include "services/sla-metrics/table_cache.hpp"

#include <algorithm>

#include "libs/sla/sla_projection.hpp"

namespace opsdesk::sla_metrics {

std::uint64_t TableCache::catch_up(const projection::ViewReader& view, std::uint64_t watermark) {
  std::lock_guard lock(mutex_);
  // Nothing kept, nothing to drop: what is computed next is kept against the watermark.
  if (!empty()) {
    // Events above the watermark (applied past a gap) are read again next time: the position
    // only moves to the watermark, below which nothing can still arrive.
    for (const auto& id : sla::incidents_touched_after(view, position_)) {
      settled_.erase(id);
      drop_answers_of(view, id);
    }
  }
  position_ = std::max(position_, watermark);
  return position_;
}

void TableCache::drop_answers_of(const projection::ViewReader& view,
                                 const std::string& incident_id) {
  if (answers_.empty()) return;
  const auto span = sla::incident_span(view, incident_id);
  // Not detected yet (an event ahead of its detection): in no table until it is, and its
  // detection is a change of its own.
  if (!span) return;
  std::map<std::string, bool> affects;  // per tenant, read once
  const auto affects_tenant = [&](const std::string& tenant) {
    auto [it, added] = affects.try_emplace(tenant, false);
    if (added) it->second = sla::affects_tenant(view, incident_id, tenant);
    return it->second;
  };
  for (auto it = answers_.begin(); it != answers_.end();) {
    const auto& scope = it->second.scope;
    const bool figures = span->may_figure_in(scope.period, scope.recorded_before) &&
                         std::any_of(scope.tenants.begin(), scope.tenants.end(), affects_tenant);
    if (figures) {
      ++counts_.dropped;
      erase_answer(it++);
    } else {
      ++it;
    }
  }
}

std::shared_ptr<const RenderedTable> TableCache::valid_answer(const std::string& key,
                                                              core::Instant now) {
  auto it = answers_.find(key);
  if (it == answers_.end()) return nullptr;
  if (it->second.expires_at && now >= *it->second.expires_at) {
    erase_answer(it);
    return nullptr;
  }
  return it->second.answer;
}

TableCache::Lookup TableCache::look_up(const std::string& key, core::Instant now,
                                       std::chrono::milliseconds patience) {
  const auto found = [&] {
    std::lock_guard lock(mutex_);
    auto answer = valid_answer(key, now);
    if (answer) ++counts_.hits;
    return answer;
  };
  if (auto answer = found()) return {std::move(answer), std::nullopt};
  auto turn = computing_.take(key, patience);
  // Whoever held the turn may have kept the answer meanwhile.
  if (auto answer = found()) return {std::move(answer), std::nullopt};
  std::lock_guard lock(mutex_);
  ++counts_.misses;
  return {nullptr, std::move(turn)};
}

void TableCache::keep_answer(const std::string& key, std::shared_ptr<const RenderedTable> answer,
                             TableScope scope, std::optional<core::Instant> expires_at,
                             std::uint64_t position, core::Instant now) {
  const std::size_t bytes = answer->body->size();
  // One answer may not push out everything else (a term of the whole centre with evidence).
  if (bytes > limits_.answer_bytes / 4 || limits_.answers == 0) return;
  std::lock_guard lock(mutex_);
  if (position != position_) return;  // computed while another request dropped changes
  if (auto old = answers_.find(key); old != answers_.end()) erase_answer(old);
  make_room(bytes, now);
  answer_bytes_ += bytes;
  answers_.emplace(key, KeptAnswer{std::move(answer), std::move(scope), expires_at});
}

void TableCache::make_room(std::size_t bytes, core::Instant now) {
  const auto full = [&] {
    return answers_.size() >= limits_.answers || answer_bytes_ + bytes > limits_.answer_bytes;
  };
  if (!full()) return;
  for (auto it = answers_.begin(); it != answers_.end();) {
    if (it->second.expires_at && *it->second.expires_at <= now) {
      erase_answer(it++);
    } else {
      ++it;
    }
  }
  // Still full: the answers asked since are the ones worth keeping; start again.
  if (full()) {
    answers_.clear();
    answer_bytes_ = 0;
  }
}

void TableCache::erase_answer(std::map<std::string, KeptAnswer>::iterator it) {
  answer_bytes_ -= it->second.answer->body->size();
  answers_.erase(it);
}

std::shared_ptr<const SettledIncident> TableCache::settled(const std::string& incident_id) {
  std::lock_guard lock(mutex_);
  const auto it = settled_.find(incident_id);
  return it == settled_.end() ? nullptr : it->second;
}

void TableCache::keep_settled(const std::string& incident_id,
                              std::shared_ptr<const SettledIncident> incident,
                              std::uint64_t position) {
  std::lock_guard lock(mutex_);
  if (position != position_) return;
  // Full: the incidents kept first stay (a term's tables ask for the same ones again).
  if (settled_.size() >= limits_.settled_incidents) return;
  settled_.emplace(incident_id, std::move(incident));
}

TableCacheStats TableCache::stats() const {
  std::lock_guard lock(mutex_);
  auto stats = counts_;
  stats.answers = answers_.size();
  stats.answer_bytes = answer_bytes_;
  stats.settled_incidents = settled_.size();
  stats.waiting = computing_.waiting();
  return stats;
}

}  // namespace opsdesk::sla_metrics
