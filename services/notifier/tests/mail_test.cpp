// The mails as the associations read them: Japanese subject and body, the Message-ID of the
// event that called for them, and a message any mail client decodes.

#include "services/notifier/mail.hpp"

#include <gtest/gtest.h>

#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::notifier {
namespace {

core::Instant at(const char* text) { return core::parse_rfc3339(text).value(); }

PendingMail resumed() {
  PendingMail p;
  p.key = "service_resumed/window/w1/soumu";
  p.kind = kServiceResumed;
  p.tenant = "soumu";
  p.window_id = "w1";
  p.title = "定期点検（サーバ機器）";
  p.planned_start = at("2026-11-28T09:00:00+09:00");
  p.planned_end = at("2026-11-28T17:00:00+09:00");
  p.completed_at = at("2026-11-28T16:10:00+09:00");
  p.note = "全サービス再開";
  p.cause_stream_id = "window-w1";
  p.cause_event_id = "0190c3a4-0000-7000-8000-000000000001";
  return p;
}

TEST(Mail, TheServiceResumedMailSaysWhatEndedAndWhen) {
  const auto mail = compose(resumed());
  EXPECT_EQ(mail.subject, "【サービス再開のお知らせ】定期点検（サーバ機器）");
  EXPECT_EQ(mail.message_id, "<0190c3a4-0000-7000-8000-000000000001.soumu@opsdesk>");
  EXPECT_NE(mail.body.find(std::string(tenants::find_tenant("soumu")->name_ja)), std::string::npos);
  EXPECT_NE(mail.body.find("2026年11月28日(土) 16:10"), std::string::npos) << mail.body;
  EXPECT_NE(mail.body.find("全サービス再開"), std::string::npos);
}

TEST(Mail, TheStopNoticeGivesThePeriod) {
  auto p = resumed();
  p.kind = kServiceStopNotice;
  const auto mail = compose(p);
  EXPECT_EQ(mail.subject, "【サービス停止のお知らせ】定期点検（サーバ機器）");
  EXPECT_NE(mail.body.find("2026年11月28日(土) 09:00 〜 2026年11月28日(土) 17:00"),
            std::string::npos)
      << mail.body;
}

TEST(Mail, TheMessageCarriesEncodedWordsAndBase64) {
  const auto text =
      rfc5322_message(compose(resumed()), "opsdesk@centre.example",
                      {"a@soumu.example", "b@soumu.example"}, at("2026-11-28T16:11:00+09:00"));
  EXPECT_NE(text.find("From: opsdesk@centre.example\r\n"), std::string::npos);
  EXPECT_NE(text.find("To: a@soumu.example, b@soumu.example\r\n"), std::string::npos);
  EXPECT_NE(text.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(text.find("Date: Sat, 28 Nov 2026 07:11:00 +0000\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Message-ID: <0190c3a4-0000-7000-8000-000000000001.soumu@opsdesk>\r\n"),
            std::string::npos);
  EXPECT_NE(text.find("Content-Transfer-Encoding: base64\r\n\r\n"), std::string::npos);
}

}  // namespace
}  // namespace opsdesk::notifier
