#pragma once
// A scope of associations as commands name it (DOMAIN.md §Scope words): association codes, or
// "all_centre" alone for the 18 associations of the centre. One rule for every service that
// takes one (a task, a window, a configuration item, a change).

#include <optional>
#include <string>
#include <vector>

namespace opsdesk::tenants {

// The association codes a scope names ("all_centre": the 18 of the centre), each once, in the
// registry's order.
std::vector<std::string> concerned_codes(const std::vector<std::string>& scope);
// What is wrong with a scope; nullopt if fine.
std::optional<std::string> scope_problem(const std::vector<std::string>& scope);
// A scope as the workbooks write it: 全センタ, or the associations' names joined by 、.
std::string scope_text_ja(const std::vector<std::string>& scope);

}  // namespace opsdesk::tenants
