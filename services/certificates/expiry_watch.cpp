#include "services/certificates/expiry_watch.hpp"

#include <algorithm>

#include "libs/auth/principal.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/core/tokyo_time.hpp"
#include "services/certificates/domain/expiry_watch_rules.hpp"

namespace opsdesk::certificates {

namespace {

// Names the record for its Idempotency-Key and correlation id: one per certificate and kind.
std::string key_of(const CertificateCommand& command, const std::string& fingerprint) {
  return std::visit(
      core::overloaded{
          [&](const RecordRenewalDue&) { return "certificate-renewal-due-" + fingerprint; },
          [&](const RecordExpiryApproaching& c) {
            return "certificate-expiry-" + std::to_string(c.lead_business_days) + "bd-" +
                   fingerprint;
          },
          [&](const RecordExpired&) { return "certificate-expired-" + fingerprint; },
          [&](const auto&) { return "certificate-watch-" + fingerprint; },
      },
      command);
}

}  // namespace

bool renewal_task_wanted(const CertificateState& c, core::Instant now) {
  return c.exists() && c.facts.purpose() == "code_signing" && !c.retired && c.successor.empty() &&
         c.renewal_task_id.empty() && now <= c.facts.not_after;
}

std::expected<ExpiryWatch::Pass, std::string> ExpiryWatch::pass() {
  const auto now = clock_.now();
  const auto who = auth::centre_watch("certificates-expiry-watch");
  Pass pass;
  auto record = [&](const std::string& fingerprint, CertificateCommand command,
                    const std::string& key) -> std::expected<bool, std::string> {
    aggregate::CommandContext context{who.subject, key, std::nullopt, std::nullopt, who};
    auto result =
        commands_.execute_and_wait(fingerprint, std::move(command), now, std::move(context));
    if (result) return true;
    // Recorded, retired or renewed meanwhile: nothing to do.
    if (result.error().kind == aggregate::CommandRejected::Kind::domain) return false;
    return std::unexpected("certificate " + fingerprint + ": " + result.error().message);
  };

  // A certificate whose record fails does not hold up the others; the pass reports the first.
  std::optional<std::string> failed;
  for (const auto& c : book_.certificates([](const CertificateState& c) { return !c.retired; })) {
    bool recorded = true;
    for (auto& command : records_due(c, book_.successor_in_use(c), now, leads_, calendar_)) {
      const auto key = key_of(command, c.fingerprint);
      auto done = record(c.fingerprint, std::move(command), key);
      if (!done) {
        if (!failed) failed = done.error();
        recorded = false;
        break;
      }
      if (*done) ++pass.recorded;
    }
    if (!recorded || !renewal_task_wanted(c, now)) continue;
    // A renewal beyond the business calendar's years waits until the calendar reaches it.
    if (!calendar::BusinessCalendar::covers(core::to_tokyo(std::max(c.renewal_due.at, now)).date))
      continue;
    auto task = schedule_renewal_(c);
    if (!task) {
      pass.task_failures.push_back("certificate " + c.fingerprint + ": " + task.error());
      continue;
    }
    // Planned for the day renewal is due, or today for one past it (renewal_task.hpp).
    const auto planned_on = std::max(c.renewal_due.at, now);
    auto done = record(c.fingerprint, RecordRenewalTaskScheduled{*task, planned_on, now},
                       "certificate-renewal-task-recorded-" + c.fingerprint);
    if (!done) {
      if (!failed) failed = done.error();
      continue;
    }
    if (*done) ++pass.tasks_scheduled;
  }
  if (failed) return std::unexpected(*failed);
  return pass;
}

}  // namespace opsdesk::certificates
