// The expression language of `ask_if`, `--where` and derived variables:
//   variables, numbers, "strings", == != < <= > >=, x in (a, b, ...), and, or, not, parentheses,
//   missing(x); arithmetic + - * / on numbers, and the functions count, sum, mean, min, max,
//   coalesce (values) and any (a condition), whose arguments may name a multiple-choice or grid
//   question for all its items: `count(q12) >= 2`, `any(q12)`, `mean(q04) > 3`.
// A condition (parse()) is true, false or unknown; a formula (parse_formula()) is a number or
// missing. docs/questionnaire.md has the rules for users.
// Text is parsed into a tree, checked against the questionnaire's variables and evaluated by the
// program; no part of it ever becomes SQL.
//
// Missing values follow three-valued (Kleene) logic: a comparison with a blank answer, or with a
// declared missing code, is `unknown`, except an equality test against a literal that is itself
// one of the variable's declared missing codes (`q05 == 99` is true for an answer of 99).
// The exception covers `!=` and `in` as well, since `x != a` means `not x == a` and
// `x in (a, b)` means `x == a or x == b`. A comparison of two variables is unknown when either
// holds a blank or a missing code. `missing(x)` is true for a blank answer or a declared missing
// code, and never unknown. `--where` keeps only rows where the expression is true; an `ask_if`
// that is false means "not asked".
//
// Numbers in arithmetic: a numeric variable's value (a declared missing code is missing), a
// scale or grid answer's score, a 0/1 variable (multiple-choice items, yes/no derived variables)
// as 0 or 1. A single-choice code is a label, not an amount, so arithmetic on it is refused. Missing in
// gives missing out (`a + b` is missing when either is), and so does division by zero (counted in
// EvaluationNotes); a comparison with a missing number is unknown. The functions skip missing
// arguments and are missing only when every argument is: sum, mean, min and max of the valid
// values, coalesce the first valid value, count the valid values that are not 0 (the options
// chosen of a multiple-choice question, the items answered of a grid). any(...) is true when
// count(...) > 0, false when every argument is a valid 0, and unknown otherwise.
//
// Keywords (and, or, not, in, missing) are case-insensitive; `=` is refused with a hint to use
// `==`. Strings have no escapes: a string containing one kind of quote uses the other kind.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace ankieta::survey {

// A problem in an expression, at a 1-based column of the expression text.
class ExpressionError : public std::runtime_error {
 public:
  ExpressionError(int column, const std::string& message)
      : std::runtime_error(message), column_(column) {}
  int column() const { return column_; }

 private:
  int column_;
};

// What the checker needs to know about one variable.
struct SymbolInfo {
  enum class Kind { numeric, categorical, text, date };
  Kind kind = Kind::numeric;
  int slot = 0;  // index the evaluator passes to the row accessor
  // categorical: the codes an answer can take (options, then declared missing codes)
  std::vector<std::string> codes;
  std::vector<std::optional<double>> code_numbers;  // parallel to codes; set where a code is numeric
  std::size_t first_missing_code = 0;              // codes[first_missing_code..] are missing codes
  // numeric: declared missing codes (e.g. 99999 = refused)
  std::vector<double> numeric_missing_codes;
  // categorical: the number each code stands for in arithmetic (a scale's score, an item's 0 or
  // 1; NaN for a missing code), parallel to codes. Empty when the codes are labels only (single
  // choice), which refuses arithmetic on the variable.
  std::vector<double> code_values;
};

// How bind() finds variables: `find` returns null for an unknown name; `explain_unknown`, when
// set, says more about a name that is not a variable ("'q12' is a multiple-choice question; use its
// items q12_1 ... q12_5"), or returns an empty string when it has nothing to add. A plain function
// or lambda converts to a lookup without an explanation.
struct SymbolLookup {
  std::function<const SymbolInfo*(std::string_view name)> find;
  std::function<std::string(std::string_view name)> explain_unknown;
  // The item variables of a multiple-choice or grid question named in a function (`count(q12)`);
  // empty for any other name. Unset: functions take variables only.
  std::function<std::vector<std::string>(std::string_view name)> items_of;

  SymbolLookup() = default;
  template <typename Find>
    requires std::is_invocable_r_v<const SymbolInfo*, const Find&, std::string_view>
  SymbolLookup(Find find_symbol) : find(std::move(find_symbol)) {}  // NOLINT: implicit on purpose
  const SymbolInfo* operator()(std::string_view name) const { return find ? find(name) : nullptr; }
};

// One value of one row: blank (monostate), a number, or text (string codes, text, ISO dates).
using CellValue = std::variant<std::monostate, double, std::string_view>;
using RowAccessor = std::function<CellValue(int slot)>;

enum class Truth { false_, true_, unknown };

// What evaluation met that a command reports in its notes.
struct EvaluationNotes {
  std::size_t divisions_by_zero = 0;
};

struct VariableReference {
  std::string name;
  int column = 0;  // 1-based column in the expression text
};

class Expression {
 public:
  // Parentheses and `not` may nest at most this deep; deeper text is refused at parse, which also
  // bounds the recursion of bind(), evaluate() and the tree's destruction.
  static constexpr int max_nesting = 200;

  // Parses `text`; throws ExpressionError at the offending column on a syntax error, with a
  // message saying what was expected ("expected ')' to close '(' opened at column 3"). Columns
  // count characters (UTF-8 code points), not bytes. A comparison of two literals is refused, as
  // is nesting deeper than max_nesting. Time and memory are linear in the length of `text`.
  static std::shared_ptr<Expression> parse(std::string_view text);
  // Parses a formula: a number computed from the row (`turnover / employees`, `count(q12)`).
  // A condition where a number is expected is refused ("expected a number, found a condition").
  static std::shared_ptr<Expression> parse_formula(std::string_view text);

  // Resolves variable names and checks types: unknown variables (with the lookup's explanation,
  // or a hint to quote a text value when the unknown name is compared with a text variable:
  // `region == north`), comparisons between a number and
  // text, ordering comparisons on text codes or text, dates not written YYYY-MM-DD, and literals
  // a categorical variable can never take in ==, != or in ("'q09' cannot take the value 7 (its
  // codes are 1, 2, 98)"). Throws ExpressionError at the first problem. Must succeed before
  // evaluate(); the symbols are copied, so `lookup` need not outlive the call.
  void bind(const SymbolLookup& lookup);

  // Evaluates for one row. Values of categorical variables are their codes: a number where the
  // code is numeric, else its text. Text, date and categorical values that are empty count as
  // blank, as does a NaN number. Does not allocate, and throws only if `row` does.
  Truth evaluate(const RowAccessor& row, EvaluationNotes* notes = nullptr) const;

  // A formula's value for one row, NaN when missing. Same guarantees as evaluate().
  double evaluate_number(const RowAccessor& row, EvaluationNotes* notes = nullptr) const;
  bool is_formula() const { return root_term_ != nullptr; }

  // Every variable the expression names, once per occurrence, in order of appearance (available
  // after parse()). After bind(), a question named in a function (`count(q12)`) is replaced by
  // its items, so the list holds exactly the variables evaluation reads.
  const std::vector<VariableReference>& references() const;

  const std::string& text() const;

  struct Node;
  struct Term;
  ~Expression();
  Expression(const Expression&) = delete;
  Expression& operator=(const Expression&) = delete;

 private:
  Expression();
  std::string explain_unknown(const SymbolLookup& lookup, std::size_t reference_idx) const;
  void expand_items(const SymbolLookup& lookup);
  std::string text_;
  std::unique_ptr<Node> root_;       // a condition
  std::unique_ptr<Term> root_term_;  // or a formula
  std::vector<VariableReference> references_;
  // How many references the parser made; bind() appends the items of named questions after them.
  std::size_t parsed_references_ = 0;
  // For each reference, the reference it is compared with (`region == north`), or npos: lets
  // bind() suggest quotes for a name that is no variable.
  std::vector<std::size_t> compared_with_;
  // Symbols captured by bind(), indexed the same way as references_.
  std::vector<SymbolInfo> bound_;
  // After bind(): the references evaluation reads (a named question's items, not the question).
  std::vector<VariableReference> read_references_;
};

}  // namespace ankieta::survey
