#include "screen_text.hpp"

#include <cmath>

#include <fmt/format.h>

namespace ankieta::report::screen {
namespace {

std::string number_text(CellKind kind, double value, int decimals) {
  if (kind == CellKind::flag) return value != 0 ? "!" : "";
  if (!std::isfinite(value)) return "";
  switch (kind) {
    case CellKind::count: return fmt::format("{:.0f}", value);
    case CellKind::number: return fmt::format("{:.{}f}", value, decimals);
    case CellKind::percent: return fmt::format("{:.{}f}", 100.0 * value, decimals);
    default: return "";
  }
}

}  // namespace

std::string cell_text(const Cell& cell) {
  if (cell.withheld()) return kWithheldMark;
  // An empty cell may say why it is empty ("–": nobody to take a share of); the CSV leaves it empty.
  std::string text = cell.kind == CellKind::text || cell.kind == CellKind::empty ? cell.text
                                                                                 : number_text(cell.kind, cell.value, cell.decimals);
  if (cell.is_pair()) text += cell.joiner + number_text(cell.kind, cell.second, cell.decimals);
  if (cell.kind != CellKind::text && cell.kind != CellKind::empty) text += reliability_mark(cell.reliability);
  if (!cell.letters.empty()) text += " " + cell.letters;
  if (cell.small_base) text += " !";
  return text;
}

std::vector<std::size_t> shown_columns(const Table& table) {
  std::vector<std::size_t> columns;
  for (std::size_t col = 0; col < table.header.size(); ++col)
    if (column_of(table, col).use != ColumnUse::data) columns.push_back(col);
  return columns;
}

std::vector<std::string> row_texts(const Row& row, const std::vector<std::size_t>& columns) {
  std::vector<std::string> texts;
  texts.reserve(columns.size());
  for (std::size_t col : columns) texts.push_back(col < row.cells.size() ? cell_text(row.cells[col]) : std::string());
  return texts;
}

}  // namespace ankieta::report::screen
