#pragma once
// The FAQ part of the inquiries domain's published contract (proto-schemas/opsdesk/inquiries/
// v1/events.proto, topic opsdesk.inquiries.events.v1): FAQ entries (streams "faq-<uuidv7>")
// and the numbered FAQ files (one stream, "faqfile-log", whose version is the file's number).
// Readers decode through here and visit each variant with a handler for every alternative.

#include <expected>
#include <string>
#include <string_view>
#include <variant>

#include "libs/core/instant.hpp"
#include "opsdesk/eventstore/v1/recorded_event.pb.h"
#include "opsdesk/inquiries/v1/events.pb.h"

namespace opsdesk::inquiries {

using FaqEntryEvent = std::variant<v1::FaqEntryCreated, v1::FaqEntryEdited, v1::FaqEntryRetired>;
using FaqFileEvent = std::variant<v1::FaqFilePublished>;

inline constexpr std::string_view kFaqStreamPrefix = "faq-";
std::string faq_stream_id_of(std::string_view faq_id);
// The entry id of a stream id, or empty when it is not an FAQ entry stream.
std::string faq_id_of(std::string_view stream_id);

// The one stream of published FAQ files, and the id the plumbing knows it by.
inline constexpr std::string_view kFaqFileStream = "faqfile-log";
inline constexpr std::string_view kFaqFileLogId = "log";

core::Instant occurred_at(const FaqEntryEvent& event);
core::Instant occurred_at(const FaqFileEvent& event);

// Fail, with the reason, for a record of another stream, a type this contract does not have or
// a payload that does not parse.
std::expected<FaqEntryEvent, std::string> decode_faq_entry(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<FaqFileEvent, std::string> decode_faq_file(
    const opsdesk::eventstore::v1::RecordedEvent& record);

}  // namespace opsdesk::inquiries
