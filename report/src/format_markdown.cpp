// A command's tables as Markdown pipe tables: the title as a heading, the notes in italics. (A
// whole report's Markdown is markdown_writer.cpp.)
#include "ankieta/report/table_format.hpp"
#include "screen_text.hpp"

namespace ankieta::report {
namespace {

std::string md_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string render_one(const Table& table) {
  const std::vector<std::size_t> columns = screen::shown_columns(table);
  std::string out;
  if (!table.title.empty()) out += "### " + md_cell(table.title) + "\n\n";
  if (!table.subtitle.empty()) out += md_cell(table.subtitle) + "\n\n";
  auto line = [&](const std::vector<std::string>& cells) {
    out += "|";
    for (const auto& cell : cells) out += " " + md_cell(cell) + " |";
    out += "\n";
  };
  std::vector<std::string> header;
  for (std::size_t col : columns) header.push_back(table.header[col]);
  line(header);
  out += "|";
  for (std::size_t col : columns) out += column_of(table, col).right_aligned ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : table.rows) line(screen::row_texts(row, columns));
  if (!table.notes.empty()) {
    out += "\n";
    for (const auto& note : table.notes) out += "*" + md_cell(note) + "*  \n";
  }
  return out + "\n";
}

class MarkdownFormat final : public TableFormat {
 public:
  std::string_view name() const override { return "md"; }
  std::string render(const std::vector<Table>& tables, const FormatOptions&) const override {
    std::string out;
    for (std::size_t idx = 0; idx < tables.size(); ++idx) out += (idx ? "\n" : "") + render_one(tables[idx]);
    return out;
  }
};

}  // namespace

const TableFormat& markdown_format() {
  static const MarkdownFormat format;
  return format;
}

}  // namespace ankieta::report
