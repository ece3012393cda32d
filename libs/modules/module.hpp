#pragma once
// A module is one service as the `opsdesk` binary runs it: a command service, a read model, a
// process manager, or a piece of infrastructure every process serves (the calendar). Each
// states what it publishes and consumes and which modules it needs in the same process, and
// opens into a Service that adds its routes, starts, reports whether it is ready and stops.
// One table of modules (cmd/opsdesk/module_list.cpp) drives serve, --target, /readyz,
// /openapi.json, `opsdesk replay` and the dev broker's topics. A module never opens another
// module's stores itself: what it needs comes through its Context.

#include <algorithm>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "libs/aggregate/command_client.hpp"
#include "libs/auth/jwt.hpp"
#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/http/problem.hpp"
#include "libs/http/router.hpp"
#include "libs/observability/metrics.hpp"
#include "libs/projection/event_feed.hpp"
#include "libs/projection/projection.hpp"

namespace opsdesk::modules {

enum class Kind {
  command,          // owns aggregates, appends to its own event store, publishes its domain
  read_model,       // builds a view from the events of the domains it consumes
  process_manager,  // follows events and time, records (and publishes) events of its own
  infrastructure,   // serves something every process needs (the calendar)
  group,            // a name for several modules (`all`); opens nothing itself
};
std::string_view to_string(Kind kind);

// Why a module could not open. A settings error (a malformed file named by a setting) exits 2
// like a bad flag; any other failure exits 1.
struct OpenError {
  enum class Cause { settings, failure };
  Cause cause = Cause::failure;
  std::string message;

  static OpenError settings(std::string message) { return {Cause::settings, std::move(message)}; }
  static OpenError failure(std::string message) { return {Cause::failure, std::move(message)}; }
};

// What /readyz says of one module. Not ready: the process answers 503 and names it.
struct Readiness {
  bool ready = true;
  std::string reason{};                               // why not, when not ready
  nlohmann::json details = nlohmann::json::object();  // positions, lag, feed, relay, …
};

// A module that acts on time (a process manager): under the manual clock of the tests,
// POST /v1/test/clock lets it catch up with a position and then act on the new time at once.
class TimeDriven {
 public:
  virtual ~TimeDriven() = default;
  // Waits for the request's min_position before the clock moves (adds a field error for a
  // malformed one); an answer to send instead (503) when the position did not come in time.
  virtual std::optional<http::Response> wait_for_min_position(
      const http::Request& request, std::vector<http::FieldError>& errors) = 0;
  // Acts on the clock's new time; what it did goes into the answer.
  virtual std::expected<nlohmann::json, std::string> clock_moved() = 0;
};

// One opened module.
class Service {
 public:
  virtual ~Service() = default;
  // Called once, after every selected module has opened and before any starts.
  virtual void add_routes(http::Router& router) { (void)router; }
  // Starts background work (feeds, loops). Modules start in dependency order.
  virtual void start() {}
  // Stops background work; idempotent. Modules stop in reverse order, after the HTTP server
  // has stopped and before any module is destroyed.
  virtual void stop() {}
  virtual Readiness readiness() const { return {}; }
  // The store whose global log is the published domain's outbox (modules that publish).
  virtual eventstore::EventStore* published_store() { return nullptr; }
  virtual TimeDriven* time_driven() { return nullptr; }
};

class Context;
using OpenFunction = std::function<std::expected<std::unique_ptr<Service>, OpenError>(Context&)>;

// What `opsdesk replay` needs to rebuild a read model's view from the event stores.
struct Replay {
  std::function<std::unique_ptr<projection::Projection>()> make_projection;
  std::filesystem::path view_path;
};

// One entry of the module table.
struct Module {
  std::string name{};  // what --target, /readyz, logs and metrics call it
  Kind kind = Kind::command;
  std::string description{};            // one line, for docs and logs
  std::string publishes{};              // the domain of opsdesk.<domain>.events.v1; empty: none
  std::vector<std::string> consumes{};  // domains whose events it reads (through its feed)
  std::vector<std::string> needs{};     // modules it needs in the same process
  // Modules it sends commands to through the command client, in this process or another: what
  // a deployment must let it reach (modules.urls, the network policies of k8s/).
  std::vector<std::string> sends_commands_to{};
  std::vector<std::string> members{};  // a group's modules
  bool targetable = true;              // may be named by --target
  bool in_every_process = false;       // opened whatever the target (the calendar)
  std::string openapi{};               // docs/api/<openapi>.yaml describes its routes
  std::filesystem::path store_path{};  // a publisher's event store (replay reads it)
  std::optional<Replay> replay{};      // read models `opsdesk replay` can rebuild
  OpenFunction open{};                 // empty for a group
};

// Thrown by Context::need when a module asks for one it did not declare or of another type: a
// wiring bug of the table, found by the start-up test of every target.
class WiringError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// What the process gives a module when it opens: shared infrastructure, a feed of the domains
// it consumes, and the modules it declared in `needs`, already open.
class Context {
 public:
  using FeedFactory = std::function<std::unique_ptr<projection::EventFeed>()>;
  using Lookup = std::function<Service*(std::string_view module)>;
  using ClientFactory =
      std::function<std::expected<std::unique_ptr<aggregate::CommandClient>, std::string>(
          std::string_view module)>;

  Context(const Module& module, const core::Clock& clock, bool manual_clock,
          const calendar::BusinessCalendar& calendar, observability::Registry& metrics,
          const auth::TokenVerifier& verifier, FeedFactory feed, Lookup lookup,
          ClientFactory clients = {})
      : clock(clock),
        manual_clock(manual_clock),
        calendar(calendar),
        metrics(metrics),
        verifier(verifier),
        module_(module),
        feed_(std::move(feed)),
        lookup_(std::move(lookup)),
        clients_(std::move(clients)) {}

  const core::Clock& clock;
  bool manual_clock;  // time moves only with POST /v1/test/clock (tests)
  const calendar::BusinessCalendar& calendar;
  observability::Registry& metrics;
  const auth::TokenVerifier& verifier;

  const Module& module() const { return module_; }
  // A new feed of the domains the module consumes: Kafka with brokers, else the local logs.
  std::unique_ptr<projection::EventFeed> feed() const { return feed_(); }

  // A client for sending commands to another module (command_clients.hpp): in-process when it
  // runs here, over HTTP to its configured URL otherwise. Use it once the process serves
  // (after start), from a thread where blocking is allowed.
  // Only to a module named in `sends_commands_to`: a call the table does not declare would be
  // one the deployments do not let through.
  std::expected<std::unique_ptr<aggregate::CommandClient>, std::string> command_client(
      std::string_view module) const {
    const auto& declared = module_.sends_commands_to;
    if (std::find(declared.begin(), declared.end(), module) == declared.end())
      throw WiringError("module " + module_.name + " sends commands to " + std::string(module) +
                        ", which it does not declare in `sends_commands_to`");
    if (!clients_) return std::unexpected(std::string("no command clients in this process"));
    return clients_(module);
  }

  // A module named in `needs`, already open, as the type it is.
  template <typename T>
  T& need(std::string_view name) const {
    const bool declared =
        std::find(module_.needs.begin(), module_.needs.end(), name) != module_.needs.end();
    auto* service = declared ? dynamic_cast<T*>(lookup_(name)) : nullptr;
    if (service == nullptr) {
      throw WiringError("module " + module_.name + " needs " + std::string(name) +
                        (declared ? ", which is not open or not of the type asked for"
                                  : ", which it does not declare in `needs`"));
    }
    return *service;
  }

 private:
  const Module& module_;
  FeedFactory feed_;
  Lookup lookup_;
  ClientFactory clients_;
};

}  // namespace opsdesk::modules
