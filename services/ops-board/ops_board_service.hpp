#pragma once
// The ops-board read model assembled: its view under <data-dir>/ops-board/view, the projection
// runner fed by the local logs or Kafka, and the HTTP routes; module() is its table entry.

#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "libs/auth/jwt.hpp"
#include "libs/core/clock.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/http/router.hpp"
#include "libs/modules/module.hpp"
#include "libs/observability/metrics.hpp"
#include "libs/projection/event_feed.hpp"
#include "libs/projection/projection_runner.hpp"
#include "libs/projection/view_store.hpp"
#include "services/ops-board/api/board_stream.hpp"
#include "services/ops-board/board_projection.hpp"

namespace opsdesk::ops_board {

struct OpsBoardOptions {
  std::filesystem::path data_dir;                       // the view lives in data_dir/ops-board/view
  projection::ReadYourWritesLimits read_your_writes{};  // how min_position queries wait
  std::uint64_t min_free_bytes =
      eventstore::kDefaultMinFreeBytes;  // disk reserve (libs/eventstore/disk_reserve.hpp)
  api::BoardStreamOptions stream{};      // GET /v1/board/stream
};

// The module table's entry: reads the incidents domain.
modules::Module module(OpsBoardOptions options);

class OpsBoardService final : public modules::Service {
 public:
  static std::filesystem::path view_path(const std::filesystem::path& data_dir);

  static std::expected<std::unique_ptr<OpsBoardService>, modules::OpenError> open(
      OpsBoardOptions options, const modules::Context& context);
  ~OpsBoardService() override;

  void add_routes(http::Router& router) override;
  void start() override {
    runner_->start();
    streams_->start();
  }
  void stop() override {
    streams_->stop();
    runner_->stop();
  }
  modules::Readiness readiness() const override;
  projection::ProjectionRunner& runner() { return *runner_; }
  projection::ViewStore& view() { return *view_; }

 private:
  OpsBoardService() = default;

  OpsBoardOptions options_;
  const core::Clock* clock_ = nullptr;
  BoardProjection projection_;
  std::unique_ptr<projection::ViewStore> view_;
  std::unique_ptr<projection::ProjectionRunner> runner_;
  std::unique_ptr<api::BoardStreams> streams_;
};

}  // namespace opsdesk::ops_board
