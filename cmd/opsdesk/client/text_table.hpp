#pragma once
// Tables for people at a terminal: columns padded to the widest cell, where a Japanese
// character takes two columns (as terminals draw it), so 総務省共済組合 lines up with ASCII.

#include <string>
#include <string_view>
#include <vector>

namespace opsdesk::cli::client {

// Terminal columns the UTF-8 text takes: East Asian wide and full-width characters count 2.
std::size_t display_width(std::string_view text);

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headings) : headings_(std::move(headings)) {}
  void add(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }
  // Headings, a rule, then the rows; two spaces between columns, no trailing blanks.
  std::string render() const;

 private:
  std::vector<std::string> headings_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace opsdesk::cli::client
