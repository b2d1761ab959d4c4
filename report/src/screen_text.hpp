// Cells as the terminal formats (text, md) show them: numbers with the cell's decimals and a '.'
// whatever the language (the terminal tables have always been so; reports localise, document.hpp's
// format_cell), significance letters after the number, " !" for a small base.
#pragma once

#include <string>
#include <vector>

#include "ankieta/report/document.hpp"
#include "ankieta/report/table_format.hpp"

namespace ankieta::report::screen {

std::string cell_text(const Cell& cell);

// The indices of the columns a screen format shows (all but the data-only ones).
std::vector<std::size_t> shown_columns(const Table& table);

// The texts of a row in the shown columns; cells missing at the end are empty.
std::vector<std::string> row_texts(const Row& row, const std::vector<std::size_t>& columns);

}  // namespace ankieta::report::screen
