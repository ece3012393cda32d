#pragma once
// The expiry watch (a process manager inside the certificates service). Each pass records, for
// every certificate of the inventory, what its time has brought (domain/expiry_watch_rules.hpp:
// RenewalDue, ExpiryApproaching per lead time, CertificateExpired), and puts the renewal of each
// code-signing certificate (仕様書 4.(3)④コ) on the centre's schedule: a certificate_renewal task
// in the scheduling service, planned on the day its renewal is due, then RenewalTaskScheduled on
// the certificate.
// Restart-safe and once: the certificate's own stream says what was recorded (the decider
// refuses a second), and the task is sent with an Idempotency-Key naming the certificate, so a
// kill between the task and its record repeats nothing.

#include <cstddef>
#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "services/certificates/certificate_book.hpp"

namespace opsdesk::certificates {

class ExpiryWatch {
 public:
  // Sends a certificate's renewal task to the scheduling service: its task id, or why not.
  using ScheduleRenewal =
      std::function<std::expected<std::string, std::string>(const CertificateState&)>;

  ExpiryWatch(CertificateBook& book, CertificateCommands& commands, const core::Clock& clock,
              const calendar::BusinessCalendar& calendar, std::vector<int> lead_business_days,
              ScheduleRenewal schedule_renewal)
      : book_(book),
        commands_(commands),
        clock_(clock),
        calendar_(calendar),
        leads_(std::move(lead_business_days)),
        schedule_renewal_(std::move(schedule_renewal)) {}

  struct Pass {
    std::size_t recorded = 0;                // RenewalDue, ExpiryApproaching and CertificateExpired
    std::size_t tasks_scheduled = 0;         // renewal tasks put on the schedule
    std::vector<std::string> task_failures;  // why a task could not be scheduled (next pass tries)
  };
  // Blocks until each record is durable. A record that fails leaves its certificate for the next
  // pass and the others go on; the error names the first that failed.
  std::expected<Pass, std::string> pass();

 private:
  CertificateBook& book_;
  CertificateCommands& commands_;
  const core::Clock& clock_;
  const calendar::BusinessCalendar& calendar_;
  std::vector<int> leads_;
  ScheduleRenewal schedule_renewal_;
};

// Whether a certificate's renewal is still to be put on the schedule at `now`: a code-signing
// certificate in use, not renewed, not expired, without its task.
bool renewal_task_wanted(const CertificateState& certificate, core::Instant now);

}  // namespace opsdesk::certificates
