#pragma once
// A controlled document (原本管理, 仕様書 4.(3)④イ⑤エ⑦ア) as a decider: registered with its kind
// and the associations it concerns; versions added, each known by the SHA-256 and size of its
// content (the bytes may travel with the version); each version approved by the association side
// (4.(1)②シ); the original filed with its location, label and place in the file; retired when it
// leaves use. Pure: the content's hash is computed at the edge and handed in.

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

// The most content a version carries in its event; larger files stay outside and are named by
// their hash. Under the HTTP body limit with base64's growth, and under the broker's message size.
inline constexpr std::size_t kMaxDocumentContentBytes = 512 * 1024;

struct VersionApproval {
  std::string approver;
  std::string note;
  core::Instant at{};
  std::string by;
  bool operator==(const VersionApproval&) const = default;
};

struct DocumentVersion {
  std::string version;  // "1.0", "第2版"
  std::string sha256;
  std::uint64_t size = 0;
  bool has_content = false;  // the bytes are in the version's event (read from the stream)
  std::string file_name;
  std::string media_type;
  std::string note;
  core::Instant at{};
  std::string by;
  std::optional<VersionApproval> approval;
  bool operator==(const DocumentVersion&) const = default;
};

struct Filing {
  std::string location;  // shelf | fireproof_safe | electronic
  std::string label;
  std::string index;
  core::Instant at{};
  std::string by;
  bool operator==(const Filing&) const = default;
};

struct DocumentRetirement {
  std::string reason;
  core::Instant at{};
  std::string by;
  bool operator==(const DocumentRetirement&) const = default;
};

struct DocumentState {
  std::string id;
  std::uint64_t version = 0;  // of the stream
  std::string title;
  std::string kind;
  std::vector<std::string> tenants;  // codes, or "all_centre"
  std::string description;
  core::Instant registered_at{};
  std::string registered_by;
  std::vector<DocumentVersion> versions;  // in the order added
  std::optional<Filing> filing;           // the latest
  std::optional<DocumentRetirement> retired;
  core::Instant changed_at{};

  bool exists() const { return version > 0; }
  const DocumentVersion* find_version(const std::string& name) const;
  // The newest version the association side approved: the one in force.
  const DocumentVersion* approved() const;
  // "its versions: 1.0, 1.1" (or that it has none), for messages naming a version it lacks.
  std::string versions_text() const;
  // draft (no version) | in_review (its newest version awaits approval) | approved | retired
  std::string status() const;
  // The associations it concerns (all_centre as the 18).
  std::vector<std::string> concerned() const;
  bool operator==(const DocumentState&) const = default;
};

struct RegisterDocument {
  std::string document_id;
  std::string title;
  std::string kind;
  std::vector<std::string> tenants;
  std::string description;
  std::string by;
  core::Instant at{};
};
struct AddDocumentVersion {
  std::string version;
  std::string sha256;  // as the caller gave it; may be empty when content is given
  std::optional<std::uint64_t> size;
  std::optional<std::string> content;  // the file's bytes, when they travel with the version
  std::string content_sha256;          // the content's hash, computed at the edge
  std::string file_name;
  std::string media_type;
  std::string note;
  std::string by;
  core::Instant at{};
};
struct ApproveDocumentVersion {
  std::string version;
  std::string approver;
  std::string note;
  std::string by;
  core::Instant at{};
};
struct FileDocument {
  std::string location;
  std::string label;
  std::string index;
  std::string by;
  core::Instant at{};
};
struct RetireDocument {
  std::string reason;
  std::string by;
  core::Instant at{};
};

using DocumentCommand = std::variant<RegisterDocument, AddDocumentVersion, ApproveDocumentVersion,
                                     FileDocument, RetireDocument>;

std::expected<std::vector<DocumentEvent>, DomainError> decide(const DocumentState& state,
                                                              const DocumentCommand& command,
                                                              core::Instant now);
DocumentState evolve(DocumentState state, const DocumentEvent& event);
std::vector<std::string> tenants_named(const DocumentCommand& command);

}  // namespace opsdesk::changes
