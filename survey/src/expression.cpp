// The filter language: a lexer and a recursive-descent parser build a small tree; bind() checks it
// against the questionnaire's variables and records how each variable's values are compared;
// evaluate() walks the tree once per row without allocating.
//
// The file is in four parts, in the order the data flows: tokens, parser, checker, evaluator.
#include "ankieta/survey/expression.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "ankieta/survey/text_util.hpp"

namespace ankieta::survey {

// One node of the parsed tree. Comparisons are normalised by the parser so that a variable is
// always on the left (`7 == q09` is stored as `q09 == 7`), and `x not in (...)` is stored as
// `not (x in (...))`, which is what it means under three-valued logic as well.
struct Expression::Node {
  enum class Kind { any_of, all_of, negation, comparison, membership, missing_test, value_comparison, any_true };
  enum class Comparator { equal, not_equal, less, less_equal, greater, greater_equal };
  // How a variable's values are compared, decided by bind() from its kind and codes.
  enum class Domain { number, text, date };

  struct Literal {
    std::string spelling;          // as written, quotes included: for messages
    std::string text;              // a string's contents
    std::optional<double> number;  // set for number literals
    int column = 0;
    // Set by bind(): the variable declares this value as a missing code, so an equality test
    // against it sees missing answers as they are instead of as unknown.
    bool is_missing_code = false;
  };

  struct VariableUse {
    std::size_t reference_idx = 0;  // into references_ and bound_
    Domain domain = Domain::number; // set by bind()
  };

  Kind kind = Kind::comparison;
  int column = 0;  // of the operator (or of `missing`, `not`)
  std::vector<std::unique_ptr<Node>> children;  // any_of, all_of, negation
  Comparator comparator = Comparator::equal;    // comparison, value_comparison
  bool written_mirrored = false;  // the text had the literal on the left: for messages
  VariableUse variable;                         // comparison, membership, missing_test
  std::optional<VariableUse> other_variable;    // comparison of two variables
  std::vector<Literal> literals;                // comparison: one; membership: the list
  // value_comparison: the two computed sides; any_true: the call whose arguments are tested.
  std::unique_ptr<Term> left_term;
  std::unique_ptr<Term> right_term;
};

// A number computed from the row: a literal, a variable used as a number (numeric answers, scale
// scores, 0/1 items), arithmetic, or a function of several values. Sums and products are chains
// (like `or` and `and`), so a long formula stays a shallow tree.
struct Expression::Term {
  enum class Kind { number, variable, items, negation, sum, product, call };
  enum class Function { count, sum, mean, min, max, coalesce, any };
  Kind kind = Kind::number;
  int column = 0;
  std::string_view spelling;  // the first token, for messages
  double number = 0;          // number
  std::size_t reference_idx = 0;  // variable (and items before bind() expands them)
  // items: a multiple-choice or grid question named as a function argument, expanded by bind()
  // into one reference per item.
  std::vector<std::size_t> item_references;
  Function function = Function::sum;  // call
  // sum: each operand added (false) or subtracted (true); product: multiplied (false) or divided (true).
  std::vector<bool> inverted;
  std::vector<std::unique_ptr<Term>> operands;  // negation: one; sum, product, call: several
};

namespace {

using Node = Expression::Node;
using Comparator = Node::Comparator;
using Domain = Node::Domain;

// ---------------------------------------------------------------------------------------------
// Tokens

enum class TokenKind {
  identifier,
  number,
  string,
  left_paren,
  right_paren,
  comma,
  comparator,
  plus,
  minus,
  star,
  slash,
  keyword_and,
  keyword_or,
  keyword_not,
  keyword_in,
  end,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string_view spelling;  // as written; strings include their quotes
  int column = 0;
  Comparator comparator = Comparator::equal;  // TokenKind::comparator
  std::string_view contents;                  // TokenKind::string: between the quotes
  double number = 0;                          // TokenKind::number
};

bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_identifier_part(char c) { return is_identifier_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool equals_ignoring_case(std::string_view word, std::string_view lowercase_keyword) {
  return word.size() == lowercase_keyword.size() &&
         std::equal(word.begin(), word.end(), lowercase_keyword.begin(), [](char a, char b) {
           return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
         });
}

// Columns count characters, not bytes, so that a message about `miasto == "Kraków" or` points
// at the right place in the user's editor. The lexer asks for columns in increasing order, so the
// counter carries on from the last offset it was asked about: counting from the start for every
// token made parsing quadratic in the length of the text (400 KB of ask_if took 3 s).
class ColumnCounter {
 public:
  explicit ColumnCounter(std::string_view text) : text_(text) {}

  int at(std::size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset < offset_) {  // only on the way to an error message; never in a loop
      offset_ = 0;
      column_ = 1;
    }
    for (; offset_ < offset; ++offset_) {
      if ((static_cast<unsigned char>(text_[offset_]) & 0xC0) != 0x80) ++column_;
    }
    return column_;
  }

 private:
  std::string_view text_;
  std::size_t offset_ = 0;
  int column_ = 1;
};

// A number is digits with an optional fraction: 12, 0.5 (a minus sign is an operator). Anything else
// that starts like one (1.2.3, 12abc, .5) is reported whole rather than as two odd tokens.
bool is_well_formed_number(std::string_view spelling) {
  std::size_t pos = 0;
  const std::size_t integer_start = pos;
  while (pos < spelling.size() && is_digit(spelling[pos])) ++pos;
  if (pos == integer_start) return false;
  if (pos < spelling.size() && spelling[pos] == '.') {
    const std::size_t fraction_start = ++pos;
    while (pos < spelling.size() && is_digit(spelling[pos])) ++pos;
    if (pos == fraction_start) return false;
  }
  return pos == spelling.size();
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text), columns_(text) {}

  std::vector<Token> tokenize() {
    std::vector<Token> tokens;
    for (;;) {
      while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
      if (pos_ == text_.size()) break;
      tokens.push_back(next_token());
    }
    Token end;
    end.kind = TokenKind::end;
    end.column = columns_.at(text_.size());
    tokens.push_back(end);
    return tokens;
  }

 private:
  [[noreturn]] void fail(std::size_t offset, const std::string& message) {
    throw ExpressionError(columns_.at(offset), message);
  }

  char peek_at(std::size_t offset) const { return offset < text_.size() ? text_[offset] : '\0'; }

  Token make(TokenKind kind, std::size_t start, std::size_t length) {
    Token token;
    token.kind = kind;
    token.spelling = text_.substr(start, length);
    token.column = columns_.at(start);
    pos_ = start + length;
    return token;
  }

  Token make_comparator(Comparator comparator, std::size_t start, std::size_t length) {
    Token token = make(TokenKind::comparator, start, length);
    token.comparator = comparator;
    return token;
  }

  Token next_token() {
    const std::size_t start = pos_;
    const char c = text_[start];
    const char following = peek_at(start + 1);
    if (is_identifier_start(c)) return identifier_or_keyword(start);
    if (is_digit(c) || c == '.') return number(start);
    switch (c) {
      case '+':
        return make(TokenKind::plus, start, 1);
      case '-':
        return make(TokenKind::minus, start, 1);
      case '*':
        return make(TokenKind::star, start, 1);
      case '/':
        return make(TokenKind::slash, start, 1);
      case '"':
      case '\'':
        return string(start);
      case '(':
        return make(TokenKind::left_paren, start, 1);
      case ')':
        return make(TokenKind::right_paren, start, 1);
      case ',':
        return make(TokenKind::comma, start, 1);
      case '=':
        if (following == '=') return make_comparator(Comparator::equal, start, 2);
        fail(start, "'=' is not an operator; use '=='");
      case '!':
        if (following == '=') return make_comparator(Comparator::not_equal, start, 2);
        fail(start, "'!' is not an operator; use '!=' or 'not'");
      case '<':
        if (following == '=') return make_comparator(Comparator::less_equal, start, 2);
        if (following == '>') fail(start, "'<>' is not an operator; use '!='");
        return make_comparator(Comparator::less, start, 1);
      case '>':
        if (following == '=') return make_comparator(Comparator::greater_equal, start, 2);
        return make_comparator(Comparator::greater, start, 1);
      case '&':
        fail(start, fmt::format("'{}' is not an operator; use 'and'", following == '&' ? "&&" : "&"));
      case '|':
        fail(start, fmt::format("'{}' is not an operator; use 'or'", following == '|' ? "||" : "|"));
      default:
        fail(start, fmt::format("unexpected character '{}'", character_at(start)));
    }
  }

  // The whole UTF-8 sequence starting at `offset`, so the message shows a readable character.
  std::string_view character_at(std::size_t offset) const {
    std::size_t end = offset + 1;
    while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
    return text_.substr(offset, end - offset);
  }

  Token identifier_or_keyword(std::size_t start) {
    std::size_t end = start;
    while (end < text_.size() && is_identifier_part(text_[end])) ++end;
    const std::string_view word = text_.substr(start, end - start);
    TokenKind kind = TokenKind::identifier;
    if (equals_ignoring_case(word, "and")) kind = TokenKind::keyword_and;
    if (equals_ignoring_case(word, "or")) kind = TokenKind::keyword_or;
    if (equals_ignoring_case(word, "not")) kind = TokenKind::keyword_not;
    if (equals_ignoring_case(word, "in")) kind = TokenKind::keyword_in;
    return make(kind, start, end - start);
  }

  Token number(std::size_t start) {
    std::size_t end = start;
    while (end < text_.size() && (is_identifier_part(text_[end]) || text_[end] == '.')) ++end;
    Token token = make(TokenKind::number, start, end - start);
    if (!is_well_formed_number(token.spelling)) {
      fail(start, fmt::format("invalid number {}", quote_for_message(token.spelling)));
    }
    std::from_chars(token.spelling.data(), token.spelling.data() + token.spelling.size(),
                    token.number);
    return token;
  }

  // No escapes: a string that must contain one kind of quote is written with the other kind.
  Token string(std::size_t start) {
    const std::size_t closing = text_.find(text_[start], start + 1);
    if (closing == std::string_view::npos) fail(start, "unterminated string");
    Token token = make(TokenKind::string, start, closing + 1 - start);
    token.contents = text_.substr(start + 1, closing - start - 1);
    return token;
  }

  std::string_view text_;
  ColumnCounter columns_;
  std::size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Parser
//
//   expression := and_expr ('or' and_expr)*
//   and_expr   := not_expr ('and' not_expr)*
//   not_expr   := 'not' not_expr | comparison
//   comparison := sum [comparator sum | ['not'] 'in' '(' literal (',' literal)* ')']
//   sum        := product (('+' | '-') product)*
//   product    := unary (('*' | '/') unary)*
//   unary      := '-' unary | primary
//   primary    := number | string | identifier | identifier '(' arguments ')' | '(' expression ')'
//
// Every level returns what it parsed, a condition or a value, and the level above checks that it
// got the kind it needs; one pass, no backtracking, whatever the nesting of parentheses. A value
// that is a bare variable or literal keeps that form, so that `q05 == 1` is still a comparison of
// codes (with the missing-code rules above) rather than of numbers.

Comparator mirrored(Comparator comparator) {
  switch (comparator) {
    case Comparator::less: return Comparator::greater;
    case Comparator::less_equal: return Comparator::greater_equal;
    case Comparator::greater: return Comparator::less;
    case Comparator::greater_equal: return Comparator::less_equal;
    default: return comparator;
  }
}

using Term = Expression::Term;
using Function = Term::Function;

// A bare variable or literal: one side of a comparison of codes.
struct Operand {
  std::optional<Node::VariableUse> variable;
  Node::Literal literal;
  std::string_view spelling;
  int column = 0;
};

// What one level of the grammar parsed: a condition, or a value (a bare operand, a computed term,
// or both views of one bare number or variable).
struct Parsed {
  std::unique_ptr<Node> condition;
  std::unique_ptr<Term> term;
  std::optional<Operand> plain;
  std::string_view spelling;  // the first token, for messages
  int column = 0;
};

struct FunctionName {
  std::string_view name;
  Function function;
};
constexpr FunctionName kFunctions[] = {
    {"any", Function::any},   {"coalesce", Function::coalesce}, {"count", Function::count}, {"max", Function::max},
    {"mean", Function::mean}, {"min", Function::min},           {"sum", Function::sum},
};
constexpr std::string_view kFunctionList = "any, coalesce, count, max, mean, min, missing, sum";

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::vector<VariableReference>& references,
         std::vector<std::size_t>& compared_with)
      : tokens_(std::move(tokens)), references_(references), compared_with_(compared_with) {}

  std::unique_ptr<Node> parse_condition_text() {
    Parsed root = parse_or();
    expect_end();
    return to_condition(std::move(root));
  }

  std::unique_ptr<Term> parse_formula_text() {
    Parsed root = parse_or();
    expect_end();
    return to_term(std::move(root));
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(token_idx_ + ahead, tokens_.size() - 1)];
  }
  const Token& take() {
    const Token& token = peek();
    if (token.kind != TokenKind::end) ++token_idx_;
    return token;
  }

  [[noreturn]] static void fail(int column, const std::string& message) {
    throw ExpressionError(column, message);
  }

  // "expected X, found 'Y'", or at the end "unexpected end of expression, expected X".
  [[noreturn]] void fail_expected(std::string_view what) const {
    const Token& token = peek();
    if (token.kind == TokenKind::end) {
      fail(token.column, fmt::format("unexpected end of expression, expected {}", what));
    }
    fail(token.column, fmt::format("expected {}, found {}", what, quote_for_message(token.spelling)));
  }

  void expect_end() const {
    if (peek().kind == TokenKind::end) return;
    if (peek().kind == TokenKind::right_paren) fail(peek().column, "')' without a matching '('");
    fail_expected("'and' or 'or'");
  }

  void expect_closing_paren(int opened_at) {
    if (peek().kind == TokenKind::right_paren) {
      take();
      return;
    }
    const std::string expected = fmt::format("expected ')' to close '(' opened at column {}", opened_at);
    if (peek().kind == TokenKind::end) fail(peek().column, expected);
    fail(peek().column, fmt::format("{}, found {}", expected, quote_for_message(peek().spelling)));
  }

  // Each '(', 'not', unary '-' and function call is one level of recursion here and in every walk
  // of the tree; a limit turns 10,000 nested parentheses from a stack overflow into a message.
  class NestingGuard {
   public:
    NestingGuard(Parser& parser, int column) : parser_(parser) {
      if (++parser_.nesting_ > Expression::max_nesting) {
        fail(column, fmt::format("expression nested too deeply: more than {} levels of parentheses, 'not', "
                                 "'-' and functions",
                                 Expression::max_nesting));
      }
    }
    ~NestingGuard() { --parser_.nesting_; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

   private:
    Parser& parser_;
  };

  // A value where a condition is needed: `a and b`, or `a` alone. The next token is what the
  // user wrote instead of a comparison.
  std::unique_ptr<Node> to_condition(Parsed parsed) const {
    if (parsed.condition) return std::move(parsed.condition);
    fail_expected(fmt::format("a comparison operator after {}", quote_for_message(parsed.spelling)));
  }

  static std::unique_ptr<Term> to_term(Parsed parsed) {
    if (parsed.term) return std::move(parsed.term);
    if (parsed.condition) fail(parsed.column, "expected a number, found a condition");
    fail(parsed.column, fmt::format("expected a number, found the string {}", quote_for_message(parsed.spelling)));
  }

  Parsed parse_or() { return parse_chain(TokenKind::keyword_or, Node::Kind::any_of); }
  Parsed parse_and() { return parse_chain(TokenKind::keyword_and, Node::Kind::all_of); }

  // A run of operands joined by one connective: `a or b or c` is one any_of node with three
  // children, which keeps the tree shallow for long filters.
  Parsed parse_chain(TokenKind connective, Node::Kind kind) {
    Parsed first = connective == TokenKind::keyword_or ? parse_and() : parse_not();
    if (peek().kind != connective) return first;
    Parsed chain;
    chain.spelling = first.spelling;
    chain.column = first.column;
    chain.condition = std::make_unique<Node>();
    chain.condition->kind = kind;
    chain.condition->column = peek().column;
    chain.condition->children.push_back(to_condition(std::move(first)));
    while (peek().kind == connective) {
      take();
      Parsed next = connective == TokenKind::keyword_or ? parse_and() : parse_not();
      chain.condition->children.push_back(to_condition(std::move(next)));
    }
    return chain;
  }

  Parsed parse_not() {
    if (peek().kind != TokenKind::keyword_not) return parse_comparison();
    const Token& not_token = take();
    const int column = not_token.column;
    const NestingGuard guard(*this, column);
    Parsed result;
    result.spelling = not_token.spelling;
    result.column = column;
    result.condition = negation_of(to_condition(parse_not()), column);
    return result;
  }

  static std::unique_ptr<Node> negation_of(std::unique_ptr<Node> operand, int column) {
    auto negation = std::make_unique<Node>();
    negation->kind = Node::Kind::negation;
    negation->column = column;
    negation->children.push_back(std::move(operand));
    return negation;
  }

  Parsed parse_comparison() {
    Parsed left = parse_sum();
    Parsed result;
    result.spelling = left.spelling;
    result.column = left.column;
    switch (peek().kind) {
      case TokenKind::comparator:
        if (left.condition) fail_expected("'and' or 'or'");
        result.condition = parse_comparison_of(std::move(left));
        return result;
      case TokenKind::keyword_in:
        result.condition = parse_membership(std::move(left));
        return result;
      case TokenKind::keyword_not: {
        if (left.condition) return left;  // `(a == 1) not ...`: reported by the level above
        const int column = take().column;
        if (peek().kind != TokenKind::keyword_in) fail_expected("'in' after 'not'");
        result.condition = negation_of(parse_membership(std::move(left)), column);
        return result;
      }
      default:
        return left;
    }
  }

  std::unique_ptr<Node> parse_comparison_of(Parsed left) {
    const Token& comparator = take();
    Parsed right = parse_sum();
    if (right.condition) fail(right.column, "expected a value, found a condition");
    if (left.plain && right.plain) return compare_operands(comparator, std::move(*left.plain), std::move(*right.plain));
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::value_comparison;
    node->column = comparator.column;
    node->comparator = comparator.comparator;
    node->left_term = to_term(std::move(left));
    node->right_term = to_term(std::move(right));
    return node;
  }

  std::unique_ptr<Node> compare_operands(const Token& comparator, Operand left, Operand right) {
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::comparison;
    node->column = comparator.column;
    node->comparator = comparator.comparator;
    if (!left.variable && !right.variable) {
      fail(left.column, "cannot compare two literals; one side must be a variable");
    }
    if (!left.variable) {
      std::swap(left, right);
      node->comparator = mirrored(node->comparator);
      node->written_mirrored = true;
    }
    node->variable = *left.variable;
    if (right.variable) {
      node->other_variable = *right.variable;
      compared_with_[left.variable->reference_idx] = right.variable->reference_idx;
      compared_with_[right.variable->reference_idx] = left.variable->reference_idx;
    } else {
      node->literals.push_back(std::move(right.literal));
    }
    return node;
  }

  std::unique_ptr<Node> parse_membership(Parsed left) {
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::membership;
    node->column = take().column;
    if (!left.plain || !left.plain->variable) {
      fail(left.column, fmt::format("expected a variable before 'in', found {}", quote_for_message(left.spelling)));
    }
    node->variable = *left.plain->variable;
    if (peek().kind != TokenKind::left_paren) fail_expected("'(' after 'in'");
    const int opened_at = take().column;
    for (;;) {
      if (peek().kind == TokenKind::identifier) {
        // A bare word in a list is a text value without its quotes far more often than a variable.
        fail(peek().column, fmt::format("expected a number or a string, found {0}; write text values in quotes: "
                                        "{1} in (\"{2}\", ...)",
                                        quote_for_message(peek().spelling), left.spelling, peek().spelling));
      }
      if (peek().kind == TokenKind::minus && peek(1).kind == TokenKind::number) {
        const Token& minus = take();
        node->literals.push_back(negative_literal(minus, take()));
      } else if (peek().kind == TokenKind::number || peek().kind == TokenKind::string) {
        node->literals.push_back(literal_from(take()));
      } else {
        fail_expected("a number or a string");
      }
      if (peek().kind == TokenKind::comma) {
        take();
        continue;
      }
      if (peek().kind == TokenKind::end || peek().kind == TokenKind::right_paren) break;
      fail_expected("',' or ')'");
    }
    expect_closing_paren(opened_at);
    return node;
  }

  // `a + b - c` is one sum node, `a * b / c` one product node.
  Parsed parse_sum() { return parse_arithmetic_chain(TokenKind::plus, TokenKind::minus, Term::Kind::sum); }
  Parsed parse_product() { return parse_arithmetic_chain(TokenKind::star, TokenKind::slash, Term::Kind::product); }

  Parsed parse_arithmetic_chain(TokenKind joins, TokenKind inverts, Term::Kind kind) {
    auto parse_operand = [&] { return kind == Term::Kind::sum ? parse_product() : parse_unary(); };
    Parsed first = parse_operand();
    if (peek().kind != joins && peek().kind != inverts) return first;
    Parsed chain;
    chain.spelling = first.spelling;
    chain.column = first.column;
    chain.term = std::make_unique<Term>();
    chain.term->kind = kind;
    chain.term->column = peek().column;
    chain.term->spelling = first.spelling;
    chain.term->operands.push_back(to_term(std::move(first)));
    chain.term->inverted.push_back(false);
    while (peek().kind == joins || peek().kind == inverts) {
      chain.term->inverted.push_back(take().kind == inverts);
      chain.term->operands.push_back(to_term(parse_operand()));
    }
    return chain;
  }

  Parsed parse_unary() {
    if (peek().kind != TokenKind::minus) return parse_primary();
    const Token& minus = take();
    // `-5` is a literal, so that `q05 == -1` is still a comparison of codes.
    if (peek().kind == TokenKind::number) {
      const Token& number = take();
      std::unique_ptr<Term> term = number_term(-number.number, minus);
      term->spelling = spanning(minus, number);
      return value_from(negative_literal(minus, number), std::move(term));
    }
    const NestingGuard guard(*this, minus.column);
    Parsed operand = parse_unary();
    if (operand.condition) fail(operand.column, "expected a number after '-', found a condition");
    auto negation = std::make_unique<Term>();
    negation->kind = Term::Kind::negation;
    negation->column = minus.column;
    negation->spelling = minus.spelling;
    negation->operands.push_back(to_term(std::move(operand)));
    Parsed result;
    result.spelling = minus.spelling;
    result.column = minus.column;
    result.term = std::move(negation);
    return result;
  }

  Parsed parse_primary() {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::left_paren: {
        const int opened_at = take().column;
        const NestingGuard guard(*this, opened_at);
        Parsed inner = parse_or();
        expect_closing_paren(opened_at);
        return inner;
      }
      case TokenKind::identifier:
        if (peek(1).kind == TokenKind::left_paren) return parse_call();
        return variable_value(take());
      case TokenKind::number: {
        const Token& number = take();
        return value_from(literal_from(number), number_term(number.number, number));
      }
      case TokenKind::string: {
        Parsed result;
        result.plain = Operand{std::nullopt, literal_from(token), token.spelling, token.column};
        result.spelling = token.spelling;
        result.column = token.column;
        take();
        return result;
      }
      default:
        fail_expected("a value");
    }
  }

  Parsed value_from(Node::Literal literal, std::unique_ptr<Term> term) {
    Parsed result;
    result.spelling = term->spelling;
    result.column = literal.column;
    const std::string_view spelling = term->spelling;
    result.plain = Operand{std::nullopt, std::move(literal), spelling, result.column};
    result.term = std::move(term);
    return result;
  }

  Parsed variable_value(const Token& identifier) {
    Parsed result;
    const Node::VariableUse use = add_reference(identifier);
    result.plain = Operand{use, {}, identifier.spelling, identifier.column};
    result.spelling = identifier.spelling;
    result.column = identifier.column;
    result.term = std::make_unique<Term>();
    result.term->kind = Term::Kind::variable;
    result.term->column = identifier.column;
    result.term->spelling = identifier.spelling;
    result.term->reference_idx = use.reference_idx;
    return result;
  }

  static std::unique_ptr<Term> number_term(double value, const Token& first) {
    auto term = std::make_unique<Term>();
    term->kind = Term::Kind::number;
    term->column = first.column;
    term->spelling = first.spelling;
    term->number = value;
    return term;
  }

  // The text from the first token to the end of the last (tokens are views into the same text).
  static std::string_view spanning(const Token& first, const Token& last) {
    return {first.spelling.data(),
            static_cast<std::size_t>(last.spelling.data() + last.spelling.size() - first.spelling.data())};
  }

  // `-5` as one literal.
  static Node::Literal negative_literal(const Token& minus, const Token& number) {
    Node::Literal literal;
    literal.spelling = std::string(spanning(minus, number));
    literal.text = literal.spelling;
    literal.number = -number.number;
    literal.column = minus.column;
    return literal;
  }

  Parsed parse_call() {
    const Token& name = take();
    const int opened_at = take().column;
    if (equals_ignoring_case(name.spelling, "missing")) return parse_missing_test(name, opened_at);
    const FunctionName* known = nullptr;
    for (const FunctionName& function : kFunctions)
      if (equals_ignoring_case(name.spelling, function.name)) known = &function;
    if (known == nullptr) {
      fail(name.column, fmt::format("unknown function {}; the functions are {}", quote_for_message(name.spelling),
                                    kFunctionList));
    }
    const NestingGuard guard(*this, name.column);
    auto call = std::make_unique<Term>();
    call->kind = Term::Kind::call;
    call->function = known->function;
    call->column = name.column;
    call->spelling = name.spelling;
    if (peek().kind == TokenKind::right_paren)
      fail(peek().column, fmt::format("{}() needs at least one argument", known->name));
    for (;;) {
      call->operands.push_back(to_term(parse_sum()));
      if (peek().kind == TokenKind::comma) {
        take();
        continue;
      }
      break;
    }
    expect_closing_paren(opened_at);
    Parsed result;
    result.spelling = name.spelling;
    result.column = name.column;
    if (known->function == Function::any) {
      result.condition = std::make_unique<Node>();
      result.condition->kind = Node::Kind::any_true;
      result.condition->column = name.column;
      result.condition->left_term = std::move(call);
    } else {
      result.term = std::move(call);
    }
    return result;
  }

  Parsed parse_missing_test(const Token& name, int opened_at) {
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::missing_test;
    node->column = name.column;
    if (peek().kind != TokenKind::identifier) fail_expected("a variable name in missing()");
    node->variable = add_reference(take());
    expect_closing_paren(opened_at);
    Parsed result;
    result.spelling = name.spelling;
    result.column = name.column;
    result.condition = std::move(node);
    return result;
  }

  Node::VariableUse add_reference(const Token& identifier) {
    references_.push_back(VariableReference{std::string(identifier.spelling), identifier.column});
    compared_with_.push_back(std::string::npos);
    return Node::VariableUse{references_.size() - 1, Domain::number};
  }

  static Node::Literal literal_from(const Token& token) {
    Node::Literal literal;
    literal.spelling = std::string(token.spelling);
    literal.column = token.column;
    if (token.kind == TokenKind::number) {
      literal.number = token.number;
      literal.text = literal.spelling;
    } else {
      literal.text = std::string(token.contents);
    }
    return literal;
  }

  std::vector<Token> tokens_;
  std::size_t token_idx_ = 0;
  int nesting_ = 0;
  std::vector<VariableReference>& references_;
  std::vector<std::size_t>& compared_with_;
};

// ---------------------------------------------------------------------------------------------
// Checker (bind)

bool is_ordering(Comparator comparator) {
  return comparator != Comparator::equal && comparator != Comparator::not_equal;
}

std::string_view spelling_of(Comparator comparator) {
  switch (comparator) {
    case Comparator::equal: return "==";
    case Comparator::not_equal: return "!=";
    case Comparator::less: return "<";
    case Comparator::less_equal: return "<=";
    case Comparator::greater: return ">";
    case Comparator::greater_equal: return ">=";
  }
  return "?";
}

bool has_numeric_codes(const SymbolInfo& symbol) {
  return std::all_of(symbol.code_numbers.begin(), symbol.code_numbers.end(),
                     [](const std::optional<double>& number) { return number.has_value(); }) &&
         symbol.code_numbers.size() == symbol.codes.size();
}

Domain domain_of(const SymbolInfo& symbol) {
  switch (symbol.kind) {
    case SymbolInfo::Kind::numeric: return Domain::number;
    case SymbolInfo::Kind::categorical:
      return has_numeric_codes(symbol) ? Domain::number : Domain::text;
    case SymbolInfo::Kind::text: return Domain::text;
    case SymbolInfo::Kind::date: return Domain::date;
  }
  return Domain::number;
}

// "categorical variable 'stype' (text codes)": what the user needs to see to understand a type error.
std::string describe(const SymbolInfo& symbol, std::string_view name) {
  switch (symbol.kind) {
    case SymbolInfo::Kind::numeric: return fmt::format("numeric variable '{}'", name);
    case SymbolInfo::Kind::categorical:
      return fmt::format("categorical variable '{}' ({} codes)", name,
                         has_numeric_codes(symbol) ? "numeric" : "text");
    case SymbolInfo::Kind::text: return fmt::format("text variable '{}'", name);
    case SymbolInfo::Kind::date: return fmt::format("date variable '{}'", name);
  }
  return std::string(name);
}

// Codes as the user wrote them: numbers bare, text in double quotes; long lists are cut short.
std::string list_codes(const SymbolInfo& symbol, Domain domain) {
  constexpr std::size_t shown_at_most = 12;
  std::string listed;
  for (std::size_t code_idx = 0; code_idx < symbol.codes.size(); ++code_idx) {
    if (code_idx > 0) listed += ", ";
    if (code_idx == shown_at_most) {
      listed += "...";
      break;
    }
    listed += domain == Domain::number ? symbol.codes[code_idx]
                                       : fmt::format("\"{}\"", symbol.codes[code_idx]);
  }
  return listed;
}

std::optional<std::size_t> find_code(const SymbolInfo& symbol, const Node::Literal& literal) {
  for (std::size_t code_idx = 0; code_idx < symbol.codes.size(); ++code_idx) {
    const bool matches = literal.number ? (code_idx < symbol.code_numbers.size() &&
                                           symbol.code_numbers[code_idx] == *literal.number)
                                        : symbol.codes[code_idx] == literal.text;
    if (matches) return code_idx;
  }
  return std::nullopt;
}

class Checker {
 public:
  Checker(const std::vector<VariableReference>& references, const std::vector<SymbolInfo>& symbols)
      : references_(references), symbols_(symbols) {}

  void check(Node& node) const {
    switch (node.kind) {
      case Node::Kind::any_of:
      case Node::Kind::all_of:
      case Node::Kind::negation:
        for (auto& child : node.children) check(*child);
        return;
      case Node::Kind::missing_test:
        resolve(node.variable);
        return;
      case Node::Kind::comparison:
        resolve(node.variable);
        if (node.other_variable) {
          resolve(*node.other_variable);
          check_two_variables(node);
        } else {
          check_literal(node, node.comparator, node.literals.front());
        }
        return;
      case Node::Kind::membership:
        resolve(node.variable);
        for (auto& literal : node.literals) {
          check_literal(node, Comparator::equal, literal);
        }
        return;
      case Node::Kind::value_comparison:
        check_term(*node.left_term);
        check_term(*node.right_term);
        return;
      case Node::Kind::any_true:
        check_term(*node.left_term);
        return;
    }
  }

  // Every variable a term reads must stand for a number: a numeric answer, a score, a 0/1 item.
  void check_term(const Term& term) const {
    switch (term.kind) {
      case Term::Kind::number: return;
      case Term::Kind::variable: check_number_variable(term.reference_idx); return;
      case Term::Kind::items:
        for (std::size_t reference_idx : term.item_references) check_number_variable(reference_idx);
        return;
      case Term::Kind::negation:
      case Term::Kind::sum:
      case Term::Kind::product:
      case Term::Kind::call:
        for (const auto& operand : term.operands) check_term(*operand);
        return;
    }
  }

  void check_number_variable(std::size_t reference_idx) const {
    const SymbolInfo& symbol = symbols_[reference_idx];
    const VariableReference& reference = references_[reference_idx];
    if (symbol.kind == SymbolInfo::Kind::numeric) return;
    if (symbol.kind == SymbolInfo::Kind::categorical && !symbol.code_values.empty()) return;
    if (symbol.kind == SymbolInfo::Kind::categorical) {
      throw ExpressionError(reference.column,
                            fmt::format("cannot compute with {}: its codes are labels, not amounts; compare it "
                                        "with == or in, or recode it into a derived variable with scores",
                                        describe(symbol, reference.name)));
    }
    throw ExpressionError(reference.column, fmt::format("cannot compute with {}; only numbers, scale scores and "
                                                        "0/1 items can be",
                                                        describe(symbol, reference.name)));
  }

 private:
  const SymbolInfo& symbol_of(const Node::VariableUse& use) const { return symbols_[use.reference_idx]; }
  const std::string& name_of(const Node::VariableUse& use) const {
    return references_[use.reference_idx].name;
  }
  std::string describe_use(const Node::VariableUse& use) const {
    return describe(symbol_of(use), name_of(use));
  }

  void resolve(Node::VariableUse& use) const { use.domain = domain_of(symbol_of(use)); }

  // Names the operator as the user wrote it, before the parser put the variable on the left.
  [[noreturn]] void fail_ordering(const Node& node) const {
    const Comparator written = node.written_mirrored ? mirrored(node.comparator) : node.comparator;
    throw ExpressionError(node.column, fmt::format("cannot use '{}' on {}; only ==, != and in apply",
                                                   spelling_of(written), describe_use(node.variable)));
  }

  void check_two_variables(const Node& node) const {
    const Node::VariableUse& left = node.variable;
    const Node::VariableUse& right = *node.other_variable;
    if (left.domain != right.domain) {
      throw ExpressionError(node.column, fmt::format("cannot compare {} with {}", describe_use(left),
                                                     describe_use(right)));
    }
    if (left.domain == Domain::text && is_ordering(node.comparator)) {
      fail_ordering(node);
    }
  }

  // `comparator` is the node's, or == for each literal of an `in` list.
  void check_literal(const Node& node, Comparator comparator, Node::Literal& literal) const {
    const Node::VariableUse& use = node.variable;
    const SymbolInfo& symbol = symbol_of(use);
    if (use.domain == Domain::number && !literal.number) {
      throw ExpressionError(literal.column,
                            fmt::format("cannot compare {} with a string", describe_use(use)));
    }
    if (use.domain != Domain::number && literal.number) {
      throw ExpressionError(literal.column,
                            fmt::format("cannot compare {} with a number", describe_use(use)));
    }
    if (use.domain == Domain::text && is_ordering(comparator)) fail_ordering(node);
    if (use.domain == Domain::date && !is_iso_date(literal.text)) {
      throw ExpressionError(literal.column,
                            fmt::format("{} is not a date in the form YYYY-MM-DD", literal.spelling));
    }
    if (symbol.kind == SymbolInfo::Kind::categorical) {
      check_code(use, comparator, literal);
    } else if (symbol.kind == SymbolInfo::Kind::numeric) {
      literal.is_missing_code = std::find(symbol.numeric_missing_codes.begin(),
                                          symbol.numeric_missing_codes.end(),
                                          *literal.number) != symbol.numeric_missing_codes.end();
    }
  }

  // An equality test against a value the variable can never take is always false (or unknown):
  // almost certainly a typo or an outdated code, so it is refused. Ordering (`q05 >= 3`) needs
  // only a position on the scale, not an existing code.
  void check_code(const Node::VariableUse& use, Comparator comparator, Node::Literal& literal) const {
    const SymbolInfo& symbol = symbol_of(use);
    const std::optional<std::size_t> code_idx = find_code(symbol, literal);
    if (!code_idx && !is_ordering(comparator)) {
      throw ExpressionError(literal.column,
                            fmt::format("'{}' cannot take the value {} (its codes are {})",
                                        name_of(use), literal.spelling, list_codes(symbol, use.domain)));
    }
    literal.is_missing_code = code_idx && *code_idx >= symbol.first_missing_code;
  }

  const std::vector<VariableReference>& references_;
  const std::vector<SymbolInfo>& symbols_;
};

// ---------------------------------------------------------------------------------------------
// Evaluator

// One variable's value in one row, in the variable's comparison domain.
struct Reading {
  enum class State {
    blank,
    missing_code,  // a declared missing code: unknown in comparisons, true for missing()
    valid,
    unusable,      // a value of the wrong type from the row accessor: unknown, not missing
  };
  State state = State::blank;
  double number = 0;
  std::string_view text;
};

bool is_numeric_missing_code(const SymbolInfo& symbol, double value) {
  if (symbol.kind == SymbolInfo::Kind::numeric) {
    return std::find(symbol.numeric_missing_codes.begin(), symbol.numeric_missing_codes.end(),
                     value) != symbol.numeric_missing_codes.end();
  }
  for (std::size_t code_idx = symbol.first_missing_code; code_idx < symbol.code_numbers.size();
       ++code_idx) {
    if (symbol.code_numbers[code_idx] == value) return true;
  }
  return false;
}

bool is_text_missing_code(const SymbolInfo& symbol, std::string_view value) {
  if (symbol.kind != SymbolInfo::Kind::categorical) return false;
  for (std::size_t code_idx = symbol.first_missing_code; code_idx < symbol.codes.size(); ++code_idx) {
    if (symbol.codes[code_idx] == value) return true;
  }
  return false;
}

Reading read_number(const SymbolInfo& symbol, const CellValue& cell) {
  Reading reading;
  if (const double* number = std::get_if<double>(&cell)) {
    reading.number = *number;
  } else {
    // Only a misbehaving row accessor sends text for a numeric variable; parse it if we can.
    const std::string_view text = std::get<std::string_view>(cell);
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), reading.number);
    if (error != std::errc() || end != text.data() + text.size()) {
      reading.state = Reading::State::unusable;
      return reading;
    }
  }
  if (std::isnan(reading.number)) return reading;  // blank
  reading.state = is_numeric_missing_code(symbol, reading.number) ? Reading::State::missing_code
                                                                  : Reading::State::valid;
  return reading;
}

// A categorical variable with some numeric codes ("1", "2", "DK") gets those as numbers from the
// row accessor; they are compared through the code's text.
std::optional<std::string_view> code_text_of(const SymbolInfo& symbol, double number) {
  for (std::size_t code_idx = 0; code_idx < symbol.code_numbers.size(); ++code_idx) {
    if (symbol.code_numbers[code_idx] == number) return symbol.codes[code_idx];
  }
  return std::nullopt;
}

Reading read_text(const SymbolInfo& symbol, const CellValue& cell) {
  Reading reading;
  if (const std::string_view* text = std::get_if<std::string_view>(&cell)) {
    reading.text = *text;
  } else {
    const std::optional<std::string_view> code_text = code_text_of(symbol, std::get<double>(cell));
    if (!code_text) {
      reading.state = Reading::State::unusable;
      return reading;
    }
    reading.text = *code_text;
  }
  if (reading.text.empty()) return reading;  // blank
  reading.state = is_text_missing_code(symbol, reading.text) ? Reading::State::missing_code
                                                             : Reading::State::valid;
  return reading;
}

Reading read(const std::vector<SymbolInfo>& symbols, const Node::VariableUse& use,
             const RowAccessor& row) {
  const SymbolInfo& symbol = symbols[use.reference_idx];
  const CellValue cell = row(symbol.slot);
  if (std::holds_alternative<std::monostate>(cell)) return Reading{};
  return use.domain == Domain::number ? read_number(symbol, cell) : read_text(symbol, cell);
}

template <typename Value>
bool holds(const Value& left, Comparator comparator, const Value& right) {
  switch (comparator) {
    case Comparator::equal: return left == right;
    case Comparator::not_equal: return left != right;
    case Comparator::less: return left < right;
    case Comparator::less_equal: return left <= right;
    case Comparator::greater: return left > right;
    case Comparator::greater_equal: return left >= right;
  }
  return false;
}

Truth truth_of(bool value) { return value ? Truth::true_ : Truth::false_; }

// Dates are ISO text, so comparing them as text orders them in time.
bool holds(const Reading& reading, Domain domain, Comparator comparator, const Node::Literal& literal) {
  return domain == Domain::number ? holds(reading.number, comparator, *literal.number)
                                  : holds(reading.text, comparator, std::string_view(literal.text));
}

// A missing code is unknown in a comparison, except in an equality test against a literal that
// is itself a declared missing code: `q05 == 99` asks about the code, not about the answer.
bool is_comparable(const Reading& reading, Comparator comparator, const Node::Literal& literal) {
  if (reading.state == Reading::State::valid) return true;
  return reading.state == Reading::State::missing_code && !is_ordering(comparator) &&
         literal.is_missing_code;
}

// A variable's value as a number in arithmetic, NaN when blank, a missing code or unusable.
double number_of(const SymbolInfo& symbol, const CellValue& cell) {
  if (std::holds_alternative<std::monostate>(cell)) return std::numeric_limits<double>::quiet_NaN();
  if (symbol.kind == SymbolInfo::Kind::numeric) {
    const Reading reading = read_number(symbol, cell);
    return reading.state == Reading::State::valid ? reading.number : std::numeric_limits<double>::quiet_NaN();
  }
  // categorical: the number its code stands for (check_term() made sure there is one)
  for (std::size_t code_idx = 0; code_idx < symbol.first_missing_code && code_idx < symbol.code_values.size();
       ++code_idx) {
    const bool matches = std::holds_alternative<double>(cell)
                             ? symbol.code_numbers[code_idx] == std::get<double>(cell)
                             : symbol.codes[code_idx] == std::get<std::string_view>(cell);
    if (matches) return symbol.code_values[code_idx];
  }
  return std::numeric_limits<double>::quiet_NaN();
}

class Evaluator {
 public:
  Evaluator(const std::vector<SymbolInfo>& symbols, const RowAccessor& row, EvaluationNotes* notes)
      : symbols_(symbols), row_(row), notes_(notes) {}

  // NaN stands for missing throughout.
  double value(const Term& term) const {
    switch (term.kind) {
      case Term::Kind::number: return term.number;
      case Term::Kind::variable: return variable_value(term.reference_idx);
      case Term::Kind::items: return std::numeric_limits<double>::quiet_NaN();  // only inside a call
      case Term::Kind::negation: return -value(*term.operands.front());
      case Term::Kind::sum: return sum(term);
      case Term::Kind::product: return product(term);
      case Term::Kind::call: return call(term);
    }
    return std::numeric_limits<double>::quiet_NaN();
  }

  Truth evaluate(const Node& node) const {
    switch (node.kind) {
      case Node::Kind::any_of: return any_of(node);
      case Node::Kind::all_of: return all_of(node);
      case Node::Kind::negation: return negation(evaluate(*node.children.front()));
      case Node::Kind::comparison:
        return node.other_variable ? compare_variables(node) : compare_literal(node);
      case Node::Kind::membership: return membership(node);
      case Node::Kind::missing_test: return missing_test(node);
      case Node::Kind::value_comparison: return compare_values(node);
      case Node::Kind::any_true: return any_true(*node.left_term);
    }
    return Truth::unknown;
  }

 private:
  double variable_value(std::size_t reference_idx) const {
    const SymbolInfo& symbol = symbols_[reference_idx];
    return number_of(symbol, row_(symbol.slot));
  }

  double sum(const Term& term) const {
    double total = 0;
    for (std::size_t idx = 0; idx < term.operands.size(); ++idx) {
      const double operand = value(*term.operands[idx]);
      total += term.inverted[idx] ? -operand : operand;
    }
    return total;
  }

  double product(const Term& term) const {
    double result = value(*term.operands.front());
    for (std::size_t idx = 1; idx < term.operands.size(); ++idx) {
      const double operand = value(*term.operands[idx]);
      if (!term.inverted[idx]) {
        result *= operand;
      } else if (operand == 0 && !std::isnan(result)) {
        // x / 0 is missing, not infinite: an amount per employee of a firm with no employees is
        // not known. Counted, so that the command can say how many rows it made missing.
        if (notes_ != nullptr) ++notes_->divisions_by_zero;
        return std::numeric_limits<double>::quiet_NaN();
      } else {
        result /= operand;
      }
    }
    return result;
  }

  // Calls every argument value (the items of a named question one by one) in order.
  template <typename Visit>
  void for_each_argument(const Term& call, Visit&& visit) const {
    for (const auto& operand : call.operands) {
      if (operand->kind == Term::Kind::items) {
        for (std::size_t reference_idx : operand->item_references) visit(variable_value(reference_idx));
      } else {
        visit(value(*operand));
      }
    }
  }

  double call(const Term& term) const {
    constexpr double missing = std::numeric_limits<double>::quiet_NaN();
    std::size_t valid = 0;
    double result = missing;
    switch (term.function) {
      case Function::coalesce:
        for_each_argument(term, [&](double x) {
          if (std::isnan(result) && !std::isnan(x)) result = x;
        });
        return result;
      case Function::count:
        result = 0;
        for_each_argument(term, [&](double x) {
          if (std::isnan(x)) return;
          ++valid;
          if (x != 0) ++result;
        });
        return valid == 0 ? missing : result;
      case Function::sum:
      case Function::mean:
        result = 0;
        for_each_argument(term, [&](double x) {
          if (std::isnan(x)) return;
          ++valid;
          result += x;
        });
        if (valid == 0) return missing;
        return term.function == Function::mean ? result / static_cast<double>(valid) : result;
      case Function::min:
      case Function::max:
        for_each_argument(term, [&](double x) {
          if (std::isnan(x)) return;
          if (std::isnan(result) || (term.function == Function::min ? x < result : x > result)) result = x;
        });
        return result;
      case Function::any: return missing;  // a condition: any_true()
    }
    return missing;
  }

  Truth any_true(const Term& call) const {
    bool unknown = false, found = false;
    for_each_argument(call, [&](double x) {
      if (std::isnan(x)) {
        unknown = true;
      } else if (x != 0) {
        found = true;
      }
    });
    if (found) return Truth::true_;
    return unknown ? Truth::unknown : Truth::false_;
  }

  Truth compare_values(const Node& node) const {
    const double left = value(*node.left_term);
    const double right = value(*node.right_term);
    if (std::isnan(left) || std::isnan(right)) return Truth::unknown;
    return truth_of(holds(left, node.comparator, right));
  }

  static Truth negation(Truth value) {
    switch (value) {
      case Truth::true_: return Truth::false_;
      case Truth::false_: return Truth::true_;
      case Truth::unknown: return Truth::unknown;
    }
    return Truth::unknown;
  }

  // Kleene: true wins an `or`, false wins an `and`; otherwise any unknown makes the result unknown.
  Truth any_of(const Node& node) const {
    Truth result = Truth::false_;
    for (const auto& child : node.children) {
      const Truth value = evaluate(*child);
      if (value == Truth::true_) return Truth::true_;
      if (value == Truth::unknown) result = Truth::unknown;
    }
    return result;
  }

  Truth all_of(const Node& node) const {
    Truth result = Truth::true_;
    for (const auto& child : node.children) {
      const Truth value = evaluate(*child);
      if (value == Truth::false_) return Truth::false_;
      if (value == Truth::unknown) result = Truth::unknown;
    }
    return result;
  }

  Truth compare_literal(const Node& node) const {
    const Reading reading = read(symbols_, node.variable, row_);
    const Node::Literal& literal = node.literals.front();
    if (!is_comparable(reading, node.comparator, literal)) return Truth::unknown;
    return truth_of(holds(reading, node.variable.domain, node.comparator, literal));
  }

  // Two answers compare only when both are real answers; there is no literal to make a missing
  // code meaningful.
  Truth compare_variables(const Node& node) const {
    const Reading left = read(symbols_, node.variable, row_);
    const Reading right = read(symbols_, *node.other_variable, row_);
    if (left.state != Reading::State::valid || right.state != Reading::State::valid) {
      return Truth::unknown;
    }
    if (node.variable.domain == Domain::number) {
      return truth_of(holds(left.number, node.comparator, right.number));
    }
    return truth_of(holds(left.text, node.comparator, right.text));
  }

  // `x in (a, b)` means `x == a or x == b`, so a missing code is unknown against each literal
  // that is not itself a missing code.
  Truth membership(const Node& node) const {
    const Reading reading = read(symbols_, node.variable, row_);
    if (reading.state == Reading::State::blank || reading.state == Reading::State::unusable) {
      return Truth::unknown;
    }
    Truth result = Truth::false_;
    for (const Node::Literal& literal : node.literals) {
      if (!is_comparable(reading, Comparator::equal, literal)) {
        result = Truth::unknown;
      } else if (holds(reading, node.variable.domain, Comparator::equal, literal)) {
        return Truth::true_;
      }
    }
    return result;
  }

  Truth missing_test(const Node& node) const {
    const Reading reading = read(symbols_, node.variable, row_);
    return truth_of(reading.state == Reading::State::blank ||
                    reading.state == Reading::State::missing_code);
  }

  const std::vector<SymbolInfo>& symbols_;
  const RowAccessor& row_;
  EvaluationNotes* notes_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Expression

Expression::Expression() = default;
Expression::~Expression() = default;

namespace {

// Whether the text names any variable: an expression without one has the same value for every row,
// which is a mistake (`1 < 2`), not a filter.
void require_a_variable(const std::vector<VariableReference>& references) {
  if (references.empty()) throw ExpressionError(1, "the expression names no variable");
}

// Calls `visit` on every term of the tree under a condition.
template <typename Visit>
void for_each_term(Expression::Term& term, Visit&& visit) {
  visit(term);
  for (auto& operand : term.operands) for_each_term(*operand, visit);
}

template <typename Visit>
void for_each_term(Expression::Node& node, Visit&& visit) {
  for (auto& child : node.children) for_each_term(*child, visit);
  if (node.left_term) for_each_term(*node.left_term, visit);
  if (node.right_term) for_each_term(*node.right_term, visit);
}

}  // namespace

std::shared_ptr<Expression> Expression::parse(std::string_view text) {
  // The constructor is private, so make_shared cannot reach it.
  std::shared_ptr<Expression> expression(new Expression());
  expression->text_ = std::string(text);
  Parser parser(Lexer(expression->text_).tokenize(), expression->references_, expression->compared_with_);
  expression->root_ = parser.parse_condition_text();
  require_a_variable(expression->references_);
  expression->parsed_references_ = expression->references_.size();
  return expression;
}

std::shared_ptr<Expression> Expression::parse_formula(std::string_view text) {
  std::shared_ptr<Expression> expression(new Expression());
  expression->text_ = std::string(text);
  Parser parser(Lexer(expression->text_).tokenize(), expression->references_, expression->compared_with_);
  expression->root_term_ = parser.parse_formula_text();
  require_a_variable(expression->references_);
  expression->parsed_references_ = expression->references_.size();
  return expression;
}

void Expression::bind(const SymbolLookup& lookup) {
  // Built aside and swapped in at the end, so a failed bind leaves the expression unbound.
  bound_.clear();
  expand_items(lookup);
  // The references that name a question expanded into its items: evaluation never reads them.
  std::vector<bool> expanded(references_.size(), false);
  auto mark = [&](Term& term) {
    if (term.kind == Term::Kind::items) expanded[term.reference_idx] = true;
  };
  if (root_) for_each_term(*root_, mark);
  if (root_term_) for_each_term(*root_term_, mark);
  std::vector<SymbolInfo> symbols;
  std::vector<VariableReference> read_references;
  symbols.reserve(references_.size());
  for (std::size_t reference_idx = 0; reference_idx < references_.size(); ++reference_idx) {
    const VariableReference& reference = references_[reference_idx];
    if (expanded[reference_idx]) {
      symbols.emplace_back();  // keeps the indices aligned
      continue;
    }
    const SymbolInfo* symbol = lookup(reference.name);
    if (symbol == nullptr) {
      throw ExpressionError(reference.column, explain_unknown(lookup, reference_idx));
    }
    symbols.push_back(*symbol);
    read_references.push_back(reference);
  }
  const Checker checker(references_, symbols);
  if (root_) checker.check(*root_);
  if (root_term_) checker.check_term(*root_term_);
  bound_ = std::move(symbols);
  read_references_ = std::move(read_references);
}

// A function argument that names a multiple-choice or grid question (`count(q12)`) stands for its
// items: the reference to the question becomes one reference per item. Undone first, so that a
// second bind() (with another lookup) starts from what the parser made.
void Expression::expand_items(const SymbolLookup& lookup) {
  references_.resize(parsed_references_);
  compared_with_.resize(parsed_references_);
  auto undo = [](Term& term) {
    if (term.kind != Term::Kind::items) return;
    term.kind = Term::Kind::variable;
    term.item_references.clear();
  };
  if (root_) for_each_term(*root_, undo);
  if (root_term_) for_each_term(*root_term_, undo);
  auto expand = [&](Term& term) {
    if (term.kind != Term::Kind::call) return;
    for (auto& operand : term.operands) {
      if (operand->kind != Term::Kind::variable) continue;
      const VariableReference reference = references_[operand->reference_idx];
      if (lookup(reference.name) != nullptr || !lookup.items_of) continue;
      const std::vector<std::string> items = lookup.items_of(reference.name);
      if (items.empty()) continue;
      operand->kind = Term::Kind::items;
      for (const auto& item : items) {
        operand->item_references.push_back(references_.size());
        references_.push_back(VariableReference{item, reference.column});
        compared_with_.push_back(std::string::npos);
      }
    }
  };
  if (root_) for_each_term(*root_, expand);
  if (root_term_) for_each_term(*root_term_, expand);
}

// "unknown variable 'north'", with what the lookup knows about the name (a multi question's items)
// or, when the name is compared with a variable holding text, the quotes it probably lacks.
std::string Expression::explain_unknown(const SymbolLookup& lookup, std::size_t reference_idx) const {
  const std::string& name = references_[reference_idx].name;
  if (lookup.explain_unknown) {
    std::string explanation = lookup.explain_unknown(name);
    if (!explanation.empty()) return explanation;
  }
  const std::size_t partner_idx = compared_with_[reference_idx];
  if (partner_idx != std::string::npos) {
    const std::string& partner = references_[partner_idx].name;
    const SymbolInfo* partner_symbol = lookup(partner);
    if (partner_symbol != nullptr && domain_of(*partner_symbol) != Domain::number) {
      return fmt::format("unknown variable '{0}'; if '{0}' is a value of '{1}', write it in quotes: {1} == \"{0}\"",
                         name, partner);
    }
  }
  return fmt::format("unknown variable {}", quote_for_message(name));
}

Truth Expression::evaluate(const RowAccessor& row, EvaluationNotes* notes) const {
  // Every expression names at least one variable, so an empty bound_ means bind() was not called.
  assert(!bound_.empty() && root_ && "Expression::bind() must succeed before evaluate(), on a condition");
  if (bound_.empty() || !root_) return Truth::unknown;
  return Evaluator(bound_, row, notes).evaluate(*root_);
}

double Expression::evaluate_number(const RowAccessor& row, EvaluationNotes* notes) const {
  assert(!bound_.empty() && root_term_ && "Expression::bind() must succeed before evaluate_number(), on a formula");
  if (bound_.empty() || !root_term_) return std::numeric_limits<double>::quiet_NaN();
  return Evaluator(bound_, row, notes).value(*root_term_);
}

const std::vector<VariableReference>& Expression::references() const {
  return bound_.empty() ? references_ : read_references_;
}

const std::string& Expression::text() const { return text_; }

}  // namespace ankieta::survey
