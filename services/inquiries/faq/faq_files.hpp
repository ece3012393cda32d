#pragma once
// The numbered FAQ files as people read them: an entry list frozen at publication, exported as
// JSON, Markdown or an xlsx workbook, and the difference between two files. Pure but for the
// workbook's temporary file (libs/reports).

#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"
#include "services/inquiries/faq/faq_domain.hpp"

namespace opsdesk::inquiries::faq {

// One entry of a file, as it was at the version the file froze.
struct FileEntry {
  std::string faq_id;
  std::uint64_t entry_version = 0;
  std::string question;
  std::string answer;
  std::string category;
  std::vector<std::string> tenants;
};

struct FaqFile {
  std::uint32_t version = 0;
  core::Instant published_at{};
  std::string published_by;
  std::vector<FileEntry> entries;  // by category, then in the order they were made
};

nlohmann::json file_json(const FaqFile& file);
std::string file_markdown(const FaqFile& file);
std::expected<std::string, std::string> file_xlsx(const FaqFile& file);

// What changed from `from` to `to`: entries added, removed, and changed (another version),
// with the texts before and after.
nlohmann::json file_diff_json(const FaqFile& from, const FaqFile& to);

// "全組合" for every association, else the associations' Japanese names.
std::string tenants_text_ja(const std::vector<std::string>& tenants);

}  // namespace opsdesk::inquiries::faq
