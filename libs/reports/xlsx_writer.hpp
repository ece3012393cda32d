#pragma once
// A small C++ face on libxlsxwriter for the reports people download (the SLA table, the
// inquiries report, the FAQ file): text cells in a few fixed styles and row heights that fit
// wrapped text. libxlsxwriter reports errors call by call; this keeps the
// first one and always frees the C workbook. Never reads the clock: the creation time is given.

#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "libs/core/instant.hpp"

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace opsdesk::reports {

enum class CellStyle {
  title,    // a sheet's heading line
  note,     // a plain line under the heading
  header,   // bold, bordered, shaded column headings
  text,     // bordered, wrapped, top-aligned
  figure,   // bordered, right-aligned (a mark such as ○ or —)
  percent,  // bordered, right-aligned number shown as a percentage with one decimal (0.0%)
};

class XlsxWriter {
 public:
  // The file at `path` is written by close(); `created` goes into the document properties, so
  // the same inputs give the same bytes.
  XlsxWriter(const std::string& path, const std::string& title, core::Instant created);
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Starts a sheet (A4 landscape, one page wide when printed); later calls write to it.
  void add_sheet(const std::string& name, const std::vector<double>& column_widths);
  // Cells from column A; wrapped styles grow the row to fit the text.
  void write_row(int row, const std::vector<std::string>& cells, CellStyle style);
  void write_cell(int row, int col, const std::string& text, CellStyle style);
  // A number cell (Excel can sum and chart it); with CellStyle::percent, 0.5 shows as 50.0%.
  void write_number(int row, int col, double value, CellStyle style);
  // One line of text across the sheet's columns.
  void write_across(int row, const std::string& text, CellStyle style);
  // Keeps the rows above `row` in view and offers filters on the heading row above it.
  void freeze_and_filter(int row, int last_row);

  // Writes the file. The error is the first any call met, naming where.
  std::expected<void, std::string> close();

 private:
  lxw_format* format_of(CellStyle style) const;
  void fit_row_height(int row, const std::vector<std::string>& cells);
  void check(int error, const std::string& where);

  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  std::string sheet_name_;
  std::vector<double> column_widths_;
  std::vector<lxw_format*> formats_;  // indexed by CellStyle
  std::string first_error_;
};

// A whole workbook as bytes: `fill` writes its sheets; the temporary file libxlsxwriter needs is
// private to this call and removed. The error names what failed.
std::expected<std::string, std::string> workbook_bytes(
    const std::string& title, core::Instant created, const std::function<void(XlsxWriter&)>& fill);

}  // namespace opsdesk::reports
