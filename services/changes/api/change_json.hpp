#pragma once
// Configuration items, changes and earned value as the API answers them (docs/api/changes.yaml):
// times in Tokyo's offset, dates as YYYY-MM-DD, hours as numbers (3 decimals), ratios with 4, a
// figure without a value as null with its reason under "undefined".

#include <nlohmann/json.hpp>
#include <string>

#include "services/changes/change_book.hpp"
#include "services/changes/domain/term_effort.hpp"
#include "services/changes/evm/earned_value.hpp"

namespace opsdesk::changes::api {

// Relations name their target's code and name as the book has them.
nlohmann::json ci_json(const ConfigurationItemState& item, const ChangeBook& book);
// The whole change as JSON text, written directly: every change command answers with it.
std::string change_json(const ChangeState& change, const ChangeBook& book);
// A change in a list: what it is and where it stands, without its packages' records.
nlohmann::json change_summary_json(const ChangeState& change);

nlohmann::json measures_json(const evm::Measures& m, double person_month_hours);
nlohmann::json term_effort_json(const TermEffort& effort, const EffortCapState& recorded);

double hours(double value);  // rounded to 3 decimals
double ratio(double value);  // rounded to 4 decimals

}  // namespace opsdesk::changes::api
