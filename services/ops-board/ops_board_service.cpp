#include "services/ops-board/ops_board_service.hpp"

#include "services/ops-board/api/board_routes.hpp"

namespace opsdesk::ops_board {

std::filesystem::path OpsBoardService::view_path(const std::filesystem::path& data_dir) {
  return data_dir / "ops-board" / "view";
}

std::expected<std::unique_ptr<OpsBoardService>, std::string> OpsBoardService::open(
    OpsBoardOptions options, std::unique_ptr<projection::EventFeed> feed, const core::Clock& clock,
    observability::Registry& metrics) {
  std::unique_ptr<OpsBoardService> service(new OpsBoardService());
  service->options_ = options;
  service->clock_ = &clock;
  auto view = projection::ViewStore::open(view_path(options.data_dir), service->projection_);
  if (!view) return std::unexpected(view.error());
  service->view_ = std::move(*view);
  service->runner_ = std::make_unique<projection::ProjectionRunner>(
      *service->view_, service->projection_, std::move(feed), metrics);
  return service;
}

OpsBoardService::~OpsBoardService() {
  if (runner_) runner_->stop();
}

void OpsBoardService::add_routes(http::Router& router, const auth::TokenVerifier& verifier) {
  api::add_board_routes(router,
                        api::BoardApi{*view_, *runner_, verifier, *clock_, options_.max_wait});
}

nlohmann::json OpsBoardService::status() const {
  auto status = runner_->status();
  status["applied_position"] = view_->watermark("incidents");
  return status;
}

}  // namespace opsdesk::ops_board
