#pragma once
// The inquiries' vocabulary in the Japanese the desk and the associations read (reports, the
// CLI): one place for each word, beside the English values of vocabulary.hpp. A value it does
// not know is shown as it is.

#include <string>

namespace opsdesk::inquiries {

std::string status_ja(const std::string& status);        // received -> 受付, …
std::string class_ja(const std::string& inquiry_class);  // fault -> 障害, … ; "" -> 未分類
std::string channel_ja(const std::string& channel);      // phone -> 電話, …
std::string effort_kind_ja(const std::string& kind);     // handling -> 対応, …

}  // namespace opsdesk::inquiries
