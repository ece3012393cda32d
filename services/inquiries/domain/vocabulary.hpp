#pragma once
// The closed vocabularies of the inquiries domain (DOMAIN.md §Inquiries): one place for the
// allowed values, used by the decider and by the API's field validation alike (checked with
// aggregate::FieldCheck::one_of).

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::inquiries {

inline const std::vector<std::string> kChannels{"phone", "email", "web", "in_person", "other"};
inline const std::vector<std::string> kClasses{"fault", "improvement", "question", "out_of_scope"};
inline const std::vector<std::string> kEffortKinds{"handling", "investigation", "recording",
                                                   "answer_review", "coordination"};
// The severities an escalated fault may carry: the incidents' own (their contract's
// IncidentDetected.severity); the incidents service checks them again when it records it.
inline const std::vector<std::string> kFaultSeverities{"critical", "major", "minor"};

// The centre operations team as the origin of an inquiry (DOMAIN.md §Scope words).
inline constexpr std::string_view kCentreOps = "centre_ops";

// A time stamped by a person's clock may run ahead of ours by this much.
inline constexpr std::chrono::minutes kAllowedClockSkew{2};
// One effort entry at most: a longer stretch is recorded as several entries.
inline constexpr unsigned kMaxEffortMinutes = 24 * 60;

}  // namespace opsdesk::inquiries
