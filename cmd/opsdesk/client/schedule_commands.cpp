#include "cmd/opsdesk/client/schedule_commands.hpp"

#include <map>
#include <ostream>

#include "cmd/opsdesk/client/text_table.hpp"

namespace opsdesk::cli::client {

namespace {

using nlohmann::json;

std::string text_of(const json& object, const std::string& key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string status_ja(const std::string& status) {
  static const std::map<std::string, std::string> kWords = {
      {"planned", "予定"},          {"in_progress", "一部実施"}, {"done", "完了"},
      {"failed", "失敗"},           {"skipped", "中止"},         {"overdue", "期限超過"},
      {"not_recorded", "記録なし"}, {"approved", "承認済"},      {"completed", "完了"},
      {"cancelled", "中止"}};
  const auto it = kWords.find(status);
  return it == kWords.end() ? status : it->second;
}

// "総務省共済組合 ほか17組合" for a list of codes.
std::string tenants_text(const json& codes) {
  if (!codes.is_array() || codes.empty()) return "—";
  std::string first = tenant_name(codes[0].get<std::string>());
  if (codes.size() == 1) return first;
  return first + " ほか" + std::to_string(codes.size() - 1) + "組合";
}

std::string occurrences_text(const json& answer) {
  TextTable table({"予定開始", "期限", "作業", "対象", "状態", "ID"});
  if (answer.contains("items")) {
    for (const auto& o : answer["items"])
      table.add({tokyo_text(o["planned_start"]), tokyo_text(o["due_at"]), text_of(o, "title"),
                 tenants_text(o["tenants"]), status_ja(text_of(o, "status")), text_of(o, "id")});
  }
  if (table.empty())
    return text_of(answer, "from") + "〜" + text_of(answer, "to") + " の作業はありません\n";
  return table.render();
}

std::string windows_text(const json& answer) {
  TextTable table({"開始", "終了", "作業", "対象", "停止", "状態", "ID"});
  if (answer.contains("items")) {
    for (const auto& w : answer["items"])
      table.add({tokyo_text(w["planned_start"]), tokyo_text(w["planned_end"]), text_of(w, "title"),
                 tenants_text(w["tenants"]), w.value("stops_service", false) ? "あり" : "なし",
                 status_ja(text_of(w, "status")), text_of(w, "id")});
  }
  if (table.empty()) return "計画作業はありません\n";
  return table.render();
}

std::string occurrence_done_text(const json& o) {
  std::string open;
  for (const auto& t : o["open_tenants"]) open += (open.empty() ? "" : "、") + tenant_name(t);
  return "記録しました（" + text_of(o, "title") + "、" + status_ja(text_of(o, "status")) + "）\n" +
         (open.empty() ? "" : "未実施: " + open + "\n");
}

}  // namespace

ScheduleCommands::ScheduleCommands(CLI::App& app, ConnectionFlags& flags) {
  group_ = add_service_group(app, "schedule",
                             "the centre's schedule (センタ運用) on a running server", flags);

  seed_ = group_->add_subcommand(
      "seed", "define the contract's recurring tasks not defined yet (safe to run again)");

  occurrences_ = group_->add_subcommand("occurrences", "planned work of a period (default: today)");
  occurrences_->add_option("--from", from_, "first day, YYYY-MM-DD (default: today)");
  occurrences_->add_option("--to", to_, "last day, YYYY-MM-DD (default: --from)");
  occurrences_->add_option("--tenant", tenant_, "only work for this association (code)");
  occurrences_->add_option("--kind", kind_, "only this kind of task, e.g. backup_check");
  occurrences_->add_option("--status", status_,
                           "planned, in_progress, done, failed, skipped, overdue or not_recorded");

  complete_ = group_->add_subcommand("complete", "record the result of an occurrence's work");
  complete_->add_option("id", id_, "the occurrence's id (<task id>-<YYYYMMDD>)")->required();
  complete_->add_option("--result", result_, "ok, failed or manual_done")->required();
  complete_
      ->add_option("--tenants", tenants_,
                   "the associations the result is for (codes, comma-separated; default: "
                   "every one still open)")
      ->delimiter(',');
  complete_->add_option("--evidence", evidence_,
                        "what was done or seen (required unless the result is ok)");
  complete_->add_option("--by", by_, "who did it (default: the token's user)");
  complete_->add_option("--at", at_, "when it was done (RFC 3339; default: now)");

  skip_ = group_->add_subcommand("skip", "record that an occurrence's work will not be done");
  skip_->add_option("id", id_, "the occurrence's id")->required();
  skip_->add_option("--reason", reason_, "why")->required();
  skip_->add_option("--by", by_, "who decided (default: the token's user)");

  windows_ =
      group_->add_subcommand("windows", "maintenance windows of a period (default: 90 days)");
  windows_->add_option("--from", from_, "first day, YYYY-MM-DD (default: today)");
  windows_->add_option("--to", to_, "last day, YYYY-MM-DD (default: 90 days on)");
  windows_->add_option("--tenant", tenant_, "only windows affecting this association (code)");
}

bool ScheduleCommands::chosen() const { return group_->parsed(); }

int ScheduleCommands::run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                          std::ostream& err) {
  auto query = [&](std::string path,
                   const std::vector<std::pair<std::string, std::string>>& params) {
    char sep = '?';
    for (const auto& [name, value] : params) {
      if (value.empty()) continue;
      path += sep + name + "=" + query_value(value);
      sep = '&';
    }
    return path;
  };
  if (seed_->parsed()) {
    return print_answer(
        api.post("/v1/schedule/tasks/seed", json::object()), flags, out, err,
        [](const json& answer) {
          return "定義しました: " + std::to_string(answer["defined"].size()) +
                 "件（定義済み: " + std::to_string(answer["already_defined"].size()) + "件）\n";
        });
  }
  if (occurrences_->parsed()) {
    return print_answer(api.get(query("/v1/schedule/occurrences", {{"from", from_},
                                                                   {"to", to_},
                                                                   {"tenant", tenant_},
                                                                   {"kind", kind_},
                                                                   {"status", status_}})),
                        flags, out, err, occurrences_text);
  }
  if (windows_->parsed()) {
    return print_answer(
        api.get(query("/v1/schedule/windows", {{"from", from_}, {"to", to_}, {"tenant", tenant_}})),
        flags, out, err, windows_text);
  }
  const std::string path = "/v1/schedule/occurrences/" + query_value(id_) + "/";
  json body = json::object();
  if (!by_.empty()) body["by"] = by_;
  if (complete_->parsed()) {
    body["result"] = result_;
    if (!tenants_.empty()) body["tenants"] = tenants_;
    if (!evidence_.empty()) body["evidence"] = evidence_;
    if (!at_.empty()) body["at"] = at_;
    return print_answer(api.post(path + "complete", body), flags, out, err, occurrence_done_text);
  }
  body["reason"] = reason_;
  return print_answer(api.post(path + "skip", body), flags, out, err, occurrence_done_text);
}

}  // namespace opsdesk::cli::client
