#pragma once
// Test support: what a reader of an .xlsx sees, read by an independent implementation (Python's
// zipfile and ElementTree), so the tests check the workbook and not libxlsxwriter's calls.

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace opsdesk::reports::testing {

struct XlsxContents {
  std::vector<std::string> sheet_names;  // in the workbook's order
  // Per sheet, per 1-based row number: the cells' text from column A, joined by tabs, with
  // trailing empty cells left out. A number cell with a format of its own reads "0.5 {0.0%}".
  std::map<std::string, std::map<int, std::string>> rows;
  std::string created;  // docProps/core.xml dcterms:created
  std::string error;    // set when the workbook could not be read
};

inline constexpr const char* kXlsxReaderScript = R"PY(
import re, sys, zipfile, xml.etree.ElementTree as ET
sys.stdout.reconfigure(encoding='utf-8')
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
book = zipfile.ZipFile(sys.argv[1])
strings = [''.join(t.text or '' for t in si.iter(M + 't'))
           for si in ET.fromstring(book.read('xl/sharedStrings.xml')).findall(M + 'si')]
targets = {rel.get('Id'): rel.get('Target')
           for rel in ET.fromstring(book.read('xl/_rels/workbook.xml.rels'))}
def column(ref):
    n = 0
    for ch in re.match('[A-Z]+', ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1
# A number cell's display format, when it has one of its own: "0.5 {0.0%}".
styles = ET.fromstring(book.read('xl/styles.xml'))
formats = {f.get('numFmtId'): f.get('formatCode') for f in styles.iter(M + 'numFmt')}
cell_formats = [xf.get('numFmtId') for xf in styles.find(M + 'cellXfs')]
for sheet in ET.fromstring(book.read('xl/workbook.xml')).find(M + 'sheets'):
    print('sheet\t' + sheet.get('name'))
    root = ET.fromstring(book.read('xl/' + targets[sheet.get(R + 'id')]))
    for row in root.iter(M + 'row'):
        cells = []
        for c in row.findall(M + 'c'):
            v = c.find(M + 'v')
            text = '' if v is None else (strings[int(v.text)] if c.get('t') == 's' else v.text)
            if v is not None and c.get('t') is None and c.get('s') is not None:
                code = formats.get(cell_formats[int(c.get('s'))])
                if code:
                    text += ' {' + code + '}'
            cells += [''] * (column(c.get('r')) - len(cells)) + [text]
        while cells and cells[-1] == '':
            cells.pop()
        print('row\t' + row.get('r') + '\t' + '\t'.join(cells))
core = ET.fromstring(book.read('docProps/core.xml'))
print('created\t' + core.find('{http://purl.org/dc/terms/}created').text)
)PY";

inline XlsxContents parse_reader_output(const std::string& output) {
  XlsxContents contents;
  std::istringstream lines(output);
  std::string line, sheet;
  while (std::getline(lines, line)) {
    const auto tab = line.find('\t');
    const auto kind = line.substr(0, tab);
    const auto rest = tab == std::string::npos ? "" : line.substr(tab + 1);
    if (kind == "sheet") {
      sheet = rest;
      contents.sheet_names.push_back(sheet);
    } else if (kind == "row") {
      const auto number_end = rest.find('\t');
      const auto cells = number_end == std::string::npos ? "" : rest.substr(number_end + 1);
      contents.rows[sheet][std::stoi(rest.substr(0, number_end))] = cells;
    } else if (kind == "created") {
      contents.created = rest;
    } else {
      contents.error += line + "\n";
    }
  }
  return contents;
}

// Writes `bytes` to a scratch directory and reads them back with /usr/bin/python3.
inline XlsxContents read_xlsx(const std::string& bytes) {
  std::string directory_template =
      (std::filesystem::temp_directory_path() / "sla-reports-test-XXXXXX").string();
  const std::filesystem::path directory = ::mkdtemp(directory_template.data());
  const auto workbook = directory / "table.xlsx";
  const auto script = directory / "read_xlsx.py";
  std::ofstream(workbook, std::ios::binary) << bytes;
  std::ofstream(script) << kXlsxReaderScript;

  const std::string command =
      "/usr/bin/python3 " + script.string() + " " + workbook.string() + " 2>&1";
  std::string output;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    const int status = ::pclose(pipe);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) output = "python failed:\n" + output;
  }
  std::filesystem::remove_all(directory);
  return parse_reader_output(output);
}

}  // namespace opsdesk::reports::testing
