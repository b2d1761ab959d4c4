// Tables for the terminal: the title, aligned columns (numbers right-aligned, widths in code points
// so that Polish letters line up), a rule where the kind of row changes (categories, bases, missing
// codes kept apart), and the notes under the table.
#include <algorithm>

#include "ankieta/report/table_format.hpp"
#include "screen_text.hpp"

namespace ankieta::report {
namespace {

// Display width of UTF-8 text: code points, not bytes (Polish letters are two bytes each).
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  return width;
}

std::string pad(const std::string& text, std::size_t width, bool right) {
  std::size_t current = display_width(text);
  std::string fill(width > current ? width - current : 0, ' ');
  return right ? fill + text : text + fill;
}

std::string render_one(const Table& table) {
  const std::vector<std::size_t> columns = screen::shown_columns(table);
  std::vector<std::string> header;
  std::vector<bool> right;
  for (std::size_t col : columns) {
    header.push_back(table.header[col]);
    right.push_back(column_of(table, col).right_aligned);
  }
  std::vector<std::vector<std::string>> rows;
  rows.reserve(table.rows.size());
  for (const auto& row : table.rows) rows.push_back(screen::row_texts(row, columns));

  std::vector<std::size_t> widths(header.size(), 0);
  for (std::size_t col = 0; col < header.size(); ++col) widths[col] = display_width(header[col]);
  for (const auto& row : rows)
    for (std::size_t col = 0; col < row.size(); ++col) widths[col] = std::max(widths[col], display_width(row[col]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t col = 0; col < widths.size(); ++col)
      out += (col ? "  " : "") + pad(col < cells.size() ? cells[col] : "", widths[col], right[col]);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::size_t total_width = 0;
  for (auto width : widths) total_width += width + 2;
  std::string rule(total_width > 2 ? total_width - 2 : 0, '-');
  std::string out;
  if (!table.title.empty()) out += table.title + "\n";
  if (!table.subtitle.empty()) out += table.subtitle + "\n";
  out += "\n" + line(header) + rule + "\n";
  for (std::size_t row = 0; row < rows.size(); ++row) {
    if (row > 0 && table.rows[row].role != table.rows[row - 1].role) out += rule + "\n";
    out += line(rows[row]);
  }
  out += rule + "\n";
  for (const auto& note : table.notes) out += note + "\n";
  return out;
}

class TextFormat final : public TableFormat {
 public:
  std::string_view name() const override { return "text"; }
  std::string render(const std::vector<Table>& tables, const FormatOptions&) const override {
    std::string out;
    for (std::size_t idx = 0; idx < tables.size(); ++idx) out += (idx ? "\n" : "") + render_one(tables[idx]);
    return out;
  }
};

}  // namespace

const TableFormat& text_format() {
  static const TextFormat format;
  return format;
}

}  // namespace ankieta::report
