#pragma once
// The record of the settings the SLA figures were computed with: each time sla-metrics starts
// with definitions or a calendar that differ from the last recorded ones, it appends
// SlaSettingsChanged (who, when, what changed) to its own event store (stream "sla-settings",
// under <data-dir>/sla-metrics/eventstore). A replay of the view never touches it.

#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "libs/core/clock.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/sla/settings_version.hpp"

namespace opsdesk::sla_metrics {

struct SettingsChange {
  std::int64_t version = 0;
  core::Instant at;
  std::string by;
  std::string source;
  std::vector<std::string> changes;
  std::string event_id;
};

class SettingsHistory {
 public:
  static std::filesystem::path store_path(const std::filesystem::path& data_dir);
  static std::expected<std::unique_ptr<SettingsHistory>, std::string> open(
      const std::filesystem::path& data_dir, const core::Clock& clock,
      std::uint64_t min_free_bytes = eventstore::kDefaultMinFreeBytes);

  // Appends a new version when `current` differs from the last recorded settings (or nothing
  // was recorded yet); otherwise changes nothing.
  std::expected<void, std::string> record_if_changed(const sla::SettingsSnapshot& current,
                                                     const std::string& by,
                                                     const std::string& source,
                                                     const calendar::BusinessCalendar& calendar);
  // Oldest first; the last is the version in force.
  const std::vector<SettingsChange>& changes() const { return changes_; }
  std::int64_t current_version() const { return changes_.empty() ? 0 : changes_.back().version; }

 private:
  explicit SettingsHistory(std::unique_ptr<eventstore::EventStore> store, const core::Clock& clock)
      : store_(std::move(store)), clock_(clock) {}
  void load();

  std::unique_ptr<eventstore::EventStore> store_;
  const core::Clock& clock_;
  std::vector<SettingsChange> changes_;
};

}  // namespace opsdesk::sla_metrics
