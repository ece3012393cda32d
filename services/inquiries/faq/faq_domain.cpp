#include "services/inquiries/faq/faq_domain.hpp"

#include <algorithm>

#include "libs/aggregate/field_check.hpp"
#include "libs/core/overloaded.hpp"
#include "libs/tenants/tenant_registry.hpp"
#include "proto-schemas/proto_time.hpp"
#include "services/inquiries/domain/vocabulary.hpp"

namespace opsdesk::inquiries::faq {

namespace {

using aggregate::is_blank;
using core::Instant;
using proto::from_timestamp;
using proto::to_timestamp;

struct FieldCheck : aggregate::FieldCheck {
  explicit FieldCheck(Instant now) : aggregate::FieldCheck(now, kAllowedClockSkew) {}

  // Association codes, or "*" alone for every association.
  void tenants(const std::vector<std::string>& codes) {
    if (codes.empty()) {
      add("tenants", "must name at least one association code, or [\"*\"] for every association");
      return;
    }
    const bool every = std::ranges::find(codes, kEveryAssociation) != codes.end();
    if (every && codes.size() > 1) {
      add("tenants", "\"*\" stands for every association and must be the only entry");
      return;
    }
    for (std::size_t i = 0; i < codes.size() && !every; ++i) {
      if (tenants::find_tenant(codes[i]) == nullptr)
        add("tenants[" + std::to_string(i) + "]",
            "unknown association code '" + codes[i] +
                "'; allowed: " + tenants::allowed_codes_text() + ", or \"*\" alone");
    }
  }
};

using EntryResult = std::expected<std::vector<FaqEntryEvent>, DomainError>;

EntryResult decide_create(const FaqEntryState& s, const CreateFaqEntry& c, Instant now) {
  if (s.exists())
    return aggregate::rule_violated("faq-entry-already-exists", "FAQ entry " + s.id + " exists");
  FieldCheck check(now);
  if (!c.inquiry.exists) check.add("inquiry_id", "no inquiry " + c.inquiry_id);
  check.not_blank("question", c.question);
  check.not_blank("answer", c.answer);
  check.not_blank("category", c.category);
  check.tenants(c.tenants);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (!c.inquiry.answered)
    return aggregate::rule_violated("inquiry-not-answered",
                                    "an FAQ entry is made from an answered inquiry; inquiry " +
                                        c.inquiry_id + " has no answer yet");
  v1::FaqEntryCreated e;
  e.set_faq_id(c.faq_id);
  e.set_inquiry_id(c.inquiry_id);
  e.set_question(c.question);
  e.set_answer(c.answer);
  e.set_category(c.category);
  for (const auto& t : c.tenants) e.add_tenants(t);
  e.set_is_public(c.is_public);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<FaqEntryEvent>{e};
}

EntryResult decide_edit(const FaqEntryState& s, const EditFaqEntry& c, Instant now) {
  FieldCheck check(now);
  if (c.question) check.not_blank("question", *c.question);
  if (c.answer) check.not_blank("answer", *c.answer);
  if (c.category) check.not_blank("category", *c.category);
  if (c.tenants) check.tenants(*c.tenants);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (s.retired)
    return aggregate::rule_violated("faq-entry-retired", "FAQ entry " + s.id + " is retired");
  v1::FaqEntryEdited e;
  e.set_question(c.question.value_or(s.question));
  e.set_answer(c.answer.value_or(s.answer));
  e.set_category(c.category.value_or(s.category));
  for (const auto& t : c.tenants.value_or(s.tenants)) e.add_tenants(t);
  e.set_is_public(c.is_public.value_or(s.is_public));
  // The associations are a set: the same ones in another order change nothing.
  auto as_set = [](std::vector<std::string> codes) {
    std::ranges::sort(codes);
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    return codes;
  };
  const bool same = e.question() == s.question && e.answer() == s.answer &&
                    e.category() == s.category && e.is_public() == s.is_public &&
                    as_set({e.tenants().begin(), e.tenants().end()}) == as_set(s.tenants);
  if (same)
    return aggregate::rule_violated("nothing-changed",
                                    "the edit changes nothing of FAQ entry " + s.id);
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<FaqEntryEvent>{e};
}

EntryResult decide_retire(const FaqEntryState& s, const RetireFaqEntry& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("reason", c.reason);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (s.retired)
    return aggregate::rule_violated("faq-entry-retired", "FAQ entry " + s.id + " is retired");
  v1::FaqEntryRetired e;
  e.set_reason(c.reason);
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<FaqEntryEvent>{e};
}

}  // namespace

std::expected<std::vector<FaqEntryEvent>, DomainError> decide(const FaqEntryState& state,
                                                              const FaqEntryCommand& command,
                                                              Instant now) {
  if (const auto* create = std::get_if<CreateFaqEntry>(&command))
    return decide_create(state, *create, now);
  if (!state.exists())
    return std::unexpected(
        DomainError{DomainError::Kind::not_found, "faq-entry-not-found", "no such FAQ entry", {}});
  return std::visit(core::overloaded{
                        [](const CreateFaqEntry&) -> EntryResult { return {}; },  // handled above
                        [&](const EditFaqEntry& c) { return decide_edit(state, c, now); },
                        [&](const RetireFaqEntry& c) { return decide_retire(state, c, now); },
                    },
                    command);
}

FaqEntryState evolve(FaqEntryState s, const FaqEntryEvent& event) {
  std::visit(core::overloaded{
                 [&](const v1::FaqEntryCreated& e) {
                   s.id = e.faq_id();
                   s.inquiry_id = e.inquiry_id();
                   s.question = e.question();
                   s.answer = e.answer();
                   s.category = e.category();
                   s.tenants.assign(e.tenants().begin(), e.tenants().end());
                   s.is_public = e.is_public();
                   s.created_at = s.updated_at = from_timestamp(e.at());
                 },
                 [&](const v1::FaqEntryEdited& e) {
                   s.question = e.question();
                   s.answer = e.answer();
                   s.category = e.category();
                   s.tenants.assign(e.tenants().begin(), e.tenants().end());
                   s.is_public = e.is_public();
                   s.updated_at = from_timestamp(e.at());
                 },
                 [&](const v1::FaqEntryRetired& e) {
                   s.retired = true;
                   s.updated_at = from_timestamp(e.at());
                 },
             },
             event);
  ++s.version;
  return s;
}

bool applies_to_any(const std::vector<std::string>& entry_tenants,
                    const std::vector<std::string>& viewer_tenants, bool all_tenants) {
  if (all_tenants) return true;
  return std::ranges::any_of(entry_tenants, [&](const std::string& t) {
    return t == kEveryAssociation || std::ranges::find(viewer_tenants, t) != viewer_tenants.end();
  });
}

std::expected<std::vector<FaqFileEvent>, DomainError> decide(const FaqFilesState& state,
                                                             const PublishFaqFile& c, Instant now) {
  FieldCheck check(now);
  check.not_blank("by", c.by);
  check.not_in_future("at", c.at);
  if (!check.ok()) return check.error();
  if (c.entries.empty())
    return aggregate::rule_violated("nothing-to-publish",
                                    "there is no public FAQ entry to publish");
  if (state.version > 0 && c.entries == state.last_entries)
    return aggregate::rule_violated("unchanged-since-last-file",
                                    "the public entries are those of FAQ file " +
                                        std::to_string(state.version) + "; nothing to publish");
  v1::FaqFilePublished e;
  e.set_version(static_cast<std::uint32_t>(state.version + 1));
  for (const auto& ref : c.entries) {
    auto& entry = *e.add_entries();
    entry.set_faq_id(ref.faq_id);
    entry.set_entry_version(ref.entry_version);
  }
  *e.mutable_at() = to_timestamp(c.at);
  e.set_by(c.by);
  return std::vector<FaqFileEvent>{e};
}

FaqFilesState evolve(FaqFilesState s, const FaqFileEvent& event) {
  std::visit(
      core::overloaded{
          [&](const v1::FaqFilePublished& e) {
            s.last_entries.clear();
            for (const auto& entry : e.entries())
              s.last_entries.push_back({entry.faq_id(), entry.entry_version()});
          },
      },
      event);
  ++s.version;
  return s;
}

}  // namespace opsdesk::inquiries::faq
