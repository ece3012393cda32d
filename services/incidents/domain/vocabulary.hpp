#pragma once
// The closed vocabularies of the incidents domain (DOMAIN.md §Incidents): one place for the
// allowed values, used by the decider and by the API's field validation alike.

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::incidents {

inline const std::vector<std::string> kSources{"monitoring", "inquiry", "operator", "vendor"};
inline const std::vector<std::string> kSeverities{"critical", "major", "minor"};
inline const std::vector<std::string> kNoticeKinds{"first_notice", "progress_report",
                                                   "recovery_report"};
inline const std::vector<std::string> kNoticeChannels{"email", "phone", "in_person", "other"};
inline const std::vector<std::string> kVendorKinds{"hardware", "software", "line", "facility"};

// A time stamped by a person's or a monitor's clock may run ahead of ours by this much.
inline constexpr std::chrono::minutes kAllowedClockSkew{2};

inline bool is_one_of(const std::vector<std::string>& allowed, std::string_view value) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

}  // namespace opsdesk::incidents
