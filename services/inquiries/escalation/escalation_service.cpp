#include "services/inquiries/escalation/escalation_service.hpp"

#include "libs/modules/readiness.hpp"
#include "libs/observability/log.hpp"

namespace opsdesk::inquiries::escalation {

namespace {

// The rule the inquiries service names when the inquiry is linked already (by the desk, or by
// an earlier attempt whose answer was lost): the escalation is done.
constexpr std::string_view kAlreadyLinked = "urn:opsdesk:problem:incident-already-linked";
constexpr std::string_view kChangeAlreadyLinked = "urn:opsdesk:problem:change-already-linked";
// The rule the changes service names when the inquiry has its change already.
constexpr std::string_view kHasChange = "urn:opsdesk:problem:inquiry-has-change";
// The longest wait before a failing escalation is tried again.
constexpr std::chrono::minutes kLongestWait{10};

std::string refusal(const aggregate::CommandAnswer& answer) {
  auto problem = nlohmann::json::parse(answer.body, nullptr, false);
  std::string detail = problem.is_object() ? problem.value("detail", answer.body) : answer.body;
  return std::to_string(answer.status) + " " + detail;
}

}  // namespace

modules::Module module(EscalationOptions options) {
  return {
      .name = "inquiry-escalation",
      .kind = modules::Kind::process_manager,
      .description =
          "escalated inquiries carried out: faults opened as incidents, improvement "
          "requests registered as changes, and linked",
      .consumes = {kDomain},
      .sends_commands_to = {"incidents", "inquiries", "changes"},
      // The view is derived from the inquiries' events alone: a rebuilt view finds the
      // escalations not yet linked, as after a restart.
      .replay = modules::Replay{[] { return std::make_unique<EscalationProjection>(); },
                                EscalationService::view_path(options.data_dir)},
      .open = [options](modules::Context& context)
          -> std::expected<std::unique_ptr<modules::Service>, modules::OpenError> {
        return EscalationService::open(options, context);
      },
  };
}

std::filesystem::path EscalationService::view_path(const std::filesystem::path& data_dir) {
  return data_dir / "inquiry-escalation" / "view";
}

std::expected<std::unique_ptr<EscalationService>, modules::OpenError> EscalationService::open(
    EscalationOptions options, const modules::Context& context) {
  std::unique_ptr<EscalationService> service(new EscalationService());
  service->options_ = options;
  service->context_ = &context;
  auto view = projection::ViewStore::open(view_path(options.data_dir), service->projection_,
                                          options.min_free_bytes);
  if (!view) return std::unexpected(modules::OpenError::failure(view.error()));
  service->view_ = std::move(*view);
  service->runner_ = std::make_unique<projection::ProjectionRunner>(
      *service->view_, service->projection_, context.feed(), context.metrics);
  service->opened_ = &context.metrics.counter(
      "opsdesk_inquiry_escalations_total",
      "Escalated faults whose incident was opened and linked (or found so)");
  service->failed_ = &context.metrics.counter(
      "opsdesk_inquiry_escalation_failures_total",
      "Attempts at an escalation that failed (tried again after escalation.retry_after)");
  return service;
}

EscalationService::~EscalationService() { stop(); }

void EscalationService::start() {
  runner_->start();
  loop_thread_ = std::jthread([this](std::stop_token stop) { loop(stop); });
}

void EscalationService::stop() {
  if (loop_thread_.joinable()) {
    loop_thread_.request_stop();
    loop_thread_.join();
  }
  runner_->stop();
}

void EscalationService::loop(std::stop_token stop) {
  std::mutex sleep_mutex;
  std::condition_variable_any sleeping;
  while (!stop.stop_requested()) {
    pass();
    std::unique_lock lock(sleep_mutex);
    sleeping.wait_for(lock, stop, options_.pass_interval, [] { return false; });
  }
}

void EscalationService::pass() {
  const auto pending = pending_escalations(view_->reader());
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    pending_ = pending.size();
    // What left the view is done: its link came back as an event.
    auto gone = [&](const auto& entry) {
      return std::ranges::none_of(pending,
                                  [&](const Escalation& e) { return e.inquiry_id == entry.first; });
    };
    std::erase_if(linked_, gone);
    std::erase_if(failures_, gone);
  }
  for (const auto& escalation : pending) {
    {
      std::lock_guard lock(mutex_);
      if (linked_.contains(escalation.inquiry_id)) continue;
      auto failure = failures_.find(escalation.inquiry_id);
      if (failure != failures_.end() && failure->second.retry_at > now) continue;
    }
    auto done = carry_out(escalation);
    std::lock_guard lock(mutex_);
    if (done) {
      failures_.erase(escalation.inquiry_id);
      continue;
    }
    failed_->inc();
    observability::log_warn("inquiry escalation failed; trying again later",
                            {{"inquiry_id", escalation.inquiry_id}, {"reason", done.error()}});
    // A refusal will likely be refused again until someone acts: wait longer each time.
    auto& failure = failures_[escalation.inquiry_id];
    failure.attempts += 1;
    const auto wait = std::min(options_.retry_after * (1 << std::min(failure.attempts - 1, 10)),
                               std::chrono::duration_cast<std::chrono::milliseconds>(kLongestWait));
    failure.reason = done.error();
    failure.retry_at = now + wait;
  }
}

std::expected<aggregate::CommandClient*, std::string> EscalationService::client(
    const std::string& module) {
  if (auto known = clients_.find(module); known != clients_.end()) return known->second.get();
  auto made = context_->command_client(module);
  if (!made) return std::unexpected(made.error());
  return clients_.emplace(module, std::move(*made)).first->second.get();
}

std::expected<void, std::string> EscalationService::carry_out(const Escalation& escalation) {
  const bool to_change = escalation.target == kToChange;
  const std::string what = to_change ? "the change" : "the incident";
  auto target = client(to_change ? "changes" : "incidents");
  if (!target) return std::unexpected(target.error());
  auto opened = (*target)->send({.path = to_change ? "/v1/changes" : "/v1/incidents",
                                 .body = escalation.request.dump(),
                                 .idempotency_key = opening_key(escalation),
                                 .correlation_id = opening_key(escalation)});
  if (!opened) return std::unexpected("opening " + what + ": " + opened.error());
  auto answer = nlohmann::json::parse(opened->body, nullptr, false);
  std::string opened_id;
  if (opened->status == 201 || opened->status == 200) {
    opened_id = answer.is_object() ? answer.value("id", std::string()) : "";
  } else if (to_change && opened->status == 409 &&
             opened->body.find(kHasChange) != std::string::npos) {
    // Registered before (by the desk, or an attempt whose answer was lost): link that one.
    opened_id = answer.is_object() ? answer.value("change_id", std::string()) : "";
  } else {
    return std::unexpected("opening " + what + ": " + refusal(*opened));
  }
  if (opened_id.empty()) return std::unexpected("opening " + what + ": the answer names none");

  auto inquiries = client("inquiries");
  if (!inquiries) return std::unexpected(inquiries.error());
  auto linked =
      (*inquiries)
          ->send(
              {.path = "/v1/inquiries/" + escalation.inquiry_id +
                       (to_change ? "/link_change" : "/link_incident"),
               .body = nlohmann::json{{to_change ? "change_id" : "incident_id", opened_id}}.dump(),
               .idempotency_key = link_key(escalation),
               .correlation_id = link_key(escalation)});
  if (!linked) return std::unexpected("linking " + opened_id + ": " + linked.error());
  const bool already =
      linked->status == 409 &&
      linked->body.find(to_change ? kChangeAlreadyLinked : kAlreadyLinked) != std::string::npos;
  if (linked->status != 200 && !already)
    return std::unexpected("linking " + opened_id + ": " + refusal(*linked));
  opened_->inc();
  std::lock_guard lock(mutex_);
  linked_[escalation.inquiry_id] = opened_id;
  return {};
}

modules::Readiness EscalationService::readiness() const {
  auto readiness = modules::projection_readiness(*runner_, *view_, {kDomain});
  std::lock_guard lock(mutex_);
  readiness.details["pending_escalations"] = pending_;
  auto failing = nlohmann::json::array();
  for (const auto& [inquiry_id, failure] : failures_)
    failing.push_back({{"inquiry_id", inquiry_id}, {"reason", failure.reason}});
  readiness.details["failing_escalations"] = failing;
  return readiness;
}

}  // namespace opsdesk::inquiries::escalation
