// Tidy CSV (docs/output-formats.md): one value per cell, numbers as numbers (percentages as
// fractions, as in the JSON) in full precision unless --decimals rounds them, letters, small-base
// flags and the second number of a pair (an interval's upper bound) in columns of their own, headers
// that are the columns' keys, so unique and the same in every language. Several tables in one file
// get a leading `table` column, and their columns are the union of theirs; rows that are not
// categories (bases, missing codes) are marked in a `row_type` column.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ankieta/export/formula_guard.hpp"
#include "ankieta/report/table_format.hpp"
#include "tidy_columns.hpp"

namespace ankieta::report {
namespace {

// Labels (a value label "=SUM(...)") reach spreadsheets: guarded as the CSV export guards text
// cells (export/formula_guard.hpp); numbers are written by us and pass unchanged.
std::string text_field(const std::string& text) {
  std::string guarded = exports::guard_formula(text);
  if (guarded.find_first_of(",\"\n\r") == std::string::npos) return guarded;
  std::string quoted = "\"";
  for (char c : guarded) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string number_field(double value, const FormatOptions& options) {
  if (!std::isfinite(value)) return "";
  if (options.decimals) {
    std::string text = fmt::format("{:.{}f}", value, *options.decimals);
    if (text.find_first_not_of("-0.") == std::string::npos && text.front() == '-') text.erase(0, 1);  // no "-0.00"
    return text;
  }
  return fmt::format("{}", value);
}

std::string value_field(const Cell& cell, double value, const FormatOptions& options) {
  switch (cell.kind) {
    case CellKind::empty: return "";
    case CellKind::text: return text_field(cell.text);
    case CellKind::count: return std::isfinite(value) ? fmt::format("{:.0f}", value) : "";
    case CellKind::number:
    case CellKind::percent: return number_field(value, options);
    case CellKind::flag: return value != 0 ? "true" : "false";
  }
  return "";
}

std::string field(const Row& row, const Source& source, const FormatOptions& options) {
  static const Cell empty;
  const Cell& cell = source.col < row.cells.size() ? row.cells[source.col] : empty;
  switch (source.part) {
    case Part::value: return value_field(cell, cell.value, options);
    case Part::second: return cell.is_pair() ? value_field(cell, cell.second, options) : "";
    case Part::letters: return text_field(cell.letters);
    // A flag belongs to an estimate: none in a base row (its counts have no base of their own).
    case Part::small_base:
      if ((row.role != RowRole::body && row.role != RowRole::net) || cell.kind == CellKind::empty || cell.kind == CellKind::text) return "";
      return cell.small_base ? "true" : "false";
    case Part::suppressed: return text_field(cell.suppressed);
    case Part::reliability: return text_field(cell.reliability);
  }
  return "";
}

class CsvFormat final : public TableFormat {
 public:
  std::string_view name() const override { return "csv"; }
  std::string render(const std::vector<Table>& tables, const FormatOptions& options) const override {
    const bool several = tables.size() > 1;
    std::vector<TidyColumns> columns;
    std::vector<std::string> keys;  // the union, in order of first appearance
    bool any_row_type = false;
    for (const auto& table : tables) {
      columns.push_back(tidy_columns(table));
      for (const auto& key : columns.back().keys)
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
      for (const auto& row : table.rows) any_row_type |= row.role != RowRole::body;
    }
    std::string out;
    std::vector<std::string> header;
    if (several) header.push_back("table");
    if (any_row_type) header.push_back("row_type");
    header.insert(header.end(), keys.begin(), keys.end());
    for (std::size_t idx = 0; idx < header.size(); ++idx) out += (idx ? "," : "") + text_field(header[idx]);
    out += "\n";
    for (std::size_t table_idx = 0; table_idx < tables.size(); ++table_idx) {
      const Table& table = tables[table_idx];
      // Position of each of the table's CSV columns in the union.
      std::vector<std::size_t> position;
      for (const auto& key : columns[table_idx].keys)
        position.push_back(static_cast<std::size_t>(std::find(keys.begin(), keys.end(), key) - keys.begin()));
      for (const auto& row : table.rows) {
        std::vector<std::string> fields(keys.size());
        for (std::size_t idx = 0; idx < position.size(); ++idx) fields[position[idx]] = field(row, columns[table_idx].sources[idx], options);
        std::string line;
        if (several) line += text_field(table.name) + ",";
        if (any_row_type) line += std::string(row_type(row.role)) + ",";
        for (std::size_t idx = 0; idx < fields.size(); ++idx) line += (idx ? "," : "") + fields[idx];
        out += line + "\n";
      }
    }
    return out;
  }
};

}  // namespace

const TableFormat& csv_format() {
  static const CsvFormat format;
  return format;
}

}  // namespace ankieta::report
