#include "services/scheduling/scheduling_service.hpp"

#include "libs/aggregate/repository_metrics.hpp"
#include "libs/calendar/date_text.hpp"
#include "libs/core/tokyo_time.hpp"
#include "libs/modules/event_store.hpp"
#include "libs/observability/log.hpp"
#include "services/scheduling/api/feed_tokens.hpp"
#include "services/scheduling/api/plan_routes.hpp"
#include "services/scheduling/api/schedule_routes.hpp"
#include "services/scheduling/api/virus_scan_routes.hpp"

namespace opsdesk::scheduling {

modules::Module module(SchedulingServiceOptions options) {
  return {
      .name = "scheduling",
      .kind = modules::Kind::command,
      .description =
          "centre scheduling (センタ運用): recurring tasks, occurrences, overdue watch, "
          "plans, virus-scan checks",
      .publishes = kDomain,
      .openapi = "scheduling",
      .store_path = SchedulingService::store_path(options.data_dir),
      .open = [options](modules::Context& context)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        auto opened_options = options;
        // A manual clock stands still: passes run when POST /v1/test/clock moves it.
        if (context.manual_clock) opened_options.overdue_interval.reset();
        return SchedulingService::open(opened_options, context);
      },
  };
}

SchedulingService::SchedulingService(std::unique_ptr<eventstore::EventStore> store,
                                     const modules::Context& context,
                                     SchedulingServiceOptions options)
    : options_(std::move(options)),
      store_(std::move(store)),
      clock_(context.clock),
      calendar_(context.calendar),
      book_(context.calendar),
      task_repository_(*store_, options_.repository),
      // These run on the store's syncer thread after every accepted command.
      task_commands_(task_repository_, [this](const TaskState& task) { book_.upsert(task); }),
      occurrence_repository_(*store_, options_.repository),
      occurrence_commands_(occurrence_repository_,
                           [this](const OccurrenceState& occurrence) { book_.upsert(occurrence); }),
      daily_report_repository_(*store_, options_.repository),
      daily_report_commands_(daily_report_repository_,
                             [this](const DailyReportState& report) { book_.upsert(report); }),
      window_repository_(*store_, options_.repository),
      window_commands_(window_repository_,
                       [this](const WindowState& window) { book_.upsert(window); }),
      plan_repository_(*store_, options_.repository),
      plan_commands_(plan_repository_,
                     [this](const PlanApprovalState& approvals) { book_.upsert(approvals); }),
      feed_token_repository_(*store_, options_.repository),
      feed_token_commands_(feed_token_repository_,
                           [this](const FeedTokenState& token) { book_.upsert(token); }),
      virus_scan_repository_(*store_, options_.repository),
      virus_scan_commands_(virus_scan_repository_,
                           [this](const TerminalState& terminal) { book_.upsert(terminal); }),
      overdue_(book_, occurrence_commands_, context.clock) {}

SchedulingService::~SchedulingService() { stop(); }

std::filesystem::path SchedulingService::store_path(const std::filesystem::path& data_dir) {
  return data_dir / "scheduling" / "eventstore";
}

std::expected<std::unique_ptr<SchedulingService>, modules::OpenError> SchedulingService::open(
    SchedulingServiceOptions options, const modules::Context& context) {
  auto store =
      modules::open_event_store(store_path(options.data_dir), options.sync, options.min_free_bytes,
                                context.metrics, context.clock, "scheduling");
  if (!store) return std::unexpected(std::move(store.error()));
  std::unique_ptr<SchedulingService> service(
      new SchedulingService(std::move(*store), context, std::move(options)));
  aggregate::register_repository_metrics(context.metrics, "scheduling_tasks",
                                         service->task_repository_);
  aggregate::register_repository_metrics(context.metrics, "scheduling_occurrences",
                                         service->occurrence_repository_);
  service->book_.rebuild(*service->store_, core::to_tokyo(context.clock.now()).date);
  return service;
}

void SchedulingService::add_routes(http::Router& router) {
  api::add_schedule_routes(
      router, api::ScheduleApi{task_commands_, occurrence_commands_, daily_report_commands_,
                               window_commands_, task_repository_, occurrence_repository_, book_,
                               clock_, calendar_, ids_, options_.instants, options_.term_start});
  api::add_plan_routes(router,
                       api::PlanApi{plan_commands_, book_, clock_, calendar_, options_.instants});
  api::add_feed_token_routes(router, api::FeedTokenApi{feed_token_commands_, book_, clock_, ids_});
  api::add_virus_scan_routes(
      router, api::VirusScanApi{virus_scan_commands_, book_, clock_, calendar_, options_.instants});
}

void SchedulingService::start() {
  if (options_.overdue_interval)
    loop_thread_ = std::jthread([this](std::stop_token stop) { loop(stop); });
}

void SchedulingService::stop() {
  if (loop_thread_.joinable()) {
    loop_thread_.request_stop();
    wake_.notify_all();
    loop_thread_.join();
  }
}

void SchedulingService::loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    if (auto pass = overdue_.pass(); !pass) {
      observability::log_error("scheduling overdue pass failed; retrying",
                               {{"error", pass.error()}});
    }
    std::unique_lock lock(wake_mutex_);
    wake_.wait_for(lock, stop, *options_.overdue_interval, [] { return false; });
  }
}

modules::Readiness SchedulingService::readiness() const {
  const auto figures = book_.figures();
  return {.details = {{"head_position", store_->head_position()},
                      {"tasks", figures.tasks},
                      {"occurrences_planned_in_horizon", figures.planned_in_horizon},
                      {"occurrences_recorded", figures.recorded},
                      {"horizon", calendar::format_iso_date(figures.horizon_first) + ".." +
                                      calendar::format_iso_date(figures.horizon_last)}}};
}

std::optional<http::Response> SchedulingService::wait_for_min_position(
    const http::Request&, std::vector<http::FieldError>&) {
  // Its schedule is its own store's, updated before a command is answered: nothing to wait for.
  return std::nullopt;
}

std::expected<nlohmann::json, std::string> SchedulingService::clock_moved() {
  auto pass = overdue_.pass();
  if (!pass) return std::unexpected(pass.error());
  return nlohmann::json{{"overdue_recorded", pass->recorded}, {"overdue_examined", pass->examined}};
}

}  // namespace opsdesk::scheduling
