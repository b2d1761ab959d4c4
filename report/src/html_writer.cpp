// The report as one self-contained HTML file: inline CSS and SVG, no scripts, no fonts or images
// from the network. Printable to A4: a title page, a table of contents, each section on a new
// page, tables and charts kept whole where they fit.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ankieta/report/writer.hpp"
#include "ankieta/survey/output_file.hpp"

namespace ankieta::report {
namespace {

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// At most `limit` characters (code points) of UTF-8 text, with an ellipsis when cut.
std::string shorten(const std::string& text, std::size_t limit) {
  std::size_t points = 0;
  for (std::size_t idx = 0; idx < text.size(); ++idx) {
    if ((static_cast<unsigned char>(text[idx]) & 0xC0) == 0x80) continue;
    if (points++ == limit) return text.substr(0, idx) + "…";
  }
  return text;
}

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

// Colours of stacked segments: from red (low) through grey to blue (high), as for a scale.
std::string segment_colour(std::size_t idx, std::size_t count) {
  static const char* five[] = {"#c0392b", "#e8a091", "#d9d9d9", "#8fb3d9", "#2166ac"};
  static const char* seven[] = {"#b2182b", "#d6604d", "#f4a582", "#d9d9d9", "#92c5de", "#4393c3", "#2166ac"};
  if (count <= 1) return "#2166ac";
  if (count == 2) return idx == 0 ? "#2166ac" : "#c0392b";
  if (count == 3) return idx == 0 ? "#c0392b" : idx == 1 ? "#d9d9d9" : "#2166ac";
  if (count == 4) {
    static const char* four[] = {"#c0392b", "#e8a091", "#8fb3d9", "#2166ac"};
    return four[idx];
  }
  if (count == 5) return five[idx];
  if (count <= 7) return seven[idx * 6 / (count - 1)];
  static const char* many[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"};
  return many[idx % 8];
}

std::string text_colour(const std::string& background) {
  return background == "#2166ac" || background == "#b2182b" || background == "#c0392b" || background == "#4393c3" ? "#ffffff" : "#1a1a1a";
}

class HtmlRenderer {
 public:
  explicit HtmlRenderer(const Document& document) : document_(document), language_(document.language) {}

  std::string render() {
    out_ += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n", language_ == survey::Language::pl ? "pl" : "en");
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out_ += fmt::format("<meta name=\"generator\" content=\"ankieta {}\">\n", escape(document_.version));
    out_ += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", escape(document_.title), kStyle);
    title_page();
    contents();
    for (const auto& item : document_.sections) section(item);
    out_ += fmt::format("<footer>{} {} · ankieta {}</footer>\n</body>\n</html>\n", w("Generated"), escape(document_.date),
                        escape(document_.version));
    return std::move(out_);
  }

 private:
  const Document& document_;
  survey::Language language_;
  std::string out_;

  const char* w(const char* english) const { return word(language_, english); }

  void title_page() {
    out_ += "<div class=\"title-page\">\n";
    if (!document_.author.empty()) out_ += fmt::format("<div class=\"author\">{}</div>\n", escape(document_.author));
    out_ += fmt::format("<h1>{}</h1>\n", escape(document_.title));
    if (!document_.subtitle.empty()) out_ += fmt::format("<div class=\"subtitle\">{}</div>\n", escape(document_.subtitle));
    out_ += "<div class=\"facts\">\n";
    out_ += fmt::format("<p>{}: {}</p>\n", w("Survey"), escape(document_.questionnaire_title));
    for (const auto& fact : document_.title_facts) out_ += fmt::format("<p>{}</p>\n", escape(fact));
    out_ += fmt::format("<p>{}: {} · ankieta {}</p>\n", w("Generated"), escape(document_.date), escape(document_.version));
    out_ += "</div>\n</div>\n";
  }

  void contents() {
    out_ += fmt::format("<nav class=\"toc\">\n<h2>{}</h2>\n<ul>\n", w("Contents"));
    for (const auto& section : document_.sections) {
      out_ += fmt::format("<li><a href=\"#{}\">{}</a>", section.id, escape(section.title));
      if (!section.tables.empty()) {
        out_ += "\n<ul>\n";
        for (const auto& table : section.tables)
          out_ += fmt::format("<li><a href=\"#{}\">{} {}. {}</a></li>\n", table.id, w("Table"), table.number, escape(table.title));
        out_ += "</ul>\n";
      }
      out_ += "</li>\n";
    }
    out_ += "</ul>\n</nav>\n";
  }

  void section(const Section& section) {
    out_ += fmt::format("<section class=\"chapter\" id=\"{}\">\n<h2>{}</h2>\n", section.id, escape(section.title));
    for (const auto& block : section.text) {
      if (!block.heading.empty()) out_ += fmt::format("<h3>{}</h3>\n", escape(block.heading));
      for (const auto& paragraph : block.paragraphs) out_ += fmt::format("<p>{}</p>\n", escape(paragraph));
      if (!block.bullets.empty()) {
        out_ += "<ul>\n";
        for (const auto& bullet : block.bullets) out_ += fmt::format("<li>{}</li>\n", escape(bullet));
        out_ += "</ul>\n";
      }
      if (block.has_table) table(block.table, false);
    }
    for (const auto& item : section.tables) table(item, true);
    out_ += "</section>\n";
  }

  void table(const Table& table, bool numbered) {
    out_ += fmt::format("<div class=\"table-block\" id=\"{}\">\n", escape(table.id));
    if (numbered) out_ += fmt::format("<h3>{} {}. {}</h3>\n", w("Table"), table.number, escape(table.title));
    else out_ += fmt::format("<h4>{}</h4>\n", escape(table.title));
    if (!table.subtitle.empty()) out_ += fmt::format("<p class=\"question\">{}</p>\n", escape(table.subtitle));
    out_ += "<table class=\"data\">\n<thead>\n";
    if (!table.header_groups.empty()) {
      out_ += "<tr>";
      for (const auto& group : table.header_groups)
        out_ += fmt::format("<th class=\"group\" colspan=\"{}\">{}</th>", group.span, escape(group.label));
      out_ += "</tr>\n";
    }
    out_ += "<tr>";
    for (const auto& heading : table.header) out_ += fmt::format("<th>{}</th>", escape(heading));
    out_ += "</tr>\n</thead>\n<tbody>\n";
    for (const auto& row : table.rows) {
      out_ += row.role == RowRole::base ? "<tr class=\"base\">" : row.role == RowRole::apart ? "<tr class=\"apart\">" : "<tr>";
      for (std::size_t col = 0; col < table.header.size(); ++col) {
        const Cell empty;
        const Cell& cell = col < row.cells.size() ? row.cells[col] : empty;
        bool numeric = cell.kind != CellKind::text && col > 0;
        out_ += numeric ? "<td class=\"num\">" : "<td>";
        out_ += escape(format_cell(cell, language_));
        if (!cell.letters.empty()) out_ += fmt::format("<sup class=\"sig\">{}</sup>", escape(cell.letters));
        if (cell.small_base && cell.kind != CellKind::empty) out_ += fmt::format("<span class=\"flag\" title=\"{}\">!</span>", w("small base"));
        out_ += "</td>";
      }
      out_ += "</tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
    if (!table.base_text.empty()) out_ += fmt::format("<p class=\"base\">{}</p>\n", escape(table.base_text));
    if (!table.notes.empty()) {
      out_ += "<ul class=\"notes\">\n";
      for (const auto& note : table.notes) out_ += fmt::format("<li>{}</li>\n", escape(note));
      out_ += "</ul>\n";
    }
    chart(table.chart);
    out_ += "</div>\n";
  }

  std::string number(double value, int decimals) const { return format_number(value, decimals, language_); }

  void chart(const Chart& chart) {
    if (chart.kind == Chart::Kind::none || chart.categories.empty()) return;
    if (chart.kind == Chart::Kind::stacked) stacked(chart);
    else bars(chart);
  }

  // Horizontal bars (or dots) with confidence-interval whiskers.
  void bars(const Chart& chart) {
    const double width = 680, label_width = 250, right = 50, row_height = 20, top = 8;
    const double plot = width - label_width - right;
    double low = 0, high = 0;
    for (std::size_t idx = 0; idx < chart.categories.size(); ++idx) {
      double value = chart.values[idx].empty() ? NAN : chart.values[idx][0];
      for (double v : {value, idx < chart.lower.size() ? chart.lower[idx] : NAN, idx < chart.upper.size() ? chart.upper[idx] : NAN})
        if (std::isfinite(v)) {
          low = std::min(low, v);
          high = std::max(high, v);
        }
    }
    double step;
    if (chart.percent) {
      high = std::min(1.0, std::ceil(high * 10 + 1e-9) / 10);
      if (high <= 0) high = 0.1;
      step = high > 0.5 ? 0.2 : 0.1;
    } else {
      double span = high - low;
      if (span <= 0) span = 1;
      double magnitude = std::pow(10, std::floor(std::log10(span)));
      step = span / magnitude > 5 ? 2 * magnitude : span / magnitude > 2 ? magnitude : magnitude / 2;
      low = std::floor(low / step) * step;
      high = std::ceil(high / step) * step;
      if (high <= low) high = low + step;
    }
    auto x = [&](double v) { return label_width + (v - low) / (high - low) * plot; };
    double height = top + row_height * static_cast<double>(chart.categories.size()) + 34;
    out_ += fmt::format("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\">\n",
                        width, height, width, height);
    double axis_y = top + row_height * static_cast<double>(chart.categories.size());
    for (double tick = low; tick <= high + step / 2; tick += step) {
      out_ += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#e1e4e8\"/>", x(tick), top, axis_y);
      out_ += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#555\">{}</text>\n", x(tick), axis_y + 12,
                          chart.percent ? number(100 * tick, 0) : number(tick, step < 1 ? 1 : 0));
    }
    if (low < 0) out_ += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#888\"/>", x(0), top, axis_y);
    for (std::size_t idx = 0; idx < chart.categories.size(); ++idx) {
      double y = top + row_height * static_cast<double>(idx);
      double mid = y + row_height / 2;
      const std::string& category = chart.categories[idx];
      out_ += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"9\" text-anchor=\"end\" fill=\"#1a1a1a\"><title>{}</title>{}</text>\n",
                          label_width - 6, mid + 3, escape(category), escape(shorten(category, 44)));
      double value = chart.values[idx].empty() ? NAN : chart.values[idx][0];
      if (!std::isfinite(value)) continue;
      if (chart.kind == Chart::Kind::bar) {
        double x0 = x(std::max(low, 0.0)), x1 = x(value);
        out_ += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#5b8fc7\"/>", std::min(x0, x1), y + 4,
                            std::fabs(x1 - x0), row_height - 8);
      }
      double lower = idx < chart.lower.size() ? chart.lower[idx] : NAN, upper = idx < chart.upper.size() ? chart.upper[idx] : NAN;
      if (std::isfinite(lower) && std::isfinite(upper)) {
        out_ += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#1a1a1a\" stroke-width=\"1\"/>", x(lower), mid,
                            x(upper), mid);
        for (double end : {lower, upper})
          out_ += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#1a1a1a\"/>", x(end), mid - 4, mid + 4);
      }
      if (chart.kind == Chart::Kind::dot)
        out_ += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#12355b\"/>", x(value), mid);
      double label_x = x(std::isfinite(upper) ? std::max(upper, value) : value) + 4;
      out_ += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"8.5\" fill=\"#333\">{}</text>\n", label_x, mid + 3,
                          chart.percent ? number(100 * value, 1) : number(value, 2));
    }
    out_ += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"9\" fill=\"#555\">{}</text>\n", label_width, axis_y + 27, escape(chart.axis_label));
    out_ += "</svg></figure>\n";
  }

  // One 100% bar per category, a segment per series, with a legend.
  void stacked(const Chart& chart) {
    const double width = 680, label_width = 200, right = 10, row_height = 22, top = 6;
    const double plot = width - label_width - right;
    std::size_t n_series = chart.series.size();
    double legend_rows = std::ceil(static_cast<double>(n_series) / 3.0);
    double height = top + row_height * static_cast<double>(chart.categories.size()) + 10 + 16 * legend_rows + 8;
    out_ += fmt::format("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\">\n",
                        width, height, width, height);
    for (std::size_t idx = 0; idx < chart.categories.size(); ++idx) {
      double y = top + row_height * static_cast<double>(idx);
      const std::string& category = chart.categories[idx];
      out_ += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"9\" text-anchor=\"end\"><title>{}</title>{}</text>\n", label_width - 6,
                          y + row_height / 2 + 3, escape(category), escape(shorten(category, 36)));
      double sum = 0;
      for (double v : chart.values[idx])
        if (std::isfinite(v)) sum += v;
      if (sum <= 0) continue;
      double offset = 0;
      for (std::size_t series = 0; series < chart.values[idx].size() && series < n_series; ++series) {
        double v = chart.values[idx][series];
        if (!std::isfinite(v) || v <= 0) continue;
        double x0 = label_width + offset / sum * plot, segment = v / sum * plot;
        std::string colour = segment_colour(series, n_series);
        out_ += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"><title>{}: {}%</title></rect>",
                            x0, y + 3, segment, row_height - 6, colour, escape(chart.series[series]), number(100 * v, 1));
        if (v / sum >= 0.06)
          out_ += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"8\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                              x0 + segment / 2, y + row_height / 2 + 3, text_colour(colour), number(100 * v, 0));
        offset += v;
      }
      out_ += "\n";
    }
    double legend_y = top + row_height * static_cast<double>(chart.categories.size()) + 10;
    for (std::size_t series = 0; series < n_series; ++series) {
      double x0 = 10 + static_cast<double>(series % 3) * (width - 20) / 3;
      double y = legend_y + 16 * static_cast<double>(series / 3);
      out_ += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"10\" fill=\"{}\"/>", x0, y, segment_colour(series, n_series));
      out_ += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"8.5\"><title>{}</title>{}</text>\n", x0 + 14, y + 9,
                          escape(chart.series[series]), escape(shorten(chart.series[series], 38)));
    }
    out_ += "</svg></figure>\n";
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
