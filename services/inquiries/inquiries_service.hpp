#pragma once
// The inquiries service assembled: its own event store under <data-dir>/inquiries, the
// repositories and command handlers of inquiries and of FAQ entries and files, the lists and the
// FAQ search index (in memory, rebuilt from the log on open), and the HTTP routes. Runs alone
// (--target=inquiries) or beside other services (--target=all); its entry in the module table is
// module() below.

#include <expected>
#include <filesystem>
#include <memory>

#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "libs/modules/module.hpp"
#include "services/inquiries/faq/faq_routes.hpp"
#include "services/inquiries/faq/faq_search.hpp"
#include "services/inquiries/inquiry_aggregate.hpp"
#include "services/inquiries/inquiry_index.hpp"

namespace opsdesk::inquiries {

struct InquiriesServiceOptions {
  std::filesystem::path data_dir;  // the service keeps everything under data_dir/inquiries
  bool sync = true;                // fsync every commit (never off outside benchmarks)
  std::uint64_t min_free_bytes =
      eventstore::kDefaultMinFreeBytes;       // disk reserve (libs/eventstore/disk_reserve.hpp)
  aggregate::RepositoryOptions repository{};  // states kept in memory, snapshots
  http::InstantRange instants{};              // the times a command may name
};

// The module table's entry: publishes the inquiries domain from the store under data_dir.
modules::Module module(InquiriesServiceOptions options);

class InquiriesService final : public modules::Service {
 public:
  // Where the service's event store lives under a data directory.
  static std::filesystem::path store_path(const std::filesystem::path& data_dir);

  static std::expected<std::unique_ptr<InquiriesService>, modules::OpenError> open(
      InquiriesServiceOptions options, const modules::Context& context);

  void add_routes(http::Router& router) override;
  modules::Readiness readiness() const override;
  eventstore::EventStore* published_store() override { return store_.get(); }
  eventstore::EventStore& store() { return *store_; }

 private:
  InquiriesService(std::unique_ptr<eventstore::EventStore> store, const modules::Context& context,
                   aggregate::RepositoryOptions repository);

  std::unique_ptr<eventstore::EventStore> store_;
  const core::Clock& clock_;
  const calendar::BusinessCalendar& calendar_;
  InquiryRepository repository_;
  InquiryIndex index_;
  CommandHandler commands_;
  faq::FaqEntryRepository faq_repository_;
  faq::FaqIndex faq_index_;
  faq::FaqSearch faq_search_;
  faq::FaqEntryCommands faq_commands_;
  faq::FaqFilesRepository faq_files_repository_;
  faq::FaqFilesCommands faq_files_commands_;
  core::UuidV7Generator ids_;
  http::InstantRange instants_;
};

}  // namespace opsdesk::inquiries
