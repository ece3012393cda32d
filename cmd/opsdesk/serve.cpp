#include "cmd/opsdesk/serve.hpp"

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cmd/opsdesk/calendar_routes.hpp"
#include "cmd/opsdesk/calendar_setup.hpp"
#include "cmd/opsdesk/operational_routes.hpp"
#include "cmd/opsdesk/sla_setup.hpp"
#include "cmd/opsdesk/stop_signals.hpp"
#include "cmd/opsdesk/test_clock_routes.hpp"
#include "libs/http/server.hpp"
#include "libs/messaging/kafka_feed.hpp"
#include "libs/messaging/outbox_relay.hpp"
#include "libs/observability/log.hpp"
#include "libs/projection/local_log_feed.hpp"
#include "services/incidents/incidents_service.hpp"
#include "services/ops-board/ops_board_service.hpp"
#include "services/sla-metrics/sla_metrics_service.hpp"
#include "services/sla-watch/sla_watch_service.hpp"

namespace opsdesk::cli {

namespace {

std::expected<auth::TokenVerifier, std::string> make_verifier(const Settings& settings) {
  auth::VerifierOptions options;
  options.hs256_secret = settings.jwt_secret;
  if (!settings.jwt_public_key_file.empty()) {
    std::ifstream in(settings.jwt_public_key_file);
    if (!in)
      return std::unexpected("jwt.public_key_file: cannot read " +
                             settings.jwt_public_key_file.string());
    std::stringstream pem;
    pem << in.rdbuf();
    options.rs256_public_key_pem = pem.str();
  }
  return auth::TokenVerifier::create(std::move(options));
}

bool runs(const Settings& settings, const std::string& service) {
  return settings.target == "all" || settings.target == service;
}

observability::LogLevel log_level_of(const std::string& name) {
  if (name == "debug") return observability::LogLevel::debug;
  if (name == "warn") return observability::LogLevel::warn;
  if (name == "error") return observability::LogLevel::error;
  return observability::LogLevel::info;
}

messaging::KafkaSettings kafka_settings(const Settings& settings) {
  return messaging::KafkaSettings{settings.kafka_brokers, settings.kafka_properties};
}

nlohmann::json relay_status(const messaging::RelayState& state) {
  nlohmann::json out{{"topic", state.topic},
                     {"broker", std::string(messaging::to_string(state.broker))},
                     {"acknowledged_position", state.acknowledged_position},
                     {"lag", state.lag}};
  if (!state.last_error.empty()) out["last_error"] = state.last_error;
  return out;
}

}  // namespace

int serve(const Settings& settings) {
  observability::set_log_level(log_level_of(settings.log_level));
  auto verifier = make_verifier(settings);
  if (!verifier) {
    std::cerr << "opsdesk: " << verifier.error() << "\n";
    return 2;
  }

  if (!settings.kafka_brokers.empty()) {
    if (auto checked = messaging::check_settings(kafka_settings(settings)); !checked) {
      std::cerr << "opsdesk: " << checked.error() << "\n";
      return 2;
    }
  }

  // Built before anything opens, so that a malformed holidays file stops the start at once.
  const auto business_calendar = build_calendar(settings);
  if (!business_calendar) {
    std::cerr << "opsdesk: " << business_calendar.error() << "\n";
    return 2;
  }

  // Checked before anything opens too: a broken definitions file is a start-up error.
  const auto sla_definitions = load_sla_definitions(settings, *business_calendar);
  if (!sla_definitions) {
    std::cerr << "opsdesk: " << sla_definitions.error() << "\n";
    return 2;
  }

  // Tests may stop time (--clock=manual) and move it with POST /v1/test/clock.
  core::SystemClock system_clock;
  std::unique_ptr<core::ManualClock> manual_clock;
  if (settings.clock == "manual")
    manual_clock = std::make_unique<core::ManualClock>(system_clock.now());
  const core::Clock& clock =
      manual_clock ? static_cast<const core::Clock&>(*manual_clock) : system_clock;
  observability::Registry metrics;
  http::Router router;
  std::vector<std::string> services;

  std::unique_ptr<incidents::IncidentsService> incidents_service;
  if (runs(settings, "incidents")) {
    auto opened = incidents::IncidentsService::open({settings.data_dir, settings.eventstore_sync},
                                                    clock, metrics);
    if (!opened) {
      std::cerr << "opsdesk: incidents: " << opened.error() << "\n";
      return 1;
    }
    incidents_service = std::move(*opened);
    incidents_service->add_routes(router, *verifier);
    services.push_back("incidents");
  }

  // Each command service's log goes to its Kafka topic when brokers are configured; the
  // relay never blocks commands, so a broker that is down only shows in /readyz and /metrics.
  std::unique_ptr<messaging::OutboxRelay> incidents_relay;
  if (incidents_service && !settings.kafka_brokers.empty()) {
    auto started = messaging::OutboxRelay::start(
        incidents_service->store(),
        {.domain = "incidents", .kafka = kafka_settings(settings), .metrics = &metrics});
    if (!started) {
      std::cerr << "opsdesk: incidents relay: " << started.error() << "\n";
      return 1;
    }
    incidents_relay = std::move(*started);
  }

  // A read model's feed of the incidents' events: with a broker it reads the topic (as it would
  // in its own container); without one it follows the incidents store of this process, which
  // it then needs. Empty (after printing why) when neither is possible.
  auto incidents_feed =
      [&](const std::string& read_model) -> std::unique_ptr<projection::EventFeed> {
    if (!settings.kafka_brokers.empty()) {
      auto kafka_feed = messaging::KafkaFeed::create({.kafka = kafka_settings(settings),
                                                      .group_id = "opsdesk-" + read_model,
                                                      .domains = {"incidents"},
                                                      .metrics = &metrics});
      if (!kafka_feed) {
        std::cerr << "opsdesk: " << read_model << ": " << kafka_feed.error() << "\n";
        return nullptr;
      }
      return std::move(*kafka_feed);
    }
    if (incidents_service) {
      return std::make_unique<projection::LocalLogFeed>(
          std::vector<projection::LocalSource>{{"incidents", &incidents_service->store()}});
    }
    std::cerr << "opsdesk: --target=" << read_model
              << " alone reads the incidents events from Kafka: set kafka.brokers "
                 "(--kafka.brokers, OPSDESK_KAFKA_BROKERS), or run --target=all\n";
    return nullptr;
  };

  std::unique_ptr<ops_board::OpsBoardService> ops_board_service;
  if (runs(settings, "ops-board")) {
    auto feed = incidents_feed("ops-board");
    if (!feed) return 2;
    auto opened = ops_board::OpsBoardService::open(
        {settings.data_dir, settings.read_your_writes_wait}, std::move(feed), clock, metrics);
    if (!opened) {
      std::cerr << "opsdesk: ops-board: " << opened.error() << "\n";
      return 1;
    }
    ops_board_service = std::move(*opened);
    ops_board_service->add_routes(router, *verifier);
    ops_board_service->start();
    services.push_back("ops-board");
  }

  std::unique_ptr<sla_metrics::SlaMetricsService> sla_metrics_service;
  if (runs(settings, "sla-metrics")) {
    auto feed = incidents_feed("sla-metrics");
    if (!feed) return 2;
    auto opened = sla_metrics::SlaMetricsService::open(
        {settings.data_dir, settings.read_your_writes_wait, settings.sla_term_start,
         settings.sla_term_end},
        std::move(feed), clock, *business_calendar,
        sla_metrics::snapshot_settings(sla_definitions->yaml, sla_definitions->definitions,
                                       *business_calendar),
        {sla_settings_changed_by(settings), sla_definitions->source}, metrics);
    if (!opened) {
      std::cerr << "opsdesk: sla-metrics: " << opened.error() << "\n";
      return 1;
    }
    sla_metrics_service = std::move(*opened);
    sla_metrics_service->add_routes(router, *verifier);
    sla_metrics_service->start();
    services.push_back("sla-metrics");
  }

  std::unique_ptr<sla_watch::SlaWatchService> sla_watch_service;
  std::unique_ptr<messaging::OutboxRelay> sla_relay;
  if (runs(settings, "sla-watch")) {
    auto feed = incidents_feed("sla-watch");
    if (!feed) return 2;
    auto opened = sla_watch::SlaWatchService::open(
        {.data_dir = settings.data_dir,
         .sync = settings.eventstore_sync,
         .max_wait = settings.read_your_writes_wait,
         // A manual clock stands still: passes run when POST /v1/test/clock moves it.
         .pass_interval =
             manual_clock ? std::nullopt : std::optional(std::chrono::milliseconds{1000})},
        std::move(feed), clock, *business_calendar, sla_definitions->definitions, metrics);
    if (!opened) {
      std::cerr << "opsdesk: sla-watch: " << opened.error() << "\n";
      return 1;
    }
    sla_watch_service = std::move(*opened);
    if (!settings.kafka_brokers.empty()) {
      auto started = messaging::OutboxRelay::start(
          sla_watch_service->store(),
          {.domain = "sla", .kafka = kafka_settings(settings), .metrics = &metrics});
      if (!started) {
        std::cerr << "opsdesk: sla relay: " << started.error() << "\n";
        return 1;
      }
      sla_relay = std::move(*started);
    }
    sla_watch_service->add_routes(router, *verifier);
    sla_watch_service->start();
    services.push_back("sla-watch");
  }
  if (manual_clock) {
    add_test_clock_routes(router, {*manual_clock, *verifier, sla_watch_service.get(),
                                   settings.read_your_writes_wait});
    observability::log_info("manual clock: time moves only with POST /v1/test/clock",
                            {{"now", core::format_rfc3339(manual_clock->now())}});
  }

  // Every target answers calendar questions.
  add_calendar_routes(router, *business_calendar, *verifier, clock);
  services.push_back("calendar");

  auto readiness = [&] {
    nlohmann::json status = nlohmann::json::object();
    if (incidents_service)
      status["incidents"] = {{"head_position", incidents_service->store().head_position()}};
    if (incidents_relay) status["incidents"]["relay"] = relay_status(incidents_relay->state());
    if (ops_board_service) status["ops-board"] = ops_board_service->status();
    if (sla_metrics_service) status["sla-metrics"] = sla_metrics_service->status();
    if (sla_watch_service) status["sla-watch"] = sla_watch_service->status();
    if (sla_relay) status["sla-watch"]["relay"] = relay_status(sla_relay->state());
    return status;
  };
  add_operational_routes(
      router, OperationalRoutes{metrics, *verifier, clock, openapi_document(services), readiness});

  http::ServerOptions options;
  options.host = settings.listen_host;
  options.port = settings.listen_port;
  options.body_limit = settings.http_body_limit_bytes;
  options.header_limit = settings.http_header_limit_bytes;
  options.read_timeout = settings.http_read_timeout;
  options.idle_timeout = settings.http_idle_timeout;
  options.io_threads = settings.http_io_threads;
  options.worker_threads = settings.http_worker_threads;
  options.access_log = settings.http_access_log;
  http::Server server(options, std::move(router), metrics);
  if (auto started = server.start(); !started) {
    std::cerr << "opsdesk: cannot listen on " << settings.listen_host << ":" << settings.listen_port
              << ": " << started.error() << "\n";
    return 1;
  }
  // Scripts and tests read this line to learn the port (with --listen HOST:0).
  std::cout << "listening on " << server.base_url() << std::endl;
  observability::log_info("started", {{"target", settings.target},
                                      {"url", server.base_url()},
                                      {"data_dir", settings.data_dir.string()}});

  const int signal = wait_for_stop_signal();
  observability::log_info("stopping", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  server.stop();
  // Readers first, then the stores they read, after every request has finished.
  sla_relay.reset();  // before its store closes
  sla_watch_service.reset();
  sla_metrics_service.reset();
  ops_board_service.reset();
  incidents_relay.reset();  // before its store closes
  incidents_service.reset();
  observability::log_info("stopped");
  return 0;
}

}  // namespace opsdesk::cli
