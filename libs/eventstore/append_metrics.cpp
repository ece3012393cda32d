// Registration and recording of the event store's metrics (see append_metrics.hpp).

#include "libs/eventstore/append_metrics.hpp"

#include <vector>

namespace opsdesk::eventstore::detail {

namespace {

constexpr const char* kAppends = "opsdesk_eventstore_appends_total";
constexpr const char* kAppendsHelp = "Append requests by outcome (ok, conflict, replayed, error)";

std::vector<double> group_size_buckets() {
  std::vector<double> bounds;
  for (double bound = 1; bound <= 1024; bound *= 2) bounds.push_back(bound);
  return bounds;
}

observability::Labels with_outcome(const std::string& store, const char* outcome) {
  return {{"store", store}, {"outcome", outcome}};
}

}  // namespace

AppendMetrics::AppendMetrics(observability::Registry& registry, const std::string& store_label,
                             std::shared_ptr<const CommitNotifier> notifier)
    : ok_(registry.counter(kAppends, kAppendsHelp, with_outcome(store_label, "ok"))),
      conflict_(registry.counter(kAppends, kAppendsHelp, with_outcome(store_label, "conflict"))),
      replayed_(registry.counter(kAppends, kAppendsHelp, with_outcome(store_label, "replayed"))),
      error_(registry.counter(kAppends, kAppendsHelp, with_outcome(store_label, "error"))),
      events_(registry.counter("opsdesk_eventstore_events_appended_total",
                               "Events appended to the log", {{"store", store_label}})),
      commits_(registry.counter("opsdesk_eventstore_commits_total",
                                "Group commits (one fsync each)", {{"store", store_label}})),
      duration_(registry.histogram("opsdesk_eventstore_append_duration_seconds",
                                   "Append latency from enqueue to durable",
                                   {{"store", store_label}})),
      group_size_(registry.histogram("opsdesk_eventstore_commit_group_size",
                                     "Appends folded into one commit", {{"store", store_label}},
                                     group_size_buckets())),
      writable_(registry.gauge("opsdesk_eventstore_writable",
                               "1 while the store accepts appends; 0 while it refuses them (a "
                               "full disk until it resumes, a failed fsync until a restart)",
                               {{"store", store_label}})) {
  writable_.set(1);
  registry.gauge_callback(
      "opsdesk_eventstore_head_position", "Last durable log position", {{"store", store_label}},
      [notifier = std::move(notifier)] { return static_cast<double>(notifier->head()); });
}

void AppendMetrics::record_outcome(const std::expected<AppendResult, AppendError>& outcome) {
  if (outcome) {
    (outcome->replayed ? replayed_ : ok_).inc();
    return;
  }
  switch (outcome.error().code) {
    case errc::wrong_expected_version:
    case errc::idempotency_key_reused:
      conflict_.inc();
      return;
    case errc::invalid_request:
    case errc::storage_failure:
    case errc::shutting_down:
      error_.inc();
      return;
  }
  error_.inc();
}

void AppendMetrics::record_duration(std::chrono::steady_clock::duration duration) {
  duration_.observe(std::chrono::duration<double>(duration).count());
}

void AppendMetrics::record_commit(std::size_t appends, std::size_t events) {
  commits_.inc();
  events_.inc(events);
  group_size_.observe(static_cast<double>(appends));
}

void AppendMetrics::set_writable(bool writable) { writable_.set(writable ? 1 : 0); }

}  // namespace opsdesk::eventstore::detail
