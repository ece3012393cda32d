#pragma once
// How inquiries look in the HTTP API: snake_case JSON, times in Tokyo time (+09:00), null for
// "not yet".

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "libs/eventstore/event_store.hpp"
#include "services/inquiries/domain/state.hpp"
#include "services/inquiries/inquiry_index.hpp"

namespace opsdesk::inquiries::api {

// The inquiry as JSON text; with `position`, also the log position the command reached.
std::string inquiry_json(const InquiryState& state,
                         std::optional<std::uint64_t> position = std::nullopt);
nlohmann::json summary_json(const InquirySummary& summary);
// The envelope's fields and the decoded payload (an inquiry has no tenant-private events).
nlohmann::json event_json(const eventstore::RecordedEvent& record, const InquiryEvent& event);

}  // namespace opsdesk::inquiries::api
