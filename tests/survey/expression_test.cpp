#include "ankieta/survey/expression.hpp"

#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

// Counts heap allocations made while `counting_allocations` is set, to check that evaluate()
// allocates nothing per row. Outside that window these behave like the standard ones. Not under
// AddressSanitizer, which brings its own operator new and reports ours as a mismatch.
#if defined(__SANITIZE_ADDRESS__)
#define ANKIETA_COUNTS_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ANKIETA_COUNTS_ALLOCATIONS 0
#endif
#endif
#ifndef ANKIETA_COUNTS_ALLOCATIONS
#define ANKIETA_COUNTS_ALLOCATIONS 1
#endif

#if ANKIETA_COUNTS_ALLOCATIONS
namespace {
thread_local bool counting_allocations = false;
std::atomic<long> allocations_counted{0};
}  // namespace

void* operator new(std::size_t size) {
  if (counting_allocations) ++allocations_counted;
  if (void* block = std::malloc(size == 0 ? 1 : size)) return block;
  throw std::bad_alloc();
}
// GCC pairs the inlined `new` with the `free` below and warns, not knowing that both are ours.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* block) noexcept { std::free(block); }
void operator delete(void* block, std::size_t) noexcept { std::free(block); }
#pragma GCC diagnostic pop
#endif

namespace ankieta::survey {
namespace {

using namespace std::string_view_literals;

SymbolInfo numeric(int slot, std::vector<double> missing_codes = {}) {
  SymbolInfo symbol;
  symbol.kind = SymbolInfo::Kind::numeric;
  symbol.slot = slot;
  symbol.numeric_missing_codes = std::move(missing_codes);
  return symbol;
}

SymbolInfo categorical(int slot, std::vector<std::string> codes, std::size_t first_missing_code) {
  SymbolInfo symbol;
  symbol.kind = SymbolInfo::Kind::categorical;
  symbol.slot = slot;
  for (const std::string& code : codes) {
    double number = 0;
    const auto [end, error] = std::from_chars(code.data(), code.data() + code.size(), number);
    const bool is_number = error == std::errc() && end == code.data() + code.size();
    symbol.code_numbers.push_back(is_number ? std::optional<double>(number) : std::nullopt);
  }
  symbol.codes = std::move(codes);
  symbol.first_missing_code = first_missing_code;
  return symbol;
}

SymbolInfo of_kind(SymbolInfo::Kind kind, int slot) {
  SymbolInfo symbol;
  symbol.kind = kind;
  symbol.slot = slot;
  return symbol;
}

std::vector<std::string> codes_1_to_20() {
  std::vector<std::string> codes;
  for (int code = 1; code <= 20; ++code) codes.push_back(std::to_string(code));
  return codes;
}

// The variables every test can use.
const std::map<std::string, SymbolInfo, std::less<>>& symbols() {
  static const std::map<std::string, SymbolInfo, std::less<>> table = {
      {"age", numeric(0, {999})},
      {"income", numeric(1, {99999, 99998})},
      {"q05", categorical(2, {"1", "2", "3", "4", "5", "98", "99"}, 5)},
      {"q09", categorical(3, {"1", "2", "98"}, 2)},
      {"q10", categorical(4, {"1", "2", "98"}, 2)},
      {"stype", categorical(5, {"A", "B", "DK"}, 2)},
      {"name", of_kind(SymbolInfo::Kind::text, 6)},
      {"born", of_kind(SymbolInfo::Kind::date, 7)},
      {"wed", of_kind(SymbolInfo::Kind::date, 8)},
      {"a", numeric(9)},
      {"b", numeric(10)},
      {"c", numeric(11)},
      {"mixed", categorical(12, {"1", "2", "DK"}, 2)},
      {"many", categorical(13, codes_1_to_20(), 20)},
  };
  return table;
}
constexpr int slot_count = 14;

const SymbolInfo* lookup(std::string_view name) {
  const auto found = symbols().find(name);
  return found == symbols().end() ? nullptr : &found->second;
}

using Cells = std::vector<std::pair<std::string_view, CellValue>>;

struct Row {
  std::array<CellValue, slot_count> values{};
  explicit Row(const Cells& cells) {
    for (const auto& [name, value] : cells) values.at(static_cast<std::size_t>(lookup(name)->slot)) = value;
  }
  RowAccessor accessor() const {
    return [this](int slot) { return values.at(static_cast<std::size_t>(slot)); };
  }
};

std::shared_ptr<Expression> bound(std::string_view text) {
  std::shared_ptr<Expression> expression = Expression::parse(text);
  expression->bind(lookup);
  return expression;
}

Truth evaluate(std::string_view text, const Cells& cells) {
  const Row row(cells);
  return bound(text)->evaluate(row.accessor());
}

std::string to_string(Truth truth) {
  switch (truth) {
    case Truth::true_: return "true";
    case Truth::false_: return "false";
    case Truth::unknown: return "unknown";
  }
  return "?";
}

constexpr Truth T = Truth::true_;
constexpr Truth F = Truth::false_;
constexpr Truth U = Truth::unknown;
const CellValue blank = std::monostate{};

struct ErrorCase {
  std::string_view text;
  int column;
  std::string_view message;
};

// Runs `action` and checks that it throws ExpressionError with exactly this column and message.
template <typename Action>
void require_error(const ErrorCase& error_case, Action action) {
  INFO("expression: " << error_case.text);
  try {
    action();
    FAIL("no error thrown");
  } catch (const ExpressionError& error) {
    CHECK(std::string_view(error.what()) == error_case.message);
    CHECK(error.column() == error_case.column);
  }
}

TEST_CASE("precedence: or < and < not < comparison, checked against explicit grouping",
          "[expression]") {
  struct Equivalence {
    std::string_view text;
    std::string_view grouped;
  };
  const auto equivalence = GENERATE(values<Equivalence>({
      {"a == 1 or b == 2 and c == 3", "a == 1 or (b == 2 and c == 3)"},
      {"a == 1 and b == 2 or c == 3", "(a == 1 and b == 2) or c == 3"},
      {"not a == 1 and b == 2", "(not (a == 1)) and b == 2"},
      {"not a == 1 or not b == 2 and c == 3", "(not a == 1) or ((not b == 2) and c == 3)"},
      {"not not a == 1", "a == 1"},
      {"a == 1 AND b == 2 Or c == 3", "(a == 1 and b == 2) or c == 3"},
      {"NOT a == 1", "not (a == 1)"},
      {"a == 1 or b == 2 or c == 3 and a == 2", "a == 1 or b == 2 or (c == 3 and a == 2)"},
      {"1 == a", "a == 1"},
      {"2 < a", "a > 2"},
      {"2 >= a", "a <= 2"},
      {"-1 < a", "a > -1"},
      {"a in (1, 3)", "a == 1 or a == 3"},
      {"a not in (1, 3)", "not (a in (1, 3))"},
      {"a NOT IN (1,3)", "not (a == 1 or a == 3)"},
      {"(((a == 1)))", "a == 1"},
      {"a\t==\n1", "a == 1"},
  }));
  INFO(equivalence.text << "  vs  " << equivalence.grouped);
  const auto plain = bound(equivalence.text);
  const auto grouped = bound(equivalence.grouped);
  // Every combination of blank, 1, 2, 3 for a, b and c.
  const std::array<CellValue, 4> values = {blank, 1.0, 2.0, 3.0};
  for (const CellValue& a : values) {
    for (const CellValue& b : values) {
      for (const CellValue& c : values) {
        const Row row({{"a", a}, {"b", b}, {"c", c}});
        REQUIRE(to_string(plain->evaluate(row.accessor())) ==
                to_string(grouped->evaluate(row.accessor())));
      }
    }
  }
}

TEST_CASE("references lists each variable occurrence with its column", "[expression]") {
  const auto expression = Expression::parse("q05 == 1 and missing( age ) or 3 < x and x in (1)");
  CHECK(expression->text() == "q05 == 1 and missing( age ) or 3 < x and x in (1)");
  const std::vector<VariableReference>& references = expression->references();
  REQUIRE(references.size() == 4);
  const std::array<std::pair<std::string_view, int>, 4> expected = {{
      {"q05", 1}, {"age", 23}, {"x", 36}, {"x", 42}}};
  for (std::size_t reference_idx = 0; reference_idx < expected.size(); ++reference_idx) {
    CHECK(references[reference_idx].name == expected[reference_idx].first);
    CHECK(references[reference_idx].column == expected[reference_idx].second);
  }
}

TEST_CASE("missing is a function only when followed by '('", "[expression]") {
  const auto expression = Expression::parse("missing == 1 or MISSING(x)");
  REQUIRE(expression->references().size() == 2);
  CHECK(expression->references()[0].name == "missing");
  CHECK(expression->references()[1].name == "x");
}

TEST_CASE("syntax errors give the column and what was expected", "[expression]") {
  const auto error_case = GENERATE(values<ErrorCase>({
      {"", 1, "unexpected end of expression, expected a value"},
      {"   ", 4, "unexpected end of expression, expected a value"},
      {"a ==", 5, "unexpected end of expression, expected a value"},
      {"a == 1 and", 11, "unexpected end of expression, expected a value"},
      {"not", 4, "unexpected end of expression, expected a value"},
      {"a == and", 6, "expected a value, found 'and'"},
      {"a == 1 and or b == 1", 12, "expected a value, found 'or'"},
      {"a = 1", 3, "'=' is not an operator; use '=='"},
      {"a == 1 or b =2", 13, "'=' is not an operator; use '=='"},
      {"a <> 1", 3, "'<>' is not an operator; use '!='"},
      {"!a", 1, "'!' is not an operator; use '!=' or 'not'"},
      {"a == 1 && b == 2", 8, "'&&' is not an operator; use 'and'"},
      {"a == 1 & b == 2", 8, "'&' is not an operator; use 'and'"},
      {"a == 1 || b == 2", 8, "'||' is not an operator; use 'or'"},
      {"a == 1 # x", 8, "unexpected character '#'"},
      {"a == 1 and ą == 2", 12, "unexpected character 'ą'"},
      {"a == \"abc", 6, "unterminated string"},
      {"a == 'abc\"", 6, "unterminated string"},
      {"(a == 1", 8, "expected ')' to close '(' opened at column 1"},
      {"b == 2 and (a == 1 or (c == 3)", 31, "expected ')' to close '(' opened at column 12"},
      {"(a == 1 b == 2)", 9, "expected ')' to close '(' opened at column 1, found 'b'"},
      {"a == 1)", 7, "')' without a matching '('"},
      {"a == 1 b", 8, "expected 'and' or 'or', found 'b'"},
      {"a == b == c", 8, "expected 'and' or 'or', found '=='"},
      {"a", 2, "unexpected end of expression, expected a comparison operator after 'a'"},
      {"a and b", 3, "expected a comparison operator after 'a', found 'and'"},
      {"1 == 2", 1, "cannot compare two literals; one side must be a variable"},
      {"'x' != \"y\"", 1, "cannot compare two literals; one side must be a variable"},
      {"a == 1.2.3", 6, "invalid number '1.2.3'"},
      {"a == 12abc", 6, "invalid number '12abc'"},
      {"a == .5", 6, "invalid number '.5'"},
      {"a == 5.", 6, "invalid number '5.'"},
      {"a in 1", 6, "expected '(' after 'in', found '1'"},
      {"a in", 5, "unexpected end of expression, expected '(' after 'in'"},
      {"a in ()", 7, "expected a number or a string, found ')'"},
      {"a in (1,", 9, "unexpected end of expression, expected a number or a string"},
      {"a in (1, b)", 10, "expected a number or a string, found 'b'; write text values in quotes: a in (\"b\", ...)"},
      {"region in (north, south)", 12,
       "expected a number or a string, found 'north'; write text values in quotes: region in (\"north\", ...)"},
      {"a in (1 2)", 9, "expected ',' or ')', found '2'"},
      {"a in (1, 2", 11, "expected ')' to close '(' opened at column 6"},
      {"a not 1", 7, "expected 'in' after 'not', found '1'"},
      {"1 in (1, 2)", 1, "expected a variable before 'in', found '1'"},
      {"missing(1)", 9, "expected a variable name in missing(), found '1'"},
      {"missing()", 9, "expected a variable name in missing(), found ')'"},
      {"missing(a", 10, "expected ')' to close '(' opened at column 8"},
      // Columns count characters, not bytes.
      {"miasto == \"Kraków\" or", 22, "unexpected end of expression, expected a value"},
  }));
  require_error(error_case, [&] { Expression::parse(error_case.text); });
}

TEST_CASE("bind rejects unknown variables and type mismatches", "[expression]") {
  const auto error_case = GENERATE(values<ErrorCase>({
      {"nope == 1", 1, "unknown variable 'nope'"},
      {"age > 1 and missing(ghost)", 21, "unknown variable 'ghost'"},
      {"stype == 1", 10, "cannot compare categorical variable 'stype' (text codes) with a number"},
      {"mixed == 1", 10, "cannot compare categorical variable 'mixed' (text codes) with a number"},
      {"stype in ('A', 2)", 16,
       "cannot compare categorical variable 'stype' (text codes) with a number"},
      {"q09 == \"1\"", 8, "cannot compare categorical variable 'q09' (numeric codes) with a string"},
      {"age == \"30\"", 8, "cannot compare numeric variable 'age' with a string"},
      {"name == 5", 9, "cannot compare text variable 'name' with a number"},
      {"born < 20240101", 8, "cannot compare date variable 'born' with a number"},
      {"stype < \"B\"", 7,
       "cannot use '<' on categorical variable 'stype' (text codes); only ==, != and in apply"},
      {"'M' <= name", 5, "cannot use '<=' on text variable 'name'; only ==, != and in apply"},
      {"q09 == 7", 8, "'q09' cannot take the value 7 (its codes are 1, 2, 98)"},
      {"7 != q09", 1, "'q09' cannot take the value 7 (its codes are 1, 2, 98)"},
      {"q09 in (1, 3)", 12, "'q09' cannot take the value 3 (its codes are 1, 2, 98)"},
      {"q09 not in (1.5)", 13, "'q09' cannot take the value 1.5 (its codes are 1, 2, 98)"},
      {"stype == 'C'", 10, "'stype' cannot take the value 'C' (its codes are \"A\", \"B\", \"DK\")"},
      {"stype == \"a\"", 10, "'stype' cannot take the value \"a\" (its codes are \"A\", \"B\", \"DK\")"},
      {"many == 21", 9,
       "'many' cannot take the value 21 (its codes are 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, ...)"},
      {"born >= '2024-13-01'", 9, "'2024-13-01' is not a date in the form YYYY-MM-DD"},
      {"born == \"1990-1-5\"", 9, "\"1990-1-5\" is not a date in the form YYYY-MM-DD"},
      {"born == '2024-02-30'", 9, "'2024-02-30' is not a date in the form YYYY-MM-DD"},  // the import's calendar rule
      {"born in ('2020-01-01', 'yesterday')", 24, "'yesterday' is not a date in the form YYYY-MM-DD"},
      {"age == name", 5, "cannot compare numeric variable 'age' with text variable 'name'"},
      {"born < name", 6, "cannot compare date variable 'born' with text variable 'name'"},
      {"stype < name", 7,
       "cannot use '<' on categorical variable 'stype' (text codes); only ==, != and in apply"},
      {"q09 == stype", 5,
       "cannot compare categorical variable 'q09' (numeric codes) with categorical variable "
       "'stype' (text codes)"},
  }));
  const auto expression = Expression::parse(error_case.text);
  require_error(error_case, [&] { expression->bind(lookup); });
}

TEST_CASE("bind accepts compatible comparisons", "[expression]") {
  const auto text = GENERATE(values<std::string_view>({
      "q09 == 1.0",        // codes match numerically
      "q05 < 3.5",         // ordering needs no existing code
      "q05 >= 100",        //
      "q09 == 98",         // a missing code is a code
      "q09 == q10",        // two variables
      "age > q05",         // numeric with numeric codes
      "stype == name",     // text codes with text
      "stype != stype",    //
      "born < wed",        // two dates
      "mixed == '1'",      // mixed codes compare as text
      "born >= '2024-02-29'",
      "income != 99999",
      "missing(stype) or missing(born)",
  }));
  INFO(text);
  CHECK_NOTHROW(bound(text));
}

struct EvaluationCase {
  std::string_view text;
  Cells cells;
  Truth expected;
};

void check_evaluation(const EvaluationCase& evaluation_case) {
  INFO("expression: " << evaluation_case.text);
  CHECK(to_string(evaluate(evaluation_case.text, evaluation_case.cells)) ==
        to_string(evaluation_case.expected));
}

TEST_CASE("numeric variables: blanks and declared missing codes", "[expression]") {
  const auto evaluation_case = GENERATE(values<EvaluationCase>({
      {"age > 18", {{"age", 30.0}}, T},
      {"age > 18", {{"age", 18.0}}, F},
      {"age >= 18.5", {{"age", 18.5}}, T},
      {"age > -1", {{"age", 0.0}}, T},
      {"age<-1", {{"age", -2.0}}, T},  // no spaces needed around operators
      {"age==-2.5", {{"age", -2.5}}, T},
      {"age > 18", {}, U},
      {"age > 18", {{"age", std::nan("")}}, U},
      {"age > 18", {{"age", 999.0}}, U},   // a missing code is unknown in comparisons
      {"age < 999", {{"age", 999.0}}, U},  // ... in ordering even against itself
      {"age < 999", {{"age", 30.0}}, T},
      {"age == 999", {{"age", 999.0}}, T}, // ... but equality against a missing code sees it
      {"age == 999", {{"age", 30.0}}, F},
      {"age == 999", {}, U},
      {"age != 999", {{"age", 999.0}}, F},
      {"age != 999", {{"age", 30.0}}, T},
      {"age == 30", {{"age", 999.0}}, U},
      {"age != 30", {{"age", 999.0}}, U},
      {"income == 99999", {{"income", 99998.0}}, F},  // another missing code
      {"income != 99999", {{"income", 99998.0}}, T},
      {"income in (99999, 1000)", {{"income", 99998.0}}, U},
      {"income in (99999, 99998)", {{"income", 99998.0}}, T},
      {"missing(age)", {}, T},
      {"missing(age)", {{"age", 999.0}}, T},
      {"missing(age)", {{"age", 30.0}}, F},
      {"missing(age)", {{"age", std::nan("")}}, T},
      {"not missing(age)", {{"age", 999.0}}, F},
      // Text from a misbehaving row accessor: parsed when it is a number, else unknown.
      {"age > 18", {{"age", "30"sv}}, T},
      {"age > 18", {{"age", "thirty"sv}}, U},
      {"missing(age)", {{"age", "thirty"sv}}, F},
  }));
  check_evaluation(evaluation_case);
}

TEST_CASE("categorical variables with numeric codes", "[expression]") {
  const auto evaluation_case = GENERATE(values<EvaluationCase>({
      {"q05 == 99", {{"q05", 99.0}}, T},  // the header's example
      {"q05 == 99", {{"q05", 98.0}}, F},
      {"q05 == 99", {{"q05", 3.0}}, F},
      {"q05 == 99", {}, U},
      {"q05 == 1", {{"q05", 99.0}}, U},
      {"q05 != 1", {{"q05", 99.0}}, U},
      {"q05 != 1", {{"q05", 2.0}}, T},
      {"q05 >= 3", {{"q05", 4.0}}, T},
      {"q05 >= 3", {{"q05", 2.0}}, F},
      {"q05 >= 3", {{"q05", 98.0}}, U},
      {"q05 < 98", {{"q05", 98.0}}, U},
      {"q09 == 1.0", {{"q09", 1.0}}, T},
      {"1 == q09", {{"q09", 1.0}}, T},
      {"q05 in (1, 2)", {{"q05", 2.0}}, T},
      {"q05 in (1, 2)", {{"q05", 3.0}}, F},
      {"q05 in (1, 2)", {{"q05", 98.0}}, U},
      {"q05 in (1, 2)", {}, U},
      {"q05 in (1, 98)", {{"q05", 98.0}}, T},
      {"q05 in (1, 98)", {{"q05", 99.0}}, U},  // like q05 == 1 or q05 == 98
      {"q05 in (1, 98)", {{"q05", 3.0}}, F},
      {"q05 in (98, 99)", {{"q05", 99.0}}, T},
      {"q05 in (98, 99)", {{"q05", 3.0}}, F},
      {"q05 not in (1, 2)", {{"q05", 3.0}}, T},
      {"q05 not in (1, 2)", {{"q05", 1.0}}, F},
      {"q05 not in (1, 2)", {{"q05", 98.0}}, U},
      {"q05 not in (98, 99)", {{"q05", 98.0}}, F},
      {"missing(q05)", {{"q05", 98.0}}, T},
      {"missing(q05)", {{"q05", 3.0}}, F},
      {"missing(q05)", {}, T},
      {"q05 == 3", {{"q05", "3"sv}}, T},  // text that reads as the code
  }));
  check_evaluation(evaluation_case);
}

TEST_CASE("categorical variables with text codes", "[expression]") {
  const auto evaluation_case = GENERATE(values<EvaluationCase>({
      {"stype == 'A'", {{"stype", "A"sv}}, T},
      {"stype == \"A\"", {{"stype", "B"sv}}, F},
      {"stype == 'A'", {{"stype", "DK"sv}}, U},
      {"stype == 'A'", {}, U},
      {"stype == 'A'", {{"stype", ""sv}}, U},
      {"stype == \"DK\"", {{"stype", "DK"sv}}, T},
      {"stype != 'DK'", {{"stype", "A"sv}}, T},
      {"stype != 'A'", {{"stype", "B"sv}}, T},
      {"stype in ('A', 'B')", {{"stype", "B"sv}}, T},
      {"stype in ('A', 'B')", {{"stype", "DK"sv}}, U},
      {"stype not in ('A')", {{"stype", "B"sv}}, T},
      {"missing(stype)", {{"stype", "DK"sv}}, T},
      {"missing(stype)", {{"stype", "A"sv}}, F},
      // Some codes numeric, some not: numbers from the row accessor are matched to the code text.
      {"mixed == '1'", {{"mixed", 1.0}}, T},
      {"mixed == '2'", {{"mixed", 1.0}}, F},
      {"mixed == '1'", {{"mixed", "1"sv}}, T},
      {"mixed == 'DK'", {{"mixed", "DK"sv}}, T},
      {"mixed == '1'", {{"mixed", "DK"sv}}, U},
      {"mixed == '1'", {{"mixed", 7.0}}, U},  // not a code at all
      {"missing(mixed)", {{"mixed", 2.0}}, F},
  }));
  check_evaluation(evaluation_case);
}

TEST_CASE("text and date variables", "[expression]") {
  const auto evaluation_case = GENERATE(values<EvaluationCase>({
      {"name == 'Ala'", {{"name", "Ala"sv}}, T},
      {"name == 'Ala'", {{"name", "ala"sv}}, F},
      {"name == 'Ala'", {}, U},
      {"name != 'Ala'", {{"name", "Ola"sv}}, T},
      {"name in ('Ala', \"O'Brien\")", {{"name", "O'Brien"sv}}, T},
      {"name == 'Kraków'", {{"name", "Kraków"sv}}, T},
      {"missing(name)", {{"name", ""sv}}, T},
      {"missing(name)", {{"name", "Ala"sv}}, F},
      {"born < '2000-01-01'", {{"born", "1999-12-31"sv}}, T},
      {"born < '2000-01-01'", {{"born", "2000-01-01"sv}}, F},
      {"born >= '2000-01-01'", {{"born", "2000-01-01"sv}}, T},
      {"born > \"2000-01-01\"", {{"born", "2010-06-15"sv}}, T},
      {"born == '2000-01-01'", {{"born", "2000-01-02"sv}}, F},
      {"born in ('2000-01-01', '2000-01-02')", {{"born", "2000-01-02"sv}}, T},
      {"born < '2000-01-01'", {}, U},
      {"missing(born)", {}, T},
  }));
  check_evaluation(evaluation_case);
}

TEST_CASE("comparing two variables", "[expression]") {
  const auto evaluation_case = GENERATE(values<EvaluationCase>({
      {"q09 == q10", {{"q09", 1.0}, {"q10", 1.0}}, T},
      {"q09 == q10", {{"q09", 1.0}, {"q10", 2.0}}, F},
      {"q09 != q10", {{"q09", 1.0}, {"q10", 2.0}}, T},
      {"q09 == q10", {{"q09", 98.0}, {"q10", 98.0}}, U},  // missing codes stay unknown
      {"q09 == q10", {{"q09", 1.0}}, U},
      {"age > q05", {{"age", 30.0}, {"q05", 3.0}}, T},
      {"age < q05", {{"age", 30.0}, {"q05", 3.0}}, F},
      {"age > q05", {{"age", 999.0}, {"q05", 3.0}}, U},
      {"a <= b", {{"a", 2.0}, {"b", 2.0}}, T},
      {"stype == name", {{"stype", "A"sv}, {"name", "A"sv}}, T},
      {"stype == name", {{"stype", "DK"sv}, {"name", "DK"sv}}, U},
      {"born < wed", {{"born", "1990-05-01"sv}, {"wed", "2015-06-20"sv}}, T},
      {"born > wed", {{"born", "1990-05-01"sv}, {"wed", "2015-06-20"sv}}, F},
      {"born < wed", {{"born", "1990-05-01"sv}}, U},
  }));
  check_evaluation(evaluation_case);
}

TEST_CASE("three-valued logic of and, or, not", "[expression]") {
  const auto evaluation_case = GENERATE(values<EvaluationCase>({
      // age blank makes `age > 18` unknown; q05 decides the other side.
      {"age > 18 and q05 == 1", {{"q05", 2.0}}, F},  // false and unknown
      {"age > 18 and q05 == 1", {{"q05", 1.0}}, U},  // true and unknown
      {"age > 18 or q05 == 1", {{"q05", 1.0}}, T},   // unknown or true
      {"age > 18 or q05 == 1", {{"q05", 2.0}}, U},   // unknown or false
      {"not age > 18", {}, U},
      {"not (age > 18 and q05 == 1)", {{"age", 30.0}, {"q05", 2.0}}, T},
      {"missing(age) or age > 18", {}, T},
      {"not missing(age) and age > 18", {}, F},
      {"MISSING(age) AND Missing(q05)", {}, T},
      // The groupings the precedence rules choose between, on rows where they differ.
      {"a == 1 or b == 2 and c == 3", {{"a", 1.0}, {"b", 0.0}, {"c", 0.0}}, T},
      {"(a == 1 or b == 2) and c == 3", {{"a", 1.0}, {"b", 0.0}, {"c", 0.0}}, F},
      {"not a == 1 and b == 2", {{"a", 2.0}, {"b", 1.0}}, F},
      {"not (a == 1 and b == 2)", {{"a", 2.0}, {"b", 1.0}}, T},
  }));
  check_evaluation(evaluation_case);
}

#if ANKIETA_COUNTS_ALLOCATIONS
TEST_CASE("evaluate allocates nothing per row", "[expression]") {
  const auto expression = bound(
      "(q05 in (1, 2, 98) or stype != 'DK') and not missing(age) and born < '2000-01-01' "
      "and name == 'Ala' and mixed == '1' and q09 == q10");
  const Row row({{"q05", 98.0}, {"stype", "A"sv}, {"age", 30.0}, {"born", "1990-01-01"sv},
                 {"name", "Ala"sv}, {"mixed", 1.0}, {"q09", 1.0}, {"q10", 1.0}});
  const RowAccessor accessor = row.accessor();
  allocations_counted = 0;
  counting_allocations = true;
  Truth result = Truth::unknown;
  for (int repetition = 0; repetition < 1000; ++repetition) result = expression->evaluate(accessor);
  counting_allocations = false;
  CHECK(to_string(result) == "true");
  CHECK(allocations_counted == 0);
}
#endif

TEST_CASE("a failed bind can be retried", "[expression]") {
  const auto expression = Expression::parse("q09 == 1");
  const SymbolInfo text_codes = categorical(3, {"x", "y"}, 2);
  const SymbolLookup wrong = [&](std::string_view) { return &text_codes; };
  CHECK_THROWS_AS(expression->bind(wrong), ExpressionError);
  expression->bind(lookup);
  const Row row({{"q09", 1.0}});
  CHECK(to_string(expression->evaluate(row.accessor())) == "true");
}

}  // namespace
}  // namespace ankieta::survey
