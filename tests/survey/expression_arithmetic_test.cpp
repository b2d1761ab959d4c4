// Arithmetic and functions in the expression language: values, the missing-value rules,
// division by zero, a multiple-choice question expanded into its items, and the type checks.
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "ankieta/survey/expression.hpp"

namespace ankieta::survey {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

SymbolInfo numeric(int slot, std::vector<double> missing_codes = {}) {
  SymbolInfo symbol;
  symbol.kind = SymbolInfo::Kind::numeric;
  symbol.slot = slot;
  symbol.numeric_missing_codes = std::move(missing_codes);
  return symbol;
}

// A categorical variable with numeric codes; `values` empty makes its codes labels only.
SymbolInfo categorical(int slot, std::vector<double> codes, std::size_t first_missing_code,
                       std::vector<double> values) {
  SymbolInfo symbol;
  symbol.kind = SymbolInfo::Kind::categorical;
  symbol.slot = slot;
  for (double code : codes) {
    symbol.codes.push_back(std::to_string(static_cast<int>(code)));
    symbol.code_numbers.emplace_back(code);
  }
  symbol.first_missing_code = first_missing_code;
  symbol.code_values = std::move(values);
  return symbol;
}

SymbolInfo item(int slot) { return categorical(slot, {0, 1}, 2, {0, 1}); }

const std::map<std::string, SymbolInfo, std::less<>>& symbols() {
  static const std::map<std::string, SymbolInfo, std::less<>> table = {
      {"turnover", numeric(0, {99999})},
      {"employees", numeric(1)},
      // A scale whose codes 1..3 score 10, 20, 30; 9 is "don't know".
      {"rating", categorical(2, {1, 2, 3, 9}, 3, {10, 20, 30, nan})},
      // A single choice: codes are labels.
      {"region", categorical(3, {1, 2, 3}, 3, {})},
      {"q12_1", item(4)},
      {"q12_2", item(5)},
      {"q12_3", item(6)},
  };
  return table;
}
constexpr int slot_count = 7;

SymbolLookup lookup() {
  SymbolLookup symbol_lookup([](std::string_view name) -> const SymbolInfo* {
    const auto found = symbols().find(name);
    return found == symbols().end() ? nullptr : &found->second;
  });
  symbol_lookup.items_of = [](std::string_view name) {
    if (name == "q12") return std::vector<std::string>{"q12_1", "q12_2", "q12_3"};
    return std::vector<std::string>{};
  };
  return symbol_lookup;
}

using Cells = std::vector<std::pair<std::string_view, double>>;

struct Row {
  std::array<CellValue, slot_count> values{};
  explicit Row(const Cells& cells) {
    for (const auto& [name, value] : cells) {
      values.at(static_cast<std::size_t>(symbols().find(name)->second.slot)) = value;
    }
  }
  RowAccessor accessor() const {
    return [this](int slot) { return values.at(static_cast<std::size_t>(slot)); };
  }
};

double formula(std::string_view text, const Cells& cells, EvaluationNotes* notes = nullptr) {
  const auto expression = Expression::parse_formula(text);
  expression->bind(lookup());
  const Row row(cells);
  return expression->evaluate_number(row.accessor(), notes);
}

Truth condition(std::string_view text, const Cells& cells) {
  const auto expression = Expression::parse(text);
  expression->bind(lookup());
  const Row row(cells);
  return expression->evaluate(row.accessor());
}

void require_bind_error(std::string_view text, int column, std::string_view message, bool as_formula = true) {
  INFO("expression: " << text);
  try {
    const auto expression = as_formula ? Expression::parse_formula(text) : Expression::parse(text);
    expression->bind(lookup());
    FAIL("no error thrown");
  } catch (const ExpressionError& error) {
    CHECK(std::string_view(error.what()) == message);
    CHECK(error.column() == column);
  }
}

TEST_CASE("arithmetic follows the usual precedence", "[expression][arithmetic]") {
  const Cells row = {{"turnover", 1200}, {"employees", 8}};
  CHECK(formula("turnover / employees", row) == 150);
  CHECK(formula("turnover - employees * 100", row) == 400);
  CHECK(formula("(turnover - employees) * 2", row) == 2384);
  CHECK(formula("turnover / employees / 3", row) == 50);
  CHECK(formula("turnover - employees - 2", row) == 1190);
  CHECK(formula("-employees + 10", row) == 2);
  CHECK(formula("- (employees - 10)", row) == 2);
  CHECK(formula("employees * -1.5", row) == -12);
}

TEST_CASE("a scale counts as its score and a 0/1 item as 0 or 1", "[expression][arithmetic]") {
  CHECK(formula("rating * 2", {{"rating", 2}}) == 40);
  CHECK(formula("q12_1 + q12_2 + q12_3", {{"q12_1", 1}, {"q12_2", 0}, {"q12_3", 1}}) == 2);
  // "Don't know" has no score: missing.
  CHECK(std::isnan(formula("rating * 2", {{"rating", 9}})));
}

TEST_CASE("missing in gives missing out in arithmetic", "[expression][arithmetic]") {
  CHECK(std::isnan(formula("turnover / employees", {{"employees", 8}})));
  CHECK(std::isnan(formula("turnover + employees", {{"turnover", 99999}, {"employees", 8}})));
  CHECK(std::isnan(formula("-turnover", {})));
}

TEST_CASE("division by zero is missing and counted", "[expression][arithmetic]") {
  EvaluationNotes notes;
  CHECK(std::isnan(formula("turnover / employees", {{"turnover", 50}, {"employees", 0}}, &notes)));
  CHECK(notes.divisions_by_zero == 1);
  CHECK(formula("turnover / employees", {{"turnover", 50}, {"employees", 5}}, &notes) == 10);
  CHECK(notes.divisions_by_zero == 1);
  // 0 / 0 is a division by zero too; a missing numerator is only missing.
  CHECK(std::isnan(formula("turnover / employees", {{"turnover", 0}, {"employees", 0}}, &notes)));
  CHECK(notes.divisions_by_zero == 2);
  CHECK(std::isnan(formula("turnover / employees", {{"employees", 0}}, &notes)));
  CHECK(notes.divisions_by_zero == 2);
}

TEST_CASE("functions skip missing arguments and are missing only when all are", "[expression][functions]") {
  const Cells some = {{"turnover", 30}, {"employees", 10}};
  CHECK(formula("sum(turnover, employees, 5)", some) == 45);
  CHECK(formula("mean(turnover, employees)", some) == 20);
  CHECK(formula("min(turnover, employees)", some) == 10);
  CHECK(formula("max(turnover, employees)", some) == 30);
  CHECK(formula("coalesce(turnover, employees)", some) == 30);
  CHECK(formula("count(turnover, employees, 0)", some) == 2);

  const Cells one_missing = {{"turnover", 99999}, {"employees", 10}};
  CHECK(formula("sum(turnover, employees)", one_missing) == 10);
  CHECK(formula("mean(turnover, employees)", one_missing) == 10);
  CHECK(formula("min(turnover, employees)", one_missing) == 10);
  CHECK(formula("coalesce(turnover, employees)", one_missing) == 10);
  CHECK(formula("count(turnover, employees)", one_missing) == 1);

  for (const char* text : {"sum(turnover, employees)", "mean(turnover, employees)", "min(turnover, employees)",
                           "max(turnover, employees)", "coalesce(turnover, employees)",
                           "count(turnover, employees)"}) {
    INFO(text);
    CHECK(std::isnan(formula(text, {})));
  }
}

TEST_CASE("a multiple-choice question in a function stands for its items", "[expression][functions]") {
  const Cells two_chosen = {{"q12_1", 1}, {"q12_2", 0}, {"q12_3", 1}};
  CHECK(formula("count(q12)", two_chosen) == 2);
  CHECK(formula("sum(q12, 1)", two_chosen) == 3);
  CHECK(condition("count(q12) >= 2", two_chosen) == Truth::true_);
  CHECK(condition("count(q12) >= 3", two_chosen) == Truth::false_);
  CHECK(condition("any(q12)", two_chosen) == Truth::true_);
  CHECK(condition("any(q12)", {{"q12_1", 0}, {"q12_2", 0}, {"q12_3", 0}}) == Truth::false_);
  // Not answered at all: any() is unknown, count() missing.
  CHECK(condition("any(q12)", {}) == Truth::unknown);
  CHECK(std::isnan(formula("count(q12)", {})));
  // One item blank and none chosen: unknown, since the blank one may have been chosen.
  CHECK(condition("any(q12)", {{"q12_1", 0}, {"q12_2", 0}}) == Truth::unknown);

  const auto expression = Expression::parse("any(q12)");
  expression->bind(lookup());
  // What evaluation reads: the items, not the question.
  REQUIRE(expression->references().size() == 3);
  CHECK(expression->references()[0].name == "q12_1");
  CHECK(expression->references()[2].name == "q12_3");
  CHECK(expression->references()[2].column == 5);
}

TEST_CASE("a comparison of computed values is three-valued", "[expression][arithmetic]") {
  CHECK(condition("turnover / employees > 100", {{"turnover", 1200}, {"employees", 8}}) == Truth::true_);
  CHECK(condition("turnover / employees > 200", {{"turnover", 1200}, {"employees", 8}}) == Truth::false_);
  CHECK(condition("turnover / employees > 100", {{"turnover", 1200}, {"employees", 0}}) == Truth::unknown);
  CHECK(condition("turnover + 1 == employees * 2", {{"turnover", 5}, {"employees", 3}}) == Truth::true_);
}

TEST_CASE("arithmetic on a single-choice code is refused at its column", "[expression][arithmetic]") {
  require_bind_error("region + 1", 1,
                     "cannot compute with categorical variable 'region' (numeric codes): its codes are labels, not amounts; compare it "
                     "with == or in, or recode it into a derived variable with scores");
  require_bind_error("sum(turnover, region) > 1", 15,
                     "cannot compute with categorical variable 'region' (numeric codes): its codes are labels, not amounts; compare it "
                     "with == or in, or recode it into a derived variable with scores",
                     false);
}

TEST_CASE("a formula must be a number and a condition a truth value", "[expression][arithmetic]") {
  try {
    Expression::parse_formula("turnover > 1");
    FAIL("no error thrown");
  } catch (const ExpressionError& error) {
    INFO(error.what());
    CHECK(std::string_view(error.what()).find("expected a number") != std::string_view::npos);
  }
  try {
    Expression::parse("turnover + 1");
    FAIL("no error thrown");
  } catch (const ExpressionError& error) {
    INFO(error.what());
    CHECK(error.column() >= 1);
  }
  try {
    Expression::parse_formula("median(turnover)");
    FAIL("no error thrown");
  } catch (const ExpressionError& error) {
    CHECK(error.column() == 1);
    CHECK(std::string_view(error.what()).find("any, coalesce, count, max, mean, min, missing, sum") !=
          std::string_view::npos);
  }
}

}  // namespace
}  // namespace ankieta::survey
