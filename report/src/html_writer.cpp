// The report as one self-contained HTML file: inline CSS and SVG, no scripts, no fonts or images
// from the network. Printable to A4: a title page, a table of contents, each section on a new
// page, tables and charts kept whole where they fit.
#include <fmt/format.h>

#include "ankieta/report/chart_svg.hpp"
#include "ankieta/report/writer.hpp"
#include "ankieta/survey/output_file.hpp"
#include "html_escape.hpp"

namespace ankieta::report {
namespace {

const char* kStyle = R"css(
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #1a1a1a; margin: 0 auto; max-width: 190mm; line-height: 1.35; }
h1 { font-size: 24pt; margin: 0 0 6mm 0; color: #12355b; }
h2 { font-size: 16pt; color: #12355b; border-bottom: 2px solid #12355b; padding-bottom: 2px; margin-top: 0; }
h3 { font-size: 12pt; margin: 6mm 0 2mm 0; color: #12355b; }
h4 { font-size: 10.5pt; margin: 4mm 0 2mm 0; }
.title-page { min-height: 250mm; display: flex; flex-direction: column; justify-content: center; page-break-after: always; break-after: page; padding: 0 6mm; }
.title-page .subtitle { font-size: 14pt; margin-bottom: 10mm; }
.title-page .facts { font-size: 10.5pt; color: #333; }
.title-page .author { font-size: 12pt; font-weight: bold; margin-bottom: 4mm; }
nav.toc { page-break-after: always; break-after: page; }
nav.toc > ul { padding-left: 0; list-style: none; font-weight: bold; }
nav.toc li li { font-weight: normal; }
nav.toc li { margin: 1mm 0; }
nav.toc ul { list-style: none; padding-left: 4mm; font-size: 9pt; }
nav.toc a { color: #1a1a1a; text-decoration: none; }
section.chapter { page-break-before: always; break-before: page; }
.table-block { margin: 4mm 0 8mm 0; }
.table-block h3 { break-after: avoid; page-break-after: avoid; }
.question { color: #555; font-size: 8.5pt; margin: 0 0 2mm 0; }
table.data { border-collapse: collapse; width: 100%; font-size: 8.5pt; break-inside: avoid; page-break-inside: avoid; }
table.data th, table.data td { border-bottom: 1px solid #d0d7de; padding: 2px 4px; vertical-align: bottom; }
table.data th { background: #eef2f7; font-weight: bold; text-align: right; }
table.data th:first-child, table.data td:first-child { text-align: left; }
table.data th.group { text-align: center; border-bottom: 1px solid #8aa1b9; }
table.data td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.data tr.base td { font-weight: bold; border-top: 1.5px solid #555; background: #fafafa; }
table.data tr.apart td { color: #666; font-style: italic; }
table.data tr.net td { font-weight: 600; }
sup.sig { color: #b3261e; font-weight: bold; font-size: 7pt; margin-left: 1px; }
span.flag { color: #b3261e; font-weight: bold; margin-left: 1px; }
p.base { font-size: 8.5pt; margin: 1mm 0; font-style: italic; }
ul.notes { font-size: 8pt; color: #444; margin: 1mm 0 0 0; padding-left: 4mm; }
figure { margin: 3mm 0 0 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
svg text { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
footer { margin-top: 10mm; font-size: 8pt; color: #666; }
@media print { a { color: inherit; text-decoration: none; } }
)css";

class HtmlRenderer {
 public:
  explicit HtmlRenderer(const Document& document) : document_(document), language_(document.language) {}

  std::string render() {
    out_ += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n", language_ == survey::Language::pl ? "pl" : "en");
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out_ += fmt::format("<meta name=\"generator\" content=\"ankieta {}\">\n", html_escape(document_.version));
    out_ += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", html_escape(document_.title), kStyle);
    title_page();
    contents();
    for (const auto& item : document_.sections) section(item);
    out_ += fmt::format("<footer>{} {} · ankieta {}</footer>\n</body>\n</html>\n", w("Generated"), html_escape(document_.date),
                        html_escape(document_.version));
    return std::move(out_);
  }

 private:
  const Document& document_;
  survey::Language language_;
  std::string out_;

  const char* w(const char* english) const { return word(language_, english); }

  void title_page() {
    out_ += "<div class=\"title-page\">\n";
    if (!document_.author.empty()) out_ += fmt::format("<div class=\"author\">{}</div>\n", html_escape(document_.author));
    out_ += fmt::format("<h1>{}</h1>\n", html_escape(document_.title));
    if (!document_.subtitle.empty()) out_ += fmt::format("<div class=\"subtitle\">{}</div>\n", html_escape(document_.subtitle));
    out_ += "<div class=\"facts\">\n";
    out_ += fmt::format("<p>{}: {}</p>\n", w("Survey"), html_escape(document_.questionnaire_title));
    for (const auto& fact : document_.title_facts) out_ += fmt::format("<p>{}</p>\n", html_escape(fact));
    out_ += fmt::format("<p>{}: {} · ankieta {}</p>\n", w("Generated"), html_escape(document_.date), html_escape(document_.version));
    out_ += "</div>\n</div>\n";
  }

  void contents() {
    out_ += fmt::format("<nav class=\"toc\">\n<h2>{}</h2>\n<ul>\n", w("Contents"));
    for (const auto& section : document_.sections) {
      out_ += fmt::format("<li><a href=\"#{}\">{}</a>", section.id, html_escape(section.title));
      if (!section.tables.empty()) {
        out_ += "\n<ul>\n";
        for (const auto& table : section.tables)
          out_ += fmt::format("<li><a href=\"#{}\">{} {}. {}</a></li>\n", table.id, w("Table"), table.number, html_escape(table.title));
        out_ += "</ul>\n";
      }
      out_ += "</li>\n";
    }
    out_ += "</ul>\n</nav>\n";
  }

  void section(const Section& section) {
    out_ += fmt::format("<section class=\"chapter\" id=\"{}\">\n<h2>{}</h2>\n", section.id, html_escape(section.title));
    for (const auto& block : section.text) {
      if (!block.heading.empty()) out_ += fmt::format("<h3>{}</h3>\n", html_escape(block.heading));
      for (const auto& paragraph : block.paragraphs) out_ += fmt::format("<p>{}</p>\n", html_escape(paragraph));
      if (!block.bullets.empty()) {
        out_ += "<ul>\n";
        for (const auto& bullet : block.bullets) out_ += fmt::format("<li>{}</li>\n", html_escape(bullet));
        out_ += "</ul>\n";
      }
      if (block.has_table) table(block.table, false);
    }
    for (const auto& item : section.tables) table(item, true);
    out_ += "</section>\n";
  }

  void table(const Table& table, bool numbered) {
    out_ += fmt::format("<div class=\"table-block\" id=\"{}\">\n", html_escape(table.id));
    if (numbered) out_ += fmt::format("<h3>{} {}. {}</h3>\n", w("Table"), table.number, html_escape(table.title));
    else out_ += fmt::format("<h4>{}</h4>\n", html_escape(table.title));
    if (!table.subtitle.empty()) out_ += fmt::format("<p class=\"question\">{}</p>\n", html_escape(table.subtitle));
    // A table without columns (a comparison the database cannot make yet) is its notes alone.
    if (!table.header.empty()) grid(table);
    if (!table.base_text.empty()) out_ += fmt::format("<p class=\"base\">{}</p>\n", html_escape(table.base_text));
    if (!table.notes.empty()) {
      out_ += "<ul class=\"notes\">\n";
      for (const auto& note : table.notes) out_ += fmt::format("<li>{}</li>\n", html_escape(note));
      out_ += "</ul>\n";
    }
    // The chart after the table, as the same SVG as `--chart FILE.svg` (chart_svg.hpp).
    if (std::string svg = chart_svg(table.chart, language_); !svg.empty()) out_ += "<figure>" + svg + "</figure>\n";
    out_ += "</div>\n";
  }

  void grid(const Table& table) {
    out_ += "<table class=\"data\">\n<thead>\n";
    if (!table.header_groups.empty()) {
      out_ += "<tr>";
      for (const auto& group : table.header_groups)
        out_ += fmt::format("<th class=\"group\" colspan=\"{}\">{}</th>", group.span, html_escape(group.label));
      out_ += "</tr>\n";
    }
    out_ += "<tr>";
    for (const auto& heading : table.header) out_ += fmt::format("<th>{}</th>", html_escape(heading));
    out_ += "</tr>\n</thead>\n<tbody>\n";
    for (const auto& row : table.rows) {
      out_ += row.role == RowRole::base ? "<tr class=\"base\">" : row.role == RowRole::apart ? "<tr class=\"apart\">" : row.role == RowRole::net ? "<tr class=\"net\">" : "<tr>";
      for (std::size_t col = 0; col < table.header.size(); ++col) {
        const Cell empty;
        const Cell& cell = col < row.cells.size() ? row.cells[col] : empty;
        bool numeric = cell.kind != CellKind::text && col > 0;
        out_ += numeric ? "<td class=\"num\">" : "<td>";
        out_ += html_escape(format_cell(cell, language_));
        if (!cell.letters.empty()) out_ += fmt::format("<sup class=\"sig\">{}</sup>", html_escape(cell.letters));
        if (cell.small_base && cell.kind != CellKind::empty) out_ += fmt::format("<span class=\"flag\" title=\"{}\">!</span>", w("small base"));
        out_ += "</td>";
      }
      out_ += "</tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }
};

class HtmlWriter final : public ReportWriter {
 public:
  std::string_view extension() const override { return ".html"; }
  void write(const Document& document, const std::string& path) const override { survey::write_output_file(path, render_html(document), "the report"); }
};

}  // namespace

std::string render_html(const Document& document) { return HtmlRenderer(document).render(); }

const ReportWriter& html_writer() {
  static const HtmlWriter writer;
  return writer;
}

}  // namespace ankieta::report
