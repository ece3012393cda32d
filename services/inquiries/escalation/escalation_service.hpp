#pragma once
// The inquiries' escalation process manager (module `inquiry-escalation`): follows the
// inquiries' events into its own view (escalation_projection.hpp) and carries out every
// escalated fault: opens its incident with the incidents' command API and links the inquiry to
// it with the inquiries' (through the command clients of the module table: in-process when
// those modules run here, over HTTP otherwise). Both commands carry an Idempotency-Key named
// after the escalation, so an escalation tried again (after a failure, a restart, an event
// delivered twice) opens one incident and records one link. An escalation stays pending until
// its IncidentLinked event comes back through the feed.

#include <chrono>
#include <condition_variable>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "libs/aggregate/command_client.hpp"
#include "libs/modules/module.hpp"
#include "libs/observability/metrics.hpp"
#include "libs/projection/projection_runner.hpp"
#include "libs/projection/view_store.hpp"
#include "services/inquiries/escalation/escalation_projection.hpp"

namespace opsdesk::inquiries::escalation {

struct EscalationOptions {
  std::filesystem::path data_dir;  // data_dir/inquiry-escalation/view
  std::uint64_t min_free_bytes = eventstore::kDefaultMinFreeBytes;
  std::chrono::milliseconds pass_interval{500};  // how often pending escalations are looked at
  // Before a failed escalation is tried again; doubled with each failure, up to 10 minutes.
  std::chrono::milliseconds retry_after{2'000};
  aggregate::RetryPolicy retry{};  // of one command
};

// The module table's entry: reads the inquiries domain; commands incidents and inquiries.
modules::Module module(EscalationOptions options);

class EscalationService final : public modules::Service {
 public:
  static std::filesystem::path view_path(const std::filesystem::path& data_dir);
  static std::expected<std::unique_ptr<EscalationService>, modules::OpenError> open(
      EscalationOptions options, const modules::Context& context);
  ~EscalationService() override;

  void start() override;
  void stop() override;
  // Details: how many escalations are pending, and why the failing ones failed.
  modules::Readiness readiness() const override;

 private:
  EscalationService() = default;
  void loop(std::stop_token stop);
  void pass();
  // Opens the incident and records the link; the reason when either was not done.
  std::expected<void, std::string> carry_out(const Escalation& escalation);
  std::expected<aggregate::CommandClient*, std::string> client(const std::string& module);

  EscalationOptions options_;
  const modules::Context* context_ = nullptr;
  EscalationProjection projection_;
  std::unique_ptr<projection::ViewStore> view_;
  std::unique_ptr<projection::ProjectionRunner> runner_;
  std::map<std::string, std::unique_ptr<aggregate::CommandClient>> clients_;  // loop thread only
  observability::Counter* opened_ = nullptr;
  observability::Counter* failed_ = nullptr;

  struct Failure {
    std::string reason;
    int attempts = 0;
    std::chrono::steady_clock::time_point retry_at;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Failure> failures_;    // by inquiry id
  std::map<std::string, std::string> linked_;  // inquiry id -> incident, until its event comes
  std::size_t pending_ = 0;
  std::jthread loop_thread_;
};

}  // namespace opsdesk::inquiries::escalation
