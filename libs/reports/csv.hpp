#pragma once
// CSV as the associations open it in Excel: UTF-8 with a byte order mark (or Excel reads the
// Japanese as Shift_JIS), CRLF line ends, RFC 4180 quoting.

#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::reports {

inline constexpr std::string_view kCsvByteOrderMark = "\xEF\xBB\xBF";

// Appends one record: a field holding a comma, a quote or a line break is quoted, its quotes
// doubled.
void append_csv_record(std::string& csv, const std::vector<std::string>& fields);

// A document beginning with the byte order mark and the heading record.
std::string csv_with_headings(const std::vector<std::string>& headings);

}  // namespace opsdesk::reports
