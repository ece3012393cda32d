#pragma once
// The inquiries HTTP API (docs/api/inquiries.yaml): commands as POSTs, the inquiry, its history
// and the list as GETs. Authentication, roles and tenant scope are checked here; command
// execution is the shared command plumbing's (libs/aggregate).

#include "libs/calendar/business_calendar.hpp"
#include "libs/core/clock.hpp"
#include "libs/core/uuid.hpp"
#include "libs/http/json_body.hpp"
#include "libs/http/router.hpp"
#include "services/inquiries/inquiry_aggregate.hpp"
#include "services/inquiries/inquiry_index.hpp"

namespace opsdesk::inquiries::api {

struct InquiryApi {
  CommandHandler& commands;
  InquiryRepository& repository;
  InquiryIndex& index;
  const core::Clock& clock;
  core::UuidV7Generator& ids;
  const calendar::BusinessCalendar& calendar;  // the report's business time
  http::InstantRange instants{};               // the times a command may name
};

void add_inquiry_routes(http::Router& router, InquiryApi api);

}  // namespace opsdesk::inquiries::api
