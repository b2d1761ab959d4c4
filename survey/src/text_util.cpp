#include "ankieta/survey/text_util.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

namespace ankieta::survey {

std::optional<double> parse_number(std::string_view text, bool decimal_comma) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  char buffer[64];
  if (decimal_comma && text.find(',') != std::string_view::npos) {
    if (text.size() >= sizeof buffer) return std::nullopt;
    std::size_t commas = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      buffer[i] = text[i] == ',' ? '.' : text[i];
      if (text[i] == ',') ++commas;
      if (text[i] == '.') return std::nullopt;  // "1.234,5" is ambiguous: refuse thousands separators
    }
    if (commas > 1) return std::nullopt;
    text = std::string_view(buffer, text.size());
  }
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<double> parse_grouped_number(std::string_view text) {
  text = trim(text);
  std::string plain;  // the number without its separators, with a decimal point
  std::size_t at = 0;
  if (at < text.size() && (text[at] == '-' || text[at] == '+')) plain += text[at++];
  // The separator after a group, and its length in bytes; 0 when none starts at `from`.
  auto separator_at = [&](std::size_t from) -> std::pair<char, std::size_t> {
    if (from >= text.size()) return {0, 0};
    if (text[from] == ' ') return {' ', 1};
    if (text[from] == '.') return {'.', 1};
    if (text.substr(from, 2) == "\xC2\xA0") return {' ', 2};
    if (text.substr(from, 3) == "\xE2\x80\xAF") return {' ', 3};
    return {0, 0};
  };
  auto digits_from = [&](std::size_t from) {
    std::size_t end = from;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    return end - from;
  };
  const std::size_t first = digits_from(at);
  if (first == 0 || first > 3) return std::nullopt;
  plain.append(text.substr(at, first));
  at += first;
  char kind = 0;
  std::size_t groups = 0;
  for (;;) {
    auto [separator, length] = separator_at(at);
    if (separator == 0 || (kind != 0 && separator != kind)) break;
    if (digits_from(at + length) != 3) break;
    // "1.234" followed by more digits is not a group: "1.2345" is a decimal.
    kind = separator;
    plain.append(text.substr(at + length, 3));
    at += length + 3;
    ++groups;
  }
  if (groups == 0) return std::nullopt;
  bool decimal = false;
  if (at < text.size() && (text[at] == ',' || (text[at] == '.' && kind == ' '))) {
    const std::size_t decimals = digits_from(at + 1);
    if (decimals == 0) return std::nullopt;
    plain += '.';
    plain.append(text.substr(at + 1, decimals));
    at += 1 + decimals;
    decimal = true;
  }
  if (at != text.size()) return std::nullopt;
  if (kind == '.' && !decimal && groups < 2) return std::nullopt;  // "1.234": a decimal, not a thousand
  return parse_number(plain);
}

std::optional<std::int64_t> to_int64(double value) {
  // 2^63 is exactly representable as a double, so these bounds are exact; NaN fails both tests.
  constexpr double kLimit = 9223372036854775808.0;
  if (!(value >= -kLimit && value < kLimit) || value != std::floor(value)) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  std::string_view digits = text;
  if (digits.front() == '+') {  // from_chars takes '-' but not '+'; "+-5" stays refused
    digits.remove_prefix(1);
    if (digits.empty() || digits.front() == '+' || digits.front() == '-') return std::nullopt;
  }
  // Integers are read as integers, so every value up to 2^63 - 1 is exact (a double is exact only
  // to 2^53); "2.0" or "1e3" fall through to the decimal reading below.
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error == std::errc::result_out_of_range) return std::nullopt;
  if (error == std::errc() && end == digits.data() + digits.size()) return value;
  auto number = parse_number(text);
  if (!number) return std::nullopt;
  return to_int64(*number);
}

namespace {

// Code points that are invisible or change how the text around them is shown: C1 controls (0x9B
// is a terminal's CSI), zero-width and bidirectional marks and overrides, line and paragraph
// separators, word joiners and the byte-order mark.
bool is_hidden_code_point(std::uint32_t code_point) {
  return (code_point >= 0x80 && code_point <= 0x9F) || code_point == 0xAD ||
         (code_point >= 0x200B && code_point <= 0x200F) || (code_point >= 0x2028 && code_point <= 0x202E) ||
         (code_point >= 0x2060 && code_point <= 0x2069) || code_point == 0xFEFF ||
         (code_point >= 0xFFF9 && code_point <= 0xFFFB);
}

// Length of a valid UTF-8 sequence at `p` (lead byte >= 0x80) and its code point, or 0 if the
// bytes are not UTF-8 (RFC 3629: no overlong forms, surrogates or code points above U+10FFFF).
std::size_t decode_utf8(std::string_view text, std::size_t at, std::uint32_t& code_point) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 0;
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0Fu;
    if (lead == 0xE0) second_min = 0xA0;
    if (lead == 0xED) second_max = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07u;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t byte_idx = 1; byte_idx < length; ++byte_idx) {
    const auto byte = static_cast<unsigned char>(text[at + byte_idx]);
    if (byte < (byte_idx == 1 ? second_min : 0x80) || byte > (byte_idx == 1 ? second_max : 0xBF)) return 0;
    code_point = (code_point << 6) | (byte & 0x3Fu);
  }
  return length;
}

}  // namespace

std::string quote_for_message(std::string_view text, std::size_t max_chars) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "'";
  std::size_t chars = 0;
  std::size_t at = 0;
  for (; at < text.size() && chars < max_chars; ++chars) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte >= 0x20 && byte < 0x7F) {
      out += static_cast<char>(byte);
      ++at;
      continue;
    }
    if (byte == '\t' || byte == '\r' || byte == '\n') {
      out += byte == '\t' ? "\\t" : byte == '\r' ? "\\r" : "\\n";
      ++at;
      continue;
    }
    std::uint32_t code_point = 0;
    const std::size_t length = byte < 0x80 ? 0 : decode_utf8(text, at, code_point);
    if (length == 0) {  // an ASCII control character or a byte that is not UTF-8
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
      ++at;
    } else if (is_hidden_code_point(code_point)) {
      out += fmt::format("\\u{{{:04x}}}", code_point);
      at += length;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  out += '\'';
  if (at < text.size()) {
    // Counting the rest is one pass over bytes that are not UTF-8 continuation bytes.
    for (std::size_t rest = at; rest < text.size(); ++rest)
      if ((static_cast<unsigned char>(text[rest]) & 0xC0) != 0x80) ++chars;
    out.insert(out.size() - 1, "\u2026");
    out += fmt::format(" ({} characters)", chars);
  }
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  if (!alpha(text.front())) return false;
  for (char c : text)
    if (!alpha(c) && !std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  // Whole numbers as people write them ("100000", not the shorter "1e+05").
  if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)error;
  return std::string(buffer, end);
}

std::string quote_identifier(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  int year = std::atoi(std::string(text.substr(0, 4)).c_str());
  int month = (text[5] - '0') * 10 + (text[6] - '0');
  int day = (text[8] - '0') * 10 + (text[9] - '0');
  if (month < 1 || month > 12 || day < 1) return false;
  static const int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year == 0) return false;  // there is no year 0 in the calendar people write dates in
  int limit = days_in_month[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= limit;
}

std::string lowercase_ascii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return lower;
}

}  // namespace ankieta::survey
