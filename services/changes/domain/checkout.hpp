#pragma once
// An asset of the Standard Kyosai System handed out (払い出し, 仕様書 4.(5)①ア) as a decider: a
// configuration item (programs, tools, a document set) or a controlled document's version, to
// this contractor's staff or another vendor, with the master's files it must match; returned;
// and checked for consistency against the master (4.(5)①イ) once it comes back or is delivered:
// consistent when every file's SHA-256 equals the master's, else the differences are listed.
// Pure: which items and documents exist is the service's to check.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libs/aggregate/domain_error.hpp"
#include "libs/core/instant.hpp"
#include "services/changes/contract/change_events.hpp"
#include "services/changes/domain/vocabulary.hpp"

namespace opsdesk::changes {

struct AssetFile {
  std::string name;
  std::string sha256;
  bool operator==(const AssetFile&) const = default;
};

struct AssetDifference {
  std::string name;
  std::string change;  // changed | missing | added
  std::string master_sha256;
  std::string found_sha256;
  bool operator==(const AssetDifference&) const = default;
};

struct ConsistencyCheck {
  std::string result;  // consistent | differs
  std::vector<AssetFile> found;
  std::vector<AssetDifference> differences;
  std::string note;
  core::Instant at{};
  std::string by;
  bool operator==(const ConsistencyCheck&) const = default;
};

struct AssetReturn {
  std::string note;
  core::Instant at{};
  std::string by;
  bool operator==(const AssetReturn&) const = default;
};

struct CheckoutState {
  std::string id;
  std::uint64_t version = 0;
  std::string asset_kind;  // configuration_item | document
  std::string ci_id;
  std::string code;
  std::string document_id;
  std::string document_version;
  std::string recipient;
  std::string purpose;
  std::optional<Date> due_back;
  std::vector<std::string> tenants;  // the associations the asset serves
  std::vector<AssetFile> master;
  core::Instant checked_out_at{};
  std::string checked_out_by;
  std::optional<AssetReturn> returned;
  std::vector<ConsistencyCheck> checks;  // oldest first
  core::Instant changed_at{};

  bool exists() const { return version > 0; }
  // out | returned
  std::string status() const { return returned ? "returned" : "out"; }
  // The latest check's result, or empty before any.
  std::string consistency() const { return checks.empty() ? "" : checks.back().result; }
  bool operator==(const CheckoutState&) const = default;
};

// The asset a check-out names, as the service found it.
struct CheckoutAsset {
  std::string ci_id;
  std::string code;
  std::string document_id;
  std::string document_version;
  std::string title;  // the item's name or the document's title, for messages
  std::vector<std::string> tenants;
  bool retired = false;
  bool has_version = true;        // a document: the named version exists
  std::string versions;           // a document's versions, for the message when it has not
  std::vector<AssetFile> master;  // a document version: its file and hash
};

struct CheckOutAsset {
  std::string checkout_id;
  std::string asset_kind;
  std::string named;  // the item's code or id, the document's id, as the caller named it
  std::string document_version;
  std::optional<CheckoutAsset> asset;  // nullopt: nothing has that name
  std::string recipient;
  std::string purpose;
  std::optional<Date> due_back;
  std::vector<AssetFile> master;  // an item's files as the master holds them
  std::string by;
  core::Instant at{};
};
struct ReturnAsset {
  std::string note;
  std::string by;
  core::Instant at{};
};
struct CheckConsistency {
  std::vector<AssetFile> found;  // a file's name may be empty when the master has one file
  std::string note;
  std::string by;
  core::Instant at{};
};

using CheckoutCommand = std::variant<CheckOutAsset, ReturnAsset, CheckConsistency>;

std::expected<std::vector<CheckoutEvent>, DomainError> decide(const CheckoutState& state,
                                                              const CheckoutCommand& command,
                                                              core::Instant now);
CheckoutState evolve(CheckoutState state, const CheckoutEvent& event);
std::vector<std::string> tenants_named(const CheckoutCommand& command);

// How `found` differs from `master`, by file name: changed (both, hashes differ), missing (in
// the master only), added (found only); in the master's order, then the found order. Empty:
// consistent.
std::vector<AssetDifference> compare_with_master(const std::vector<AssetFile>& master,
                                                 const std::vector<AssetFile>& found);

}  // namespace opsdesk::changes
