// A command's tables as an Excel workbook (libxlsxwriter): one sheet per table (T1, T2, ...) with the
// tidy columns of the CSV (tidy_columns.hpp) as typed cells: numbers as numbers in full precision,
// percentages as fractions with a percent format, flags as booleans, labels as text; the title
// above and the notes below. A binary file: written only to --out, never to stdout.
#include <xlsxwriter.h>

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "ankieta/report/table_format.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"
#include "tidy_columns.hpp"

namespace ankieta::report {
namespace {

class Workbook {
 public:
  explicit Workbook(const std::string& path) : path_(path), file_(path) {
    // As xlsx_writer.cpp: libxlsxwriter writes the temporary file by name when the workbook closes,
    // and file_ renames it over `path` only once it is complete.
    lxw_workbook_options options = {};
    options.constant_memory = LXW_FALSE;
    options.tmpdir = nullptr;
    workbook_ = workbook_new_opt(file_.hand_over_to_writer().c_str(), &options);
    if (!workbook_) throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot create the workbook", path));
    bold_ = workbook_add_format(workbook_);
    format_set_bold(bold_);
    italic_ = workbook_add_format(workbook_);
    format_set_italic(italic_);
  }
  ~Workbook() {
    if (workbook_) workbook_close(workbook_);  // only after a failure: finish() clears it
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  void add(const Table& table, std::size_t number) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook_, fmt::format("T{}", number).c_str());
    lxw_row_t row = 0;
    worksheet_write_string(sheet, row++, 0, table.title.c_str(), bold_);
    if (!table.subtitle.empty()) worksheet_write_string(sheet, row++, 0, table.subtitle.c_str(), nullptr);
    ++row;
    const TidyColumns columns = tidy_columns(table);
    bool any_row_type = false;
    for (const auto& line : table.rows) any_row_type |= line.role != RowRole::body;
    const lxw_col_t first = any_row_type ? 1 : 0;
    if (any_row_type) worksheet_write_string(sheet, row, 0, "row_type", bold_);
    for (std::size_t idx = 0; idx < columns.keys.size(); ++idx)
      worksheet_write_string(sheet, row, static_cast<lxw_col_t>(first + idx), columns.keys[idx].c_str(), bold_);
    worksheet_freeze_panes(sheet, row + 1, 0);
    ++row;
    for (const auto& line : table.rows) {
      if (any_row_type) worksheet_write_string(sheet, row, 0, row_type(line.role), nullptr);
      for (std::size_t idx = 0; idx < columns.sources.size(); ++idx) write(sheet, row, static_cast<lxw_col_t>(first + idx), line, columns.sources[idx]);
      ++row;
    }
    ++row;
    for (const auto& note : table.notes) worksheet_write_string(sheet, row++, 0, note.c_str(), italic_);
  }

  void finish() {
    lxw_error error = workbook_close(workbook_);
    workbook_ = nullptr;
    if (error != LXW_NO_ERROR)
      throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot write the workbook: {}", path_, lxw_strerror(error)));
    file_.finish();
  }

 private:
  std::string path_;
  survey::OutputFile file_;  // declared before workbook_: the temporary file outlives its workbook
  lxw_workbook* workbook_ = nullptr;
  lxw_format *bold_, *italic_;
  std::map<std::string, lxw_format*> formats_;

  lxw_format* number_format(const Cell& cell) {
    std::string decimals = cell.decimals > 0 ? "." + std::string(static_cast<std::size_t>(cell.decimals), '0') : "";
    std::string pattern = cell.kind == CellKind::count ? "0" : cell.kind == CellKind::percent ? "0" + decimals + "%" : "0" + decimals;
    auto found = formats_.find(pattern);
    if (found != formats_.end()) return found->second;
    lxw_format* format = workbook_add_format(workbook_);
    format_set_num_format(format, pattern.c_str());
    return formats_[pattern] = format;
  }

  void number(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const Cell& cell, double value) {
    if (std::isfinite(value)) worksheet_write_number(sheet, row, col, value, number_format(cell));
  }

  void write(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const Row& line, const Source& source) {
    static const Cell empty;
    const Cell& cell = source.col < line.cells.size() ? line.cells[source.col] : empty;
    switch (source.part) {
      case Part::value:
        if (cell.kind == CellKind::text) worksheet_write_string(sheet, row, col, cell.text.c_str(), nullptr);
        else if (cell.kind == CellKind::flag) worksheet_write_boolean(sheet, row, col, cell.value != 0, nullptr);
        else if (cell.kind != CellKind::empty) number(sheet, row, col, cell, cell.value);
        break;
      case Part::second:
        if (cell.is_pair()) number(sheet, row, col, cell, cell.second);
        break;
      case Part::letters:
        if (!cell.letters.empty()) worksheet_write_string(sheet, row, col, cell.letters.c_str(), nullptr);
        break;
      case Part::small_base:
        if ((line.role == RowRole::body || line.role == RowRole::net) && cell.kind != CellKind::empty && cell.kind != CellKind::text)
          worksheet_write_boolean(sheet, row, col, cell.small_base, nullptr);
        break;
      case Part::suppressed:
        if (cell.withheld()) worksheet_write_string(sheet, row, col, cell.suppressed.c_str(), nullptr);
        break;
      case Part::reliability:
        if (!cell.reliability.empty()) worksheet_write_string(sheet, row, col, cell.reliability.c_str(), nullptr);
        break;
    }
  }
};

class XlsxFormat final : public TableFormat {
 public:
  std::string_view name() const override { return "xlsx"; }
  std::string render(const std::vector<Table>&, const FormatOptions&) const override {
    throw usage_error("--format xlsx writes a workbook: give --out FILE.xlsx");
  }
  void write(const std::vector<Table>& tables, const FormatOptions&, const std::string& path) const override {
    Workbook workbook(path);
    for (std::size_t idx = 0; idx < tables.size(); ++idx) workbook.add(tables[idx], idx + 1);
    workbook.finish();
  }
};

}  // namespace

const TableFormat& xlsx_format() {
  static const XlsxFormat format;
  return format;
}

}  // namespace ankieta::report
