#include "cmd/opsdesk/client/meetings_commands.hpp"

#include <map>
#include <ostream>

#include "cmd/opsdesk/client/text_table.hpp"

namespace opsdesk::cli::client {

namespace {

using nlohmann::json;

std::string word_ja(const std::string& word) {
  static const std::map<std::string, std::string> kWords = {{"monthly_report", "月次報告会"},
                                                            {"coordination", "調整"},
                                                            {"other", "その他"},
                                                            {"minutes_due", "提出待ち"},
                                                            {"minutes_overdue", "期限超過"},
                                                            {"minutes_submitted", "提出済"}};
  const auto it = kWords.find(word);
  return it == kWords.end() ? (word.empty() ? "—" : word) : it->second;
}

std::string minutes_text(const json& minutes) {
  if (!minutes.is_object()) return "—";
  std::string text = text_of(minutes, "title") + " " + text_of(minutes, "document_version");
  text += minutes["approval"].is_object() ? "（承認済）" : "（未承認）";
  if (minutes.value("late", false)) text += "（遅延）";
  return text;
}

std::string meetings_text(const json& answer) {
  TextTable table({"日付", "種別", "件名", "議事録期限", "状況", "議事録", "ID"});
  for (const auto& m : answer["items"])
    table.add({text_of(m, "date"), word_ja(text_of(m, "kind")), text_of(m, "title"),
               tokyo_text(m["minutes_due_at"]), word_ja(text_of(m, "status")),
               minutes_text(m["minutes"]), text_of(m, "id")});
  if (table.empty()) return "会議はありません\n";
  return table.render();
}

std::string meeting_text(const json& m) {
  std::string text = text_of(m, "date") + " " + text_of(m, "title") + "（" +
                     word_ja(text_of(m, "kind")) + "、" + text_of(m, "held_at") + "） " +
                     text_of(m, "id") + "\n";
  text += "議事録期限: " + tokyo_text(m["minutes_due_at"]) + "（" + word_ja(text_of(m, "status")) +
          "）\n";
  if (m["minutes"].is_object()) text += "議事録: " + minutes_text(m["minutes"]) + "\n";
  return text;
}

}  // namespace

MeetingsCommands::MeetingsCommands(CLI::App& app, ConnectionFlags& flags) {
  group_ = add_service_group(
      app, "meetings",
      "meetings and the minutes each owes within 2 business days (4.(1)②コ) on a running server",
      flags);

  list_ = group_->add_subcommand("list", "meetings, newest first");
  list_->add_option("--status", status_, "minutes_due, minutes_overdue or minutes_submitted");
  list_->add_option("--kind", kind_, "monthly_report, coordination or other");
  list_->add_option("--tenant", tenant_, "only this association's (code)");

  show_ = group_->add_subcommand("show", "one meeting and its minutes");
  show_->add_option("id", id_, "the meeting's id")->required();

  record_ =
      group_->add_subcommand("record", "record a meeting held (prints when its minutes are due)");
  record_->add_option("--date", date_, "the day it was held, YYYY-MM-DD")->required();
  record_->add_option("--held-at", held_at_, "where")->required();
  record_->add_option("--kind", kind_, "monthly_report, coordination or other")->required();
  record_->add_option("--title", title_, "its title")->required();
  record_->add_option("--attendees", attendees_, "who attended (comma-separated)")
      ->delimiter(',')
      ->required();
  record_->add_option("--tenants", tenants_, "association codes, or all_centre (comma-separated)")
      ->delimiter(',')
      ->required();

  minutes_ =
      group_->add_subcommand("minutes", "record the minutes: a version of a minutes document");
  minutes_->add_option("id", id_, "the meeting's id")->required();
  minutes_->add_option("--document", document_, "the minutes document's id")->required();
  minutes_->add_option("--version", version_, "its version")->required();
}

bool MeetingsCommands::chosen() const { return group_->parsed(); }

int MeetingsCommands::run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                          std::ostream& err) {
  if (list_->parsed())
    return print_answer(
        api.get(with_query("/v1/meetings",
                           {{"status", status_}, {"kind", kind_}, {"tenant", tenant_}})),
        flags, out, err, meetings_text);
  if (show_->parsed())
    return print_answer(api.get("/v1/meetings/" + query_value(id_)), flags, out, err, meeting_text);
  if (record_->parsed())
    return print_answer(api.post("/v1/meetings", {{"date", date_},
                                                  {"held_at", held_at_},
                                                  {"kind", kind_},
                                                  {"title", title_},
                                                  {"attendees", attendees_},
                                                  {"tenants", tenants_}}),
                        flags, out, err, meeting_text);
  return print_answer(api.post("/v1/meetings/" + query_value(id_) + "/record_minutes",
                               {{"document_id", document_}, {"document_version", version_}}),
                      flags, out, err, meeting_text);
}

}  // namespace opsdesk::cli::client
