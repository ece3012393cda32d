#pragma once
// The sla-metrics read model assembled: its view under <data-dir>/sla-metrics/view, the
// projection runner fed by the local logs or Kafka, the calendar and definitions its figures
// are computed with, and the HTTP routes; module() is its table entry.

#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "libs/auth/jwt.hpp"
#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/http/router.hpp"
#include "libs/modules/module.hpp"
#include "libs/observability/metrics.hpp"
#include "libs/projection/event_feed.hpp"
#include "libs/projection/projection_runner.hpp"
#include "libs/projection/view_store.hpp"
#include "libs/sla/settings_version.hpp"
#include "libs/sla/sla_projection.hpp"
#include "services/sla-metrics/api/sla_routes.hpp"
#include "services/sla-metrics/settings_history.hpp"
#include "services/sla-metrics/table_cache.hpp"

namespace opsdesk::sla_metrics {

struct SlaMetricsOptions {
  std::filesystem::path data_dir;  // the view lives in data_dir/sla-metrics/view
  projection::ReadYourWritesLimits read_your_writes{};  // how min_position queries wait
  std::uint64_t min_free_bytes =
      eventstore::kDefaultMinFreeBytes;    // disk reserve (libs/eventstore/disk_reserve.hpp)
  std::chrono::year_month_day term_start;  // the contract term (both days included)
  std::chrono::year_month_day term_end;
  std::string changed_by;  // whom the settings history names for a change
  std::size_t max_evidence_items = api::kDefaultMaxEvidenceItems;  // per table answer
  TableCacheLimits cache{};
};

// The module table's entry: reads the incidents domain; needs the SLA definitions module.
modules::Module module(SlaMetricsOptions options);

class SlaMetricsService final : public modules::Service {
 public:
  static std::filesystem::path view_path(const std::filesystem::path& data_dir);

  // Records the definitions (of the module it needs) with the calendar in the settings history
  // when they differ from the last recorded ones.
  static std::expected<std::unique_ptr<SlaMetricsService>, modules::OpenError> open(
      SlaMetricsOptions options, const modules::Context& context);
  ~SlaMetricsService() override;

  void add_routes(http::Router& router) override;
  void start() override { runner_->start(); }
  void stop() override { runner_->stop(); }
  modules::Readiness readiness() const override;
  projection::ProjectionRunner& runner() { return *runner_; }
  projection::ViewStore& view() { return *view_; }

 private:
  SlaMetricsService() = default;

  SlaMetricsOptions options_;
  const core::Clock* clock_ = nullptr;
  const calendar::BusinessCalendar* calendar_ = nullptr;
  sla::SettingsSnapshot settings_;
  std::unique_ptr<SettingsHistory> history_;
  sla::SlaProjection projection_;
  std::unique_ptr<projection::ViewStore> view_;
  std::unique_ptr<projection::ProjectionRunner> runner_;
  std::unique_ptr<TableCache> cache_;
};

}  // namespace opsdesk::sla_metrics
