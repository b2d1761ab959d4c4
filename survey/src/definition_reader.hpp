// What every part of the definition loader shares: the list of problems (each at its line and
// column, reading on after one so that a single run lists them all) and the readers of scalars,
// numbers, identifiers and texts that report what they expected. The questionnaire loader
// (questionnaire_loader.cpp) and the reader of derived variables (derived_definitions.cpp) both
// build on it.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ankieta/survey/questionnaire.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"

namespace ankieta::survey::definition {

SourcePosition position_of(const YAML::Node& node, SourcePosition fallback = {});
std::string join(const std::vector<std::string>& words, std::string_view separator = ", ");

// The first code of a question's options and missing codes (in that order) that repeats an earlier
// one: `repeated` indexes that joint list, so an index of options.size() or more is a missing code.
struct RepeatedCode {
  const Code* code;
  SourcePosition position;
  SourcePosition first_position;
  std::size_t repeated;
};
std::optional<RepeatedCode> find_repeated_code(const Question& question);

class DefinitionReader {
 public:
  explicit DefinitionReader(const std::string& text) : source_(text) {}

  // Thrown by problem() once the list is full: a definition with a million problems is not worth
  // reading to the end, and collecting them all once ran out of memory.
  struct TooManyProblems {};
  static constexpr std::size_t kMaxProblemsListed = 100;

  void problem(SourcePosition position, std::string message);
  // Every key of `node` must be one of `allowed`.
  void check_keys(const YAML::Node& node, std::string_view what, std::initializer_list<std::string_view> allowed);
  std::string scalar(const YAML::Node& node, std::string_view what);
  std::optional<double> number(const YAML::Node& node, std::string_view what);
  bool boolean(const YAML::Node& node, std::string_view what);
  std::string identifier(const YAML::Node& node, std::string_view what);
  Text text(const YAML::Node& node, std::string_view what);
  // Where the text of an expression written in `node` starts: past the opening quote when it is
  // quoted, so that an expression's own columns can be added to it.
  SourcePosition expression_start(const YAML::Node& node);

  // The problems sorted by position, moved into `result`.
  DefinitionCheck finish(DefinitionCheck result);

 private:
  std::size_t line_offset(int line);

  const std::string& source_;
  std::vector<std::size_t> line_starts_;  // found once: scanning for every expression was quadratic
  std::vector<DefinitionProblem> problems_;
  std::size_t unlisted_problems_ = 0;
};

}  // namespace ankieta::survey::definition
