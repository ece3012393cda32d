#pragma once
// The ci-links read model assembled (module `ci-links`): follows the incidents' and the
// changes' events into its view under <data-dir>/ci-links/view and answers which incidents name
// which configuration items (ci_links_projection.hpp). The changes service keeps the items, the
// incidents service the faults; neither checks the other at command time.

#include <expected>
#include <filesystem>
#include <memory>

#include "libs/eventstore/event_store.hpp"
#include "libs/http/router.hpp"
#include "libs/modules/module.hpp"
#include "libs/projection/projection_runner.hpp"
#include "libs/projection/view_store.hpp"
#include "services/ci-links/ci_links_projection.hpp"

namespace opsdesk::ci_links {

struct CiLinksOptions {
  std::filesystem::path data_dir;  // the view lives in data_dir/ci-links/view
  std::uint64_t min_free_bytes = eventstore::kDefaultMinFreeBytes;
};

// The module table's entry: reads the incidents and changes domains.
modules::Module module(CiLinksOptions options);

class CiLinksService final : public modules::Service {
 public:
  static std::filesystem::path view_path(const std::filesystem::path& data_dir);
  static std::expected<std::unique_ptr<CiLinksService>, modules::OpenError> open(
      CiLinksOptions options, const modules::Context& context);
  ~CiLinksService() override;

  void add_routes(http::Router& router) override;
  void start() override { runner_->start(); }
  void stop() override { runner_->stop(); }
  modules::Readiness readiness() const override;

 private:
  CiLinksService() = default;

  CiLinksProjection projection_;
  std::unique_ptr<projection::ViewStore> view_;
  std::unique_ptr<projection::ProjectionRunner> runner_;
};

}  // namespace opsdesk::ci_links
