#pragma once
// The SLA process manager (sla-watch): follows the incidents' events into its own view (the
// same layout as sla-metrics'), and when a running clock reaches a warning threshold records
// SlaThresholdReached in its own event store (stream "sla-<incident>"), from where the relay
// publishes it to opsdesk.sla.events.v1 like any other service's events.
//
// Its timers are the thresholds of the incidents' clocks, computed from the view (built from
// events, in RocksDB). The first pass after a start looks at every open incident; later passes
// look only at the incidents with events since the last completed pass (kept in the store's
// metadata) and those whose next threshold is due, and at an open incident at least every few
// minutes (a new business day's cadence cycle begins without an event). A pass therefore costs
// what changed, not what is open. Each alert is appended with an
// idempotency key naming its clock, tenant, cycle and percent, so a restart neither loses an
// alert (a threshold passed while it was down, even by an incident closed meanwhile, is recorded
// at the next pass) nor repeats one (the key is already used).
//
// A pass never runs on a view that is still catching up (after a start, a rebuild, or whenever
// the view fell behind its feed): an incident half-applied there (detected, but not yet the
// notice that stopped its clock) would raise alerts that never happened. Passes wait until the
// view holds everything the feed knows of, then run with the usual small lag.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "libs/auth/jwt.hpp"
#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/http/router.hpp"
#include "libs/modules/module.hpp"
#include "libs/observability/metrics.hpp"
#include "libs/projection/event_feed.hpp"
#include "libs/projection/projection_runner.hpp"
#include "libs/projection/view_store.hpp"
#include "libs/sla/sla_definitions.hpp"
#include "libs/sla/sla_projection.hpp"

namespace opsdesk::sla_watch {

struct SlaWatchOptions {
  std::filesystem::path data_dir;  // data_dir/sla-watch/{view,eventstore}
  bool sync = true;                // fsync the alert store's commits
  std::uint64_t min_free_bytes =
      eventstore::kDefaultMinFreeBytes;  // disk reserve (libs/eventstore/disk_reserve.hpp)
  projection::ReadYourWritesLimits read_your_writes{};  // how min_position waits
  // How often thresholds are checked; none: only when record_reached_thresholds() is called
  // (under a manual clock, whose time moves only when a test says so).
  std::optional<std::chrono::milliseconds> pass_interval = std::chrono::milliseconds{1000};
};

// The module table's entry: reads the incidents domain, publishes the sla domain (its alerts);
// needs the SLA definitions module.
// Under a manual clock it makes no passes of its own: POST /v1/test/clock runs them.
modules::Module module(SlaWatchOptions options);

class SlaWatchService final : public modules::Service, public modules::TimeDriven {
 public:
  static std::filesystem::path view_path(const std::filesystem::path& data_dir);
  static std::filesystem::path store_path(const std::filesystem::path& data_dir);

  // Computes with the definitions of the module it needs.
  static std::expected<std::unique_ptr<SlaWatchService>, modules::OpenError> open(
      SlaWatchOptions options, const modules::Context& context);
  ~SlaWatchService() override;

  void add_routes(http::Router& router) override;
  // Starts following the events and the pass loop.
  void start() override;
  void stop() override;
  modules::Readiness readiness() const override;
  eventstore::EventStore* published_store() override { return store_.get(); }
  modules::TimeDriven* time_driven() override { return this; }
  std::optional<http::Response> wait_for_min_position(
      const http::Request& request, std::vector<http::FieldError>& errors) override;
  // Runs a pass: what it recorded, and the alert store's head.
  std::expected<nlohmann::json, std::string> clock_moved() override;

  struct Pass {
    int alerts_recorded = 0;
    int incidents_examined = 0;         // what changed or came due, not every open incident
    std::optional<std::string> held{};  // why it waited instead (the view is catching up)
  };
  // One pass: records every threshold reached by the clock's now and not yet recorded (or
  // returns the store's error); holds instead while the view catches up. Thread-safe; the loop
  // calls it too.
  std::expected<Pass, std::string> record_reached_thresholds();

  eventstore::EventStore& store() { return *store_; }
  projection::ProjectionRunner& runner() { return *runner_; }
  projection::ViewStore& view() { return *view_; }

 private:
  SlaWatchService() = default;
  void loop(std::stop_token stop);
  // The incidents this pass looks at (pass_mutex_ held).
  std::vector<std::string> incidents_to_look_at(core::Instant now);
  void look_again_at(const std::string& id, std::optional<core::Instant> when);
  // Why passes must wait for the view, or nothing (pass_mutex_ held).
  std::optional<std::string> passes_held();

  SlaWatchOptions options_;
  const core::Clock* clock_ = nullptr;
  const calendar::BusinessCalendar* calendar_ = nullptr;
  sla::SlaDefinitions definitions_;
  sla::SlaProjection projection_{"sla-watch", {.closed_and_periods = false, .touched = true}};
  std::unique_ptr<projection::ViewStore> view_;
  std::unique_ptr<projection::ProjectionRunner> runner_;
  std::unique_ptr<eventstore::EventStore> store_;
  observability::Counter* alerts_recorded_ = nullptr;
  observability::Counter* incidents_examined_ = nullptr;
  observability::Counter* passes_held_ = nullptr;
  observability::Counter* passes_completed_ = nullptr;
  // Guarded by pass_mutex_:
  std::uint64_t last_pass_position_ = 0;
  bool waiting_for_view_ = true;  // since the start, or since the view last fell behind
  bool looked_at_every_open_incident_ = false;                  // since this process started
  std::set<std::pair<core::Instant, std::string>> next_looks_;  // (when, incident id)
  std::unordered_map<std::string, core::Instant> next_look_of_;

  std::mutex pass_mutex_;  // one pass at a time
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  std::jthread loop_thread_;
};

}  // namespace opsdesk::sla_watch
