#pragma once
// The changes service assembled (改修・構成管理): its own event store under <data-dir>/changes,
// the repositories and command runners of configuration items, changes, the term's effort cap,
// security patches, controlled documents, meetings and check-outs, the book (in memory, rebuilt
// from the log on open), the effort, patch and minutes watches and the HTTP routes.
// Runs alone (--target=changes) or beside other services (--target=all); its entry in the
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
#include "services/changes/change_book.hpp"
#include "services/changes/effort_watch.hpp"
#include "services/changes/minutes_watch.hpp"
#include "services/changes/patch_watch.hpp"

namespace opsdesk::changes {

struct ChangesServiceOptions {
  std::filesystem::path data_dir;  // the service keeps everything under data_dir/changes
  bool sync = true;                // fsync every commit (never off outside benchmarks)
  std::uint64_t min_free_bytes = eventstore::kDefaultMinFreeBytes;
  aggregate::RepositoryOptions repository{};  // states kept in memory, snapshots
  http::InstantRange instants{};              // the times a command may name
  Date term_first{};  // the contract term: its modification work is measured against the cap
  Date term_last{};
  CapSettings cap{};
  // How often the watches (effort, patches, minutes) look besides after the commands that wake
  // them; none: only after those commands and when POST /v1/test/clock moves a manual clock.
  std::optional<std::chrono::milliseconds> effort_interval = std::chrono::minutes{5};
  // An emergency patch not on every target by the end of this many business days after its
  // emergency decision is recorded overdue (EmergencyPatchOverdue).
  std::uint32_t emergency_patch_business_days = 3;
};

// The module table's entry: publishes the changes domain from the store under data_dir.
modules::Module module(ChangesServiceOptions options);

// The term a contract term's first day names: "2026" for the fiscal year 2026 (April–March).
Term term_of(Date first, Date last);

class ChangesService final : public modules::Service, public modules::TimeDriven {
 public:
  static std::filesystem::path store_path(const std::filesystem::path& data_dir);

  static std::expected<std::unique_ptr<ChangesService>, modules::OpenError> open(
      ChangesServiceOptions options, const modules::Context& context);
  ~ChangesService() override;

  void add_routes(http::Router& router) override;
  void start() override;
  void stop() override;
  modules::Readiness readiness() const override;
  eventstore::EventStore* published_store() override { return store_.get(); }
  modules::TimeDriven* time_driven() override { return this; }

  // TimeDriven: a manual clock's move runs one pass of each watch.
  std::optional<http::Response> wait_for_min_position(
      const http::Request& request, std::vector<http::FieldError>& errors) override;
  std::expected<nlohmann::json, std::string> clock_moved() override;

 private:
  ChangesService(std::unique_ptr<eventstore::EventStore> store, const modules::Context& context,
                 ChangesServiceOptions options);
  void loop(std::stop_token stop);
  void wake();

  ChangesServiceOptions options_;
  std::unique_ptr<eventstore::EventStore> store_;
  const core::Clock& clock_;
  const calendar::BusinessCalendar& calendar_;
  ChangeBook book_;
  ConfigurationItemRepository item_repository_;
  ConfigurationItemCommands item_commands_;
  ChangeRepository change_repository_;
  ChangeCommands change_commands_;
  EffortCapRepository cap_repository_;
  EffortCapCommands cap_commands_;
  PatchRepository patch_repository_;
  PatchCommands patch_commands_;
  DocumentRepository document_repository_;
  DocumentCommands document_commands_;
  MeetingRepository meeting_repository_;
  MeetingCommands meeting_commands_;
  CheckoutRepository checkout_repository_;
  CheckoutCommands checkout_commands_;
  EffortWatch effort_;
  PatchWatch patches_;
  MinutesWatch minutes_;
  core::UuidV7Generator ids_;
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  bool woken_ = false;
  std::mutex pass_mutex_;  // one pass at a time (the loop, a test clock's move)
  std::jthread loop_thread_;
};

}  // namespace opsdesk::changes
