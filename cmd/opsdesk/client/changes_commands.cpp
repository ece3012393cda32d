#include "cmd/opsdesk/client/changes_commands.hpp"

#include <cstdio>
#include <map>
#include <ostream>

#include "cmd/opsdesk/client/text_table.hpp"

namespace opsdesk::cli::client {

namespace {

using nlohmann::json;

// A figure of the answer, or "—" when it has none (a zero divisor: see `undefined`).
std::string number_text(const json& value, int decimals = 1) {
  if (!value.is_number()) return "—";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value.get<double>());
  return buffer;
}

std::string word_ja(const std::string& word) {
  static const std::map<std::string, std::string> kWords = {{"fault", "障害"},
                                                            {"improvement", "改善要望"},
                                                            {"security_patch", "パッチ"},
                                                            {"other", "その他"},
                                                            {"registered", "登録"},
                                                            {"assessed", "評価済"},
                                                            {"approved", "承認済"},
                                                            {"in_progress", "作業中"},
                                                            {"closed", "完了"},
                                                            {"rejected", "却下"},
                                                            {"withdrawn", "取下げ"},
                                                            {"design", "設計"},
                                                            {"build", "製造"},
                                                            {"unit_test", "単体テスト"},
                                                            {"integration_test", "結合テスト"},
                                                            {"system_test", "システムテスト"},
                                                            {"acceptance_support", "受入支援"},
                                                            {"distribution", "配布"},
                                                            {"migration", "移行"},
                                                            {"installation", "導入"},
                                                            {"training", "研修"},
                                                            {"active", "稼働"},
                                                            {"retired", "撤去"}};
  const auto it = kWords.find(word);
  return it == kWords.end() ? word : it->second;
}

std::string tenants_text(const json& codes) {
  if (!codes.is_array() || codes.empty()) return "—";
  if (codes.size() == 1 && codes[0] == "all_centre") return "センタ共用";
  std::string first = tenant_name(codes[0].get<std::string>());
  if (codes.size() == 1) return first;
  return first + " ほか" + std::to_string(codes.size() - 1) + "組合";
}

std::string items_text(const json& answer) {
  TextTable table({"コード", "名称", "種別", "組合", "設置場所", "OS", "状態"});
  for (const auto& i : answer["items"])
    table.add({text_of(i, "code"), text_of(i, "name"), text_of(i, "kind"),
               tenants_text(i["tenants"]),
               text_of(i, "location") == "bouei_site" ? "防衛省" : "センタ",
               i["attributes"].is_object() ? text_of(i["attributes"], "os") : "",
               word_ja(text_of(i, "status"))});
  if (table.empty()) return "構成品目はありません\n";
  return table.render();
}

std::string changes_text(const json& answer) {
  TextTable table({"件名", "起因", "状況", "工程", "計画(h)", "実績(h)", "ID"});
  for (const auto& c : answer["items"])
    table.add({text_of(c, "title"), word_ja(text_of(c, "origin")), word_ja(text_of(c, "status")),
               c["current_phase"].is_string() ? word_ja(c["current_phase"]) : "—",
               number_text(c["planned_hours"]), number_text(c["actual_hours"]), text_of(c, "id")});
  if (table.empty()) return "改修案件はありません\n";
  return table.render();
}

std::string change_text(const json& c) {
  std::string text = text_of(c, "title") + "（" + word_ja(text_of(c, "origin")) + "、" +
                     word_ja(text_of(c, "status")) + "） " + text_of(c, "id") + "\n";
  if (c["current_phase"].is_string()) text += "現在の工程: " + word_ja(c["current_phase"]) + "\n";
  if (c.contains("work_packages") && !c["work_packages"].empty()) {
    TextTable table({"WBS", "名称", "計画(h)", "開始", "終了", "進捗(%)", "実績(h)"});
    for (const auto& p : c["work_packages"])
      table.add({text_of(p, "id"), text_of(p, "name"), number_text(p["planned_hours"]),
                 text_of(p, "planned_start"), text_of(p, "planned_finish"),
                 number_text(p["percent_complete"], 0), number_text(p["actual_hours"])});
    text += table.render();
  }
  return text;
}

std::string evm_text(const json& m) {
  TextTable table({"指標", "値"});
  table.add({"基準日", text_of(m, "as_of")});
  table.add({"計画値(PV) h", number_text(m["pv"])});
  table.add({"出来高(EV) h", number_text(m["ev"])});
  table.add({"実コスト(AC) h", number_text(m["ac"])});
  table.add({"完了時予算(BAC) h", number_text(m["bac"])});
  table.add({"SPI", number_text(m["spi"], 2)});
  table.add({"CPI", number_text(m["cpi"], 2)});
  table.add({"完了時予測(EAC, CPI) h", number_text(m["eac"]["cpi"])});
  table.add({"完了時差異(VAC, CPI) h", number_text(m["vac"]["cpi"])});
  table.add({"TCPI(BAC)", number_text(m["tcpi"]["to_bac"], 2)});
  table.add({"SPI(t)", number_text(m["spi_t"], 2)});
  table.add({"完了予測日",
             m["forecast_finish"].is_string() ? m["forecast_finish"].get<std::string>() : "—"});
  std::string text = table.render();
  for (const auto& [figure, reason] : m["undefined"].items())
    text += "  " + figure + ": " + reason.get<std::string>() + "\n";
  return text;
}

std::string cap_text(const json& c) {
  TextTable table({"改修工数（" + text_of(c, "term") + "年度）", "時間", "人月"});
  table.add(
      {"契約上限", number_text(c["cap"]["hours"]), number_text(c["cap"]["person_months"], 2)});
  table.add({"実績(AC)", number_text(c["ac"]["hours"]), number_text(c["ac"]["person_months"], 2)});
  table.add({"完了時予測(EAC)", number_text(c["eac"]["hours"]),
             number_text(c["eac"]["person_months"], 2)});
  table.add({"残り(上限−実績)", number_text(c["remaining"]["after_ac_hours"]),
             number_text(c["remaining"]["after_ac_person_months"], 2)});
  table.add({"残り(上限−予測)", number_text(c["remaining"]["after_eac_hours"]),
             number_text(c["remaining"]["after_eac_person_months"], 2)});
  return table.render();
}

std::string month_text(const json& answer) {
  std::string text =
      "改修作業 EVM " + text_of(answer, "month") + "（基準日 " + text_of(answer, "as_of") + "）\n";
  TextTable table({"件名", "PV", "EV", "AC", "SPI", "CPI", "EAC"});
  for (const auto& c : answer["changes"])
    table.add({text_of(c, "title"), number_text(c["evm"]["pv"]), number_text(c["evm"]["ev"]),
               number_text(c["evm"]["ac"]), number_text(c["evm"]["spi"], 2),
               number_text(c["evm"]["cpi"], 2), number_text(c["evm"]["eac"]["cpi"])});
  const auto& t = answer["totals"];
  table.add({"合計", number_text(t["pv"]), number_text(t["ev"]), number_text(t["ac"]),
             number_text(t["spi"], 2), number_text(t["cpi"], 2), number_text(t["eac"]["cpi"])});
  text += table.render();
  if (answer["contract_cap"].is_object()) text += cap_text(answer["contract_cap"]);
  return text;
}

}  // namespace

ChangesCommands::ChangesCommands(CLI::App& app, ConnectionFlags& flags) {
  group_ = add_service_group(
      app, "changes",
      "configuration items, change requests, WBS and earned value (改修・構成管理) on a running "
      "server",
      flags);

  seed_ = group_->add_subcommand(
      "seed", "register the centre's equipment of 別紙4 not registered yet (safe to run again)");

  items_ = group_->add_subcommand("items", "configuration items");
  items_->add_option("--kind", kind_, "only this kind, e.g. system_server");
  items_->add_option("--tenant", tenant_, "only items serving this association (code)");

  list_ = group_->add_subcommand("list", "change requests, newest first");
  list_->add_option("--status", status_,
                    "registered, assessed, approved, in_progress, closed, rejected, withdrawn "
                    "or open");
  list_->add_option("--origin", origin_, "fault, improvement, security_patch or other");
  list_->add_option("--tenant", tenant_, "only changes for this association (code)");

  register_ = group_->add_subcommand("register", "register a change request");
  register_->add_option("--origin", origin_, "fault, improvement, security_patch or other")
      ->required();
  register_->add_option("--title", title_, "what is to change")->required();
  register_
      ->add_option("--tenants", tenants_, "associations (codes, comma-separated, or all_centre)")
      ->delimiter(',')
      ->required();
  register_->add_option("--incident", incident_, "the fault's incident id (origin fault)");
  register_->add_option("--inquiry", inquiry_, "the improvement request's inquiry id");
  register_->add_option("--description", description_, "details");
  register_->add_option("--items", items_list_, "configuration items affected (codes or ids)")
      ->delimiter(',');

  assess_ = group_->add_subcommand("assess", "record the impact and the effort estimate");
  assess_->add_option("id", id_, "the change's id")->required();
  assess_->add_option("--impact", impact_, "what it affects")->required();
  assess_->add_option("--hours", hours_, "estimated effort in hours")->required();

  approve_ = group_->add_subcommand("approve", "record the association side's approval");
  approve_->add_option("id", id_, "the change's id")->required();
  approve_->add_option("--approver", approver_, "who approved")->required();
  approve_->add_option("--note", note_, "e.g. where it was approved");

  package_ = group_->add_subcommand("package", "add a work package to the change's WBS");
  package_->add_option("id", id_, "the change's id")->required();
  package_->add_option("--name", name_, "the work")->required();
  package_->add_option("--hours", hours_, "planned hours")->required();
  package_->add_option("--start", start_, "planned start, YYYY-MM-DD")->required();
  package_->add_option("--finish", finish_, "planned finish, YYYY-MM-DD")->required();
  package_->add_option("--tenant", tenant_, "the association it is for (default: shared)");
  package_->add_option("--depends-on", depends_on_, "packages it waits for (wp-1,…)")
      ->delimiter(',');

  progress_ = group_->add_subcommand("progress", "record how far a package is");
  progress_->add_option("id", id_, "the change's id")->required();
  progress_->add_option("--package", package_id_, "wp-1, …")->required();
  auto* percent = progress_->add_option("--percent", percent_, "percent complete, 0–100");
  progress_->add_flag("--done", done_, "the package is done")->excludes(percent);
  progress_->add_option("--as-of", as_of_, "the day, YYYY-MM-DD (default: today)");

  actual_ = group_->add_subcommand("actual", "record hours worked on a package");
  actual_->add_option("id", id_, "the change's id")->required();
  actual_->add_option("--package", package_id_, "wp-1, …")->required();
  actual_->add_option("--hours", hours_, "hours worked")->required();
  actual_->add_option("--by", by_, "who worked them")->required();
  actual_->add_option("--date", date_, "the day, YYYY-MM-DD (default: today)");
  actual_->add_option("--activity", activity_, "what was done");

  baseline_ = group_->add_subcommand(
      "baseline", "freeze the plan (with --reason: rebaseline, keeping the old one)");
  baseline_->add_option("id", id_, "the change's id")->required();
  baseline_->add_option("--reason", reason_, "why the plan changes (rebaseline)");

  phase_ = group_->add_subcommand("phase", "record a phase done (or skipped)");
  phase_->add_option("id", id_, "the change's id")->required();
  phase_->add_option("--phase", phase_name_, "design, build, …, installation, training")
      ->required();
  phase_->add_option("--tenant", tenant_, "migration and installation: the association");
  phase_->add_option("--document", document_, "the evidence: a document id");
  phase_->add_option("--version", version_, "the evidence: the document's version");
  phase_->add_option("--skip-reason", reason_, "skip migration or training, saying why");

  close_ = group_->add_subcommand("close", "close a change whose phases are all done");
  close_->add_option("id", id_, "the change's id")->required();
  close_->add_option("--note", note_, "how it ended");

  evm_ = group_->add_subcommand("evm", "a change's earned value (SPI, CPI, EAC, …)");
  evm_->add_option("id", id_, "the change's id")->required();
  evm_->add_option("--as-of", as_of_, "the day, YYYY-MM-DD (default: today)");
  evm_->add_option("--tenant", tenant_, "only this association's packages");

  month_ = group_->add_subcommand("month", "the month's earned value for the monthly meeting");
  month_->add_option("--month", month_text_, "YYYY-MM (default: this month)");
  month_->add_option("--tenant", tenant_, "only this association (code)");
  month_->add_option("--xlsx", xlsx_file_, "save the Excel workbook to FILE");

  cap_ = group_->add_subcommand("cap", "the term's modification effort against the contract's cap");
}

bool ChangesCommands::chosen() const { return group_->parsed(); }

int ChangesCommands::run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                         std::ostream& err) {
  if (seed_->parsed())
    return print_answer(
        api.post("/v1/configuration-items/seed", json::object()), flags, out, err,
        [](const json& answer) {
          return "登録しました: " + std::to_string(answer["registered"].size()) +
                 "件（登録済み: " + std::to_string(answer["already_registered"].size()) + "件）\n";
        });
  if (items_->parsed())
    return print_answer(
        api.get(with_query("/v1/configuration-items", {{"kind", kind_}, {"tenant", tenant_}})),
        flags, out, err, items_text);
  if (list_->parsed())
    return print_answer(
        api.get(with_query("/v1/changes",
                           {{"status", status_}, {"origin", origin_}, {"tenant", tenant_}})),
        flags, out, err, changes_text);
  if (register_->parsed()) {
    json body{{"origin", origin_}, {"title", title_}, {"tenants", tenants_}};
    if (!incident_.empty()) body["incident_id"] = incident_;
    if (!inquiry_.empty()) body["inquiry_id"] = inquiry_;
    if (!description_.empty()) body["description"] = description_;
    if (!items_list_.empty()) body["configuration_items"] = items_list_;
    return print_answer(api.post("/v1/changes", body), flags, out, err, change_text);
  }
  if (evm_->parsed())
    return print_answer(api.get(with_query("/v1/changes/" + query_value(id_) + "/evm",
                                           {{"as_of", as_of_}, {"tenant", tenant_}})),
                        flags, out, err, evm_text);
  if (month_->parsed()) {
    const auto path = with_query("/v1/evm", {{"month", month_text_},
                                             {"tenant", tenant_},
                                             {"format", xlsx_file_.empty() ? "" : "xlsx"}});
    if (!xlsx_file_.empty()) return save_answer(api.get(path), xlsx_file_, out, err);
    return print_answer(api.get(path), flags, out, err, month_text);
  }
  if (cap_->parsed()) return print_answer(api.get("/v1/evm/cap"), flags, out, err, cap_text);
  return run_command(api, flags, out, err);
}

int ChangesCommands::run_command(const ServerApi& api, const ConnectionFlags& flags,
                                 std::ostream& out, std::ostream& err) {
  const std::string path = "/v1/changes/" + query_value(id_) + "/";
  auto send = [&](const std::string& command, const json& body) {
    return print_answer(api.post(path + command, body), flags, out, err, change_text);
  };
  if (assess_->parsed())
    return send("assess", {{"impact", impact_}, {"effort_estimate_hours", hours_}});
  if (approve_->parsed()) {
    json body{{"approver", approver_}};
    if (!note_.empty()) body["note"] = note_;
    return send("approve", body);
  }
  if (package_->parsed()) {
    json body{{"name", name_},
              {"planned_hours", hours_},
              {"planned_start", start_},
              {"planned_finish", finish_}};
    if (!tenant_.empty()) body["tenant"] = tenant_;
    if (!depends_on_.empty()) body["depends_on"] = depends_on_;
    return send("add_work_package", body);
  }
  if (progress_->parsed()) {
    json body{{"package_id", package_id_}};
    if (done_)
      body["done"] = true;
    else
      body["percent"] = percent_;
    if (!as_of_.empty()) body["as_of"] = as_of_;
    return send("record_progress", body);
  }
  if (actual_->parsed()) {
    json body{{"package_id", package_id_}, {"hours", hours_}, {"by", by_}};
    if (!date_.empty()) body["date"] = date_;
    if (!activity_.empty()) body["activity"] = activity_;
    return send("record_actual", body);
  }
  if (baseline_->parsed())
    return reason_.empty() ? send("baseline", json::object())
                           : send("rebaseline", {{"reason", reason_}});
  if (phase_->parsed()) {
    if (!reason_.empty()) return send("skip_phase", {{"phase", phase_name_}, {"reason", reason_}});
    json body{{"phase", phase_name_},
              {"evidence", {{"document_id", document_}, {"document_version", version_}}}};
    if (!tenant_.empty()) body["tenant"] = tenant_;
    return send("complete_phase", body);
  }
  json body = json::object();
  if (!note_.empty()) body["note"] = note_;
  return send("close", body);
}

}  // namespace opsdesk::cli::client
