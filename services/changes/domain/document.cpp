#include "services/changes/domain/document.hpp"

#include <algorithm>

#include "libs/core/overloaded.hpp"
#include "libs/core/sha256_text.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/changes/domain/field_check.hpp"

namespace opsdesk::changes {

namespace {

using core::Instant;
using proto::from_timestamp;
using proto::to_timestamp;
using Result = std::expected<std::vector<DocumentEvent>, DomainError>;

std::optional<DomainError> refuse_retired(const DocumentState& s) {
  if (!s.retired) return std::nullopt;
  return aggregate::rule_violated("document-retired",
                                  "document '" + s.title + "' was retired: " + s.retired->reason)
      .error();
}

Result decide_register(const DocumentState& s, const RegisterDocument& c, Instant now) {
  if (s.exists())
    return aggregate::rule_violated("document-already-exists", "document " + s.id + " exists");
  FieldCheck check(now);
  check.not_blank("title", c.title);
  if (!is_one_of(document_kinds(), c.kind))
    check.add("kind", "'" + c.kind +
                          "' is not a kind of document; allowed: " + words_text(document_kinds()));
  if (auto problem = scope_problem(c.tenants)) check.add("tenants", *problem);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::DocumentRegistered e;
  e.set_document_id(c.document_id);
  e.set_title(c.title);
  e.set_kind(c.kind);
  for (const auto& t : c.tenants) e.add_tenants(t);
  e.set_description(c.description);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<DocumentEvent>{e};
}

Result decide_add_version(const DocumentState& s, const AddDocumentVersion& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("version", c.version);
  if (c.version.find('/') != std::string::npos)
    check.add("version", "must not contain '/' (it names the version in URLs)");
  std::string sha256 = c.sha256;
  std::uint64_t size = c.size.value_or(0);
  if (c.content) {
    if (c.content->size() > kMaxDocumentContentBytes)
      check.add("content_base64", "carries " + std::to_string(c.content->size()) +
                                      " bytes; at most " +
                                      std::to_string(kMaxDocumentContentBytes) +
                                      " travel with a version (give sha256 and size of a larger "
                                      "file and keep it outside)");
    if (sha256.empty()) sha256 = c.content_sha256;
    if (sha256 != c.content_sha256)
      check.add("sha256", "does not match the content's SHA-256 (" + c.content_sha256 + ")");
    if (c.size && *c.size != c.content->size())
      check.add("size", "does not match the content's size (" + std::to_string(c.content->size()) +
                            " bytes)");
    size = c.content->size();
  } else {
    if (sha256.empty())
      check.add("sha256", "give the file's SHA-256 (64 hex digits), or its content_base64");
    if (!c.size) check.add("size", "give the file's size in bytes, or its content_base64");
  }
  if (!sha256.empty() && !core::is_sha256_hex(sha256))
    check.add("sha256", "must be a SHA-256 as 64 hex digits");
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  if (s.find_version(c.version) != nullptr)
    return aggregate::rule_violated(
        "document-version-exists",
        "document '" + s.title + "' has a version " + c.version + " (a version is never replaced)");
  v1::DocumentVersionAdded e;
  e.set_version(c.version);
  e.set_sha256(sha256);
  e.set_size(size);
  if (c.content) {
    e.set_content(*c.content);
    e.set_has_content(true);
  }
  e.set_file_name(c.file_name);
  e.set_media_type(c.media_type);
  e.set_note(c.note);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<DocumentEvent>{e};
}

Result decide_approve(const DocumentState& s, const ApproveDocumentVersion& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("version", c.version);
  check.not_blank("approver", c.approver);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!c.version.empty() && s.find_version(c.version) == nullptr)
    check.add("version",
              "document '" + s.title + "' has no version " + c.version + "; " + s.versions_text());
  if (!check.ok()) return check.error();
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  if (const auto& approval = s.find_version(c.version)->approval)
    return aggregate::rule_violated("version-already-approved",
                                    "version " + c.version + " of '" + s.title +
                                        "' was approved by " + approval->approver + " at " +
                                        core::format_tokyo_rfc3339(approval->at));
  v1::DocumentVersionApproved e;
  e.set_version(c.version);
  e.set_approver(c.approver);
  e.set_note(c.note);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<DocumentEvent>{e};
}

Result decide_file(const FileDocument& c, Instant now) {
  FieldCheck check(now);
  if (!is_one_of(filing_locations(), c.location))
    check.add("location", "'" + c.location + "' is not a filing location; allowed: " +
                              words_text(filing_locations()) + " (書架, 耐火金庫, 電子)");
  check.not_blank("label", c.label);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  v1::DocumentFiled e;
  e.set_location(c.location);
  e.set_label(c.label);
  e.set_index(c.index);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<DocumentEvent>{e};
}

Result decide_retire(const DocumentState& s, const RetireDocument& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (auto retired = refuse_retired(s)) return std::unexpected(*retired);
  v1::DocumentRetired e;
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<DocumentEvent>{e};
}

}  // namespace

const DocumentVersion* DocumentState::find_version(const std::string& name) const {
  auto found = std::ranges::find(versions, name, &DocumentVersion::version);
  return found == versions.end() ? nullptr : &*found;
}

std::string DocumentState::versions_text() const {
  if (versions.empty()) return "it has none yet (add_version)";
  std::string text;
  for (const auto& v : versions) text += (text.empty() ? "" : ", ") + v.version;
  return "its versions: " + text;
}

const DocumentVersion* DocumentState::approved() const {
  for (auto it = versions.rbegin(); it != versions.rend(); ++it)
    if (it->approval) return &*it;
  return nullptr;
}

std::string DocumentState::status() const {
  if (retired) return "retired";
  if (versions.empty()) return "draft";
  return versions.back().approval ? "approved" : "in_review";
}

std::vector<std::string> DocumentState::concerned() const { return concerned_codes(tenants); }

std::expected<std::vector<DocumentEvent>, DomainError> decide(const DocumentState& state,
                                                              const DocumentCommand& command,
                                                              Instant now) {
  if (const auto* c = std::get_if<RegisterDocument>(&command))
    return decide_register(state, *c, now);
  if (!state.exists())
    return std::unexpected(
        DomainError{DomainError::Kind::not_found, "document-not-found", "no such document", {}});
  return std::visit(
      core::overloaded{
          [](const RegisterDocument&) -> Result { return {}; },  // handled above
          [&](const AddDocumentVersion& c) { return decide_add_version(state, c, now); },
          [&](const ApproveDocumentVersion& c) { return decide_approve(state, c, now); },
          [&](const FileDocument& c) { return decide_file(c, now); },
          [&](const RetireDocument& c) { return decide_retire(state, c, now); },
      },
      command);
}

DocumentState evolve(DocumentState s, const DocumentEvent& event) {
  std::visit(
      core::overloaded{
          [&](const v1::DocumentRegistered& e) {
            s.id = e.document_id();
            s.title = e.title();
            s.kind = e.kind();
            s.tenants.assign(e.tenants().begin(), e.tenants().end());
            s.description = e.description();
            s.registered_at = from_timestamp(e.at());
            s.registered_by = e.by();
          },
          [&](const v1::DocumentVersionAdded& e) {
            DocumentVersion v;
            v.version = e.version();
            v.sha256 = e.sha256();
            v.size = e.size();
            v.has_content = e.has_content();
            v.file_name = e.file_name();
            v.media_type = e.media_type();
            v.note = e.note();
            v.at = from_timestamp(e.at());
            v.by = e.by();
            s.versions.push_back(std::move(v));
          },
          [&](const v1::DocumentVersionApproved& e) {
            auto found = std::ranges::find(s.versions, e.version(), &DocumentVersion::version);
            if (found == s.versions.end()) return;
            found->approval =
                VersionApproval{e.approver(), e.note(), from_timestamp(e.at()), e.by()};
          },
          [&](const v1::DocumentFiled& e) {
            s.filing = Filing{e.location(), e.label(), e.index(), from_timestamp(e.at()), e.by()};
          },
          [&](const v1::DocumentRetired& e) {
            s.retired = DocumentRetirement{e.reason(), from_timestamp(e.at()), e.by()};
          },
      },
      event);
  ++s.version;
  s.changed_at = occurred_at(event);
  return s;
}

std::vector<std::string> tenants_named(const DocumentCommand& command) {
  if (const auto* c = std::get_if<RegisterDocument>(&command)) return concerned_codes(c->tenants);
  return {};
}

}  // namespace opsdesk::changes
