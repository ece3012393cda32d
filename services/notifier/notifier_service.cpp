#include "services/notifier/notifier_service.hpp"

#include <yaml-cpp/yaml.h>

#include <condition_variable>

#include "libs/core/tokyo_time.hpp"
#include "libs/core/uuid.hpp"
#include "libs/modules/event_store.hpp"
#include "libs/modules/readiness.hpp"
#include "libs/observability/log.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/incidents/contract/incident_events.hpp"
#include "services/notifier/contract/notification_events.hpp"
#include "services/scheduling/contract/schedule_events.hpp"

namespace opsdesk::notifier {

namespace {

constexpr std::string_view kActor = "notifier";

eventstore::AppendRequest mail_append(const PendingMail& p, const Mail& mail,
                                      const std::vector<std::string>& recipients,
                                      const std::string& mail_id, core::Instant at) {
  v1::MailSent event;
  event.set_mail_key(p.key);
  event.set_kind(p.kind);
  event.set_tenant(p.tenant);
  for (const auto& r : recipients) event.add_recipients(r);
  event.set_subject(mail.subject);
  event.set_message_id(mail.message_id);
  event.set_cause_stream_id(p.cause_stream_id);
  event.set_cause_event_id(p.cause_event_id);
  *event.mutable_at() = proto::to_timestamp(at);
  eventstore::AppendRequest request;
  request.stream_id = mail_stream_id_of(mail_id);
  request.expected = eventstore::ExpectedVersion::no_stream();
  request.events.push_back(
      {std::string(v1::MailSent::descriptor()->full_name()), event.SerializeAsString(), at});
  request.metadata.tenants = {p.tenant};
  request.metadata.actor = std::string(kActor);
  request.metadata.correlation_id = p.cause_event_id;
  request.metadata.causation_id = p.cause_event_id;
  request.idempotency = eventstore::IdempotencyKey{"mail:" + p.key, p.key};
  return request;
}

}  // namespace

modules::Module module(NotifierOptions options) {
  return {
      .name = "notifier",
      .kind = modules::Kind::process_manager,
      .description = "mail to the associations: service-stop notices, service-resumed mails",
      .publishes = kDomain,
      .consumes = {scheduling::kDomain, incidents::kDomain},
      .store_path = NotifierService::store_path(options.data_dir),
      // The view is the mails owed, derived from events alone: what was sent is the notifier's
      // own store's, so a rebuilt view sends nothing twice.
      .replay = modules::Replay{[] { return std::make_unique<NotifierProjection>(); },
                                NotifierService::view_path(options.data_dir)},
      .open = [options](modules::Context& context)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        auto opened = options;
        if (context.manual_clock) opened.pass_interval.reset();
        return NotifierService::open(opened, context);
      },
  };
}

std::expected<std::map<std::string, std::vector<std::string>>, std::string> read_recipients(
    const std::filesystem::path& file) {
  std::map<std::string, std::vector<std::string>> recipients;
  try {
    const auto root = YAML::LoadFile(file.string());
    if (!root.IsMap())
      return std::unexpected(file.string() + ": must map association codes to lists of addresses");
    for (const auto& entry : root) {
      const auto code = entry.first.as<std::string>();
      if (tenants::find_tenant(code) == nullptr)
        return std::unexpected(file.string() + ": unknown association code '" + code +
                               "'; allowed: " + tenants::allowed_codes_text());
      if (!entry.second.IsSequence())
        return std::unexpected(file.string() + ": " + code + " must list addresses");
      for (const auto& address : entry.second) {
        const auto text = address.as<std::string>();
        if (text.find('@') == std::string::npos ||
            text.find_first_of("<> \r\n") != std::string::npos)
          return std::unexpected(file.string() + ": " + code + ": '" + text +
                                 "' is not a mail address");
        recipients[code].push_back(text);
      }
    }
  } catch (const YAML::Exception& e) {
    return std::unexpected(file.string() + ": " + e.what());
  }
  return recipients;
}

std::filesystem::path NotifierService::view_path(const std::filesystem::path& data_dir) {
  return data_dir / "notifier" / "view";
}

std::filesystem::path NotifierService::store_path(const std::filesystem::path& data_dir) {
  return data_dir / "notifier" / "eventstore";
}

std::expected<std::unique_ptr<NotifierService>, modules::OpenError> NotifierService::open(
    NotifierOptions options, const modules::Context& context) {
  std::unique_ptr<NotifierService> service(new NotifierService());
  service->options_ = options;
  service->context_ = &context;
  if (!options.recipients_file.empty()) {
    auto recipients = read_recipients(options.recipients_file);
    if (!recipients)
      return std::unexpected(
          modules::OpenError::settings("notifier.recipients_file " + recipients.error()));
    service->recipients_ = std::move(*recipients);
  }
  auto store =
      modules::open_event_store(store_path(options.data_dir), options.sync, options.min_free_bytes,
                                context.metrics, context.clock, "notifier");
  if (!store) return std::unexpected(std::move(store.error()));
  service->store_ = std::move(*store);
  auto view = projection::ViewStore::open(view_path(options.data_dir), service->projection_,
                                          options.min_free_bytes);
  if (!view) return std::unexpected(modules::OpenError::failure(view.error()));
  service->view_ = std::move(*view);
  service->runner_ = std::make_unique<projection::ProjectionRunner>(
      *service->view_, service->projection_, context.feed(), context.metrics);
  return service;
}

NotifierService::~NotifierService() { stop(); }

void NotifierService::start() {
  runner_->start();
  if (options_.pass_interval)
    loop_thread_ = std::jthread([this](std::stop_token stop) { loop(stop); });
}

void NotifierService::stop() {
  if (loop_thread_.joinable()) {
    loop_thread_.request_stop();
    loop_thread_.join();
  }
  if (runner_) runner_->stop();
}

void NotifierService::loop(std::stop_token stop) {
  std::mutex sleep_mutex;
  std::condition_variable_any sleeping;
  while (!stop.stop_requested()) {
    pass();
    std::unique_lock lock(sleep_mutex);
    sleeping.wait_for(lock, stop, *options_.pass_interval, [] { return false; });
  }
}

std::optional<core::Instant> NotifierService::notice_time(core::Instant planned_start) const {
  const auto& calendar = context_->calendar;
  auto day = core::to_tokyo(planned_start).date;
  for (int i = 0; i < options_.stop_notice_business_days; ++i) {
    auto previous = calendar.previous_business_day(day);
    if (!previous) return std::nullopt;
    day = *previous;
  }
  return core::from_tokyo(day, std::chrono::hours{9});
}

NotifierService::Pass NotifierService::pass() {
  std::lock_guard one_at_a_time(pass_mutex_);
  Pass pass;
  const auto now = context_->clock.now();
  for (const auto& pending : pending_mails(view_->reader())) {
    if (pending.kind == kServiceStopNotice) {
      // Not before its time, and not once the work began (a notice then would inform nobody).
      const auto due = notice_time(pending.planned_start);
      if (!due || now < *due || now >= pending.planned_start) continue;
    }
    if (store_->find_idempotency_key("mail:" + pending.key)) continue;  // sent and recorded
    auto failed = [&](std::string why) {
      ++pass.failed;
      std::lock_guard lock(mutex_);
      if (failing_[pending.key] != why)
        observability::log_warn("a mail could not be sent; trying again",
                                {{"mail_key", pending.key}, {"reason", why}});
      failing_[pending.key] = std::move(why);
    };
    const auto to = recipients_.find(pending.tenant);
    if (to == recipients_.end() || to->second.empty()) {
      failed("no recipients for " + pending.tenant + " in notifier.recipients_file");
      continue;
    }
    const auto mail = compose(pending);
    auto sent = send_mail(options_.relay, to->second,
                          rfc5322_message(mail, options_.relay.sender, to->second, now));
    if (!sent) {
      failed(sent.error());
      continue;
    }
    static core::UuidV7Generator ids;
    auto recorded =
        store_->append(mail_append(pending, mail, to->second, ids.next(now).to_string(), now));
    if (!recorded) {
      failed("sent, but not recorded (it will go again): " + recorded.error().message);
      continue;
    }
    ++pass.sent;
    std::lock_guard lock(mutex_);
    failing_.erase(pending.key);
    ++sent_total_;
  }
  return pass;
}

modules::Readiness NotifierService::readiness() const {
  auto readiness =
      modules::projection_readiness(*runner_, *view_, {scheduling::kDomain, incidents::kDomain});
  std::lock_guard lock(mutex_);
  readiness.details["smtp_relay"] = options_.relay.url.empty()
                                        ? nlohmann::json("not configured (mails wait)")
                                        : nlohmann::json(options_.relay.url);
  readiness.details["mails_sent"] = sent_total_;
  auto failing = nlohmann::json::array();
  for (const auto& [key, why] : failing_) failing.push_back({{"mail_key", key}, {"reason", why}});
  readiness.details["failing_mails"] = failing;
  readiness.details["head_position"] = store_->head_position();
  return readiness;
}

std::optional<http::Response> NotifierService::wait_for_min_position(
    const http::Request&, std::vector<http::FieldError>&) {
  // A test clock's min_position names the incidents' or sla-watch's positions; the notifier's
  // view follows on its own, and a mail owed is sent at the first pass that finds it.
  return std::nullopt;
}

std::expected<nlohmann::json, std::string> NotifierService::clock_moved() {
  const auto done = pass();
  return nlohmann::json{{"mails_sent", done.sent}, {"mails_failed", done.failed}};
}

}  // namespace opsdesk::notifier
