#include "table_output.hpp"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

#include "ankieta/export/formula_guard.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"

namespace ankieta::cli {
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

std::string render_text(const TextTable& table) {
  std::vector<std::size_t> widths(table.header.size(), 0);
  for (std::size_t col = 0; col < table.header.size(); ++col) widths[col] = display_width(table.header[col]);
  for (const auto& row : table.rows)
    for (std::size_t col = 0; col < row.size() && col < widths.size(); ++col) widths[col] = std::max(widths[col], display_width(row[col]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t col = 0; col < widths.size(); ++col) {
      bool right = col < table.right_aligned.size() && table.right_aligned[col];
      out += (col ? "  " : "") + pad(col < cells.size() ? cells[col] : "", widths[col], right);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::size_t total_width = 0;
  for (auto width : widths) total_width += width + 2;
  std::string rule(total_width > 2 ? total_width - 2 : 0, '-');
  std::string out;
  if (!table.title.empty()) out += table.title + "\n";
  if (!table.subtitle.empty()) out += table.subtitle + "\n";
  out += "\n" + line(table.header) + rule + "\n";
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    if (std::find(table.separators_before.begin(), table.separators_before.end(), row) != table.separators_before.end())
      out += rule + "\n";
    out += line(table.rows[row]);
  }
  out += rule + "\n";
  for (const auto& note : table.notes) out += note + "\n";
  return out;
}

// Labels in a table (a value label "=SUM(...)", a variable's text) reach spreadsheets too: guarded
// as the CSV export guards text cells (export/formula_guard.hpp); numbers pass unchanged.
std::string csv_field(const std::string& cell) {
  std::string text = exports::guard_formula(cell);
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string render_csv(const TextTable& table) {
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t col = 0; col < cells.size(); ++col) out += (col ? "," : "") + csv_field(cells[col]);
    out += "\n";
  };
  line(table.header);
  for (const auto& row : table.rows) line(row);
  return out;
}

std::string md_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string render_md(const TextTable& table) {
  std::string out;
  if (!table.title.empty()) out += "### " + md_cell(table.title) + "\n\n";
  if (!table.subtitle.empty()) out += md_cell(table.subtitle) + "\n\n";
  auto line = [&](const std::vector<std::string>& cells) {
    out += "|";
    for (const auto& cell : cells) out += " " + md_cell(cell) + " |";
    out += "\n";
  };
  line(table.header);
  out += "|";
  for (std::size_t col = 0; col < table.header.size(); ++col)
    out += col < table.right_aligned.size() && table.right_aligned[col] ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : table.rows) line(row);
  if (!table.notes.empty()) {
    out += "\n";
    for (const auto& note : table.notes) out += "*" + md_cell(note) + "*  \n";
  }
  return out + "\n";
}

}  // namespace

OutputFormat parse_output_format(std::string_view name) {
  if (name == "text") return OutputFormat::text;
  if (name == "csv") return OutputFormat::csv;
  if (name == "md" || name == "markdown") return OutputFormat::md;
  if (name == "json") return OutputFormat::json;
  throw usage_error(fmt::format("unknown --format '{}'; expected text, csv, md or json", name));
}

std::string render_table(const TextTable& table, OutputFormat format) {
  switch (format) {
    case OutputFormat::text: return render_text(table);
    case OutputFormat::csv: return render_csv(table);
    case OutputFormat::md: return render_md(table);
    case OutputFormat::json: break;
  }
  throw Error(ErrorKind::internal, "render_table: json is written by each command");
}

void write_output(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  survey::write_output_file(path, text);
}

}  // namespace ankieta::cli
