#include "ankieta/report/chart_svg.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "html_escape.hpp"

namespace ankieta::report {
namespace {

// At most `limit` characters (code points) of UTF-8 text, with an ellipsis when cut.
std::string shorten(const std::string& text, std::size_t limit) {
  std::size_t points = 0;
  for (std::size_t idx = 0; idx < text.size(); ++idx) {
    if ((static_cast<unsigned char>(text[idx]) & 0xC0) == 0x80) continue;
    if (points++ == limit) return text.substr(0, idx) + "…";
  }
  return text;
}

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

class ChartSvg {
 public:
  ChartSvg(survey::Language language, bool standalone) : language_(language), standalone_(standalone) {}

  std::string render(const Chart& chart) {
    if (chart.kind == Chart::Kind::none || chart.categories.empty()) return "";
    if (chart.kind == Chart::Kind::stacked) stacked(chart);
    else bars(chart);
    return std::move(out_);
  }

 private:
  survey::Language language_;
  bool standalone_;
  std::string out_;

  std::string number(double value, int decimals) const { return format_number(value, decimals, language_); }

  void open(double width, double height) {
    out_ += fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\">\n",
                        width, height, width, height);
    if (standalone_)
      out_ += fmt::format("<style>text {{ font-family: \"DejaVu Sans\", \"Liberation Sans\", Arial, sans-serif; }}</style>\n"
                          "<rect width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
                          width, height);
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
    open(width, height);
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
                          label_width - 6, mid + 3, html_escape(category), html_escape(shorten(category, 44)));
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
    out_ += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"9\" fill=\"#555\">{}</text>\n", label_width, axis_y + 27, html_escape(chart.axis_label));
    out_ += "</svg>";
  }

  // One 100% bar per category, a segment per series, with a legend.
  void stacked(const Chart& chart) {
    const double width = 680, label_width = 200, right = 10, row_height = 22, top = 6;
    const double plot = width - label_width - right;
    std::size_t n_series = chart.series.size();
    double legend_rows = std::ceil(static_cast<double>(n_series) / 3.0);
    double height = top + row_height * static_cast<double>(chart.categories.size()) + 10 + 16 * legend_rows + 8;
    open(width, height);
    for (std::size_t idx = 0; idx < chart.categories.size(); ++idx) {
      double y = top + row_height * static_cast<double>(idx);
      const std::string& category = chart.categories[idx];
      out_ += fmt::format("<text x=\"{}\" y=\"{:.1f}\" font-size=\"9\" text-anchor=\"end\"><title>{}</title>{}</text>\n", label_width - 6,
                          y + row_height / 2 + 3, html_escape(category), html_escape(shorten(category, 36)));
      double sum = 0;
      bool withheld = false;
      for (double v : chart.values[idx]) {
        if (std::isfinite(v)) sum += v;
        else withheld = true;
      }
      // Shares withheld by disclosure control leave their part of the bar grey: the published
      // segments keep their true widths (the gap is what the table's total already tells).
      const double published = sum;
      if (withheld && chart.percent && !chart.values[idx].empty()) sum = std::max(sum, 1.0);
      if (sum <= 0) continue;
      if (withheld && sum > published)
        out_ += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#d9d9d9\"><title>#</title></rect>",
                            label_width + published / sum * plot, y + 3, (sum - published) / sum * plot, row_height - 6);
      double offset = 0;
      for (std::size_t series = 0; series < chart.values[idx].size() && series < n_series; ++series) {
        double v = chart.values[idx][series];
        if (!std::isfinite(v) || v <= 0) continue;
        double x0 = label_width + offset / sum * plot, segment = v / sum * plot;
        std::string colour = segment_colour(series, n_series);
        out_ += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"><title>{}: {}%</title></rect>",
                            x0, y + 3, segment, row_height - 6, colour, html_escape(chart.series[series]), number(100 * v, 1));
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
                          html_escape(chart.series[series]), html_escape(shorten(chart.series[series], 38)));
    }
    out_ += "</svg>";
  }
};

}  // namespace

std::string chart_svg(const Chart& chart, survey::Language language) { return ChartSvg(language, false).render(chart); }

std::string chart_svg_file(const Chart& chart, survey::Language language) {
  std::string svg = ChartSvg(language, true).render(chart);
  return svg.empty() ? svg : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n";
}

}  // namespace ankieta::report
