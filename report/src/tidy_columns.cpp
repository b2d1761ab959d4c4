#include "tidy_columns.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ankieta/report/table_format.hpp"

namespace ankieta::report {

const char* row_type(RowRole role) {
  switch (role) {
    case RowRole::body: return "category";
    case RowRole::net: return "net";
    case RowRole::base: return "base";
    case RowRole::apart: return "apart";
  }
  return "";
}

TidyColumns tidy_columns(const Table& table) {
  TidyColumns out;
  auto add = [&](std::string key, std::size_t col, Part part) {
    std::string unique = key;
    for (int copy = 2; std::find(out.keys.begin(), out.keys.end(), unique) != out.keys.end(); ++copy)
      unique = fmt::format("{}_{}", key, copy);
    out.keys.push_back(unique);
    out.sources.push_back({col, part});
  };
  for (std::size_t col = 0; col < table.header.size(); ++col) {
    Column column = column_of(table, col);
    if (column.use == ColumnUse::display) continue;
    add(column.key, col, Part::value);
    if (!column.second_key.empty()) add(column.second_key, col, Part::second);
    if (column.letters) add(column.key + "_letters", col, Part::letters);
    if (column.flagged) add(column.key + "_small_base", col, Part::small_base);
    if (column.disclosed) {
      add(column.key + "_suppressed", col, Part::suppressed);
      add(column.key + "_reliability", col, Part::reliability);
    }
  }
  return out;
}

}  // namespace ankieta::report
