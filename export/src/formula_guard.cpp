#include "ankieta/export/formula_guard.hpp"

namespace ankieta::exports {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool looks_like_number(std::string_view text) {
  std::size_t at = 0;
  if (at < text.size() && (text[at] == '-' || text[at] == '+')) ++at;
  std::size_t digits = 0;
  while (at < text.size() && is_digit(text[at])) ++at, ++digits;
  if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
    ++at;
    while (at < text.size() && is_digit(text[at])) ++at, ++digits;
  }
  if (digits == 0) return false;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    if (at < text.size() && (text[at] == '-' || text[at] == '+')) ++at;
    std::size_t exponent = 0;
    while (at < text.size() && is_digit(text[at])) ++at, ++exponent;
    if (exponent == 0) return false;
  }
  return at == text.size();
}

std::string guard_formula(std::string_view text) {
  if (text.empty()) return std::string(text);
  switch (text.front()) {
    case '=':
    case '@':
    case '\t':
    case '\r':
      break;
    case '+':
    case '-':
      if (looks_like_number(text)) return std::string(text);
      break;
    default:
      return std::string(text);
  }
  return "'" + std::string(text);
}

}  // namespace ankieta::exports
