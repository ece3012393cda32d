#include "cmd/opsdesk/client/incidents_commands.hpp"

#include <algorithm>
#include <ostream>

#include "cmd/opsdesk/client/text_table.hpp"

namespace opsdesk::cli::client {

namespace {

using nlohmann::json;

std::string status_ja(const std::string& status) {
  if (status == "open") return "対応中";
  if (status == "workaround_applied") return "暫定対応済";
  if (status == "restored") return "復旧済";
  if (status == "closed") return "クローズ";
  return status;
}

std::string severity_ja(const std::string& severity) {
  if (severity == "critical") return "重大";
  if (severity == "major") return "重要";
  if (severity == "minor") return "軽微";
  return severity;
}

// One board row's associations: "総務省共済組合（第一報済）、法務省共済組合（第一報未）".
std::string tenants_text(const json& tenants) {
  std::string text;
  for (const auto& t : tenants) {
    if (!text.empty()) text += "、";
    text += t.value("name_ja", t.value("tenant", "")) +
            (t.value("first_notice_sent", false) ? "（第一報済）" : "（第一報未）");
  }
  return text;
}

std::string board_text(const json& board) {
  TextTable table({"ID", "重大度", "状態", "発生（日本時間）", "経過", "件名", "共済組合"});
  for (const auto& row : board.value("items", json::array()))
    table.add({row.value("id", ""), severity_ja(row.value("severity", "")),
               status_ja(row.value("status", "")), tokyo_text(row["detected_at"]),
               row.value("elapsed_text", ""), row.value("title", ""),
               tenants_text(row.value("tenants", json::array()))});
  if (table.empty()) return "該当する障害はありません\n";
  std::string text = table.render();
  if (board.contains("next_cursor") && board["next_cursor"].is_string())
    text += "（続きあり: --json の next_cursor）\n";
  return text;
}

std::string incident_text(const json& incident) {
  std::string text;
  // Labels padded to one column, as wide as 構成品目 (8 terminal columns).
  auto line = [&](const std::string& label, const std::string& value) {
    text += label + std::string(8 - std::min<std::size_t>(8, display_width(label)), ' ') + "  " +
            value + "\n";
  };
  line("ID", incident.value("id", ""));
  line("件名", incident.value("title", ""));
  line("重大度", severity_ja(incident.value("severity", "")));
  line("状態", status_ja(incident.value("status", "")) + "（版 " +
                   std::to_string(incident.value("version", 0)) + "）");
  line("発生", tokyo_text(incident["occurred_at"]));
  line("検知元", incident.value("source", ""));
  std::string tenants;
  for (const auto& code : incident.value("affected_tenants", json::array()))
    tenants += (tenants.empty() ? "" : "、") + tenant_name(code.get<std::string>());
  line("共済組合", tenants);
  std::string items;
  for (const auto& item : incident.value("configuration_items", json::array()))
    items += (items.empty() ? "" : "、") + item.get<std::string>();
  if (!items.empty()) line("構成品目", items);
  line("復旧", tokyo_text(incident["restored_at"]));
  line("クローズ", tokyo_text(incident["closed_at"]));
  TextTable notices({"共済組合", "第一報", "経過報告", "最終経過報告", "復旧報告"});
  const json notices_by_tenant = incident.value("notices", json::object());
  for (const auto& [code, told] : notices_by_tenant.items())
    notices.add({tenant_name(code), tokyo_text(told["first_notice_at"]),
                 std::to_string(told.value("progress_reports", 0)) + "回",
                 tokyo_text(told["last_progress_report_at"]),
                 tokyo_text(told["recovery_report_at"])});
  if (!notices.empty()) text += "\n" + notices.render();
  return text;
}

}  // namespace

IncidentsCommands::IncidentsCommands(CLI::App& app, ConnectionFlags& flags) {
  group_ = add_service_group(app, "incidents", "incidents (障害) on a running server", flags);

  list_ = group_->add_subcommand("list", "the board: open incidents, or a page of closed ones");
  list_->add_option("--status", status_,
                    "active (default: every status but closed), open, workaround_applied, "
                    "restored, closed");
  list_->add_option("--tenant", tenant_, "only those affecting this association (code)");
  list_->add_option("--limit", limit_, "closed ones per page (default 100)");

  show_ = group_->add_subcommand("show", "one incident: its state and who has been told what");
  show_->add_option("id", id_, "the incident's id")->required();

  detect_ = group_->add_subcommand("detect", "record a new incident (障害検知)");
  detect_->add_option("--title", title_, "what failed")->required();
  detect_->add_option("--severity", severity_, "critical, major or minor")->required();
  detect_->add_option("--tenants", tenants_, "affected associations (codes), or all_centre")
      ->required()
      ->delimiter(',');
  detect_->add_option("--occurred-at", occurred_at_,
                      "when the error appeared (RFC 3339, any offset; default: now)");
  detect_->add_option("--source", source_, "monitoring (default), inquiry, operator, vendor");
  detect_->add_option("--description", description_, "more detail");
  detect_->add_option("--ci", configuration_items_, "configuration items (comma-separated)")
      ->delimiter(',');

  notice_ =
      group_->add_subcommand("notice", "record a report to an association (第一報・経過報告)");
  notice_->add_option("id", id_, "the incident's id")->required();
  notice_->add_option("--tenant", tenant_, "the association told (code)")->required();
  notice_->add_option("--kind", kind_, "first_notice (default), progress_report, recovery_report");
  notice_->add_option("--channel", channel_, "email (default), phone, in_person, other");
  notice_->add_option("--sent-at", at_, "when it was sent (RFC 3339; default: now)");
  notice_->add_option("--summary", summary_, "what was said");

  restore_ = group_->add_subcommand("restore", "record that the service is restored (復旧)");
  restore_->add_option("id", id_, "the incident's id")->required();
  restore_->add_option("--at", at_, "when (RFC 3339; default: now)");
  restore_->add_option("--summary", summary_, "how");

  close_ = group_->add_subcommand("close", "close a restored incident (クローズ)");
  close_->add_option("id", id_, "the incident's id")->required();
  close_->add_option("--resolution", resolution_, "how it was resolved")->required();
  close_->add_option("--at", at_, "when (RFC 3339; default: the server's time)");
}

bool IncidentsCommands::chosen() const { return group_->parsed(); }

int IncidentsCommands::run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                           std::ostream& err) {
  if (list_->parsed()) return list(api, flags, out, err);
  if (show_->parsed()) return show(api, flags, out, err);
  if (detect_->parsed()) {
    json body{{"title", title_},
              {"severity", severity_},
              {"source", source_},
              {"affected_tenants", tenants_},
              {"configuration_items", configuration_items_},
              {"occurred_at", occurred_at_.empty() ? now_text() : occurred_at_}};
    if (!description_.empty()) body["description"] = description_;
    return command(api, flags, out, err, "/v1/incidents", body, "障害を登録しました");
  }
  const std::string path = "/v1/incidents/" + query_value(id_) + "/";
  if (notice_->parsed()) {
    json body{{"tenant", tenant_},
              {"kind", kind_},
              {"channel", channel_},
              {"sent_at", at_.empty() ? now_text() : at_}};
    if (!summary_.empty()) body["summary"] = summary_;
    return command(api, flags, out, err, path + "record_notice", body,
                   "報告を記録しました（" + tenant_name(tenant_) + "）");
  }
  if (restore_->parsed()) {
    json body{{"at", at_.empty() ? now_text() : at_}};
    if (!summary_.empty()) body["summary"] = summary_;
    return command(api, flags, out, err, path + "restore_service", body, "復旧を記録しました");
  }
  json body{{"resolution", resolution_}};
  if (!at_.empty()) body["at"] = at_;
  return command(api, flags, out, err, path + "close", body, "クローズしました");
}

int IncidentsCommands::list(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                            std::ostream& err) const {
  std::string query = "/v1/board/incidents?status=" + query_value(status_);
  if (!tenant_.empty()) query += "&tenant=" + query_value(tenant_);
  if (status_ == "closed") query += "&limit=" + std::to_string(limit_);
  return print_answer(api.get(query), flags, out, err, board_text);
}

int IncidentsCommands::show(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                            std::ostream& err) const {
  return print_answer(api.get("/v1/incidents/" + query_value(id_)), flags, out, err, incident_text);
}

int IncidentsCommands::command(const ServerApi& api, const ConnectionFlags& flags,
                               std::ostream& out, std::ostream& err, const std::string& path,
                               const json& body, const std::string& done) const {
  return print_answer(api.post(path, body), flags, out, err, [&](const json& incident) {
    return done + "：" + incident.value("id", "") + "（" + status_ja(incident.value("status", "")) +
           "、版 " + std::to_string(incident.value("version", 0)) + "）\n";
  });
}

}  // namespace opsdesk::cli::client
