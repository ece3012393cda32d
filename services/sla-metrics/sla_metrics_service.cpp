#include "services/sla-metrics/sla_metrics_service.hpp"

#include "services/sla-metrics/api/sla_routes.hpp"

namespace opsdesk::sla_metrics {

std::filesystem::path SlaMetricsService::view_path(const std::filesystem::path& data_dir) {
  return data_dir / "sla-metrics" / "view";
}

std::expected<std::unique_ptr<SlaMetricsService>, std::string> SlaMetricsService::open(
    SlaMetricsOptions options, std::unique_ptr<projection::EventFeed> feed,
    const core::Clock& clock, const calendar::BusinessCalendar& calendar, SettingsSnapshot settings,
    SettingsOrigin origin, observability::Registry& metrics) {
  std::unique_ptr<SlaMetricsService> service(new SlaMetricsService());
  service->options_ = options;
  service->clock_ = &clock;
  service->calendar_ = &calendar;
  service->settings_ = std::move(settings);
  auto history = SettingsHistory::open(options.data_dir, clock);
  if (!history) return std::unexpected(history.error());
  if (auto recorded =
          (*history)->record_if_changed(service->settings_, origin.by, origin.source, calendar);
      !recorded)
    return std::unexpected(recorded.error());
  service->history_ = std::move(*history);
  auto view = projection::ViewStore::open(view_path(options.data_dir), service->projection_);
  if (!view) return std::unexpected(view.error());
  service->view_ = std::move(*view);
  service->runner_ = std::make_unique<projection::ProjectionRunner>(
      *service->view_, service->projection_, std::move(feed), metrics);
  return service;
}

SlaMetricsService::~SlaMetricsService() {
  if (runner_) runner_->stop();
}

void SlaMetricsService::add_routes(http::Router& router, const auth::TokenVerifier& verifier) {
  api::add_sla_routes(
      router, api::SlaApi{*view_, *runner_, verifier, *clock_, *calendar_, settings_.definitions,
                          *history_, options_.term_start, options_.term_end, options_.max_wait});
}

nlohmann::json SlaMetricsService::status() const {
  auto status = runner_->status();
  status["applied_position"] = view_->watermark("incidents");
  status["settings_version"] = history_->current_version();
  return status;
}

}  // namespace opsdesk::sla_metrics
