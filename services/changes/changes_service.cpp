#include "services/changes/changes_service.hpp"

#include "libs/aggregate/repository_metrics.hpp"
#include "libs/modules/event_store.hpp"
#include "libs/observability/log.hpp"
#include "services/changes/api/change_json.hpp"
#include "services/changes/api/change_routes.hpp"
#include "services/changes/api/checkout_routes.hpp"
#include "services/changes/api/ci_routes.hpp"
#include "services/changes/api/document_routes.hpp"
#include "services/changes/api/evm_routes.hpp"
#include "services/changes/api/meeting_routes.hpp"
#include "services/changes/api/patch_routes.hpp"

namespace opsdesk::changes {

modules::Module module(ChangesServiceOptions options) {
  return {
      .name = "changes",
      .kind = modules::Kind::command,
      .description =
          "changes and configuration (改修・構成管理): configuration items, change "
          "requests with WBS and earned value, the contract's effort cap, security patches, "
          "controlled documents, meetings' minutes and asset check-outs",
      .publishes = kDomain,
      .openapi = "changes",
      .store_path = ChangesService::store_path(options.data_dir),
      .open = [options](modules::Context& context)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        auto opened_options = options;
        // A manual clock stands still: timed passes run when POST /v1/test/clock moves it.
        if (context.manual_clock) opened_options.effort_interval.reset();
        return ChangesService::open(opened_options, context);
      },
  };
}

Term term_of(Date first, Date last) {
  // The fiscal year starts in April: January–March belong to the year before.
  int year = static_cast<int>(first.year());
  if (first.month() < std::chrono::April) --year;
  return {std::to_string(year), first, last};
}

ChangesService::ChangesService(std::unique_ptr<eventstore::EventStore> store,
                               const modules::Context& context, ChangesServiceOptions options)
    : options_(std::move(options)),
      store_(std::move(store)),
      clock_(context.clock),
      calendar_(context.calendar),
      item_repository_(*store_, options_.repository),
      // These run on the store's syncer thread after every accepted command.
      item_commands_(item_repository_,
                     [this](const ConfigurationItemState& item) { book_.upsert(item); }),
      change_repository_(*store_, options_.repository),
      change_commands_(change_repository_,
                       [this](const ChangeState& change) {
                         book_.upsert(change);
                         if (counts_against_cap(change.origin)) wake();
                       }),
      cap_repository_(*store_, options_.repository),
      cap_commands_(cap_repository_, [this](const EffortCapState& cap) { book_.upsert(cap); }),
      patch_repository_(*store_, options_.repository),
      patch_commands_(patch_repository_,
                      [this](const PatchState& patch) {
                        book_.upsert(patch);
                        // A (backdated) emergency decision may be due already.
                        if (patch.urgency && patch.urgency->urgency == kEmergency && !patch.overdue)
                          wake();
                      }),
      document_repository_(*store_, options_.repository),
      document_commands_(document_repository_,
                         [this](const DocumentState& document) { book_.upsert(document); }),
      meeting_repository_(*store_, options_.repository),
      meeting_commands_(meeting_repository_,
                        [this](const MeetingState& meeting) {
                          book_.upsert(meeting);
                          // A meeting recorded late may be overdue already.
                          if (!meeting.minutes && !meeting.overdue_at) wake();
                        }),
      checkout_repository_(*store_, options_.repository),
      checkout_commands_(checkout_repository_,
                         [this](const CheckoutState& checkout) { book_.upsert(checkout); }),
      effort_(book_, cap_commands_, context.clock, context.calendar,
              term_of(options_.term_first, options_.term_last), options_.cap),
      patches_(book_, patch_commands_, context.clock, context.calendar,
               options_.emergency_patch_business_days),
      minutes_(book_, meeting_commands_, context.clock) {}

ChangesService::~ChangesService() { stop(); }

std::filesystem::path ChangesService::store_path(const std::filesystem::path& data_dir) {
  return data_dir / "changes" / "eventstore";
}

std::expected<std::unique_ptr<ChangesService>, modules::OpenError> ChangesService::open(
    ChangesServiceOptions options, const modules::Context& context) {
  auto store =
      modules::open_event_store(store_path(options.data_dir), options.sync, options.min_free_bytes,
                                context.metrics, context.clock, "changes");
  if (!store) return std::unexpected(std::move(store.error()));
  std::unique_ptr<ChangesService> service(
      new ChangesService(std::move(*store), context, std::move(options)));
  aggregate::register_repository_metrics(context.metrics, "changes_changes",
                                         service->change_repository_);
  service->book_.rebuild(*service->store_);
  return service;
}

void ChangesService::add_routes(http::Router& router) {
  api::add_ci_routes(
      router, api::CiApi{item_commands_, item_repository_, book_, clock_, ids_, options_.instants});
  api::add_change_routes(router, api::ChangeApi{change_commands_, change_repository_, book_, clock_,
                                                calendar_, ids_, options_.cap, options_.instants});
  api::add_patch_routes(
      router, api::PatchApi{patch_commands_, patch_repository_, book_, clock_, calendar_, ids_,
                            options_.emergency_patch_business_days, options_.instants});
  api::add_document_routes(router, api::DocumentApi{document_commands_, document_repository_, book_,
                                                    clock_, ids_, options_.instants});
  api::add_meeting_routes(router, api::MeetingApi{meeting_commands_, meeting_repository_, book_,
                                                  clock_, calendar_, ids_, options_.instants});
  api::add_checkout_routes(router, api::CheckoutApi{checkout_commands_, checkout_repository_, book_,
                                                    clock_, ids_, options_.instants});
  api::add_evm_routes(router,
                      api::EvmApi{book_, clock_, calendar_,
                                  term_of(options_.term_first, options_.term_last), options_.cap});
}

void ChangesService::start() {
  loop_thread_ = std::jthread([this](std::stop_token stop) { loop(stop); });
}

void ChangesService::stop() {
  if (loop_thread_.joinable()) {
    loop_thread_.request_stop();
    wake_.notify_all();
    loop_thread_.join();
  }
}

void ChangesService::wake() {
  {
    std::lock_guard lock(wake_mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

// A pass at start (what a crash left out), after every change command that counts against the
// cap, every command on an emergency patch and every meeting recorded, and every effort_interval
// (the forecast moves with the days; emergency patches and minutes fall due).
void ChangesService::loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::lock_guard pass_lock(pass_mutex_);
      if (auto pass = effort_.pass(); !pass)
        observability::log_error("changes effort pass failed; retrying", {{"error", pass.error()}});
      if (auto pass = patches_.pass(); !pass)
        observability::log_error("changes patch pass failed; retrying", {{"error", pass.error()}});
      if (auto pass = minutes_.pass(); !pass)
        observability::log_error("changes minutes pass failed; retrying",
                                 {{"error", pass.error()}});
    }
    std::unique_lock lock(wake_mutex_);
    if (options_.effort_interval)
      wake_.wait_for(lock, stop, *options_.effort_interval, [this] { return woken_; });
    else
      wake_.wait(lock, stop, [this] { return woken_; });
    woken_ = false;
  }
}

modules::Readiness ChangesService::readiness() const {
  const auto figures = book_.figures();
  return {.details = {{"head_position", store_->head_position()},
                      {"configuration_items", figures.configuration_items},
                      {"changes", figures.changes},
                      {"open_changes", figures.open_changes},
                      {"patches", figures.patches},
                      {"patches_rolling_out", figures.patches_rolling_out},
                      {"documents", figures.documents},
                      {"meetings_awaiting_minutes", figures.meetings_awaiting_minutes},
                      {"assets_out", figures.assets_out}}};
}

std::optional<http::Response> ChangesService::wait_for_min_position(
    const http::Request&, std::vector<http::FieldError>&) {
  // Its book is its own store's, updated before a command is answered: nothing to wait for.
  return std::nullopt;
}

std::expected<nlohmann::json, std::string> ChangesService::clock_moved() {
  std::lock_guard pass_lock(pass_mutex_);
  auto pass = effort_.pass();
  if (!pass) return std::unexpected(pass.error());
  auto overdue = patches_.pass();
  if (!overdue) return std::unexpected(overdue.error());
  auto minutes = minutes_.pass();
  if (!minutes) return std::unexpected(minutes.error());
  return nlohmann::json{{"effort_ac_hours", api::hours(pass->ac_hours)},
                        {"effort_eac_hours", api::hours(pass->eac_hours)},
                        {"thresholds_recorded", pass->recorded},
                        {"patches_recorded_overdue", *overdue},
                        {"minutes_recorded_overdue", *minutes}};
}

}  // namespace opsdesk::changes
