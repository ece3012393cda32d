#include "services/inquiries/faq/faq_files.hpp"

#include <map>

#include "libs/core/tokyo_time.hpp"
#include "libs/reports/xlsx_writer.hpp"
#include "libs/tenants/tenant_registry.hpp"

namespace opsdesk::inquiries::faq {

namespace {

using nlohmann::json;

json entry_json(const FileEntry& e) {
  return {{"faq_id", e.faq_id}, {"entry_version", e.entry_version}, {"question", e.question},
          {"answer", e.answer}, {"category", e.category},           {"tenants", e.tenants}};
}

}  // namespace

std::string tenants_text_ja(const std::vector<std::string>& tenants) {
  std::string text;
  for (const auto& code : tenants) {
    if (code == kEveryAssociation) return "全組合";
    const auto* known = tenants::find_tenant(code);
    text += (text.empty() ? "" : "、") + (known ? std::string(known->name_ja) : code);
  }
  return text;
}

json file_json(const FaqFile& file) {
  json entries = json::array();
  for (const auto& e : file.entries) entries.push_back(entry_json(e));
  return {{"version", file.version},
          {"published_at", core::format_tokyo_rfc3339(file.published_at)},
          {"published_by", file.published_by},
          {"entries", entries}};
}

std::string file_markdown(const FaqFile& file) {
  std::string md = "# よくある質問（FAQ）第" + std::to_string(file.version) + "版\n\n";
  md += "発行 " + core::format_tokyo_minute(file.published_at) + "（日本時間）・" +
        std::to_string(file.entries.size()) + "件\n";
  std::string category;
  int number = 0;
  for (const auto& e : file.entries) {
    if (e.category != category || number == 0) {
      category = e.category;
      md += "\n## " + category + "\n";
    }
    ++number;
    md += "\n### Q" + std::to_string(number) + ". " + e.question + "\n\n" + e.answer + "\n\n";
    md += "（対象：" + tenants_text_ja(e.tenants) + "／FAQ " + e.faq_id + " 第" +
          std::to_string(e.entry_version) + "版）\n";
  }
  return md;
}

std::expected<std::string, std::string> file_xlsx(const FaqFile& file) {
  const std::string title = "よくある質問（FAQ）第" + std::to_string(file.version) + "版";
  return reports::workbook_bytes(title, file.published_at, [&](reports::XlsxWriter& xlsx) {
    using reports::CellStyle;
    xlsx.add_sheet("FAQ", {6, 16, 50, 70, 24, 38, 6});
    xlsx.write_across(0, title, CellStyle::title);
    xlsx.write_across(1,
                      "発行 " + core::format_tokyo_minute(file.published_at) + "（日本時間）・" +
                          std::to_string(file.entries.size()) + "件",
                      CellStyle::note);
    xlsx.write_row(3, {"No.", "分類", "質問", "回答", "対象", "FAQ ID", "版"}, CellStyle::header);
    int row = 4;
    for (const auto& e : file.entries) {
      xlsx.write_row(row,
                     {std::to_string(row - 3), e.category, e.question, e.answer,
                      tenants_text_ja(e.tenants), e.faq_id, std::to_string(e.entry_version)},
                     CellStyle::text);
      ++row;
    }
    xlsx.freeze_and_filter(4, row - 1);
  });
}

json file_diff_json(const FaqFile& from, const FaqFile& to) {
  std::map<std::string, const FileEntry*> before;
  for (const auto& e : from.entries) before[e.faq_id] = &e;
  json added = json::array();
  json changed = json::array();
  json removed = json::array();
  for (const auto& e : to.entries) {
    auto it = before.find(e.faq_id);
    if (it == before.end()) {
      added.push_back(entry_json(e));
      continue;
    }
    if (it->second->entry_version != e.entry_version)
      changed.push_back(
          {{"faq_id", e.faq_id}, {"before", entry_json(*it->second)}, {"after", entry_json(e)}});
    before.erase(it);
  }
  // What is left of `from` is not in `to`, in from's order.
  for (const auto& e : from.entries)
    if (before.contains(e.faq_id)) removed.push_back(entry_json(e));
  return {{"from", from.version},
          {"to", to.version},
          {"added", added},
          {"changed", changed},
          {"removed", removed}};
}

}  // namespace opsdesk::inquiries::faq
