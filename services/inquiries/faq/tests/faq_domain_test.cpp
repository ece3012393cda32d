// FAQ entries and files as given / when / then: an entry comes from an answered inquiry and
// applies to associations (or every one); edits make new versions; a retired entry takes no
// more; a file freezes the public entries and is not published twice unchanged.

#include "services/inquiries/faq/faq_domain.hpp"

#include <gtest/gtest.h>

#include "services/inquiries/faq/faq_aggregate.hpp"

namespace opsdesk::inquiries::faq {
namespace {

using core::Instant;

Instant at(const char* text) { return core::parse_rfc3339(text).value(); }
const Instant kNow = at("2026-12-04T16:00:00+09:00");
const Instant kEarlier = at("2026-12-04T15:00:00+09:00");

CreateFaqEntry password_entry(std::vector<std::string> tenants = {"*"}) {
  return CreateFaqEntry{"0190c3a4-0000-7000-8000-00000000f001",
                        "0190c3a4-0000-7000-8000-0000000000aa",
                        {.exists = true, .answered = true},
                        "パスワードの再設定方法を教えてください",
                        "管理者メニューの「パスワード再設定」から行えます。",
                        "アカウント",
                        std::move(tenants),
                        true,
                        "desk",
                        kEarlier};
}

FaqEntryState given(const std::vector<FaqEntryCommand>& commands) {
  FaqEntryState state;
  for (const auto& command : commands) {
    auto events = decide(state, command, kNow);
    EXPECT_TRUE(events) << (events ? "" : events.error().rule + ": " + events.error().message);
    if (!events) break;
    for (const auto& e : *events) state = evolve(std::move(state), e);
  }
  return state;
}

std::string refused(const FaqEntryState& state, const FaqEntryCommand& command) {
  auto decided = decide(state, command, kNow);
  if (decided) return "(accepted)";
  return decided.error().rule;
}

std::vector<std::string> bad_fields(const FaqEntryState& state, const FaqEntryCommand& command) {
  auto decided = decide(state, command, kNow);
  std::vector<std::string> fields;
  if (!decided)
    for (const auto& f : decided.error().fields) fields.push_back(f.field);
  return fields;
}

TEST(FaqEntry, IsMadeFromAnAnsweredInquiry) {
  const auto entry = given({password_entry()});
  EXPECT_EQ(entry.version, 1u);
  EXPECT_EQ(entry.inquiry_id, "0190c3a4-0000-7000-8000-0000000000aa");
  EXPECT_TRUE(entry.is_public);
  auto unanswered = password_entry();
  unanswered.inquiry.answered = false;
  EXPECT_EQ(refused({}, unanswered), "inquiry-not-answered");
  auto unknown = password_entry();
  unknown.inquiry.exists = false;
  EXPECT_EQ(bad_fields({}, unknown), std::vector<std::string>{"inquiry_id"});
}

TEST(FaqEntry, AppliesToAssociationsOrToEveryOneAlone) {
  EXPECT_EQ(bad_fields({}, password_entry({})), std::vector<std::string>{"tenants"});
  EXPECT_EQ(bad_fields({}, password_entry({"*", "soumu"})), std::vector<std::string>{"tenants"});
  EXPECT_EQ(bad_fields({}, password_entry({"soumu", "nowhere"})),
            std::vector<std::string>{"tenants[1]"});
  EXPECT_TRUE(applies_to_any({"*"}, {"houmu"}, false));
  EXPECT_TRUE(applies_to_any({"soumu", "houmu"}, {"houmu"}, false));
  EXPECT_FALSE(applies_to_any({"soumu"}, {"houmu"}, false));
  EXPECT_TRUE(applies_to_any({"soumu"}, {}, true));
  // An entry of every association is the centre's in its events' metadata.
  EXPECT_TRUE(event_tenants({"*"}).empty());
  EXPECT_EQ(event_tenants({"soumu"}), std::vector<std::string>{"soumu"});
}

TEST(FaqEntry, EditsMakeNewVersionsAndAnEditChangingNothingIsRefused) {
  EditFaqEntry edit;
  edit.answer = "管理者メニュー＞セキュリティ＞パスワード再設定 から行えます。";
  edit.reason = "メニュー名の変更";
  edit.by = "desk";
  edit.at = kNow;
  const auto edited = given({password_entry(), edit});
  EXPECT_EQ(edited.version, 2u);
  EXPECT_EQ(edited.answer, *edit.answer);
  EXPECT_EQ(edited.question, "パスワードの再設定方法を教えてください") << "kept";
  EXPECT_EQ(refused(edited, edit), "nothing-changed");
  auto both = password_entry({"soumu", "houmu"});
  EditFaqEntry reordered;
  reordered.tenants = std::vector<std::string>{"houmu", "soumu"};
  reordered.by = "desk";
  reordered.at = kNow;
  EXPECT_EQ(refused(given({both}), reordered), "nothing-changed") << "the same associations";
}

TEST(FaqEntry, ARetiredEntryTakesNoMore) {
  const auto retired = given({password_entry(), RetireFaqEntry{"機能廃止", "desk", kNow}});
  EXPECT_TRUE(retired.retired);
  EditFaqEntry edit;
  edit.question = "x";
  edit.by = "desk";
  edit.at = kNow;
  EXPECT_EQ(refused(retired, edit), "faq-entry-retired");
  EXPECT_EQ(refused(retired, RetireFaqEntry{"again", "desk", kNow}), "faq-entry-retired");
  EXPECT_EQ(refused({}, RetireFaqEntry{"x", "desk", kNow}), "faq-entry-not-found");
}

TEST(FaqFiles, AreNumberedAndNotPublishedTwiceUnchanged) {
  FaqFilesState files;
  EXPECT_EQ(decide(files, PublishFaqFile{{}, "desk", kNow}, kNow).error().rule,
            "nothing-to-publish");
  const PublishFaqFile first{{{"f1", 1}, {"f2", 3}}, "desk", kNow};
  const auto published = decide(files, first, kNow).value();
  for (const auto& e : published) files = evolve(files, e);
  EXPECT_EQ(files.version, 1u);
  EXPECT_EQ(decide(files, first, kNow).error().rule, "unchanged-since-last-file");
  const PublishFaqFile second{{{"f1", 2}, {"f2", 3}}, "desk", kNow};
  auto events = decide(files, second, kNow).value();
  EXPECT_EQ(std::get<v1::FaqFilePublished>(events[0]).version(), 2u);
}

TEST(FaqStates, ComeBackExactlyFromTheirSnapshots) {
  EditFaqEntry edit;
  edit.tenants = std::vector<std::string>{"soumu", "houmu"};
  edit.is_public = false;
  edit.by = "desk";
  edit.at = kNow;
  const auto entry = given({password_entry(), edit});
  EXPECT_EQ(decode_entry_state(encode_state(entry)).value(), entry);
  const FaqFilesState files{4, {{"f1", 2}, {"f9", 1}}};
  EXPECT_EQ(decode_files_state(encode_state(files)).value(), files);
  EXPECT_FALSE(decode_entry_state("{\"id\": 3}"));
  EXPECT_FALSE(decode_files_state("not json"));
}

}  // namespace
}  // namespace opsdesk::inquiries::faq
