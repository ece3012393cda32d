#include "services/sla-metrics/sla_metrics_service.hpp"

#include "libs/modules/readiness.hpp"
#include "libs/sla/definitions_file.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "services/inquiries/contract/inquiry_events.hpp"
#include "services/scheduling/contract/schedule_events.hpp"
#include "services/sla-metrics/api/sla_routes.hpp"

namespace opsdesk::sla_metrics {

namespace {

// How well the table cache serves (services/sla-metrics/table_cache.hpp).
void register_cache_metrics(observability::Registry& metrics, const TableCache& cache) {
  auto stat = [&cache](auto field) {
    return [&cache, field] { return static_cast<double>(cache.stats().*field); };
  };
  metrics.gauge_callback("opsdesk_sla_table_cache_hits",
                         "SLA table requests answered from the cache (since the start)", {},
                         stat(&TableCacheStats::hits));
  metrics.gauge_callback("opsdesk_sla_table_cache_misses",
                         "SLA table requests computed (since the start)", {},
                         stat(&TableCacheStats::misses));
  metrics.gauge_callback("opsdesk_sla_table_cache_dropped",
                         "Kept SLA table answers dropped because an incident in them changed", {},
                         stat(&TableCacheStats::dropped));
  metrics.gauge_callback("opsdesk_sla_table_cache_answers", "SLA table answers kept", {},
                         stat(&TableCacheStats::answers));
  metrics.gauge_callback("opsdesk_sla_table_cache_answer_bytes",
                         "Bytes of the SLA table answers kept", {},
                         stat(&TableCacheStats::answer_bytes));
  metrics.gauge_callback("opsdesk_sla_table_cache_settled_incidents",
                         "Incidents whose settled clocks the SLA table cache keeps", {},
                         stat(&TableCacheStats::settled_incidents));
}

}  // namespace

std::filesystem::path SlaMetricsService::view_path(const std::filesystem::path& data_dir) {
  return data_dir / "sla-metrics" / "view";
}

modules::Module module(SlaMetricsOptions options) {
  return {
      .name = "sla-metrics",
      .kind = modules::Kind::read_model,
      .description =
          "the SLA engine: incidents' clocks, inquiries' receptions, the centre's routine "
          "operations, the 別表1 table",
      .consumes = {incidents::kDomain, inquiries::kDomain, scheduling::kDomain},
      .needs = {std::string(sla::kDefinitionsModule)},
      .openapi = "sla-metrics",
      .replay = modules::Replay{[] { return std::make_unique<sla::SlaProjection>(); },
                                SlaMetricsService::view_path(options.data_dir)},
      .open = [options](modules::Context& context)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        return SlaMetricsService::open(options, context);
      },
  };
}

std::expected<std::unique_ptr<SlaMetricsService>, modules::OpenError> SlaMetricsService::open(
    SlaMetricsOptions options, const modules::Context& context) {
  using modules::OpenError;
  const auto& calendar = context.calendar;
  const auto& definitions =
      context.need<sla::SlaDefinitionsService>(sla::kDefinitionsModule).loaded();
  std::unique_ptr<SlaMetricsService> service(new SlaMetricsService());
  service->options_ = options;
  service->clock_ = &context.clock;
  service->calendar_ = &calendar;
  service->settings_ = sla::snapshot_settings(definitions.yaml, definitions.definitions, calendar);
  auto history = SettingsHistory::open(options.data_dir, context.clock, options.min_free_bytes);
  if (!history) return std::unexpected(OpenError::failure(history.error()));
  if (auto recorded = (*history)->record_if_changed(service->settings_, options.changed_by,
                                                    definitions.source, calendar);
      !recorded)
    return std::unexpected(OpenError::failure(recorded.error()));
  service->history_ = std::move(*history);
  auto view = projection::ViewStore::open(view_path(options.data_dir), service->projection_,
                                          options.min_free_bytes);
  if (!view) return std::unexpected(OpenError::failure(view.error()));
  service->view_ = std::move(*view);
  service->runner_ = std::make_unique<projection::ProjectionRunner>(
      *service->view_, service->projection_, context.feed(), context.metrics,
      options.read_your_writes.waiters);
  service->cache_ = std::make_unique<TableCache>(options.cache);
  register_cache_metrics(context.metrics, *service->cache_);
  return service;
}

SlaMetricsService::~SlaMetricsService() {
  if (runner_) runner_->stop();
}

void SlaMetricsService::add_routes(http::Router& router) {
  api::add_sla_routes(
      router, api::SlaApi{*view_, *runner_, *clock_, *calendar_, settings_.definitions, *history_,
                          *cache_, options_.term_start, options_.term_end,
                          options_.read_your_writes.max_wait, options_.max_evidence_items});
}

modules::Readiness SlaMetricsService::readiness() const {
  auto readiness = modules::projection_readiness(
      *runner_, *view_, {incidents::kDomain, inquiries::kDomain, scheduling::kDomain});
  readiness.details["settings_version"] = history_->current_version();
  return readiness;
}

}  // namespace opsdesk::sla_metrics
