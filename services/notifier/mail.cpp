#include "services/notifier/mail.hpp"

#include <openssl/evp.h>

#include <cstdio>

#include "libs/core/tokyo_time.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::notifier {

namespace {

std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

// "2026年11月28日(土) 09:00"
std::string japanese_time(core::Instant at) {
  static constexpr const char* kWeekdays[] = {"日", "月", "火", "水", "木", "金", "土"};
  const auto civil = core::to_tokyo(at);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(civil.time_of_day).count();
  char text[64];
  std::snprintf(text, sizeof text, "%d年%u月%u日(%s) %02d:%02d",
                static_cast<int>(civil.date.year()), static_cast<unsigned>(civil.date.month()),
                static_cast<unsigned>(civil.date.day()), kWeekdays[civil.weekday.c_encoding()],
                static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
  return text;
}

std::string association_name(const std::string& code) {
  const auto* tenant = tenants::find_tenant(code);
  return tenant != nullptr ? std::string(tenant->name_ja) : code;
}

// RFC 5322 date in UTC ("Sat, 28 Nov 2026 00:00:00 +0000").
std::string mail_date(core::Instant at) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{std::chrono::floor<std::chrono::seconds>(at - day)};
  char text[64];
  std::snprintf(text, sizeof text, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                kDays[std::chrono::weekday{day}.c_encoding()], static_cast<unsigned>(date.day()),
                kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text;
}

}  // namespace

Mail compose(const PendingMail& p) {
  Mail mail;
  mail.message_id = "<" + p.cause_event_id + "." + p.tenant + "@opsdesk>";
  const auto to = association_name(p.tenant) + " ご担当者様\n\n";
  const auto period = japanese_time(p.planned_start) + " 〜 " + japanese_time(p.planned_end);
  const std::string signature =
      "\n-- \n共同利用センター 運用保守事業者（opsdesk より自動送信）\n"
      "このメールは送信専用です。ご不明な点はヘルプデスクまでお問い合わせください。\n";
  if (p.about == kAboutIncident) {
    mail.subject = "【サービス再開のお知らせ】障害復旧：" + p.title;
    mail.body = to + "障害により停止していた標準共済システムのサービスを再開いたしました。\n\n" +
                "障害: " + p.title + "\n発生: " + japanese_time(p.planned_start) +
                "\n復旧: " + japanese_time(p.completed_at) + "\n" +
                (p.note.empty() ? std::string() : "概要: " + p.note + "\n") +
                "\n詳しい経過は障害の復旧報告でお知らせいたします。\n" + signature;
  } else if (p.kind == kServiceStopNotice) {
    mail.subject = "【サービス停止のお知らせ】" + p.title;
    mail.body = to + "下記の作業のため、標準共済システムのサービスを停止いたします。\n\n" +
                "作業: " + p.title + "\n停止予定: " + period + "\n\n" +
                "ご不便をおかけいたしますが、ご理解とご協力をお願いいたします。\n" + signature;
  } else {
    mail.subject = "【サービス再開のお知らせ】" + p.title;
    mail.body = to + "下記の作業が完了し、標準共済システムのサービスを再開いたしました。\n\n" +
                "作業: " + p.title + "\n作業予定: " + period +
                "\n作業完了: " + japanese_time(p.completed_at) + "\n" +
                (p.note.empty() ? std::string() : "備考: " + p.note + "\n") +
                "\nご協力ありがとうございました。\n" + signature;
  }
  return mail;
}

std::string rfc5322_message(const Mail& mail, std::string_view sender,
                            const std::vector<std::string>& recipients, core::Instant date) {
  std::string to;
  for (const auto& r : recipients) to += (to.empty() ? "" : ", ") + r;
  std::string body = base64(mail.body);
  // Base64 lines of 76 characters (RFC 2045).
  std::string wrapped;
  for (std::size_t i = 0; i < body.size(); i += 76) wrapped += body.substr(i, 76) + "\r\n";
  return "From: " + std::string(sender) + "\r\nTo: " + to + "\r\nSubject: =?UTF-8?B?" +
         base64(mail.subject) + "?=\r\nDate: " + mail_date(date) +
         "\r\nMessage-ID: " + mail.message_id +
         "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n" +
         wrapped;
}

}  // namespace opsdesk::notifier
