// The registry of table formats: one line per format.
#include <fmt/format.h>

#include "ankieta/report/table_format.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"

namespace ankieta::report {

const TableFormat& table_format(std::string_view name) {
  if (name == "markdown") name = "md";
  for (const TableFormat* format : {&text_format(), &csv_format(), &markdown_format(), &json_format(), &html_format(), &xlsx_format()})
    if (format->name() == name) return *format;
  throw usage_error(fmt::format("unknown --format '{}'; expected text, csv, md, json, html or xlsx", name));
}

void TableFormat::write(const std::vector<Table>& tables, const FormatOptions& options, const std::string& path) const {
  survey::write_output_file(path, render(tables, options));
}

Column column_of(const Table& table, std::size_t col) {
  if (col < table.columns.size()) return table.columns[col];
  Column column;
  column.key = col < table.header.size() ? table.header[col] : "";
  column.right_aligned = col > 0;
  return column;
}

}  // namespace ankieta::report
