#include "services/sla-watch/sla_watch_service.hpp"

#include <unordered_set>

#include "libs/calendar/date_text.hpp"
#include "libs/modules/event_store.hpp"
#include "libs/modules/readiness.hpp"
#include "libs/observability/log.hpp"
#include "libs/projection/read_your_writes.hpp"
#include "libs/sla/definitions_file.hpp"
#include "libs/sla/incident_clocks.hpp"
#include "opsdesk/sla/v1/events.pb.h"
#include "proto-schemas/proto_time.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "services/sla-watch/api/alert_routes.hpp"
#include "services/sla-watch/domain/threshold_alerts.hpp"

namespace opsdesk::sla_watch {

namespace {

constexpr std::string_view kActor = "sla-watch";
// The incidents log position the last completed pass had seen (in the store's metadata).
constexpr std::string_view kLastPassKey = "sla-watch/last-pass-position";
// How late an alert may still be recorded: covers any outage of the process worth the name.
constexpr std::chrono::hours kAlertsLapseAfter{24 * 7};
// How long an open incident may go unexamined: its next business day's cadence cycle begins
// without an event, and the earliest threshold of a cycle lies hours into its day.
constexpr std::chrono::minutes kLookAtOpenIncidentsEvery{5};

eventstore::AppendRequest alert_append(const ThresholdAlert& alert) {
  opsdesk::sla::v1::SlaThresholdReached event;
  event.set_clock(std::string(sla::to_string(alert.clock)));
  event.set_definition_id(alert.definition_id);
  event.set_incident_id(alert.incident_id);
  event.set_tenant(alert.tenant);
  event.set_percent(alert.percent);
  *event.mutable_due_at() = proto::to_timestamp(alert.due_at);
  if (alert.cycle_day) event.set_cycle_day(calendar::format_iso_date(*alert.cycle_day));
  event.set_goal_seconds(std::chrono::duration_cast<std::chrono::seconds>(alert.goal).count());
  event.set_schedule(alert.schedule);
  event.set_recurrence(alert.recurrence);

  eventstore::AppendRequest request;
  request.stream_id = "sla-" + alert.incident_id;
  request.expected = eventstore::ExpectedVersion::any();
  request.events.push_back(
      {std::string(opsdesk::sla::v1::SlaThresholdReached::descriptor()->full_name()),
       event.SerializeAsString(), alert.due_at});
  request.metadata.tenants = {alert.tenant};
  request.metadata.actor = std::string(kActor);
  request.metadata.correlation_id = alert.key;
  request.metadata.causation_id = alert.key;
  // The key makes the append happen once: a second pass (or a restart) finds it used.
  request.idempotency = eventstore::IdempotencyKey{"sla-watch:" + alert.key, alert.key};
  return request;
}

}  // namespace

modules::Module module(SlaWatchOptions options) {
  return {
      .name = "sla-watch",
      .kind = modules::Kind::process_manager,
      .description = "SLA threshold alerts (50/75/100 % of a running clock's goal)",
      .publishes = "sla",
      .consumes = {incidents::kDomain},
      .needs = {std::string(sla::kDefinitionsModule)},
      .openapi = "sla-watch",
      .store_path = SlaWatchService::store_path(options.data_dir),
      .open = [options](modules::Context& context) mutable
      -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        // A manual clock stands still: passes run when POST /v1/test/clock moves it.
        auto opened_options = options;
        if (context.manual_clock) opened_options.pass_interval.reset();
        return SlaWatchService::open(opened_options, context);
      },
  };
}

std::filesystem::path SlaWatchService::view_path(const std::filesystem::path& data_dir) {
  return data_dir / "sla-watch" / "view";
}

std::filesystem::path SlaWatchService::store_path(const std::filesystem::path& data_dir) {
  return data_dir / "sla-watch" / "eventstore";
}

std::expected<std::unique_ptr<SlaWatchService>, modules::OpenError> SlaWatchService::open(
    SlaWatchOptions options, const modules::Context& context) {
  using modules::OpenError;
  const auto& clock = context.clock;
  auto& metrics = context.metrics;
  const auto& definitions =
      context.need<sla::SlaDefinitionsService>(sla::kDefinitionsModule).loaded();
  std::unique_ptr<SlaWatchService> service(new SlaWatchService());
  service->options_ = options;
  service->clock_ = &clock;
  service->calendar_ = &context.calendar;
  service->definitions_ = definitions.definitions;

  auto store = modules::open_event_store(store_path(options.data_dir), options.sync,
                                         options.min_free_bytes, metrics, clock, "sla");
  if (!store) return std::unexpected(std::move(store.error()));
  service->store_ = std::move(*store);
  if (auto saved = service->store_->read_meta(kLastPassKey))
    service->last_pass_position_ = std::stoull(*saved);

  auto view = projection::ViewStore::open(view_path(options.data_dir), service->projection_,
                                          options.min_free_bytes);
  if (!view) return std::unexpected(OpenError::failure(view.error()));
  service->view_ = std::move(*view);
  service->runner_ = std::make_unique<projection::ProjectionRunner>(
      *service->view_, service->projection_, context.feed(), metrics,
      options.read_your_writes.waiters);
  service->alerts_recorded_ = &metrics.counter("opsdesk_sla_alerts_recorded_total",
                                               "SLA threshold alerts recorded by sla-watch");
  service->incidents_examined_ =
      &metrics.counter("opsdesk_sla_watch_incidents_examined_total",
                       "Incidents whose clocks sla-watch's passes computed (changed or due)");
  service->passes_completed_ =
      &metrics.counter("opsdesk_sla_watch_passes_total",
                       "Passes sla-watch completed (each looked at what changed or came due)");
  service->passes_held_ =
      &metrics.counter("opsdesk_sla_watch_passes_held_total",
                       "Passes sla-watch held because its view was catching up with its feed");
  return service;
}

SlaWatchService::~SlaWatchService() { stop(); }

void SlaWatchService::start() {
  runner_->start();
  if (options_.pass_interval)
    loop_thread_ = std::jthread([this](std::stop_token stop) { loop(stop); });
}

void SlaWatchService::stop() {
  if (loop_thread_.joinable()) {
    loop_thread_.request_stop();
    wake_.notify_all();
    loop_thread_.join();
  }
  if (runner_) runner_->stop();
}

void SlaWatchService::loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    if (auto pass = record_reached_thresholds(); !pass) {
      observability::log_error("sla-watch pass failed; retrying", {{"error", pass.error()}});
    }
    std::unique_lock lock(wake_mutex_);
    wake_.wait_for(lock, stop, *options_.pass_interval, [] { return false; });
  }
}

std::vector<std::string> SlaWatchService::incidents_to_look_at(core::Instant now) {
  std::vector<std::string> ids;
  if (!looked_at_every_open_incident_) {
    ids = sla::open_incident_ids(view_->reader());
  } else {
    while (!next_looks_.empty() && next_looks_.begin()->first <= now) {
      ids.push_back(next_looks_.begin()->second);
      next_look_of_.erase(ids.back());
      next_looks_.erase(next_looks_.begin());
    }
  }
  // Every incident with events since the last completed pass: one closed meanwhile (while this
  // process was down, say) may have crossed a threshold first.
  std::unordered_set<std::string> listed(ids.begin(), ids.end());
  for (auto& id : sla::incidents_touched_after(view_->reader(), last_pass_position_))
    if (listed.insert(id).second) ids.push_back(std::move(id));
  return ids;
}

void SlaWatchService::look_again_at(const std::string& id, std::optional<core::Instant> when) {
  if (auto known = next_look_of_.find(id); known != next_look_of_.end()) {
    next_looks_.erase({known->second, id});
    next_look_of_.erase(known);
  }
  if (!when) return;
  next_looks_.emplace(*when, id);
  next_look_of_.emplace(id, *when);
}

std::optional<std::string> SlaWatchService::passes_held() {
  const auto feed = runner_->catch_up();
  if (!feed.caught_up && !waiting_for_view_) {
    waiting_for_view_ = true;
    observability::log_info("sla-watch holds its passes: its view fell behind",
                            {{"waiting_for", feed.waiting_for}});
  }
  if (!waiting_for_view_) return std::nullopt;
  // Once behind, wait for everything: a view "caught up" within the readiness lag may still
  // miss the notice that stopped a clock.
  if (!feed.caught_up || feed.behind > 0) {
    return "sla-watch's view is catching up with the incidents' events: " +
           (feed.caught_up ? std::to_string(feed.behind) + " events to apply" : feed.waiting_for);
  }
  waiting_for_view_ = false;
  observability::log_info("sla-watch passes run: its view holds every incident event");
  return std::nullopt;
}

std::expected<SlaWatchService::Pass, std::string> SlaWatchService::record_reached_thresholds() {
  std::lock_guard pass(pass_mutex_);
  if (auto held = passes_held()) {
    passes_held_->inc();
    return Pass{.held = std::move(held)};
  }
  const auto now = clock_->now();
  // Read before the incidents: everything up to here is looked at in this pass.
  const auto applied = view_->watermark(incidents::kDomain);
  const auto ids = incidents_to_look_at(now);
  // A failed pass forgets its schedule: the next one starts over from every open incident.
  looked_at_every_open_incident_ = false;

  Pass done;
  done.incidents_examined = static_cast<int>(ids.size());
  incidents_examined_->inc(ids.size());
  for (const auto& id : ids) {
    const auto record = sla::fold_incident(sla::incident_events(view_->reader(), id));
    if (!record.exists()) continue;
    const auto clocks = sla::compute_clocks(record, *calendar_, definitions_, now);
    for (const auto& alert : reached_thresholds(clocks, definitions_, *calendar_, now)) {
      // A warning long past is history (the tables show it), not an alert to act on: a first
      // start on years of events must not flood the topic with them.
      if (alert.due_at < now - kAlertsLapseAfter) continue;
      if (store_->find_idempotency_key("sla-watch:" + alert.key)) continue;  // recorded before
      auto appended = store_->append(alert_append(alert));
      if (!appended) return std::unexpected(appended.error().message);
      if (appended->replayed) continue;
      ++done.alerts_recorded;
      alerts_recorded_->inc();
      observability::log_info(
          "sla threshold reached",
          {{"alert", alert.key}, {"due_at", core::format_rfc3339(alert.due_at)}});
    }
    auto next = next_threshold_due(clocks, definitions_, *calendar_, now);
    if (!record.closed_at) {
      const auto soon = now + kLookAtOpenIncidentsEvery;
      next = next ? std::min(*next, soon) : soon;
    }
    look_again_at(id, next);
  }
  if (applied != last_pass_position_) {
    if (auto saved = store_->write_meta(kLastPassKey, std::to_string(applied)); !saved)
      return std::unexpected(saved.error());
    last_pass_position_ = applied;
  }
  looked_at_every_open_incident_ = true;
  passes_completed_->inc();
  return done;
}

void SlaWatchService::add_routes(http::Router& router) {
  api::add_alert_routes(router, api::AlertApi{*store_, *clock_});
}

modules::Readiness SlaWatchService::readiness() const {
  auto readiness = modules::projection_readiness(*runner_, *view_, {incidents::kDomain});
  readiness.details["alerts_head_position"] = store_->head_position();
  // 0 while its passes wait for the view to catch up, or while the first one runs.
  readiness.details["passes_completed"] = passes_completed_->value();
  return readiness;
}

std::optional<http::Response> SlaWatchService::wait_for_min_position(
    const http::Request& request, std::vector<http::FieldError>& errors) {
  return projection::wait_for_min_position(
      request,
      {*runner_, *view_, {incidents::kDomain}, "sla-watch", options_.read_your_writes.max_wait},
      errors);
}

std::expected<nlohmann::json, std::string> SlaWatchService::clock_moved() {
  // The test clock moves once: its pass waits (as long as a min_position may) for the view
  // rather than be held.
  const auto deadline = std::chrono::steady_clock::now() + options_.read_your_writes.max_wait;
  auto pass = record_reached_thresholds();
  while (pass && pass->held && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
    pass = record_reached_thresholds();
  }
  if (!pass) return std::unexpected(pass.error());
  auto answer = nlohmann::json{{"alerts_recorded", pass->alerts_recorded},
                               {"incidents_examined", pass->incidents_examined},
                               {"alerts_head_position", store_->head_position()}};
  if (pass->held) answer["held"] = *pass->held;
  return answer;
}

}  // namespace opsdesk::sla_watch
