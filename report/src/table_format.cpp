// The registry of table formats: one line per format.
#include <fmt/format.h>

#include "ankieta/report/table_format.hpp"
#include "ankieta/survey/error.hpp"

namespace ankieta::report {

const TableFormat& table_format(std::string_view name) {
  if (name == "markdown") name = "md";
  for (const TableFormat* format : {&text_format(), &csv_format(), &markdown_format(), &json_format(), &html_format()})
    if (format->name() == name) return *format;
  throw usage_error(fmt::format("unknown --format '{}'; expected text, csv, md, json or html", name));
}

Column column_of(const Table& table, std::size_t col) {
  if (col < table.columns.size()) return table.columns[col];
  Column column;
  column.key = col < table.header.size() ? table.header[col] : "";
  column.right_aligned = col > 0;
  return column;
}

}  // namespace ankieta::report
