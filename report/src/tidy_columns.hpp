// The tidy columns of a table (docs/output-formats.md), shared by the CSV and XLSX formats: every
// data column under its key, a pair's second number, letters and small-base flags in columns of
// their own, and disclosure control's reasons and flags; keys made unique within the table.
#pragma once

#include <string>
#include <vector>

#include "ankieta/report/document.hpp"

namespace ankieta::report {

// Where a tidy column comes from: the table's column `col`, and which part of its cells.
enum class Part { value, second, letters, small_base, suppressed, reliability };
struct Source {
  std::size_t col;
  Part part;
};

struct TidyColumns {
  std::vector<std::string> keys;
  std::vector<Source> sources;
};

TidyColumns tidy_columns(const Table& table);

// "category", "base" or "apart": the tidy files' row_type.
const char* row_type(RowRole role);

}  // namespace ankieta::report
