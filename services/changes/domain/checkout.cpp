#include "services/changes/domain/checkout.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "libs/calendar/date_text.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/core/sha256_text.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/changes/domain/field_check.hpp"

namespace opsdesk::changes {

namespace {

using core::Instant;
using proto::from_timestamp;
using proto::to_timestamp;
using Result = std::expected<std::vector<CheckoutEvent>, DomainError>;

constexpr std::size_t kMaxFiles = 5000;

// Names not blank, each once, hashes well formed.
void check_files(FieldCheck& check, const std::string& field, const std::vector<AssetFile>& files) {
  if (files.size() > kMaxFiles) check.add(field, "at most " + std::to_string(kMaxFiles) + " files");
  std::set<std::string> names;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto at = field + "[" + std::to_string(i) + "]";
    if (aggregate::is_blank(files[i].name))
      check.add(at + ".name", "must not be blank");
    else if (!names.insert(files[i].name).second)
      check.add(at + ".name", "'" + files[i].name + "' is listed twice");
    if (!core::is_sha256_hex(files[i].sha256))
      check.add(at + ".sha256", "must be a SHA-256 as 64 hex digits");
  }
}

void add_files(google::protobuf::RepeatedPtrField<v1::AssetFile>& to,
               const std::vector<AssetFile>& files) {
  for (const auto& f : files) {
    auto* file = to.Add();
    file->set_name(f.name);
    file->set_sha256(f.sha256);
  }
}

std::vector<AssetFile> files_of(const google::protobuf::RepeatedPtrField<v1::AssetFile>& from) {
  std::vector<AssetFile> files;
  for (const auto& f : from) files.push_back({f.name(), f.sha256()});
  return files;
}

Result decide_check_out(const CheckoutState& s, const CheckOutAsset& c, Instant now) {
  if (s.exists())
    return aggregate::rule_violated("checkout-already-exists", "check-out " + s.id + " exists");
  FieldCheck check(now);
  const bool document = c.asset_kind == kDocumentAsset;
  const std::string name_field = document ? "document_id" : "configuration_item";
  if (!is_one_of(asset_kinds(), c.asset_kind)) {
    check.add("asset_kind", "'" + c.asset_kind +
                                "' is not a kind of asset; allowed: " + words_text(asset_kinds()));
  } else if (aggregate::is_blank(c.named)) {
    check.add(name_field, document ? "name the document handed out"
                                   : "name the configuration item handed out (its code or id)");
  } else if (!c.asset) {
    check.add(name_field, document ? "no document " + c.named
                                   : "no configuration item has the id or code '" + c.named + "'");
  } else if (c.asset->retired) {
    check.add(name_field, "'" + c.asset->title + "' was retired");
  } else if (document && !c.asset->has_version) {
    check.add("document_version", "'" + c.asset->title + "' has no version " + c.document_version +
                                      "; " + c.asset->versions);
  }
  if (document && aggregate::is_blank(c.document_version))
    check.add("document_version", "name the version handed out");
  if (!document && !aggregate::is_blank(c.document_version))
    check.add("document_version", "only a document's check-out names a version");
  if (document && !c.master.empty())
    check.add("master", "a document's master is the version's own hash; give none");
  check_files(check, "master", c.master);
  check.not_blank("recipient", c.recipient);
  check.not_blank("purpose", c.purpose);
  if (c.due_back) {
    check.covered("due_back", *c.due_back);
    const auto day = core::to_tokyo(c.at).date;
    if (c.due_back->ok() && std::chrono::sys_days{*c.due_back} < std::chrono::sys_days{day})
      check.add("due_back", "must not be before the day it is handed out (" +
                                calendar::format_iso_date(day) + ")");
  }
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  const auto& asset = *c.asset;
  v1::AssetCheckedOut e;
  e.set_checkout_id(c.checkout_id);
  e.set_asset_kind(c.asset_kind);
  e.set_configuration_item_id(asset.ci_id);
  e.set_code(asset.code);
  e.set_document_id(asset.document_id);
  e.set_document_version(asset.document_version);
  e.set_recipient(c.recipient);
  e.set_purpose(c.purpose);
  if (c.due_back) e.set_due_back(calendar::format_iso_date(*c.due_back));
  for (const auto& t : asset.tenants) e.add_tenants(t);
  add_files(*e.mutable_master(), document ? asset.master : c.master);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<CheckoutEvent>{e};
}

Result decide_return(const CheckoutState& s, const ReturnAsset& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (c.at < s.checked_out_at)
    check.add("at", "must not be before the asset was handed out (" +
                        core::format_tokyo_rfc3339(s.checked_out_at) + ")");
  if (!check.ok()) return check.error();
  if (s.returned)
    return aggregate::rule_violated(
        "asset-returned",
        "check-out " + s.id + " came back at " + core::format_tokyo_rfc3339(s.returned->at));
  v1::AssetReturned e;
  e.set_note(c.note);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<CheckoutEvent>{e};
}

Result decide_check(const CheckoutState& s, const CheckConsistency& c, Instant now) {
  auto found = c.found;
  // One file against a one-file master (a document's version): its name goes without saying.
  if (s.master.size() == 1 && found.size() == 1 && found.front().name.empty())
    found.front().name = s.master.front().name;
  FieldCheck check(now);
  if (found.empty()) check.add("found", "list the files found, each with its name and sha256");
  check_files(check, "found", found);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (s.master.empty())
    return aggregate::rule_violated(
        "no-master", "check-out " + s.id +
                         " recorded no master files to check against (a configuration item's "
                         "check-out lists them in master)");
  const auto differences = compare_with_master(s.master, found);
  v1::ConsistencyChecked e;
  e.set_result(differences.empty() ? "consistent" : "differs");
  add_files(*e.mutable_found(), found);
  for (const auto& d : differences) {
    auto* difference = e.add_differences();
    difference->set_name(d.name);
    difference->set_change(d.change);
    difference->set_master_sha256(d.master_sha256);
    difference->set_found_sha256(d.found_sha256);
  }
  e.set_note(c.note);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<CheckoutEvent>{e};
}

}  // namespace

std::vector<AssetDifference> compare_with_master(const std::vector<AssetFile>& master,
                                                 const std::vector<AssetFile>& found) {
  std::map<std::string, std::string> found_hash;
  for (const auto& f : found) found_hash[f.name] = f.sha256;
  std::set<std::string> in_master;
  std::vector<AssetDifference> differences;
  for (const auto& m : master) {
    in_master.insert(m.name);
    auto it = found_hash.find(m.name);
    if (it == found_hash.end())
      differences.push_back({m.name, std::string(kMissing), m.sha256, ""});
    else if (it->second != m.sha256)
      differences.push_back({m.name, std::string(kChanged), m.sha256, it->second});
  }
  for (const auto& f : found)
    if (!in_master.contains(f.name))
      differences.push_back({f.name, std::string(kAdded), "", f.sha256});
  return differences;
}

std::expected<std::vector<CheckoutEvent>, DomainError> decide(const CheckoutState& state,
                                                              const CheckoutCommand& command,
                                                              Instant now) {
  if (const auto* c = std::get_if<CheckOutAsset>(&command)) return decide_check_out(state, *c, now);
  if (!state.exists())
    return std::unexpected(
        DomainError{DomainError::Kind::not_found, "checkout-not-found", "no such check-out", {}});
  return std::visit(core::overloaded{
                        [](const CheckOutAsset&) -> Result { return {}; },  // handled above
                        [&](const ReturnAsset& c) { return decide_return(state, c, now); },
                        [&](const CheckConsistency& c) { return decide_check(state, c, now); },
                    },
                    command);
}

CheckoutState evolve(CheckoutState s, const CheckoutEvent& event) {
  std::visit(core::overloaded{
                 [&](const v1::AssetCheckedOut& e) {
                   s.id = e.checkout_id();
                   s.asset_kind = e.asset_kind();
                   s.ci_id = e.configuration_item_id();
                   s.code = e.code();
                   s.document_id = e.document_id();
                   s.document_version = e.document_version();
                   s.recipient = e.recipient();
                   s.purpose = e.purpose();
                   if (auto due = calendar::parse_iso_date(e.due_back())) s.due_back = *due;
                   s.tenants.assign(e.tenants().begin(), e.tenants().end());
                   s.master = files_of(e.master());
                   s.checked_out_at = from_timestamp(e.at());
                   s.checked_out_by = e.by();
                 },
                 [&](const v1::AssetReturned& e) {
                   s.returned = AssetReturn{e.note(), from_timestamp(e.at()), e.by()};
                 },
                 [&](const v1::ConsistencyChecked& e) {
                   ConsistencyCheck check;
                   check.result = e.result();
                   check.found = files_of(e.found());
                   for (const auto& d : e.differences())
                     check.differences.push_back(
                         {d.name(), d.change(), d.master_sha256(), d.found_sha256()});
                   check.note = e.note();
                   check.at = from_timestamp(e.at());
                   check.by = e.by();
                   s.checks.push_back(std::move(check));
                 },
             },
             event);
  ++s.version;
  s.changed_at = occurred_at(event);
  return s;
}

std::vector<std::string> tenants_named(const CheckoutCommand& command) {
  if (const auto* c = std::get_if<CheckOutAsset>(&command); c && c->asset) return c->asset->tenants;
  return {};
}

}  // namespace opsdesk::changes
