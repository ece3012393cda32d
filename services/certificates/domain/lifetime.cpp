#include "services/certificates/domain/lifetime.hpp"

#include <array>

namespace opsdesk::certificates {

namespace {

using std::chrono::days;

core::Instant utc_day(int y, unsigned m, unsigned d) {
  return core::Instant{std::chrono::sys_days{std::chrono::year{y} / m / d}};
}

struct Step {
  core::Instant from;
  int max_days;
  const char* since;
};

// Newest first: the first step the issue date reaches applies.
const std::array<Step, 4> kTlsSteps = {{{utc_day(2029, 3, 15), 47, "2029-03-15"},
                                        {utc_day(2027, 3, 15), 100, "2027-03-15"},
                                        {utc_day(2026, 3, 15), 200, "2026-03-15"},
                                        {utc_day(2020, 9, 1), 398, "2020-09-01"}}};
const Step kCodeSigningStep{utc_day(2026, 3, 1), 460, "2026-03-01"};

}  // namespace

RenewalDue renewal_due_at(core::Instant not_before, core::Instant not_after,
                          const RenewalSettings& settings) {
  const auto lifetime = not_after - not_before;
  if (settings.renew_before && *settings.renew_before > std::chrono::seconds{0} &&
      *settings.renew_before < lifetime)
    return {not_after - *settings.renew_before, "renew_before"};
  if (settings.renew_before_percentage && *settings.renew_before_percentage >= 1 &&
      *settings.renew_before_percentage <= 99)
    return {not_after - lifetime * *settings.renew_before_percentage / 100,
            "renew_before_percentage"};
  return {not_after - lifetime / 3, "one_third_of_lifetime"};
}

std::optional<LifetimeLimit> lifetime_limit(std::string_view purpose, core::Instant issued) {
  if (purpose == "tls_server") {
    for (const auto& step : kTlsSteps)
      if (issued >= step.from)
        return LifetimeLimit{step.max_days,
                             "CA/Browser Forum: a TLS server certificate issued on or after " +
                                 std::string(step.since) + " lives at most " +
                                 std::to_string(step.max_days) + " days"};
    return std::nullopt;
  }
  if (purpose == "code_signing" && issued >= kCodeSigningStep.from)
    return LifetimeLimit{kCodeSigningStep.max_days,
                         "CA/Browser Forum: a code-signing certificate issued on or after " +
                             std::string(kCodeSigningStep.since) + " lives at most " +
                             std::to_string(kCodeSigningStep.max_days) + " days"};
  return std::nullopt;
}

std::optional<std::string> lifetime_warning(std::string_view purpose, core::Instant not_before,
                                            core::Instant not_after) {
  const auto limit = lifetime_limit(purpose, not_before);
  if (!limit) return std::nullopt;
  const auto lifetime = not_after - not_before;
  if (lifetime <= days{limit->max_days}) return std::nullopt;
  const auto lived = std::chrono::duration_cast<std::chrono::hours>(lifetime).count();
  return limit->rule + "; this one lives " + std::to_string(lived / 24) +
         (lived % 24 ? " days and " + std::to_string(lived % 24) + " hours" : " days");
}

}  // namespace opsdesk::certificates
