#pragma once
// The changes domain's published contract (proto-schemas/opsdesk/changes/v1/events.proto, topic
// opsdesk.changes.events.v1): configuration items (streams "ci-<uuidv7>"), change requests with
// their work breakdown ("change-<uuidv7>"), the contract term's modification effort against
// its cap ("effortcap-<YYYY>"), security patches with their rollout ("patch-<uuidv7>"), controlled
// documents ("document-<uuidv7>"), meetings and their minutes ("meeting-<uuidv7>") and assets
// handed out ("checkout-<uuidv7>"). Readers
// decode through here and visit each variant with a handler for every alternative.

#include <expected>
#include <string>
#include <string_view>
#include <variant>

#include "libs/core/instant.hpp"
#include "opsdesk/changes/v1/events.pb.h"
#include "opsdesk/eventstore/v1/recorded_event.pb.h"

namespace opsdesk::changes {

namespace v1 = opsdesk::changes::v1;

inline const std::string kDomain = "changes";

using ConfigurationItemEvent =
    std::variant<v1::ConfigurationItemRegistered, v1::ConfigurationItemRevised,
                 v1::ConfigurationItemRetired>;
using ChangeEvent =
    std::variant<v1::ChangeRegistered, v1::ChangeAssessed, v1::ChangeApproved,
                 v1::ChangePhaseCompleted, v1::ChangePhaseSkipped, v1::ChangeClosed,
                 v1::ChangeRejected, v1::ChangeWithdrawn, v1::WorkPackageAdded,
                 v1::WorkProgressRecorded, v1::ActualEffortRecorded, v1::BaselineSet>;
using EffortCapEvent = std::variant<v1::ContractEffortThresholdReached>;
using PatchEvent =
    std::variant<v1::PatchRegistered, v1::PatchAssessed, v1::PatchUrgencyDecided,
                 v1::PatchVerificationRecorded, v1::PatchProcedureAttached, v1::PatchLinkedToChange,
                 v1::PatchTargetsAdded, v1::PatchRolloutRecorded, v1::EmergencyPatchOverdue>;
using DocumentEvent =
    std::variant<v1::DocumentRegistered, v1::DocumentVersionAdded, v1::DocumentVersionApproved,
                 v1::DocumentFiled, v1::DocumentRetired>;
using MeetingEvent = std::variant<v1::MeetingRecorded, v1::MinutesRecorded, v1::MinutesOverdue>;
using CheckoutEvent = std::variant<v1::AssetCheckedOut, v1::AssetReturned, v1::ConsistencyChecked>;

inline constexpr std::string_view kConfigurationItemStreamPrefix = "ci-";
inline constexpr std::string_view kChangeStreamPrefix = "change-";
inline constexpr std::string_view kEffortCapStreamPrefix = "effortcap-";
inline constexpr std::string_view kPatchStreamPrefix = "patch-";
inline constexpr std::string_view kDocumentStreamPrefix = "document-";
inline constexpr std::string_view kMeetingStreamPrefix = "meeting-";
inline constexpr std::string_view kCheckoutStreamPrefix = "checkout-";

std::string configuration_item_stream_id_of(std::string_view ci_id);
// The item id of a stream id, or empty when it is not a configuration item stream.
std::string configuration_item_id_of(std::string_view stream_id);

std::string change_stream_id_of(std::string_view change_id);
// The change id of a stream id, or empty when it is not a change stream.
std::string change_id_of(std::string_view stream_id);

// The term's stream is named by the fiscal year the term starts in ("2026").
std::string effort_cap_stream_id_of(std::string_view term);
// The term of a stream id, or empty when it is not an effort cap stream.
std::string effort_cap_term_of(std::string_view stream_id);

std::string patch_stream_id_of(std::string_view patch_id);
// The patch id of a stream id, or empty when it is not a patch stream.
std::string patch_id_of(std::string_view stream_id);

std::string document_stream_id_of(std::string_view document_id);
// The document id of a stream id, or empty when it is not a document stream.
std::string document_id_of(std::string_view stream_id);

std::string meeting_stream_id_of(std::string_view meeting_id);
// The meeting id of a stream id, or empty when it is not a meeting stream.
std::string meeting_id_of(std::string_view stream_id);

std::string checkout_stream_id_of(std::string_view checkout_id);
// The check-out id of a stream id, or empty when it is not a check-out stream.
std::string checkout_id_of(std::string_view stream_id);

core::Instant occurred_at(const ConfigurationItemEvent& event);
core::Instant occurred_at(const ChangeEvent& event);
core::Instant occurred_at(const EffortCapEvent& event);
core::Instant occurred_at(const PatchEvent& event);
core::Instant occurred_at(const DocumentEvent& event);
core::Instant occurred_at(const MeetingEvent& event);
core::Instant occurred_at(const CheckoutEvent& event);

// Fail, with the reason, for a record of another stream, a type this contract does not have or
// a payload that does not parse.
std::expected<ConfigurationItemEvent, std::string> decode_configuration_item(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<ChangeEvent, std::string> decode_change(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<EffortCapEvent, std::string> decode_effort_cap(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<PatchEvent, std::string> decode_patch(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<DocumentEvent, std::string> decode_document(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<MeetingEvent, std::string> decode_meeting(
    const opsdesk::eventstore::v1::RecordedEvent& record);
std::expected<CheckoutEvent, std::string> decode_checkout(
    const opsdesk::eventstore::v1::RecordedEvent& record);

}  // namespace opsdesk::changes
