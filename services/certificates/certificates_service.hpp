#pragma once
// The certificates service assembled (証明書管理): its own event store under
// <data-dir>/certificates, the repositories and command runners of certificates and signings,
// the book (in memory, rebuilt from the log on open), the trust stores, the expiry watch (which
// also puts code-signing renewals on the centre's schedule through the scheduling service's
// API), the per-certificate metrics and the HTTP routes (certificates, signing records and
// signature verification). Its entry in the module table is module() below.

#include <chrono>
#include <condition_variable>
#include <expected>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "libs/aggregate/command_client.hpp"
#include "libs/core/uuid.hpp"
#include "libs/eventstore/event_store.hpp"
#include "libs/http/json_body.hpp"
#include "libs/modules/module.hpp"
#include "services/certificates/api/certificate_routes.hpp"
#include "services/certificates/certificate_book.hpp"
#include "services/certificates/expiry_watch.hpp"

namespace opsdesk::certificates {

struct CertificatesServiceOptions {
  std::filesystem::path data_dir;  // the service keeps everything under data_dir/certificates
  bool sync = true;
  std::uint64_t min_free_bytes = eventstore::kDefaultMinFreeBytes;
  aggregate::RepositoryOptions repository{};
  http::InstantRange instants{};
  // The roots TLS server certificates are verified against (a PEM bundle; empty: none).
  std::filesystem::path tls_trust_bundle = "/etc/ssl/certs/ca-certificates.crt";
  // The roots of code-signing certificates (Debian ships none; empty: none, and no signature
  // can be verified).
  std::filesystem::path code_signing_trust_bundle;
  // The roots RFC 3161 timestamping authorities chain to (osslsigncode's -TSA-CAfile).
  std::filesystem::path timestamp_trust_bundle = "/etc/ssl/certs/ca-certificates.crt";
  // Business days before notAfter at which the desk is told (ExpiryApproaching, once each).
  std::vector<int> expiry_lead_business_days{30, 14, 7};
  // How often the watch looks besides after imports; none: only then and when POST
  // /v1/test/clock moves a manual clock.
  std::optional<std::chrono::milliseconds> watch_interval = std::chrono::minutes{5};
};

modules::Module module(CertificatesServiceOptions options);

class CertificatesService final : public modules::Service, public modules::TimeDriven {
 public:
  static std::filesystem::path store_path(const std::filesystem::path& data_dir);

  static std::expected<std::unique_ptr<CertificatesService>, modules::OpenError> open(
      CertificatesServiceOptions options, const modules::Context& context);
  ~CertificatesService() override;

  void add_routes(http::Router& router) override;
  void start() override;
  void stop() override;
  modules::Readiness readiness() const override;
  eventstore::EventStore* published_store() override { return store_.get(); }
  modules::TimeDriven* time_driven() override { return this; }

  std::optional<http::Response> wait_for_min_position(
      const http::Request& request, std::vector<http::FieldError>& errors) override;
  std::expected<nlohmann::json, std::string> clock_moved() override;

 private:
  CertificatesService(std::unique_ptr<eventstore::EventStore> store,
                      const modules::Context& context, CertificatesServiceOptions options,
                      api::TrustStores stores);
  void loop(std::stop_token stop);
  void wake();
  std::expected<std::string, std::string> schedule_renewal(const CertificateState& certificate);
  void register_metrics(observability::Registry& metrics);
  api::CertificateApi api();

  CertificatesServiceOptions options_;
  std::unique_ptr<eventstore::EventStore> store_;
  const modules::Context& context_;
  api::TrustStores stores_;
  CertificateBook book_;
  CertificateRepository repository_;
  CertificateCommands commands_;
  SigningRepository signing_repository_;
  SigningCommands signing_commands_;
  core::UuidV7Generator ids_;
  ExpiryWatch watch_;
  std::unique_ptr<aggregate::CommandClient> scheduling_;  // made at the first task
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  bool woken_ = false;
  std::mutex pass_mutex_;  // one pass at a time (the loop, a test clock's move)
  std::jthread loop_thread_;
};

}  // namespace opsdesk::certificates
