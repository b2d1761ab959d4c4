// A command's tables as one self-contained HTML page: the tables with their notes and, under each,
// its chart (the report's SVG, chart_svg.hpp); numbers in the output's language, letters as
// superscripts, small bases marked. No scripts, nothing from the network. (A whole report's HTML,
// with a title page and contents, is html_writer.cpp.)
#include <fmt/format.h>

#include "ankieta/report/chart_svg.hpp"
#include "ankieta/report/table_format.hpp"
#include "screen_text.hpp"
#include "html_escape.hpp"

namespace ankieta::report {
namespace {

const char* kStyle = R"css(
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #1a1a1a; margin: 8mm auto; max-width: 200mm; }
h2 { font-size: 12pt; color: #12355b; margin: 8mm 0 1mm 0; }
p.subtitle { color: #555; font-size: 9pt; margin: 0 0 2mm 0; }
table { border-collapse: collapse; font-size: 9pt; }
th, td { border-bottom: 1px solid #d0d7de; padding: 2px 6px; vertical-align: bottom; text-align: left; }
th { background: #eef2f7; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.base td { font-weight: bold; border-top: 1.5px solid #555; }
tr.apart td { color: #666; font-style: italic; }
tr.net td { font-weight: 600; }
sup.sig { color: #b3261e; font-weight: bold; font-size: 7pt; }
span.flag { color: #b3261e; font-weight: bold; }
ul.notes { font-size: 8pt; color: #444; padding-left: 4mm; }
svg text { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
)css";

void render_one(std::string& out, const Table& table, survey::Language language) {
  const std::vector<std::size_t> columns = screen::shown_columns(table);
  out += fmt::format("<section>\n<h2>{}</h2>\n", html_escape(table.title));
  if (!table.subtitle.empty()) out += fmt::format("<p class=\"subtitle\">{}</p>\n", html_escape(table.subtitle));
  out += "<table>\n<thead><tr>";
  for (std::size_t col : columns)
    out += fmt::format("<th{}>{}</th>", column_of(table, col).right_aligned ? " class=\"num\"" : "", html_escape(table.header[col]));
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    out += row.role == RowRole::base ? "<tr class=\"base\">" : row.role == RowRole::apart ? "<tr class=\"apart\">" : row.role == RowRole::net ? "<tr class=\"net\">" : "<tr>";
    for (std::size_t col : columns) {
      static const Cell empty;
      const Cell& cell = col < row.cells.size() ? row.cells[col] : empty;
      out += column_of(table, col).right_aligned ? "<td class=\"num\">" : "<td>";
      out += html_escape(cell.kind == CellKind::empty && !cell.withheld() ? cell.text : format_cell(cell, language));
      if (!cell.letters.empty()) out += fmt::format("<sup class=\"sig\">{}</sup>", html_escape(cell.letters));
      if (cell.small_base) out += fmt::format("<span class=\"flag\" title=\"{}\">!</span>", word(language, "small base"));
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (!table.notes.empty()) {
    out += "<ul class=\"notes\">\n";
    for (const auto& note : table.notes) out += fmt::format("<li>{}</li>\n", html_escape(note));
    out += "</ul>\n";
  }
  if (std::string svg = chart_svg(table.chart, language); !svg.empty()) out += "<figure>" + svg + "</figure>\n";
  out += "</section>\n";
}

class HtmlFormat final : public TableFormat {
 public:
  std::string_view name() const override { return "html"; }
  std::string render(const std::vector<Table>& tables, const FormatOptions& options) const override {
    std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
                                  options.language == survey::Language::pl ? "pl" : "en",
                                  html_escape(tables.empty() ? std::string("ankieta") : tables.front().title), kStyle);
    for (const auto& table : tables) render_one(out, table, options.language);
    return out + "</body>\n</html>\n";
  }
};

}  // namespace

const TableFormat& html_format() {
  static const HtmlFormat format;
  return format;
}

}  // namespace ankieta::report
