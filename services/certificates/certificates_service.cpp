#include "services/certificates/certificates_service.hpp"

#include "libs/aggregate/repository_metrics.hpp"
#include "libs/modules/event_store.hpp"
#include "libs/observability/log.hpp"
#include "services/certificates/api/signature_routes.hpp"
#include "services/certificates/domain/standing.hpp"
#include "services/certificates/renewal_task.hpp"

namespace opsdesk::certificates {

modules::Module module(CertificatesServiceOptions options) {
  return {
      .name = "certificates",
      .kind = modules::Kind::command,
      .description =
          "certificates (証明書管理): code-signing and SSL certificates read from X.509, "
          "renewal before expiry, the expiry watch and its renewal tasks, signing records and "
          "signature verification",
      .publishes = kDomain,
      .sends_commands_to = {"scheduling"},  // a renewal task for each code-signing certificate
      .openapi = "certificates",
      .store_path = CertificatesService::store_path(options.data_dir),
      .open = [options](modules::Context& context)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        auto opened_options = options;
        // A manual clock stands still: passes run when POST /v1/test/clock moves it.
        if (context.manual_clock) opened_options.watch_interval.reset();
        return CertificatesService::open(opened_options, context);
      },
  };
}

namespace {

std::expected<std::optional<TrustStore>, modules::OpenError> trust_store(
    const std::filesystem::path& bundle, const std::string& setting) {
  if (bundle.empty()) return std::nullopt;
  auto store = TrustStore::from_pem_file(bundle);
  if (!store) return std::unexpected(modules::OpenError::settings(setting + ": " + store.error()));
  return std::optional<TrustStore>(std::move(*store));
}

}  // namespace

CertificatesService::CertificatesService(std::unique_ptr<eventstore::EventStore> store,
                                         const modules::Context& context,
                                         CertificatesServiceOptions options,
                                         api::TrustStores stores)
    : options_(std::move(options)),
      store_(std::move(store)),
      context_(context),
      stores_(std::move(stores)),
      repository_(*store_, options_.repository),
      // Runs on the store's syncer thread after every accepted command.
      commands_(repository_,
                [this](const CertificateState& c) {
                  book_.upsert(c);
                  // A new certificate may be due already or want its renewal task; a renewal
                  // deployed ends what the watch owes the old one. Commands are few: look at once.
                  wake();
                }),
      signing_repository_(*store_, options_.repository),
      signing_commands_(signing_repository_, [this](const SigningState& s) { book_.upsert(s); }),
      watch_(book_, commands_, context.clock, context.calendar, options_.expiry_lead_business_days,
             [this](const CertificateState& c) { return schedule_renewal(c); }) {}

CertificatesService::~CertificatesService() { stop(); }

std::filesystem::path CertificatesService::store_path(const std::filesystem::path& data_dir) {
  return data_dir / "certificates" / "eventstore";
}

std::expected<std::unique_ptr<CertificatesService>, modules::OpenError> CertificatesService::open(
    CertificatesServiceOptions options, const modules::Context& context) {
  api::TrustStores stores;
  auto tls = trust_store(options.tls_trust_bundle, "certificates.tls_trust_bundle");
  if (!tls) return std::unexpected(tls.error());
  stores.tls = std::move(*tls);
  auto code_signing =
      trust_store(options.code_signing_trust_bundle, "certificates.code_signing_trust_bundle");
  if (!code_signing) return std::unexpected(code_signing.error());
  stores.code_signing = std::move(*code_signing);
  auto store =
      modules::open_event_store(store_path(options.data_dir), options.sync, options.min_free_bytes,
                                context.metrics, context.clock, "certificates");
  if (!store) return std::unexpected(std::move(store.error()));
  std::unique_ptr<CertificatesService> service(
      new CertificatesService(std::move(*store), context, std::move(options), std::move(stores)));
  aggregate::register_repository_metrics(context.metrics, "certificates", service->repository_);
  service->book_.rebuild(*service->store_);
  service->register_metrics(context.metrics);
  return service;
}

api::CertificateApi CertificatesService::api() {
  return api::CertificateApi{commands_,
                             repository_,
                             book_,
                             context_.clock,
                             context_.calendar,
                             stores_,
                             options_.expiry_lead_business_days,
                             options_.instants};
}

void CertificatesService::add_routes(http::Router& router) {
  api::add_certificate_routes(router, api());
  api::add_signature_routes(
      router, api::SignatureApi{signing_commands_, signing_repository_, book_, context_.clock, ids_,
                                stores_, options_.code_signing_trust_bundle,
                                options_.timestamp_trust_bundle,
                                options_.data_dir / "certificates" / "scratch", options_.instants});
}

// cert-manager's three per-certificate series, for every certificate in use (a retired one has
// left use and leaves the metrics).
void CertificatesService::register_metrics(observability::Registry& metrics) {
  const auto series = [this](auto value) {
    return [this, value] {
      observability::Registry::Series out;
      const auto now = context_.clock.now();
      for (const auto& c : book_.certificates([](const CertificateState& c) { return !c.retired; }))
        out.push_back({{{"fingerprint", c.fingerprint.substr(0, 16)},
                        {"subject_cn", c.facts.subject_cn},
                        {"purpose", c.facts.purpose()}},
                       value(c, now)});
      return out;
    };
  };
  const auto seconds = [](core::Instant at) {
    return static_cast<double>(core::to_unix_micros(at)) / 1e6;
  };
  metrics.gauge_family_callback(
      "opsdesk_certificate_expiration_timestamp_seconds",
      "When the certificate expires (notAfter), in seconds since the Unix epoch.",
      series([seconds](const CertificateState& c, core::Instant) {
        return seconds(c.facts.not_after);
      }));
  metrics.gauge_family_callback(
      "opsdesk_certificate_renewal_due_timestamp_seconds",
      "When the certificate is due for renewal (renewal_due_at), in seconds since the Unix epoch.",
      series([seconds](const CertificateState& c, core::Instant) {
        return seconds(c.renewal_due.at);
      }));
  metrics.gauge_family_callback(
      "opsdesk_certificate_ready",
      "1 when the certificate is valid and not past its renewal due time, else 0.",
      series([this](const CertificateState& c, core::Instant now) {
        return status_of(c, book_.successor_in_use(c), now, options_.expiry_lead_business_days,
                         context_.calendar) == "valid"
                   ? 1.0
                   : 0.0;
      }));
}

std::expected<std::string, std::string> CertificatesService::schedule_renewal(
    const CertificateState& c) {
  if (!scheduling_) {
    auto made = context_.command_client("scheduling");
    if (!made) return std::unexpected("no way to the scheduling service: " + made.error());
    scheduling_ = std::move(*made);
  }
  const auto key = renewal_task_key(c);
  auto sent = scheduling_->send({.path = "/v1/schedule/tasks",
                                 .body = renewal_task_body(c, context_.clock.now()).dump(),
                                 .idempotency_key = key,
                                 .correlation_id = key});
  if (!sent) return std::unexpected("the scheduling service: " + sent.error());
  auto answer = nlohmann::json::parse(sent->body, nullptr, false);
  if ((sent->status == 201 || sent->status == 200) && answer.is_object() &&
      answer.value("id", std::string()).size() > 0)
    return answer["id"].get<std::string>();
  return std::unexpected("the scheduling service answered " + std::to_string(sent->status) + ": " +
                         sent->body.substr(0, 500));
}

void CertificatesService::start() {
  loop_thread_ = std::jthread([this](std::stop_token stop) { loop(stop); });
}

void CertificatesService::stop() {
  if (loop_thread_.joinable()) {
    loop_thread_.request_stop();
    wake_.notify_all();
    loop_thread_.join();
  }
}

void CertificatesService::wake() {
  {
    std::lock_guard lock(wake_mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

// A pass at start (what a crash left out), after every import and successor, and every
// watch_interval (renewal due times, notices and ends come with time).
void CertificatesService::loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::lock_guard pass_lock(pass_mutex_);
      auto pass = watch_.pass();
      if (!pass)
        observability::log_error("certificates expiry pass failed; retrying",
                                 {{"error", pass.error()}});
      else
        for (const auto& failure : pass->task_failures)
          observability::log_warn("certificate renewal task not scheduled; trying again later",
                                  {{"reason", failure}});
    }
    std::unique_lock lock(wake_mutex_);
    if (options_.watch_interval)
      wake_.wait_for(lock, stop, *options_.watch_interval, [this] { return woken_; });
    else
      wake_.wait(lock, stop, [this] { return woken_; });
    woken_ = false;
  }
}

modules::Readiness CertificatesService::readiness() const {
  const auto figures = book_.figures();
  return {.details = {{"head_position", store_->head_position()},
                      {"certificates", figures.certificates},
                      {"code_signing", figures.code_signing},
                      {"tls_server", figures.tls_server},
                      {"retired", figures.retired},
                      {"signings", figures.signings},
                      {"tls_trust_roots", stores_.tls ? stores_.tls->size() : 0},
                      {"code_signing_trust_roots",
                       stores_.code_signing ? stores_.code_signing->size() : 0}}};
}

std::optional<http::Response> CertificatesService::wait_for_min_position(
    const http::Request&, std::vector<http::FieldError>&) {
  // Its book is its own store's, updated before a command is answered: nothing to wait for.
  return std::nullopt;
}

std::expected<nlohmann::json, std::string> CertificatesService::clock_moved() {
  std::lock_guard pass_lock(pass_mutex_);
  auto pass = watch_.pass();
  if (!pass) return std::unexpected(pass.error());
  return nlohmann::json{{"certificates_recorded", pass->recorded},
                        {"renewal_tasks_scheduled", pass->tasks_scheduled},
                        {"renewal_task_failures", pass->task_failures}};
}

}  // namespace opsdesk::certificates
