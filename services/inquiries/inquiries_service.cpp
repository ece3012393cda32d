#include "services/inquiries/inquiries_service.hpp"

#include "libs/aggregate/repository_metrics.hpp"
#include "libs/modules/event_store.hpp"
#include "services/inquiries/api/inquiry_routes.hpp"

namespace opsdesk::inquiries {

modules::Module module(InquiriesServiceOptions options) {
  return {
      .name = "inquiries",
      .kind = modules::Kind::command,
      .description = "inquiries (問合せ対応): intake, triage, answers, effort",
      .publishes = kDomain,
      .openapi = "inquiries",
      .store_path = InquiriesService::store_path(options.data_dir),
      .open = [options](modules::Context& context)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        return InquiriesService::open(options, context);
      },
  };
}

InquiriesService::InquiriesService(std::unique_ptr<eventstore::EventStore> store,
                                   const modules::Context& context,
                                   aggregate::RepositoryOptions repository)
    : store_(std::move(store)),
      clock_(context.clock),
      calendar_(context.calendar),
      repository_(*store_, repository),
      index_(summarize),
      // These run on the store's syncer thread after every accepted command.
      commands_(repository_, [this](const InquiryState& state) { index_.upsert(state); }),
      faq_repository_(*store_, repository),
      faq_index_(faq::summarize),
      faq_commands_(faq_repository_,
                    [this](const faq::FaqEntryState& entry) {
                      faq_index_.upsert(entry);
                      faq_search_.upsert(entry);
                    }),
      faq_files_repository_(*store_, repository),
      faq_files_commands_(faq_files_repository_, [](const faq::FaqFilesState&) {}) {}

std::filesystem::path InquiriesService::store_path(const std::filesystem::path& data_dir) {
  return data_dir / "inquiries" / "eventstore";
}

std::expected<std::unique_ptr<InquiriesService>, modules::OpenError> InquiriesService::open(
    InquiriesServiceOptions options, const modules::Context& context) {
  auto store =
      modules::open_event_store(store_path(options.data_dir), options.sync, options.min_free_bytes,
                                context.metrics, context.clock, "inquiries");
  if (!store) return std::unexpected(std::move(store.error()));
  std::unique_ptr<InquiriesService> service(
      new InquiriesService(std::move(*store), context, options.repository));
  aggregate::register_repository_metrics(context.metrics, "inquiries", service->repository_);
  service->instants_ = options.instants;
  service->index_.rebuild(*service->store_);
  // One reading of the log for both FAQ read models.
  aggregate::fold_every_aggregate<faq::FaqEntryAggregate>(*service->store_,
                                                          [&](const faq::FaqEntryState& entry) {
                                                            service->faq_index_.upsert(entry);
                                                            service->faq_search_.upsert(entry);
                                                          });
  return service;
}

void InquiriesService::add_routes(http::Router& router) {
  api::add_inquiry_routes(
      router, api::InquiryApi{commands_, repository_, index_, clock_, ids_, calendar_, instants_});
  faq::add_faq_routes(router, faq::FaqApi{faq_commands_, faq_repository_, faq_files_commands_,
                                          faq_files_repository_, faq_index_, faq_search_,
                                          repository_, clock_, ids_, instants_});
}

modules::Readiness InquiriesService::readiness() const {
  return {.details = {{"head_position", store_->head_position()},
                      {"faq_entries_searchable", faq_search_.size()}}};
}

}  // namespace opsdesk::inquiries
