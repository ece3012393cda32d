#pragma once
// The FAQ HTTP API (docs/api/inquiries.yaml, /v1/faq…): entries made from answered inquiries,
// edited and retired by the desk; search; numbered FAQ files, their exports and differences.
// Who reads what: the desk (maintainers) every entry of its tenants, internal ones included;
// everyone else the public, current entries that apply to one of its associations.

#include <string>

#include "libs/aggregate/summary_index.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/inquiries/faq/faq_aggregate.hpp"
#include "services/inquiries/faq/faq_search.hpp"
#include "services/inquiries/inquiry_aggregate.hpp"

namespace opsdesk::inquiries::faq {

struct FaqSummary {
  std::string id;
  std::uint64_t version = 0;
  std::string question;
  std::string category;
  std::vector<std::string> tenants;
  bool is_public = false;
  bool retired = false;
  core::Instant created_at{};
  core::Instant updated_at{};
};
FaqSummary summarize(const FaqEntryState& state);
using FaqIndex = aggregate::SummaryIndex<FaqEntryAggregate, FaqSummary>;

struct FaqApi {
  FaqEntryCommands& entries;
  FaqEntryRepository& entry_repository;
  FaqFilesCommands& files;
  FaqFilesRepository& files_repository;
  FaqIndex& index;
  FaqSearch& search;
  InquiryRepository& inquiries;  // the answered inquiry an entry is made from
  const core::Clock& clock;
  core::UuidV7Generator& ids;
  http::InstantRange instants{};
};

void add_faq_routes(http::Router& router, FaqApi api);

}  // namespace opsdesk::inquiries::faq
