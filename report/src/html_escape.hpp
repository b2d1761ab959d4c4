// Text placed in HTML or SVG (element content and attribute values): the one escaping rule of the
// HTML report, the --format html page and the chart files.
#pragma once

#include <string>
#include <string_view>

namespace ankieta::report {

inline std::string html_escape(std::string_view text) {
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

}  // namespace ankieta::report
