#include "cmd/opsdesk/serve.hpp"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <list>
#include <sstream>

#include "cmd/opsdesk/calendar_setup.hpp"
#include "cmd/opsdesk/module_list.hpp"
#include "cmd/opsdesk/operational_routes.hpp"
#include "cmd/opsdesk/stop_signals.hpp"
#include "cmd/opsdesk/test_clock_routes.hpp"
#include "libs/auth/http_guard.hpp"
#include "libs/http/server.hpp"
#include "libs/messaging/kafka_feed.hpp"
#include "libs/messaging/outbox_relay.hpp"
#include "libs/modules/command_clients.hpp"
#include "libs/modules/readiness.hpp"
#include "libs/observability/log.hpp"
#include "libs/projection/local_log_feed.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::cli {

namespace {

std::expected<auth::TokenVerifier, std::string> make_verifier(const Settings& settings) {
  auth::VerifierOptions options;
  options.hs256_secret = settings.jwt_secret;
  options.tenant_codes = tenants::all_codes();
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

observability::LogLevel log_level_of(const std::string& name) {
  if (name == "debug") return observability::LogLevel::debug;
  if (name == "warn") return observability::LogLevel::warn;
  if (name == "error") return observability::LogLevel::error;
  return observability::LogLevel::info;
}

// Replicas of one read model each read every partition (their own group), so any of them
// answers a whole query; one replica alone keeps the plain name.
std::string consumer_group(const Settings& settings, const modules::Module& module) {
  std::string group = "opsdesk-" + module.name;
  if (!settings.kafka_group_instance.empty()) group += "-" + settings.kafka_group_instance;
  return group;
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

// A consumer reads its domains from Kafka, or from the stores of this process: without a
// broker, the module publishing each domain it consumes must run here too.
std::expected<void, std::string> check_feeds(const std::vector<const modules::Module*>& selected,
                                             const Settings& settings) {
  if (!settings.kafka_brokers.empty()) return {};
  for (const auto* module : selected) {
    for (const auto& domain : module->consumes) {
      const bool here = std::any_of(selected.begin(), selected.end(),
                                    [&](const auto* other) { return other->publishes == domain; });
      if (!here) {
        return std::unexpected("--target=" + settings.target + ": " + module->name + " reads the " +
                               domain +
                               " events from Kafka without the module that publishes them: set "
                               "kafka.brokers (--kafka.brokers, OPSDESK_KAFKA_BROKERS), or run "
                               "--target=all");
      }
    }
  }
  return {};
}

// The modules of this process, opened in dependency order; everything is stopped and closed
// in reverse order by stop() and the destructor (relays before the stores they read).
class RunningModules {
 public:
  struct Entry {
    const modules::Module* module;
    std::unique_ptr<modules::Service> service;
    std::unique_ptr<messaging::OutboxRelay> relay;
  };

  ~RunningModules() {
    stop();
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
      it->relay.reset();
      it->service.reset();
    }
  }

  std::list<modules::Context>& contexts() { return contexts_; }
  std::vector<Entry>& entries() { return entries_; }

  modules::Service* find(std::string_view name) const {
    for (const auto& e : entries_)
      if (e.module->name == name) return e.service.get();
    return nullptr;
  }

  // The stores of this process that publish the given domains (for a local feed).
  std::vector<projection::LocalSource> local_sources(const std::vector<std::string>& domains) {
    std::vector<projection::LocalSource> sources;
    for (const auto& domain : domains) {
      for (auto& e : entries_) {
        if (e.module->publishes == domain)
          sources.push_back({domain, e.service->published_store()});
      }
    }
    return sources;
  }

  void stop() {
    for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) it->service->stop();
  }

  nlohmann::json readiness() const {
    nlohmann::json services = nlohmann::json::object();
    nlohmann::json not_ready = nlohmann::json::array();
    for (const auto& e : entries_) {
      auto readiness = e.service->readiness();
      if (const auto* store = e.service->published_store(); store != nullptr)
        modules::require_healthy_store(readiness, *store);
      if (e.relay) readiness.details["relay"] = relay_status(e.relay->state());
      services[e.module->name] = std::move(readiness.details);
      if (!readiness.ready)
        not_ready.push_back({{"module", e.module->name}, {"reason", readiness.reason}});
    }
    nlohmann::json out{{"status", not_ready.empty() ? "ready" : "not_ready"},
                       {"services", std::move(services)}};
    if (!not_ready.empty()) out["not_ready"] = std::move(not_ready);
    return out;
  }

 private:
  std::list<modules::Context> contexts_;  // each module may keep its own
  std::vector<Entry> entries_;
};

// Runs a module's open, turning an exception (an index rebuild, a number parse) into an error.
std::expected<std::unique_ptr<modules::Service>, modules::OpenError> open_module(
    const modules::Module& module, modules::Context& context) {
  try {
    return module.open(context);
  } catch (const std::exception& e) {
    return std::unexpected(modules::OpenError::failure(e.what()));
  }
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

  const auto table = module_table(settings);
  const auto selected = table.resolve(settings.target);
  if (!selected) {
    std::cerr << "opsdesk: --target: " << selected.error() << "\n";
    return 2;
  }
  if (auto feeds = check_feeds(*selected, settings); !feeds) {
    std::cerr << "opsdesk: " << feeds.error() << "\n";
    return 2;
  }

  // Built before anything opens, so that a malformed holidays file stops the start at once.
  const auto business_calendar = build_calendar(settings);
  if (!business_calendar) {
    std::cerr << "opsdesk: " << business_calendar.error() << "\n";
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
  // Every route is authenticated and its roles checked here, unless declared public.
  router.set_gate(auth::token_gate(*verifier, clock));
  RunningModules running;
  // Made once every route is added; modules send commands to each other through it once it
  // serves (in-process command clients). A module started before it serves (a process manager
  // carrying out what a crash left pending) is answered 503, which its client tries again.
  std::unique_ptr<http::Server> server;
  std::atomic<http::Server*> serving{nullptr};
  modules::CommandClientSettings clients{
      .modules_here = {},
      .urls = settings.module_urls,
      .token_file = settings.service_token_file,
      .dispatch = [&serving](http::Request request, std::function<void(http::Response)> done) {
        auto* target = serving.load();
        if (target == nullptr) {
          http::Problem starting{.status = 503,
                                 .type = http::problem_type("starting"),
                                 .title = "Starting",
                                 .detail = "the server is starting; try again shortly",
                                 .errors = {},
                                 .extensions = nlohmann::json::object(),
                                 .retry_after_seconds = 1};
          done(starting.to_response(request.request_id));
          return;
        }
        target->dispatch(std::move(request), std::move(done));
      }};
  // A process that holds the HS256 secret (development, tests) signs its modules' service
  // tokens itself, short-lived and on the clock its gate checks them with; with RS256 only a
  // token file will do.
  if (settings.service_token_file.empty() && !settings.jwt_secret.empty()) {
    clients.mint_token = [secret = settings.jwt_secret, &clock] {
      const auto now = clock.now();
      return auth::mint_hs256({.subject = "opsdesk-modules",
                               .roles = {"maintainer"},
                               .tenants = {"*"},
                               .issued_at = now,
                               .expires_at = now + std::chrono::minutes{10}},
                              secret);
    };
  }
  for (const auto* module : *selected) clients.modules_here.push_back(module->name);

  for (const auto* module : *selected) {
    // A feed of the domains the module consumes: with a broker it reads the topics (as it
    // would in its own container); without one it follows the stores of this process.
    auto feed = [&settings, &metrics, &running,
                 module]() -> std::unique_ptr<projection::EventFeed> {
      if (!settings.kafka_brokers.empty()) {
        auto kafka_feed =
            messaging::KafkaFeed::create({.kafka = kafka_settings(settings),
                                          .group_id = consumer_group(settings, *module),
                                          .domains = module->consumes,
                                          .max_lag = settings.readiness_max_lag,
                                          .metrics = &metrics});
        // The settings were checked at start; a failure here is a broken environment.
        if (!kafka_feed) throw std::runtime_error(kafka_feed.error());
        return std::move(*kafka_feed);
      }
      return std::make_unique<projection::LocalLogFeed>(running.local_sources(module->consumes),
                                                        1024, settings.readiness_max_lag);
    };
    auto& context = running.contexts().emplace_back(
        *module, clock, manual_clock != nullptr, *business_calendar, metrics, *verifier, feed,
        [&running](std::string_view name) { return running.find(name); },
        [&clients](std::string_view target) {
          return modules::command_client_for(target, clients);
        });
    auto opened = open_module(*module, context);
    if (!opened) {
      std::cerr << "opsdesk: " << module->name << ": " << opened.error().message << "\n";
      return opened.error().cause == modules::OpenError::Cause::settings ? 2 : 1;
    }
    RunningModules::Entry entry{module, std::move(*opened), nullptr};
    // Each published store goes to its Kafka topic when brokers are configured; the relay never
    // blocks commands, so a broker that is down only shows in /readyz and /metrics.
    if (!module->publishes.empty() && !settings.kafka_brokers.empty()) {
      auto relay = messaging::OutboxRelay::start(
          *entry.service->published_store(),
          {.domain = module->publishes, .kafka = kafka_settings(settings), .metrics = &metrics});
      if (!relay) {
        std::cerr << "opsdesk: " << module->name << " relay: " << relay.error() << "\n";
        return 1;
      }
      entry.relay = std::move(*relay);
    }
    running.entries().push_back(std::move(entry));
  }

  std::vector<std::string> documents;
  std::vector<modules::TimeDriven*> time_driven;
  for (auto& entry : running.entries()) {
    entry.service->add_routes(router);
    if (!entry.module->openapi.empty()) documents.push_back(entry.module->openapi);
    if (auto* acting = entry.service->time_driven()) time_driven.push_back(acting);
  }
  if (manual_clock) {
    add_test_clock_routes(router, {*manual_clock, time_driven});
    observability::log_info("manual clock: time moves only with POST /v1/test/clock",
                            {{"now", core::format_rfc3339(manual_clock->now())}});
  }
  // Every route declares who may call it; one that does not is a wiring bug of its module.
  for (const auto& route : router.routes()) {
    if (!route.access) {
      std::cerr << "opsdesk: the route " << route.method << " " << route.pattern
                << " declares no access (http::Access)\n";
      return 1;
    }
  }
  auto openapi = std::make_shared<nlohmann::json>();
  add_operational_routes(router, OperationalRoutes{metrics, clock, openapi,
                                                   [&running] { return running.readiness(); }});
  // Described last: the document lists exactly the routes this process serves.
  *openapi = openapi_document(documents, router);

  for (auto& entry : running.entries()) entry.service->start();

  http::ServerOptions options;
  options.host = settings.listen_host;
  options.port = settings.listen_port;
  options.body_limit = settings.http_body_limit_bytes;
  options.header_limit = settings.http_header_limit_bytes;
  options.max_connections = settings.http_max_connections;
  options.read_timeout = settings.http_read_timeout;
  options.idle_timeout = settings.http_idle_timeout;
  options.io_threads = settings.http_io_threads;
  options.worker_threads = settings.http_worker_threads;
  options.access_log = settings.http_access_log;
  options.rate_limits = {
      .commands_per_minute = settings.http_rate_limit_commands_per_minute,
      .expensive_reads_per_minute = settings.http_rate_limit_expensive_reads_per_minute};
  server = std::make_unique<http::Server>(options, std::move(router), metrics);
  if (auto started = server->start(); !started) {
    // The server's text names the address and the reason ("Address already in use").
    std::cerr << "opsdesk: " << started.error()
              << " (another opsdesk running? choose another address with --listen HOST:PORT or "
                 "OPSDESK_LISTEN)\n";
    return 1;
  }
  serving = server.get();
  // Scripts and tests read this line to learn the port (with --listen HOST:0).
  std::cout << "listening on " << server->base_url() << std::endl;
  std::vector<std::string> names;
  for (const auto* module : *selected) names.push_back(module->name);
  observability::log_info("started", {{"target", settings.target},
                                      {"modules", names},
                                      {"url", server->base_url()},
                                      {"data_dir", settings.data_dir.string()}});

  const int signal = wait_for_stop_signal();
  observability::log_info("stopping", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  // Every request finishes first; then the modules stop in reverse order and close.
  serving = nullptr;
  server->stop();
  running.stop();
  observability::log_info("stopped");
  return 0;
}

}  // namespace opsdesk::cli
