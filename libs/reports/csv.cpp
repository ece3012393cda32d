#include "libs/reports/csv.hpp"

namespace opsdesk::reports {

namespace {

constexpr std::string_view kLineEnd = "\r\n";

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

}  // namespace

void append_csv_record(std::string& csv, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) csv += ',';
    csv += csv_field(fields[i]);
  }
  csv += kLineEnd;
}

std::string csv_with_headings(const std::vector<std::string>& headings) {
  std::string csv(kCsvByteOrderMark);
  append_csv_record(csv, headings);
  return csv;
}

}  // namespace opsdesk::reports
