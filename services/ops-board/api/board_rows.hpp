#pragma once
// A board row as a caller may see it: the one rule for what of an incident an association's
// administrator sees (its own tenants' entries only), shared by the board's queries and its
// stream (board_stream.hpp).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "libs/auth/principal.hpp"
#include "libs/core/instant.hpp"
#include "services/ops-board/board_row.pb.h"

namespace opsdesk::ops_board::api {

// A stored row; throws when the view holds something else (a bug or a broken view).
view::BoardRow parsed_row(std::string_view value);

// Whether the caller sees the incident at all: it affects one of the caller's tenants.
bool visible_to(const view::BoardRow& stored, const auth::Principal& who);

// The row as `who` may see it (only its tenants' entries, restricted to `tenant` when given,
// with the time elapsed since the fault at `now`); none when it affects none of them.
std::optional<nlohmann::json> visible_row(const view::BoardRow& stored, const auth::Principal& who,
                                          const std::optional<std::string>& tenant,
                                          core::Instant now);

}  // namespace opsdesk::ops_board::api
