#include "cmd/opsdesk/client/patches_commands.hpp"

#include <map>
#include <ostream>

#include "cmd/opsdesk/client/text_table.hpp"

namespace opsdesk::cli::client {

namespace {

using nlohmann::json;

std::string word_ja(const std::string& word) {
  static const std::map<std::string, std::string> kWords = {
      {"os", "OS"},
      {"antivirus", "ウイルス対策"},
      {"windows_feature_update", "Win11機能更新"},
      {"middleware", "ミドルウェア"},
      {"critical", "緊急"},
      {"important", "重要"},
      {"moderate", "警告"},
      {"low", "注意"},
      {"emergency", "緊急対応"},
      {"normal", "通常"},
      {"deferred", "見送り"},
      {"registered", "登録"},
      {"assessed", "評価済"},
      {"decided", "方針決定"},
      {"rolling_out", "適用中"},
      {"rolled_out", "適用完了"},
      {"pending", "未着手"},
      {"verified", "検証済"},
      {"scheduled", "適用予定"},
      {"applied", "適用済"},
      {"failed", "失敗"},
      {"not_applicable", "対象外"}};
  const auto it = kWords.find(word);
  return it == kWords.end() ? (word.empty() ? "—" : word) : it->second;
}

std::string counts_text(const json& counts) {
  std::string text;
  for (const char* state :
       {"pending", "verified", "scheduled", "applied", "failed", "not_applicable"}) {
    const int n = counts.is_object() ? counts.value(state, 0) : 0;
    if (n == 0) continue;
    text += (text.empty() ? "" : " ") + word_ja(state) + std::to_string(n);
  }
  return text.empty() ? "—" : text;
}

std::string patches_text(const json& answer) {
  TextTable table({"パッチ", "件名", "製品", "重要度", "緊急度", "状況", "対象", "期限", "ID"});
  for (const auto& p : answer["items"])
    table.add({text_of(p, "vendor_id"), text_of(p, "title"), word_ja(text_of(p, "product")),
               word_ja(text_of(p, "severity")), word_ja(text_of(p, "urgency")),
               word_ja(text_of(p, "status")) + (p.value("overdue", false) ? "（期限超過）" : ""),
               counts_text(p["counts"]), tokyo_text(p["apply_due_at"]), text_of(p, "id")});
  if (table.empty()) return "セキュリティパッチはありません\n";
  return table.render();
}

std::string rows_text(const json& rows, bool with_patch) {
  std::vector<std::string> headings = {"対象機器", "名称", "状態", "適用予定", "更新"};
  if (with_patch) headings.insert(headings.begin(), "パッチ");
  TextTable table(headings);
  for (const auto& r : rows) {
    std::vector<std::string> cells = {text_of(r, "code"), text_of(r, "name"),
                                      word_ja(text_of(r, "state")), tokyo_text(r["scheduled_for"]),
                                      tokyo_text(r["changed_at"])};
    if (with_patch) cells.insert(cells.begin(), text_of(r, "vendor_id"));
    table.add(cells);
  }
  if (table.empty()) return "該当する対象機器はありません\n";
  return table.render();
}

std::string patch_text(const json& p) {
  std::string text = text_of(p, "vendor_id") + " " + text_of(p, "title") + "（" +
                     word_ja(text_of(p, "product")) + "、" + word_ja(text_of(p, "status")) + "） " +
                     text_of(p, "id") + "\n";
  if (p["urgency"].is_string())
    text += "緊急度: " + word_ja(p["urgency"]) +
            (p["apply_due_at"].is_string() ? "（適用期限 " + tokyo_text(p["apply_due_at"]) + "）"
                                           : "") +
            "\n";
  if (p.value("overdue", false)) text += "期限超過が記録されています\n";
  if (p.contains("targets") && !p["targets"].empty()) text += rows_text(p["targets"], false);
  return text;
}

std::string report_text(const json& answer) {
  std::string text = "セキュリティパッチ適用状況 " + text_of(answer, "month") + "\n";
  for (const auto& a : answer["associations"]) {
    text += tenant_name(text_of(a, "tenant")) + ": 適用済 " +
            std::to_string(a["counts"].value("applied", 0)) + "、失敗 " +
            std::to_string(a["counts"].value("failed", 0)) + "、未適用 " +
            std::to_string(a["counts"].value("pending", 0)) + "\n";
    TextTable table({"区分", "パッチ", "件名", "対象機器", "状態", "日時"});
    for (const auto& [kind, label] : {std::pair<std::string, std::string>{"applied", "適用済"},
                                      {"failed", "失敗"},
                                      {"pending", "未適用"}})
      for (const auto& l : a[kind])
        table.add({label, text_of(l, "vendor_id"), text_of(l, "title"), text_of(l, "code"),
                   word_ja(text_of(l, "state")),
                   l["at"].is_string() ? l["at"].get<std::string>() : "—"});
    if (!table.empty()) text += table.render();
  }
  return text;
}

}  // namespace

PatchesCommands::PatchesCommands(CLI::App& app, ConnectionFlags& flags) {
  group_ = add_service_group(
      app, "patches",
      "security patches and their rollout over the centre's servers and terminals (4.(2)⑤) on a "
      "running server",
      flags);

  list_ = group_->add_subcommand("list", "security patches, newest first");
  list_->add_option("--status", status_,
                    "registered, assessed, decided, deferred, rolling_out or rolled_out");

  show_ = group_->add_subcommand("show", "one patch with the targets you may see");
  show_->add_option("id", id_, "the patch's id")->required();

  register_ = group_->add_subcommand("register", "register a patch a vendor published");
  register_
      ->add_option("--product", product_, "os, antivirus, windows_feature_update or middleware")
      ->required();
  register_->add_option("--vendor-id", vendor_id_, "the vendor's name for it, e.g. KB5060842")
      ->required();
  register_->add_option("--title", title_, "what it is")->required();
  register_->add_option("--published", published_, "the vendor's date, YYYY-MM-DD")->required();
  register_->add_option("--severity", severity_, "critical, important, moderate or low")
      ->required();
  register_->add_option("--description", description_, "details");

  assess_ = group_->add_subcommand("assess", "record the impact on the system (⑤ウ)");
  assess_->add_option("id", id_, "the patch's id")->required();
  assess_->add_option("--impact", impact_, "what it affects")->required();
  assess_->add_flag("--needs-modification", needs_modification_,
                    "the system's assets must be modified (⑤エ: link a change)");

  urgency_ = group_->add_subcommand(
      "urgency", "record the urgency, measure and plan agreed with the associations (⑤アイ)");
  urgency_->add_option("id", id_, "the patch's id")->required();
  urgency_->add_option("--urgency", urgency_word_, "emergency, normal or deferred")->required();
  urgency_->add_option("--measure", measure_, "provisional or permanent")->required();
  urgency_->add_option("--agreed-with", agreed_with_, "who agreed on the association side")
      ->required();
  urgency_->add_option("--plan", plan_, "the plan as agreed");
  urgency_->add_option("--reason", reason_, "why (required for deferred)");

  verification_ = group_->add_subcommand("verification", "record the verification (⑤ウ 動作確認)");
  verification_->add_option("id", id_, "the patch's id")->required();
  verification_->add_option("--result", result_, "passed or failed")->required();
  verification_->add_option("--environment", environment_, "where it was verified")->required();
  verification_->add_option("--note", note_, "what was checked");

  procedure_ = group_->add_subcommand("procedure", "attach the application procedure (⑤ウ)");
  procedure_->add_option("id", id_, "the patch's id")->required();
  procedure_->add_option("--document", document_, "the document id")->required();
  procedure_->add_option("--version", version_, "the document's version")->required();

  link_ = group_->add_subcommand("link", "link the change that modifies the system for it (⑤エ)");
  link_->add_option("id", id_, "the patch's id")->required();
  link_->add_option("--change", change_, "the change's id")->required();

  target_ = group_->add_subcommand("target", "make configuration items targets of the patch");
  target_->add_option("id", id_, "the patch's id")->required();
  target_->add_option("--items", targets_, "configuration items (codes or ids, comma-separated)")
      ->delimiter(',')
      ->required();

  add_step("verify", "record targets verified (the patch passed its verification)");
  add_step("schedule", "schedule targets (--at: when they will be applied)");
  add_step("apply", "record targets applied");
  add_step("fail", "record a failed application (--note: why)");
  add_step("not-applicable", "record targets the patch does not apply to (--note: why)");

  matrix_ = group_->add_subcommand(
      "matrix", "the rollout matrix: one patch's targets, or with --state every patch's");
  matrix_->add_option("id", id_, "the patch's id (leave out for every patch)");
  matrix_->add_option("--state", state_,
                      "pending, verified, scheduled, applied, failed, not_applicable or open");
  matrix_->add_option("--tenant", tenant_, "only this association's equipment (code)");

  report_ = group_->add_subcommand("report", "the month's patches per association");
  report_->add_option("--month", month_text_, "YYYY-MM (default: this month)");
  report_->add_option("--tenant", tenant_, "only this association (code)");
  report_->add_option("--xlsx", xlsx_file_, "save the Excel workbook to FILE");
}

CLI::App* PatchesCommands::add_step(const std::string& name, const std::string& help) {
  auto* step = group_->add_subcommand(name, help);
  step->add_option("id", id_, "the patch's id")->required();
  step->add_option("--targets", targets_, "targets (codes or ids, comma-separated)")
      ->delimiter(',')
      ->required();
  step->add_option("--note", note_, "what was done, or why");
  if (name == "schedule")
    step->add_option("--at", scheduled_for_, "when it will be applied, RFC 3339")->required();
  steps_.emplace_back(step, name == "not-applicable" ? "not_applicable" : name);
  return step;
}

bool PatchesCommands::chosen() const { return group_->parsed(); }

int PatchesCommands::run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                         std::ostream& err) {
  if (list_->parsed())
    return print_answer(api.get(with_query("/v1/patches", {{"status", status_}})), flags, out, err,
                        patches_text);
  if (show_->parsed())
    return print_answer(api.get("/v1/patches/" + query_value(id_)), flags, out, err, patch_text);
  if (register_->parsed()) {
    json body{{"product", product_},
              {"vendor_id", vendor_id_},
              {"title", title_},
              {"published", published_},
              {"severity", severity_}};
    if (!description_.empty()) body["description"] = description_;
    return print_answer(api.post("/v1/patches", body), flags, out, err, patch_text);
  }
  if (matrix_->parsed()) {
    if (id_.empty())
      return print_answer(
          api.get(with_query("/v1/patches/matrix", {{"state", state_}, {"tenant", tenant_}})),
          flags, out, err, [](const json& answer) { return rows_text(answer["rows"], true); });
    return print_answer(api.get("/v1/patches/" + query_value(id_) + "/matrix"), flags, out, err,
                        [](const json& answer) { return rows_text(answer["rows"], false); });
  }
  if (report_->parsed()) {
    const auto path =
        with_query("/v1/patches/report", {{"month", month_text_},
                                          {"tenant", tenant_},
                                          {"format", xlsx_file_.empty() ? "" : "xlsx"}});
    if (!xlsx_file_.empty()) return save_answer(api.get(path), xlsx_file_, out, err);
    return print_answer(api.get(path), flags, out, err, report_text);
  }
  const std::string path = "/v1/patches/" + query_value(id_) + "/";
  auto send = [&](const std::string& command, const json& body) {
    return print_answer(api.post(path + command, body), flags, out, err, patch_text);
  };
  for (const auto& [step, command] : steps_) {
    if (!step->parsed()) continue;
    json body{{"targets", targets_}};
    if (!note_.empty()) body["note"] = note_;
    if (!scheduled_for_.empty()) body["scheduled_for"] = scheduled_for_;
    return send(command, body);
  }
  if (assess_->parsed())
    return send("assess", {{"impact", impact_}, {"needs_modification", needs_modification_}});
  if (urgency_->parsed()) {
    json body{{"urgency", urgency_word_}, {"measure", measure_}, {"agreed_with", agreed_with_}};
    if (!plan_.empty()) body["plan"] = plan_;
    if (!reason_.empty()) body["reason"] = reason_;
    return send("decide_urgency", body);
  }
  if (verification_->parsed()) {
    json body{{"result", result_}, {"environment", environment_}};
    if (!note_.empty()) body["note"] = note_;
    return send("record_verification", body);
  }
  if (procedure_->parsed())
    return send("attach_procedure", {{"document_id", document_}, {"document_version", version_}});
  if (link_->parsed()) return send("link_change", {{"change_id", change_}});
  return send("target", {{"configuration_items", targets_}});
}

}  // namespace opsdesk::cli::client
