#include "services/ops-board/ops_board_service.hpp"

#include "libs/modules/readiness.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "services/ops-board/api/board_routes.hpp"

namespace opsdesk::ops_board {

std::filesystem::path OpsBoardService::view_path(const std::filesystem::path& data_dir) {
  return data_dir / "ops-board" / "view";
}

modules::Module module(OpsBoardOptions options) {
  return {
      .name = "ops-board",
      .kind = modules::Kind::read_model,
      .description = "the operations board: open incidents and who has been told what",
      .consumes = {incidents::kDomain},
      .openapi = "ops-board",
      .replay = modules::Replay{[] { return std::make_unique<BoardProjection>(); },
                                OpsBoardService::view_path(options.data_dir)},
      .open = [options](modules::Context& context)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        return OpsBoardService::open(options, context);
      },
  };
}

std::expected<std::unique_ptr<OpsBoardService>, modules::OpenError> OpsBoardService::open(
    OpsBoardOptions options, const modules::Context& context) {
  std::unique_ptr<OpsBoardService> service(new OpsBoardService());
  service->options_ = options;
  service->clock_ = &context.clock;
  auto view = projection::ViewStore::open(view_path(options.data_dir), service->projection_,
                                          options.min_free_bytes);
  if (!view) return std::unexpected(modules::OpenError::failure(view.error()));
  service->view_ = std::move(*view);
  service->runner_ = std::make_unique<projection::ProjectionRunner>(
      *service->view_, service->projection_, context.feed(), context.metrics,
      options.read_your_writes.waiters);
  service->streams_ =
      std::make_unique<api::BoardStreams>(*service->view_, context.clock, options.stream);
  return service;
}

OpsBoardService::~OpsBoardService() {
  if (streams_) streams_->stop();
  if (runner_) runner_->stop();
}

void OpsBoardService::add_routes(http::Router& router) {
  api::add_board_routes(router, api::BoardApi{*view_, *runner_, *clock_,
                                              options_.read_your_writes.max_wait, *streams_});
}

modules::Readiness OpsBoardService::readiness() const {
  return modules::projection_readiness(*runner_, *view_, {incidents::kDomain});
}

}  // namespace opsdesk::ops_board
