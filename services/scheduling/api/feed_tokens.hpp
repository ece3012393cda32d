#pragma once
// Feed tokens (docs/api/scheduling.yaml): calendar programs (Outlook, Thunderbird) subscribe to
// GET /v1/schedule/calendar.ics by URL and cannot send a bearer token, so a user issues a token
// for the URL: POST /v1/schedule/feed-tokens (the secret is shown once), GET lists the user's
// own, DELETE …/{id} revokes one. The token reads the calendar feed only (the one route that
// declares `feed_token` in the route table), for the tenants its issuer held.

#include <optional>
#include <string>

#include "libs/auth/principal.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/http/router.hpp"
#include "services/scheduling/schedule_book.hpp"

namespace opsdesk::scheduling::api {

// The query parameter the calendar feed takes the token in.
inline constexpr std::string_view kFeedTokenParam = "feed_token";

struct FeedTokenApi {
  FeedTokenCommands& tokens;
  ScheduleBook& book;
  const core::Clock& clock;
  core::UuidV7Generator& ids;
};

void add_feed_token_routes(http::Router& router, FeedTokenApi api);

// Who a feed token reads as: its tenants, no role; nullopt for a token unknown or revoked.
std::optional<auth::Principal> feed_token_reader(const ScheduleBook& book,
                                                 const std::string& token);

}  // namespace opsdesk::scheduling::api
