#pragma once
// FAQ entries and files (仕様書 4.(2)④エ) as deciders: an entry is made from an answered
// inquiry, edited into new versions and retired; the public entries are frozen as numbered FAQ
// files. Pure: no I/O, no clock; the inquiry an entry comes from is looked up by the caller and
// given in the command.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/inquiries/contract/faq_events.hpp"

namespace opsdesk::inquiries::faq {

using DomainError = aggregate::DomainError;

// "*" in an entry's tenants: every association.
inline constexpr std::string_view kEveryAssociation = "*";

// ---- entries (stream "faq-<id>") ----

struct FaqEntryState {
  std::string id;
  std::uint64_t version = 0;  // events folded in; each edit is a new version of the entry
  std::string inquiry_id;
  std::string question;
  std::string answer;
  std::string category;
  std::vector<std::string> tenants;
  bool is_public = false;
  bool retired = false;
  core::Instant created_at{};
  core::Instant updated_at{};

  bool exists() const { return version > 0; }
  bool operator==(const FaqEntryState&) const = default;
};

// What the caller found of the inquiry an entry is made from.
struct SourceInquiry {
  bool exists = false;
  bool answered = false;  // it has an answer (first_answered_at)
};

struct CreateFaqEntry {
  std::string faq_id;
  std::string inquiry_id;
  SourceInquiry inquiry;
  std::string question;
  std::string answer;
  std::string category;
  std::vector<std::string> tenants;
  bool is_public = false;
  std::string by;
  core::Instant at;
};

// Fields left out keep their value.
struct EditFaqEntry {
  std::optional<std::string> question;
  std::optional<std::string> answer;
  std::optional<std::string> category;
  std::optional<std::vector<std::string>> tenants;
  std::optional<bool> is_public;
  std::string reason;
  std::string by;
  core::Instant at;
};

struct RetireFaqEntry {
  std::string reason;
  std::string by;
  core::Instant at;
};

using FaqEntryCommand = std::variant<CreateFaqEntry, EditFaqEntry, RetireFaqEntry>;

std::expected<std::vector<FaqEntryEvent>, DomainError> decide(const FaqEntryState& state,
                                                              const FaqEntryCommand& command,
                                                              core::Instant now);
FaqEntryState evolve(FaqEntryState state, const FaqEntryEvent& event);

// Whether `viewer_tenants` (a token's; all_tenants for "*") may read the entry: an entry for
// every association is everyone's.
bool applies_to_any(const std::vector<std::string>& entry_tenants,
                    const std::vector<std::string>& viewer_tenants, bool all_tenants);

// ---- files (stream "faqfile-log") ----

struct FaqFileRef {
  std::string faq_id;
  std::uint64_t entry_version = 0;
  bool operator==(const FaqFileRef&) const = default;
};

struct FaqFilesState {
  std::uint64_t version = 0;  // files published so far: the last one's number
  std::vector<FaqFileRef> last_entries;
  bool operator==(const FaqFilesState&) const = default;
};

struct PublishFaqFile {
  std::vector<FaqFileRef> entries;  // the public entries now, in a stable order
  std::string by;
  core::Instant at;
};

std::expected<std::vector<FaqFileEvent>, DomainError> decide(const FaqFilesState& state,
                                                             const PublishFaqFile& command,
                                                             core::Instant now);
FaqFilesState evolve(FaqFilesState state, const FaqFileEvent& event);

}  // namespace opsdesk::inquiries::faq
