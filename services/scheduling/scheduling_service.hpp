#pragma once
// The scheduling service assembled (centre operations, センタ運用): its own event store under
// <data-dir>/scheduling, the repositories and command runners of tasks and occurrences, the
// schedule (in memory, rebuilt from the log on open), the overdue watch and the HTTP routes.
// Runs alone (--target=scheduling) or beside other services (--target=all); its entry in the
// module table is module() below.

#include <chrono>
#include <condition_variable>
#include <expected>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "libs/modules/module.hpp"
#include "services/scheduling/overdue_watch.hpp"
#include "services/scheduling/schedule_book.hpp"

namespace opsdesk::scheduling {

struct SchedulingServiceOptions {
  std::filesystem::path data_dir;  // the service keeps everything under data_dir/scheduling
  bool sync = true;                // fsync every commit (never off outside benchmarks)
  std::uint64_t min_free_bytes = eventstore::kDefaultMinFreeBytes;
  aggregate::RepositoryOptions repository{};  // states kept in memory, snapshots
  http::InstantRange instants{};              // the times a command may name
  Date term_start{};                          // where the contract's seeded tasks recur from
  // How often the overdue watch looks; none: only when POST /v1/test/clock moves a manual clock.
  std::optional<std::chrono::milliseconds> overdue_interval = std::chrono::seconds{30};
};

// The module table's entry: publishes the scheduling domain from the store under data_dir.
modules::Module module(SchedulingServiceOptions options);

class SchedulingService final : public modules::Service, public modules::TimeDriven {
 public:
  static std::filesystem::path store_path(const std::filesystem::path& data_dir);

  static std::expected<std::unique_ptr<SchedulingService>, modules::OpenError> open(
      SchedulingServiceOptions options, const modules::Context& context);
  ~SchedulingService() override;

  void add_routes(http::Router& router) override;
  void start() override;
  void stop() override;
  modules::Readiness readiness() const override;
  eventstore::EventStore* published_store() override { return store_.get(); }
  modules::TimeDriven* time_driven() override { return this; }

  // TimeDriven: a manual clock's move runs one overdue pass.
  std::optional<http::Response> wait_for_min_position(
      const http::Request& request, std::vector<http::FieldError>& errors) override;
  std::expected<nlohmann::json, std::string> clock_moved() override;

 private:
  SchedulingService(std::unique_ptr<eventstore::EventStore> store, const modules::Context& context,
                    SchedulingServiceOptions options);
  void loop(std::stop_token stop);

  SchedulingServiceOptions options_;
  std::unique_ptr<eventstore::EventStore> store_;
  const core::Clock& clock_;
  const calendar::BusinessCalendar& calendar_;
  ScheduleBook book_;
  TaskRepository task_repository_;
  TaskCommands task_commands_;
  OccurrenceRepository occurrence_repository_;
  OccurrenceCommands occurrence_commands_;
  DailyReportRepository daily_report_repository_;
  DailyReportCommands daily_report_commands_;
  WindowRepository window_repository_;
  WindowCommands window_commands_;
  PlanApprovalRepository plan_repository_;
  PlanApprovalCommands plan_commands_;
  FeedTokenRepository feed_token_repository_;
  FeedTokenCommands feed_token_commands_;
  VirusScanRepository virus_scan_repository_;
  VirusScanCommands virus_scan_commands_;
  OverdueWatch overdue_;
  core::UuidV7Generator ids_;
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  std::jthread loop_thread_;
};

}  // namespace opsdesk::scheduling
