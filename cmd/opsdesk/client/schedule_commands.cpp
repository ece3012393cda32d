#include "cmd/opsdesk/client/schedule_commands.hpp"

#include <map>
#include <ostream>

#include "cmd/opsdesk/client/text_table.hpp"

namespace opsdesk::cli::client {

namespace {

using nlohmann::json;

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

// The plan's standing and its entries, as the associations' meeting reads it.
std::string plan_text(const json& plan) {
  static const std::map<std::string, std::string> kApproval = {
      {"approved", "承認済"},
      {"partially_approved", "一部承認"},
      {"not_approved", "未承認"},
      {"changed_since_approval", "承認後に変更あり"}};
  auto approval_ja = [](const std::string& s) {
    const auto it = kApproval.find(s);
    return it == kApproval.end() ? s : it->second;
  };
  std::string text = (text_of(plan, "kind") == "annual" ? "年間センタ運用計画 " : "月間運用計画 ") +
                     text_of(plan, "period") + "（" +
                     approval_ja(text_of(plan, "approval_status")) + "）\n";
  if (plan.contains("tasks")) {
    TextTable table({"作業", "対象", "回数"});
    for (const auto& t : plan["tasks"])
      table.add({text_of(t, "title"), tenants_text(t["tenants"]),
                 std::to_string(t.value("occurrences", 0))});
    text += table.empty() ? "計画された作業はありません\n" : table.render();
  } else if (plan.contains("occurrences")) {
    json list{{"items", plan["occurrences"]}, {"from", plan["from"]}, {"to", plan["to"]}};
    text += occurrences_text(list);
  }
  TextTable approvals({"組合", "承認", "承認者"});
  for (const auto& a : plan["approvals"])
    approvals.add({tenant_name(text_of(a, "tenant")), approval_ja(text_of(a, "status")),
                   a["approval"].is_object() ? text_of(a["approval"], "approver") : "—"});
  if (!approvals.empty()) text += approvals.render();
  return text;
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

  window_ = group_->add_subcommand("window", "plan, approve or complete a maintenance window");
  window_->require_subcommand(1);
  window_plan_ = window_->add_subcommand("plan", "plan work that may stop the service");
  window_plan_
      ->add_option("--kind", window_kind_,
                   "periodic_inspection, power_outage, fire_inspection or other")
      ->required();
  window_plan_->add_option("--title", title_, "what the work is")->required();
  window_plan_
      ->add_option("--tenants", tenants_,
                   "the associations affected (codes, comma-separated, or "
                   "all_centre)")
      ->delimiter(',')
      ->required();
  window_plan_->add_option("--start", start_, "planned start (RFC 3339)")->required();
  window_plan_->add_option("--end", end_, "planned end (RFC 3339)")->required();
  window_plan_->add_flag("--stops-service", stops_service_,
                         "the service stops (notices before, the service-resumed mail after)");
  window_approve_ = window_->add_subcommand("approve", "record an association's approval");
  window_approve_->add_option("id", id_, "the window's id")->required();
  window_approve_->add_option("--tenant", tenant_code_, "the approving association (code)")
      ->required();
  window_approve_->add_option("--approver", approver_, "who approved, as they named themselves")
      ->required();
  window_complete_ = window_->add_subcommand("complete", "the work is done: the service resumes");
  window_complete_->add_option("id", id_, "the window's id")->required();
  window_complete_->add_option("--note", note_, "how it went");

  plan_ = group_->add_subcommand(
      "plan", "the annual centre schedule (--year) or a month's detailed plan (--month)");
  auto* year = plan_->add_option("--year", year_, "fiscal year YYYY (April – March)");
  plan_->add_option("--month", month_, "month YYYY-MM")->excludes(year);
  plan_->add_option("--tenant", tenant_, "only this association's part (code)");
  plan_->add_option("--xlsx", xlsx_file_, "save the Excel workbook to FILE");
  plan_approve_ = plan_->add_subcommand("approve", "record associations' approval of a plan");
  plan_approve_->add_option("period", period_, "YYYY (annual) or YYYY-MM (monthly)")->required();
  plan_approve_
      ->add_option("--tenants", tenants_, "the approving associations (codes, comma-separated)")
      ->delimiter(',')
      ->required();
  plan_approve_->add_option("--approver", approver_, "who approved")->required();
  plan_approve_->add_option("--note", note_, "e.g. where it was approved");

  feed_token_ = group_->add_subcommand(
      "feed-token", "issue a token for subscribing to the schedule's .ics in a calendar program");
  feed_token_->add_option("--label", label_, "what it is for, e.g. the calendar program");
  feed_token_->add_option("--tenant", tenant_, "only this one of your associations (code)");
}

bool ScheduleCommands::chosen() const { return group_->parsed(); }

int ScheduleCommands::run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                          std::ostream& err) {
  if (seed_->parsed()) {
    return print_answer(
        api.post("/v1/schedule/tasks/seed", json::object()), flags, out, err,
        [](const json& answer) {
          return "定義しました: " + std::to_string(answer["defined"].size()) +
                 "件（定義済み: " + std::to_string(answer["already_defined"].size()) + "件）\n";
        });
  }
  if (occurrences_->parsed()) {
    return print_answer(api.get(with_query("/v1/schedule/occurrences", {{"from", from_},
                                                                        {"to", to_},
                                                                        {"tenant", tenant_},
                                                                        {"kind", kind_},
                                                                        {"status", status_}})),
                        flags, out, err, occurrences_text);
  }
  if (windows_->parsed()) {
    return print_answer(api.get(with_query("/v1/schedule/windows",
                                           {{"from", from_}, {"to", to_}, {"tenant", tenant_}})),
                        flags, out, err, windows_text);
  }
  if (window_->parsed()) return run_window(api, flags, out, err);
  if (plan_->parsed()) {
    if (plan_approve_->parsed()) {
      json body{{"tenants", tenants_}, {"approver", approver_}};
      if (!note_.empty()) body["note"] = note_;
      return print_answer(
          api.post("/v1/schedule/plans/" + query_value(period_) + "/approve", body), flags, out,
          err, [this](const json&) { return "承認を記録しました（" + period_ + "）\n"; });
    }
    const auto path =
        with_query("/v1/schedule/plan", {{"year", year_},
                                         {"month", month_},
                                         {"tenant", tenant_},
                                         {"format", xlsx_file_.empty() ? "" : "xlsx"}});
    if (!xlsx_file_.empty()) return save_answer(api.get(path), xlsx_file_, out, err);
    return print_answer(api.get(path), flags, out, err, plan_text);
  }
  if (feed_token_->parsed()) {
    json body = json::object();
    if (!label_.empty()) body["label"] = label_;
    if (!tenant_.empty()) body["tenant"] = tenant_;
    return print_answer(api.post("/v1/schedule/feed-tokens", body), flags, out, err,
                        [&api](const json& t) {
                          return "カレンダー購読用URL（表示はこの一度限り）:\n" + api.url() +
                                 text_of(t, "feed_url") + "\n";
                        });
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

int ScheduleCommands::run_window(const ServerApi& api, const ConnectionFlags& flags,
                                 std::ostream& out, std::ostream& err) {
  auto window_text = [](const json& w) {
    std::string awaiting;
    for (const auto& t : w["awaiting_approval"])
      awaiting += (awaiting.empty() ? "" : "、") + tenant_name(t);
    return text_of(w, "title") + "（" + status_ja(text_of(w, "status")) + "） " + text_of(w, "id") +
           "\n" + (awaiting.empty() ? "" : "承認待ち: " + awaiting + "\n");
  };
  if (window_plan_->parsed()) {
    json body{{"kind", window_kind_},    {"title", title_},     {"tenants", tenants_},
              {"planned_start", start_}, {"planned_end", end_}, {"stops_service", stops_service_}};
    return print_answer(api.post("/v1/schedule/windows", body), flags, out, err, window_text);
  }
  const std::string path = "/v1/schedule/windows/" + query_value(id_) + "/";
  if (window_approve_->parsed())
    return print_answer(
        api.post(path + "approve", {{"tenant", tenant_code_}, {"approver", approver_}}), flags, out,
        err, window_text);
  json body = json::object();
  if (!note_.empty()) body["note"] = note_;
  return print_answer(api.post(path + "complete", body), flags, out, err, window_text);
}

}  // namespace opsdesk::cli::client
