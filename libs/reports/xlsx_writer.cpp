#include "libs/reports/xlsx_writer.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace opsdesk::reports {

namespace {

constexpr const char* kFontName = "游ゴシック";  // Excel's own default for Japanese text
constexpr double kLineHeightPoints = 18.0;       // one line of 11 pt 游ゴシック
constexpr double kTitleHeightPoints = 24.0;      // the 14 pt heading is clipped in a 15 pt row
constexpr std::size_t kStyleCount = static_cast<std::size_t>(CellStyle::percent) + 1;
constexpr std::uint8_t kPaperA4 = 9;
constexpr std::uint32_t kHeaderFill = 0xD9E1F2;

lxw_format* new_format(lxw_workbook* workbook) {
  lxw_format* format = workbook_add_format(workbook);
  format_set_font_name(format, kFontName);
  return format;
}

lxw_format* bordered(lxw_format* format) {
  format_set_border(format, LXW_BORDER_THIN);
  format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
  return format;
}

// Columns a text needs in Excel's width unit (one digit): CJK characters take about two.
double display_width(std::string_view text) {
  double width = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte
    width += c < 0x80 ? 1.0 : 2.0;
  }
  return width;
}

// Lines a wrapped cell takes in a column of `width` (a little of it is padding).
int wrapped_lines(std::string_view text, double width) {
  const double usable = std::max(width - 1.0, 1.0);
  int lines = 0;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find('\n', start);
    const auto line = text.substr(start, end == std::string_view::npos ? end : end - start);
    lines += std::max(1, static_cast<int>(std::ceil(display_width(line) / usable)));
    if (end == std::string_view::npos) return lines;
    start = end + 1;
  }
}

}  // namespace

XlsxWriter::XlsxWriter(const std::string& path, const std::string& title, core::Instant created) {
  workbook_ = workbook_new(path.c_str());
  if (workbook_ == nullptr) {
    first_error_ = "libxlsxwriter could not start a workbook (out of memory)";
    return;
  }
  std::string title_text = title;
  lxw_doc_properties properties{};
  properties.title = title_text.data();
  // libxlsxwriter stamps the current time when this is 0: the caller's time keeps it pure.
  properties.created = static_cast<time_t>(
      std::chrono::duration_cast<std::chrono::seconds>(created.time_since_epoch()).count());
  check(workbook_set_properties(workbook_, &properties), "document properties");

  formats_.resize(kStyleCount);
  auto* title_format = new_format(workbook_);
  format_set_bold(title_format);
  format_set_font_size(title_format, 14);
  formats_[static_cast<int>(CellStyle::title)] = title_format;
  formats_[static_cast<int>(CellStyle::note)] = new_format(workbook_);
  auto* header = bordered(new_format(workbook_));
  format_set_bold(header);
  format_set_text_wrap(header);
  format_set_bg_color(header, kHeaderFill);
  format_set_pattern(header, LXW_PATTERN_SOLID);
  formats_[static_cast<int>(CellStyle::header)] = header;
  auto* text = bordered(new_format(workbook_));
  format_set_text_wrap(text);
  formats_[static_cast<int>(CellStyle::text)] = text;
  auto* figure = bordered(new_format(workbook_));
  format_set_align(figure, LXW_ALIGN_RIGHT);
  formats_[static_cast<int>(CellStyle::figure)] = figure;
  auto* percent = bordered(new_format(workbook_));
  format_set_align(percent, LXW_ALIGN_RIGHT);
  format_set_num_format(percent, "0.0%");
  formats_[static_cast<int>(CellStyle::percent)] = percent;
}

XlsxWriter::~XlsxWriter() {
  // Closing is the only way libxlsxwriter frees a workbook; the caller discards the file.
  if (workbook_ != nullptr) workbook_close(workbook_);
}

lxw_format* XlsxWriter::format_of(CellStyle style) const {
  return formats_[static_cast<int>(style)];
}

void XlsxWriter::check(int error, const std::string& where) {
  if (error == LXW_NO_ERROR || !first_error_.empty()) return;
  first_error_ = "writing the workbook failed at " + where + ": " +
                 lxw_strerror(static_cast<lxw_error>(error));
}

void XlsxWriter::add_sheet(const std::string& name, const std::vector<double>& column_widths) {
  sheet_ = nullptr;
  if (workbook_ == nullptr) return;
  sheet_name_ = name;
  check(workbook_validate_sheet_name(workbook_, name.c_str()), "sheet name \"" + name + "\"");
  if (!first_error_.empty()) return;
  sheet_ = workbook_add_worksheet(workbook_, name.c_str());
  if (sheet_ == nullptr) {
    check(LXW_ERROR_MEMORY_MALLOC_FAILED, "sheet \"" + name + "\"");
    return;
  }
  column_widths_ = column_widths;
  for (std::size_t col = 0; col < column_widths.size(); ++col) {
    const auto column = static_cast<lxw_col_t>(col);
    check(worksheet_set_column(sheet_, column, column, column_widths[col], nullptr),
          "sheet " + name + " column widths");
  }
  worksheet_set_landscape(sheet_);
  worksheet_set_paper(sheet_, kPaperA4);
  worksheet_fit_to_pages(sheet_, 1, 0);
}

void XlsxWriter::write_row(int row, const std::vector<std::string>& cells, CellStyle style) {
  if (sheet_ == nullptr) return;
  for (std::size_t col = 0; col < cells.size(); ++col)
    write_cell(row, static_cast<int>(col), cells[col], style);
  if (style == CellStyle::text || style == CellStyle::header) fit_row_height(row, cells);
}

void XlsxWriter::write_cell(int row, int col, const std::string& text, CellStyle style) {
  if (sheet_ == nullptr) return;
  check(worksheet_write_string(sheet_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                               text.c_str(), format_of(style)),
        "sheet " + sheet_name_ + " row " + std::to_string(row + 1));
}

void XlsxWriter::write_number(int row, int col, double value, CellStyle style) {
  if (sheet_ == nullptr) return;
  check(worksheet_write_number(sheet_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                               value, format_of(style)),
        "sheet " + sheet_name_ + " row " + std::to_string(row + 1));
}

// Excel does not grow a row for wrapped text written by a library: size it from the text.
void XlsxWriter::fit_row_height(int row, const std::vector<std::string>& cells) {
  int lines = 1;
  for (std::size_t col = 0; col < cells.size() && col < column_widths_.size(); ++col)
    lines = std::max(lines, wrapped_lines(cells[col], column_widths_[col]));
  if (lines == 1) return;
  check(worksheet_set_row(sheet_, static_cast<lxw_row_t>(row), lines * kLineHeightPoints, nullptr),
        "sheet " + sheet_name_ + " row " + std::to_string(row + 1) + " height");
}

void XlsxWriter::write_across(int row, const std::string& text, CellStyle style) {
  if (sheet_ == nullptr || column_widths_.empty()) return;
  const auto last_col = static_cast<lxw_col_t>(column_widths_.size() - 1);
  if (style == CellStyle::title)
    check(worksheet_set_row(sheet_, static_cast<lxw_row_t>(row), kTitleHeightPoints, nullptr),
          "sheet " + sheet_name_ + " title height");
  check(worksheet_merge_range(sheet_, static_cast<lxw_row_t>(row), 0, static_cast<lxw_row_t>(row),
                              last_col, text.c_str(), format_of(style)),
        "sheet " + sheet_name_ + " row " + std::to_string(row + 1));
}

void XlsxWriter::freeze_and_filter(int row, int last_row) {
  if (sheet_ == nullptr || column_widths_.empty()) return;
  worksheet_freeze_panes(sheet_, static_cast<lxw_row_t>(row), 0);
  const auto last_col = static_cast<lxw_col_t>(column_widths_.size() - 1);
  check(worksheet_autofilter(sheet_, static_cast<lxw_row_t>(row - 1), 0,
                             static_cast<lxw_row_t>(std::max(row - 1, last_row)), last_col),
        "sheet " + sheet_name_ + " filter");
}

std::expected<void, std::string> XlsxWriter::close() {
  if (workbook_ != nullptr) {
    check(workbook_close(workbook_), "saving the file");
    workbook_ = nullptr;
  }
  if (!first_error_.empty()) return std::unexpected(first_error_);
  return {};
}

namespace {

// --- the temporary file libxlsxwriter writes to ---

class TempFile {
 public:
  explicit TempFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// mkstemp, so two reports generated at once never share a file.
std::expected<std::filesystem::path, std::string> unique_temp_path() {
  std::error_code error;
  const auto directory = std::filesystem::temp_directory_path(error);
  if (error) return std::unexpected("no temporary directory for the workbook: " + error.message());
  std::string path = (directory / "opsdesk-report-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0)
    return std::unexpected("cannot create a temporary file in " + directory.string() + ": " +
                           std::strerror(errno));
  ::close(fd);
  return path;
}

std::expected<std::string, std::string> read_bytes(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  if (!file || bytes.str().empty())
    return std::unexpected("cannot read back the workbook from " + path.string());
  return bytes.str();
}

}  // namespace

std::expected<std::string, std::string> workbook_bytes(
    const std::string& title, core::Instant created, const std::function<void(XlsxWriter&)>& fill) {
  const auto path = unique_temp_path();
  if (!path) return std::unexpected(path.error());
  const TempFile file(*path);
  {
    XlsxWriter xlsx(file.path().string(), title, created);
    fill(xlsx);
    if (auto closed = xlsx.close(); !closed) return std::unexpected(closed.error());
  }
  return read_bytes(file.path());
}

}  // namespace opsdesk::reports
