#pragma once
// What every decider checks of a command's fields, collected so that one 422 names every bad
// field at once (DomainError::Kind::invalid_fields), and the 409 for a broken lifecycle rule.
// Header-only and pure, like the deciders that use it.

#include <algorithm>
#include <cctype>
#include <chrono>
#include <expected>
#include <string>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/tokyo_time.hpp"

namespace opsdesk::aggregate {

inline std::unexpected<DomainError> rule_violated(std::string rule, std::string message) {
  return std::unexpected(
      DomainError{DomainError::Kind::rule_violated, std::move(rule), std::move(message), {}});
}

inline bool is_blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

class FieldCheck {
 public:
  // `allowed_skew`: how far a time stamped by a person's or a monitor's clock may run ahead of
  // `now` (the domain's own allowance).
  FieldCheck(core::Instant now, std::chrono::minutes allowed_skew)
      : now_(now), allowed_skew_(allowed_skew) {}

  void not_in_future(const std::string& field, core::Instant at) {
    if (at > now_ + allowed_skew_)
      add(field, "must not be in the future (" + core::format_tokyo_rfc3339(at) +
                     " is after now, " + core::format_tokyo_rfc3339(now_) + ", by more than " +
                     std::to_string(allowed_skew_.count()) + " minutes of clock skew)");
  }
  void not_blank(const std::string& field, const std::string& value) {
    if (is_blank(value)) add(field, "must not be blank");
  }
  void one_of(const std::string& field, const std::string& value,
              const std::vector<std::string>& allowed) {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
    std::string list;
    for (const auto& each : allowed) list += (list.empty() ? "" : ", ") + each;
    add(field, "'" + value + "' is not allowed; allowed: " + list);
  }
  void add(std::string field, std::string message) {
    fields_.push_back({std::move(field), std::move(message)});
  }

  bool ok() const { return fields_.empty(); }
  std::unexpected<DomainError> error() const {
    return std::unexpected(DomainError{DomainError::Kind::invalid_fields, "validation-failed",
                                       "one or more fields are invalid", fields_});
  }

 private:
  core::Instant now_;
  std::chrono::minutes allowed_skew_;
  std::vector<DomainError::Field> fields_;
};

}  // namespace opsdesk::aggregate
