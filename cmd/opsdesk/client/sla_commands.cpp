#include "cmd/opsdesk/client/sla_commands.hpp"

#include <cstdio>
#include <ostream>

#include "cmd/opsdesk/client/text_table.hpp"

namespace opsdesk::cli::client {

namespace {

using nlohmann::json;

std::string achieved_mark(const json& achieved) {
  if (!achieved.is_string()) return "—";
  return achieved == "met" ? "○" : "×";
}

std::string percent_text(const json& compliance) {
  const auto percent = compliance.value("achievement_percent", json(nullptr));
  if (!percent.is_number()) return "—";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", percent.get<double>());
  return text;
}

std::string tables_text(const json& answer) {
  std::string text;
  for (const auto& table : answer.value("tables", json::array())) {
    const std::string scope = table.value("name_ja", table.value("tenant", "センタ全体"));
    text += (text.empty() ? "" : "\n") + std::string("SLA実績 別表1 — ") +
            (scope.empty() ? "センタ全体" : scope) + " — " + table["period"].value("label", "") +
            (table.value("reference_only", false) ? "（参考）" : "") + "（集計 " +
            tokyo_text(table["computed_at"]) + "）\n";
    TextTable rows({"項目", "目標", "実績", "達成", "達成率"});
    for (const auto& row : table.value("rows", json::array()))
      rows.add({row.value("label_ja", ""), row.value("target_ja", ""),
                row.value("measured_text_ja", ""), achieved_mark(row["achieved"]),
                percent_text(row.value("compliance", json::object()))});
    text += rows.render();
  }
  return text;
}

}  // namespace

SlaCommands::SlaCommands(CLI::App& app, ConnectionFlags& flags) {
  group_ = add_service_group(app, "sla", "the SLA engine (別表1) on a running server", flags);
  table_ = group_->add_subcommand("table", "the SLA table per association and month");
  table_->add_option("--tenant", tenant_,
                     "the association (code); omitted: the centre and every association "
                     "(centre staff)");
  table_->add_option("--month", month_, "YYYY-MM (Tokyo); omitted: the whole contract term");
  table_->add_option("--as-of", as_of_, "YYYY-MM-DD: the table as it stood when that day closed");
  auto* xlsx = table_->add_option("--xlsx", xlsx_file_, "save the Excel workbook to FILE");
  table_->add_option("--csv", csv_file_, "save the CSV (UTF-8 with BOM) to FILE")->excludes(xlsx);
}

bool SlaCommands::chosen() const { return group_->parsed(); }

int SlaCommands::run(const ServerApi& api, const ConnectionFlags& flags, std::ostream& out,
                     std::ostream& err) {
  std::string query = "/v1/sla/table?";
  if (!tenant_.empty()) query += "tenant=" + query_value(tenant_) + "&";
  if (!month_.empty()) query += "month=" + query_value(month_) + "&";
  if (!as_of_.empty()) query += "as_of=" + query_value(as_of_) + "&";
  const std::string file = !xlsx_file_.empty() ? xlsx_file_ : csv_file_;
  if (file.empty()) return print_answer(api.get(query), flags, out, err, tables_text);

  return save_answer(api.get(query + "format=" + (xlsx_file_.empty() ? "csv" : "xlsx")), file, out,
                     err);
}

}  // namespace opsdesk::cli::client
