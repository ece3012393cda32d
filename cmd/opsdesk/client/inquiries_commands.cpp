#include "cmd/opsdesk/client/inquiries_commands.hpp"

#include <algorithm>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cmd/opsdesk/client/text_table.hpp"
#include "services/inquiries/domain/words_ja.hpp"

namespace opsdesk::cli::client {

namespace {

using nlohmann::json;

// A member of an answer; null when absent. Many of an inquiry's members are null until set,
// which json::value() would refuse to turn into text.
json member(const json& object, const std::string& key) {
  if (!object.is_object()) return json(nullptr);
  const auto it = object.find(key);
  return it == object.end() ? json(nullptr) : *it;
}

// A text member; "" when null or absent.
std::string or_dash(const std::string& text) { return text.empty() ? "—" : text; }

// An inquiry's class as the answer has it (null while not classified) in Japanese.
std::string class_ja(const json& inquiry_class) {
  return inquiries::class_ja(inquiry_class.is_string() ? inquiry_class.get<std::string>() : "");
}

using inquiries::channel_ja;
using inquiries::effort_kind_ja;
using inquiries::status_ja;

// "対応 30分、調査 10分（計 40分）".
std::string effort_text(const json& inquiry) {
  std::string by_kind;
  const json minutes = member(inquiry, "effort_minutes");
  if (minutes.is_object()) {
    for (const auto& [kind, spent] : minutes.items())
      by_kind += (by_kind.empty() ? "" : "、") + effort_kind_ja(kind) + " " +
                 std::to_string(spent.get<long long>()) + "分";
  }
  if (by_kind.empty()) return "0分";
  return by_kind + "（計 " + std::to_string(inquiry.value("effort_minutes_total", 0)) + "分）";
}

// "opsdesk.inquiries.v1.InquiryReceived" → "InquiryReceived".
std::string short_type(const std::string& type) {
  const auto dot = type.rfind('.');
  return dot == std::string::npos ? type : type.substr(dot + 1);
}

// "label  value" lines, the labels padded to the widest; a value's further lines (a body, an
// answer) indented under its first.
class LabelledLines {
 public:
  void add(std::string label, std::string value) {
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    rows_.emplace_back(std::move(label), std::move(value));
  }
  std::string render() const {
    std::size_t width = 0;
    for (const auto& row : rows_) width = std::max(width, display_width(row.first));
    std::string text;
    for (const auto& row : rows_) {
      text += row.first + std::string(width - display_width(row.first) + 2, ' ');
      for (const char c : row.second) {
        if (c == '\r') continue;
        text += c;
        if (c == '\n') text += std::string(width + 2, ' ');
      }
      text += "\n";
    }
    return text;
  }

 private:
  std::vector<std::pair<std::string, std::string>> rows_;
};

std::string list_text(const json& page) {
  TextTable table({"受付日時", "組合", "件名", "区分", "状態", "ID"});
  const json items = member(page, "items");
  if (items.is_array()) {
    for (const auto& row : items)
      table.add({tokyo_text(member(row, "received_at")), text_of(row, "tenant_name"),
                 text_of(row, "subject"), class_ja(member(row, "class")),
                 status_ja(text_of(row, "status")), text_of(row, "id")});
  }
  if (table.empty()) return "該当する問合せはありません\n";
  std::string text = table.render();
  if (const auto next = text_of(page, "next_cursor"); !next.empty())
    text += "（続きあり: --cursor " + next + "）\n";
  return text;
}

std::string inquiry_text(const json& inquiry) {
  LabelledLines lines;
  lines.add("ID", text_of(inquiry, "id"));
  lines.add("組合", text_of(inquiry, "tenant_name"));
  lines.add("状態", status_ja(text_of(inquiry, "status")) + "（版 " +
                        std::to_string(inquiry.value("version", 0)) + "）");
  lines.add("受付日時", tokyo_text(member(inquiry, "received_at")));
  lines.add("受付経路", channel_ja(text_of(inquiry, "channel")));
  const json requester = member(inquiry, "requester");
  const std::string role = text_of(requester, "role");
  lines.add("問合せ者", text_of(requester, "name") + (role.empty() ? "" : "（" + role + "）"));
  lines.add("件名", text_of(inquiry, "subject"));
  lines.add("本文", text_of(inquiry, "body"));
  if (const auto hint = text_of(inquiry, "category_hint"); !hint.empty())
    lines.add("申告区分", hint);
  lines.add("区分", class_ja(member(inquiry, "class")));
  if (const auto reason = text_of(inquiry, "class_reason"); !reason.empty())
    lines.add("区分理由", reason);
  const bool escalated = inquiry.value("escalated", false);
  lines.add("エスカレーション", escalated ? "あり" : "なし");
  const auto incident = text_of(inquiry, "incident_id");
  // An escalated fault's incident is opened and linked after the classification.
  const bool incident_pending = escalated && text_of(inquiry, "class") == "fault";
  lines.add("障害ID", !incident.empty()  ? incident
                      : incident_pending ? "—（エスカレーションにより登録待ち）"
                                         : "—");
  if (const auto change = text_of(inquiry, "change_id"); !change.empty())
    lines.add("変更ID", change);
  if (const auto question = text_of(inquiry, "pending_question"); !question.empty())
    lines.add("情報待ちの質問", question);
  lines.add("受付確認日時", tokyo_text(member(inquiry, "acknowledged_at")));
  const auto answer = text_of(inquiry, "answer");
  lines.add("回答", or_dash(answer));
  lines.add("初回回答日時", tokyo_text(member(inquiry, "first_answered_at")));
  lines.add("回答日時", tokyo_text(member(inquiry, "answered_at")));
  lines.add("回答確認", answer.empty()                             ? "—"
                        : inquiry.value("answer_confirmed", false) ? "確認済"
                                                                   : "未確認");
  lines.add("完了日時", tokyo_text(member(inquiry, "closed_at")));
  if (const auto reason = text_of(inquiry, "close_reason"); !reason.empty())
    lines.add("完了理由", reason);
  lines.add("対応工数", effort_text(inquiry));
  return lines.render();
}

// The history, oldest first: when it happened, what, the person (`by`) and the token's subject.
std::string history_text(const json& history) {
  TextTable table({"日時", "種別", "担当", "実行者"});
  const json events = member(history, "events");
  if (events.is_array()) {
    for (const auto& event : events)
      table.add({tokyo_text(member(event, "occurred_at")), short_type(text_of(event, "type")),
                 or_dash(text_of(member(event, "payload"), "by")), text_of(event, "actor")});
  }
  return "履歴\n" + table.render();
}

// "回答を記録しました：<id>（回答済、版 4）".
std::string recorded(const std::string& what, const json& inquiry) {
  return what + "：" + text_of(inquiry, "id") + "（" + status_ja(text_of(inquiry, "status")) +
         "、版 " + std::to_string(inquiry.value("version", 0)) + "）\n";
}

// Every command but the reception names the person who did it; the API takes no default for
// `by` (the token's subject is recorded besides, as the event's actor).
void add_by_and_at(CLI::App& command, std::string& by, std::string& at, const std::string& when) {
  command
      .add_option("--by", by,
                  "who did it (required: the server records this name; the token's subject is "
                  "recorded besides, as the actor)")
      ->required();
  command.add_option("--at", at, when + " (RFC 3339; default: the server's time)");
}

}  // namespace

InquiriesCommands::InquiriesCommands(CLI::App& app, ConnectionFlags& flags) {
  group_ = add_service_group(app, "inquiries", "inquiries (問合せ) on a running server", flags);

  list_ = group_->add_subcommand("list", "inquiries, newest first (by when they were filed)");
  list_->add_option("--tenant", tenant_, "only those from this association (code), or centre_ops");
  list_->add_option("--status", status_,
                    "received, in_progress, waiting_for_information, answered or closed");
  list_->add_option("--class", class_,
                    "fault, improvement, question, out_of_scope, or unclassified");
  list_->add_option("--q", words_,
                    "words that must all occur in the subject, body or requester "
                    "(space-separated)");
  list_->add_option("--limit", limit_, "inquiries per page, 1 to 200 (default 50)");
  list_->add_option("--cursor", cursor_, "the page after this id (the list's 続きあり line)");

  show_ = group_->add_subcommand("show", "one inquiry and its history");
  show_->add_option("id", id_, "the inquiry's id")->required();

  receive_ = group_->add_subcommand("receive", "record an inquiry the desk received (受付)");
  receive_
      ->add_option("--tenant", tenant_, "where it comes from: an association (code), or centre_ops")
      ->required();
  receive_->add_option("--channel", channel_, "phone, email, web, in_person or other")->required();
  receive_->add_option("--requester", requester_, "who asked (name)")->required();
  receive_->add_option("--role", role_, "the requester's position, e.g. 本部システム管理者");
  receive_->add_option("--subject", subject_, "what it is about, in a line")->required();
  receive_->add_option("--body", body_, "the inquiry in the requester's words")->required();
  receive_->add_option("--received-at", received_at_,
                       "when it reached the desk (RFC 3339; default: the server's time; "
                       "maintainers only)");
  receive_->add_option("--category", category_,
                       "what the requester says it is about (their words, not the desk's class)");

  classify_ = group_->add_subcommand("classify", "triage an inquiry (区分)");
  classify_->add_option("id", id_, "the inquiry's id")->required();
  classify_->add_option("--class", class_, "fault, improvement, question or out_of_scope")
      ->required();
  classify_->add_option("--reason", reason_,
                        "why; required for out_of_scope (the requester is told it) and to "
                        "change an earlier class");
  auto* escalate = classify_->add_flag(
      "--escalate", escalate_,
      "take it further: a fault to an incident (opened and linked shortly after), an "
      "improvement to a change request");
  classify_
      ->add_option("--severity", severity_,
                   "with --escalate, for a fault (required then): critical, major or minor")
      ->needs(escalate);
  classify_
      ->add_option("--title", title_,
                   "with --escalate: the incident's title (default: the inquiry's subject)")
      ->needs(escalate);
  classify_
      ->add_option("--affected-tenants", affected_tenants_,
                   "with --escalate: the associations the fault hits (codes, comma-separated) "
                   "or all_centre (default: the inquiry's own; required for centre_ops)")
      ->delimiter(',')
      ->needs(escalate);
  classify_
      ->add_option("--occurred-at", occurred_at_,
                   "with --escalate: when the fault appeared (RFC 3339; default: when the "
                   "inquiry was received)")
      ->needs(escalate);
  add_by_and_at(*classify_, by_, at_, "when it was classified");

  answer_ = group_->add_subcommand("answer", "record the answer given to the requester (回答)");
  answer_->add_option("id", id_, "the inquiry's id")->required();
  answer_->add_option("--text", text_, "the answer")->required();
  add_by_and_at(*answer_, by_, at_, "when it was answered");

  effort_ = group_->add_subcommand("effort", "record time spent on an inquiry (対応実工数)");
  effort_->add_option("id", id_, "the inquiry's id")->required();
  effort_->add_option("--minutes", minutes_, "minutes spent, 1 to 1440 (longer: several entries)")
      ->required();
  effort_
      ->add_option("--kind", kind_,
                   "handling, investigation, recording, answer_review or coordination")
      ->required();
  effort_->add_option("--note", note_, "what the time went on");
  add_by_and_at(*effort_, by_, at_, "when the work was done");

  close_ = group_->add_subcommand("close", "close an answered (or out_of_scope) inquiry (完了)");
  close_->add_option("id", id_, "the inquiry's id")->required();
  close_->add_option("--reason", reason_,
                     "why; required for out_of_scope (the requester is told it)");
  add_by_and_at(*close_, by_, at_, "when it was closed");
}

bool InquiriesCommands::chosen() const { return group_->parsed(); }

int InquiriesCommands::run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                           std::ostream& err) {
  if (list_->parsed()) return list(api, flags, out, err);
  if (show_->parsed()) return show(api, flags, out, err);
  if (receive_->parsed()) {
    json requester{{"name", requester_}};
    if (!role_.empty()) requester["role"] = role_;
    json body{{"tenant", tenant_},
              {"channel", channel_},
              {"requester", requester},
              {"subject", subject_},
              {"body", body_}};
    if (!received_at_.empty()) body["received_at"] = received_at_;
    if (!category_.empty()) body["category_hint"] = category_;
    return command(api, flags, out, err, "/v1/inquiries", body, [](const json& inquiry) {
      return recorded("問合せを受け付けました（" + text_of(inquiry, "tenant_name") + "）", inquiry);
    });
  }

  const std::string path = "/v1/inquiries/" + query_value(id_) + "/";
  json body{{"by", by_}};
  if (!at_.empty()) body["at"] = at_;
  if (classify_->parsed()) {
    body["class"] = class_;
    if (!reason_.empty()) body["reason"] = reason_;
    if (escalate_) body["escalate"] = true;
    if (!severity_.empty()) body["severity"] = severity_;
    if (!title_.empty()) body["title"] = title_;
    if (!affected_tenants_.empty()) body["affected_tenants"] = affected_tenants_;
    if (!occurred_at_.empty()) body["occurred_at"] = occurred_at_;
    return command(api, flags, out, err, path + "classify", body, [](const json& inquiry) {
      std::string text =
          recorded("区分を記録しました（" + class_ja(member(inquiry, "class")) + "）", inquiry);
      if (inquiry.value("escalated", false) && text_of(inquiry, "class") == "fault" &&
          text_of(inquiry, "incident_id").empty())
        text += "障害はエスカレーションにより追って登録されます（障害IDは inquiries show で）\n";
      return text;
    });
  }
  if (answer_->parsed()) {
    body["answer"] = text_;
    return command(api, flags, out, err, path + "answer", body,
                   [](const json& inquiry) { return recorded("回答を記録しました", inquiry); });
  }
  if (effort_->parsed()) {
    body["minutes"] = minutes_;
    body["kind"] = kind_;
    if (!note_.empty()) body["note"] = note_;
    return command(api, flags, out, err, path + "record_effort", body, [](const json& inquiry) {
      return recorded("工数を記録しました", inquiry) + "対応工数：" + effort_text(inquiry) + "\n";
    });
  }
  if (!reason_.empty()) body["reason"] = reason_;
  return command(api, flags, out, err, path + "close", body,
                 [](const json& inquiry) { return recorded("完了しました", inquiry); });
}

int InquiriesCommands::list(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                            std::ostream& err) const {
  std::string query = "/v1/inquiries?limit=" + std::to_string(limit_);
  auto filter = [&](const std::string& name, const std::string& value) {
    if (!value.empty()) query += "&" + name + "=" + query_value(value);
  };
  filter("tenant", tenant_);
  filter("status", status_);
  filter("class", class_);
  filter("q", words_);
  filter("cursor", cursor_);
  return print_answer(api.get(query), flags, out, err, list_text);
}

int InquiriesCommands::show(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                            std::ostream& err) const {
  const std::string path = "/v1/inquiries/" + query_value(id_);
  const auto inquiry = api.get(path);
  if (flags.json || !inquiry || !inquiry->ok())
    return print_answer(inquiry, flags, out, err, inquiry_text);
  const auto history = api.get(path + "/events");
  if (!history || !history->ok()) return print_answer(history, flags, out, err, history_text);
  out << inquiry_text(inquiry->json()) << "\n" << history_text(history->json());
  return kDone;
}

int InquiriesCommands::command(const ServerApi& api, const ConnectionFlags& flags,
                               std::ostream& out, std::ostream& err, const std::string& path,
                               const json& body,
                               const std::function<std::string(const json&)>& done) const {
  return print_answer(api.post(path, body), flags, out, err, done);
}

}  // namespace opsdesk::cli::client
