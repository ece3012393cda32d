#pragma once
// When a certificate is to be renewed, and how long a new one may live. Pure.
//
// Renewal (cert-manager's rule): at notAfter − renew_before when that is set and shorter than
// the lifetime; else at renew_before_percentage of the lifetime before notAfter; else one third
// of the lifetime before notAfter. The answer names the rule that produced it.
//
// Lifetime limits (CA/Browser Forum): TLS server certificates issued on or after 2026-03-15 live
// at most 200 days (2027-03-15: 100 days; 2029-03-15: 47 days; before, 398 days); code-signing
// certificates issued on or after 2026-03-01 at most 460 days. A certificate over its limit is
// still recorded (the CA issued it); the limit is a warning.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "libs/core/instant.hpp"

namespace opsdesk::certificates {

struct RenewalSettings {
  std::optional<std::chrono::seconds> renew_before;  // e.g. 30 days
  std::optional<int> renew_before_percentage;        // 1–99
  bool operator==(const RenewalSettings&) const = default;
};

struct RenewalDue {
  core::Instant at{};
  std::string rule;  // renew_before | renew_before_percentage | one_third_of_lifetime
  bool operator==(const RenewalDue&) const = default;
};

RenewalDue renewal_due_at(core::Instant not_before, core::Instant not_after,
                          const RenewalSettings& settings);

struct LifetimeLimit {
  int max_days = 0;
  std::string rule;  // what the limit is and since when, for the warning
  bool operator==(const LifetimeLimit&) const = default;
};

// The limit for a certificate of `purpose` (tls_server | code_signing) issued at `issued`
// (its notBefore); nullopt when none applies.
std::optional<LifetimeLimit> lifetime_limit(std::string_view purpose, core::Instant issued);

// The warning to record when the certificate lives longer than its limit, else nullopt.
std::optional<std::string> lifetime_warning(std::string_view purpose, core::Instant not_before,
                                            core::Instant not_after);

}  // namespace opsdesk::certificates
