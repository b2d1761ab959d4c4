// The text helpers every message and every text-to-number conversion goes through: integers are
// range-checked (never a cast that wraps), and user text is cut and escaped before it is echoed.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "ankieta/survey/text_util.hpp"

using ankieta::survey::parse_grouped_number;
using ankieta::survey::parse_int64;
using ankieta::survey::quote_for_message;
using ankieta::survey::to_int64;

TEST_CASE("parse_int64 reads whole numbers and refuses everything a cast would get wrong", "[text_util]") {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  struct Case {
    const char* text;
    std::optional<std::int64_t> expected;
  };
  const Case cases[] = {
      {"12", 12},
      {" 7\t", 7},
      {"-3", -3},
      {"+5", 5},
      {"0", 0},
      {"2.0", 2},
      {"1e3", 1000},
      {"9223372036854775807", kMax},
      {"-9223372036854775808", kMin},
      {"9223372036854775808", std::nullopt},  // 2^63
      {"-9223372036854775809", std::nullopt},
      {"1e19", std::nullopt},
      {"9.3e18", std::nullopt},
      {"1e999", std::nullopt},
      {"1.5", std::nullopt},
      {"nan", std::nullopt},
      {"inf", std::nullopt},
      {"-inf", std::nullopt},
      {"0x10", std::nullopt},
      {"++5", std::nullopt},
      {"+-5", std::nullopt},
      {"+", std::nullopt},
      {"-", std::nullopt},
      {"", std::nullopt},
      {"  ", std::nullopt},
      {"1 000", std::nullopt},
      {"1\xC2\xA0" "000", std::nullopt},  // no-break space as a thousands separator
      {"\xD9\xA3", std::nullopt},         // Arabic-Indic digit three
      {"12abc", std::nullopt},
      {"1,5", std::nullopt},
  };
  for (const Case& c : cases) {
    INFO("text: " << c.text);
    CHECK(parse_int64(c.text) == c.expected);
  }
}

TEST_CASE("to_int64 converts only whole doubles inside the 64-bit range", "[text_util]") {
  CHECK(to_int64(3.0) == std::optional<std::int64_t>(3));
  CHECK(to_int64(-9223372036854775808.0) == std::optional<std::int64_t>(std::numeric_limits<std::int64_t>::min()));
  CHECK_FALSE(to_int64(9223372036854775808.0).has_value());
  CHECK_FALSE(to_int64(1e19).has_value());
  CHECK_FALSE(to_int64(-1e19).has_value());
  CHECK_FALSE(to_int64(0.5).has_value());
  CHECK_FALSE(to_int64(std::nan("")).has_value());
  CHECK_FALSE(to_int64(std::numeric_limits<double>::infinity()).has_value());
}

TEST_CASE("quote_for_message escapes control characters and invalid UTF-8 and cuts long text", "[text_util]") {
  struct Case {
    std::string text;
    std::string expected;
  };
  const Case cases[] = {
      {"abc", "'abc'"},
      {"", "''"},
      {"Wójcik", "'Wójcik'"},
      {"\x1b]0;pwned\x07", "'\\x1b]0;pwned\\x07'"},
      {"a\tb\rc\nd", "'a\\tb\\rc\\nd'"},
      {std::string("a\0b", 3), "'a\\x00b'"},
      {"\x7f", "'\\x7f'"},
      {"\xff\xfe", "'\\xff\\xfe'"},
      {"ab\xC5", "'ab\\xc5'"},                  // a sequence cut short
      {"\xC0\xAF", "'\\xc0\\xaf'"},             // overlong '/'
      {"\xED\xA0\x80", "'\\xed\\xa0\\x80'"},    // a surrogate
      {"\xC2\x9B" "2J", "'\\u{009b}2J'"},       // C1 CSI
      {"\xE2\x80\xAE" "abc", "'\\u{202e}abc'"}, // right-to-left override
      {"\xEF\xBB\xBF" "id", "'\\u{feff}id'"},   // byte-order mark
  };
  for (const Case& c : cases) {
    INFO("expected: " << c.expected);
    CHECK(quote_for_message(c.text) == c.expected);
  }
  const std::string huge(50'000'000, 'x');
  const std::string quoted = quote_for_message(huge);
  CHECK(quoted == "'" + std::string(60, 'x') + "\u2026' (50000000 characters)");
  CHECK(quote_for_message("ąęółśżźćń", 3) == "'ąęó\u2026' (9 characters)");
  CHECK(quote_for_message(std::string(60, 'y')) == "'" + std::string(60, 'y') + "'");
}

TEST_CASE("numbers with thousands separators, as Polish spreadsheets show them", "[text]") {
  struct Case {
    const char* text;
    std::optional<double> value;
  };
  const Case cases[] = {
      {"1 234", 1234},
      {"12 345,5", 12345.5},
      {"1\xC2\xA0" "234\xC2\xA0" "567", 1234567},   // no-break spaces
      {"1\xE2\x80\xAF" "234,25", 1234.25},           // narrow no-break space
      {"-1 234.5", -1234.5},
      {"1.234,5", 1234.5},
      {"1.234.567", 1234567},
      {" 9 999 ", 9999},
      {"1.234", std::nullopt},                       // a decimal: parse_number reads it
      {"12 34", std::nullopt},
      {"1234 567", std::nullopt},
      {"1 234 56", std::nullopt},
      {"1.234 567", std::nullopt},
      {"1.23,4", std::nullopt},
      {"1 234,", std::nullopt},
      {"abc", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(parse_grouped_number(c.text) == c.value);
  }
}
