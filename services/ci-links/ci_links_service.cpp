#include "services/ci-links/ci_links_service.hpp"

#include "libs/modules/readiness.hpp"
#include "services/changes/contract/change_events.hpp"
#include "services/ci-links/api/ci_links_routes.hpp"
#include "services/incidents/contract/incident_events.hpp"

namespace opsdesk::ci_links {

std::filesystem::path CiLinksService::view_path(const std::filesystem::path& data_dir) {
  return data_dir / "ci-links" / "view";
}

modules::Module module(CiLinksOptions options) {
  return {
      .name = "ci-links",
      .kind = modules::Kind::read_model,
      .description = "which incidents name which configuration items",
      .consumes = {incidents::kDomain, changes::kDomain},
      .openapi = "ci-links",
      .replay = modules::Replay{[] { return std::make_unique<CiLinksProjection>(); },
                                CiLinksService::view_path(options.data_dir)},
      .open = [options](modules::Context& context)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        return CiLinksService::open(options, context);
      },
  };
}

std::expected<std::unique_ptr<CiLinksService>, modules::OpenError> CiLinksService::open(
    CiLinksOptions options, const modules::Context& context) {
  std::unique_ptr<CiLinksService> service(new CiLinksService());
  auto view = projection::ViewStore::open(view_path(options.data_dir), service->projection_,
                                          options.min_free_bytes);
  if (!view) return std::unexpected(modules::OpenError::failure(view.error()));
  service->view_ = std::move(*view);
  service->runner_ = std::make_unique<projection::ProjectionRunner>(
      *service->view_, service->projection_, context.feed(), context.metrics);
  return service;
}

CiLinksService::~CiLinksService() {
  if (runner_) runner_->stop();
}

void CiLinksService::add_routes(http::Router& router) { api::add_ci_links_routes(router, *view_); }

modules::Readiness CiLinksService::readiness() const {
  return modules::projection_readiness(*runner_, *view_, {incidents::kDomain, changes::kDomain});
}

}  // namespace opsdesk::ci_links
