#pragma once
// The notifier (module notifier): mails the associations what the scheduling events call for —
// a service-stop notice a number of business days before a window that stops their service,
// and the service-resumed mail (仕様書 4.(5)④) when the window's work is completed — through an
// SMTP relay, and records each mail sent as MailSent in its own store (<data-dir>/notifier,
// published as opsdesk.notifications.events.v1). At least once: a mail is recorded after the
// relay accepted it, under an Idempotency-Key naming what it is for, so a crash in between sends
// it again with the same Message-ID, and nothing is sent twice once recorded.

#include <chrono>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "libs/eventstore/event_store.hpp"
#include "libs/modules/module.hpp"
#include "libs/projection/projection_runner.hpp"
#include "libs/projection/view_store.hpp"
#include "services/notifier/notifier_projection.hpp"
#include "services/notifier/smtp_client.hpp"

namespace opsdesk::notifier {

struct NotifierOptions {
  std::filesystem::path data_dir;  // data_dir/notifier/{view,eventstore}
  bool sync = true;
  std::uint64_t min_free_bytes = eventstore::kDefaultMinFreeBytes;
  SmtpRelay relay{};
  // A YAML map of association code → list of addresses (notifier.recipients_file).
  std::filesystem::path recipients_file;
  int stop_notice_business_days = 5;
  // How often mails owed are looked at; none under a manual clock (POST /v1/test/clock runs it).
  std::optional<std::chrono::milliseconds> pass_interval = std::chrono::seconds{5};
};

modules::Module module(NotifierOptions options);

// The association code → addresses map of a recipients file; the error names the line's problem.
std::expected<std::map<std::string, std::vector<std::string>>, std::string> read_recipients(
    const std::filesystem::path& file);

class NotifierService final : public modules::Service, public modules::TimeDriven {
 public:
  static std::filesystem::path view_path(const std::filesystem::path& data_dir);
  static std::filesystem::path store_path(const std::filesystem::path& data_dir);
  static std::expected<std::unique_ptr<NotifierService>, modules::OpenError> open(
      NotifierOptions options, const modules::Context& context);
  ~NotifierService() override;

  void start() override;
  void stop() override;
  modules::Readiness readiness() const override;
  eventstore::EventStore* published_store() override { return store_.get(); }
  modules::TimeDriven* time_driven() override { return this; }

  std::optional<http::Response> wait_for_min_position(
      const http::Request& request, std::vector<http::FieldError>& errors) override;
  std::expected<nlohmann::json, std::string> clock_moved() override;

  struct Pass {
    std::size_t sent = 0;
    std::size_t failed = 0;
  };
  Pass pass();

 private:
  NotifierService() = default;
  void loop(std::stop_token stop);
  // When a service-stop notice may go: 09:00 on the business day N business days before the
  // window's day.
  std::optional<core::Instant> notice_time(core::Instant planned_start) const;

  NotifierOptions options_;
  const modules::Context* context_ = nullptr;
  std::map<std::string, std::vector<std::string>> recipients_;
  NotifierProjection projection_;
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<projection::ViewStore> view_;
  std::unique_ptr<projection::ProjectionRunner> runner_;
  std::mutex pass_mutex_;  // one pass at a time (the loop, or the test clock)
  mutable std::mutex mutex_;
  std::map<std::string, std::string> failing_;  // mail key → why it could not go
  std::size_t sent_total_ = 0;
  std::jthread loop_thread_;
};

}  // namespace opsdesk::notifier
