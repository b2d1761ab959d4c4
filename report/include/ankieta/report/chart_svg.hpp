// Charts of a table (document.hpp's Chart) as SVG: horizontal bars or dots with confidence-interval
// whiskers, and 100% stacked bars with a legend. The one chart code of the program: the HTML
// report inlines it, `freq`, `crosstab` and `means --chart FILE.svg` write it as a file.
#pragma once

#include <string>

#include "ankieta/report/document.hpp"

namespace ankieta::report {

// The <svg> element of the chart (numbers in `language`), "" for a chart of kind none or without
// categories. Fonts come from the page that inlines it.
std::string chart_svg(const Chart& chart, survey::Language language);

// The chart as a standalone SVG file: an XML declaration, a white background and its own fonts.
std::string chart_svg_file(const Chart& chart, survey::Language language);

}  // namespace ankieta::report
