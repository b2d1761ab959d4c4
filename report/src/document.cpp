// Numbers and cells as text in the report's language (the words are in translations.cpp).
#include "ankieta/report/document.hpp"

#include <fmt/format.h>

namespace ankieta::report {

std::string format_number(double value, int decimals, survey::Language language) {
  if (!std::isfinite(value)) return "";
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text == "-0" || text.rfind("-0.", 0) == 0) {
    bool zero = text.find_first_not_of("-0.") == std::string::npos;
    if (zero) text.erase(0, 1);
  }
  if (language == survey::Language::pl)
    for (char& c : text)
      if (c == '.') c = ',';
  return text;
}

namespace {

std::string format_one(CellKind kind, double value, int decimals, survey::Language language) {
  switch (kind) {
    case CellKind::empty:
    case CellKind::text: return "";
    case CellKind::count: return format_number(value, 0, language);
    case CellKind::number: return format_number(value, decimals, language);
    case CellKind::percent: return format_number(100 * value, decimals, language);
    case CellKind::flag: return value != 0 ? "!" : "";
  }
  return "";
}

}  // namespace

std::string format_cell(const Cell& cell, survey::Language language) {
  if (cell.withheld()) return kWithheldMark;
  if (cell.kind == CellKind::text) return cell.text;
  std::string text = format_one(cell.kind, cell.value, cell.decimals, language);
  if (cell.is_pair()) text += cell.joiner + format_one(cell.kind, cell.second, cell.decimals, language);
  return cell.kind == CellKind::empty ? text : text + reliability_mark(cell.reliability);
}

const char* reliability_mark(const std::string& flag) {
  if (flag == "caution") return "*";
  if (flag == "complement") return "^";
  if (flag == "review") return "?";
  return "";
}

}  // namespace ankieta::report
