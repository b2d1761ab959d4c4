#include "ankieta/survey/symbols.hpp"

#include <limits>

namespace ankieta::survey {
namespace {

// What a categorical variable's codes stand for in arithmetic, or nothing when they are labels.
// A scale or grid answer is its score; a multiple-choice item, or any variable whose only codes
// are 0 and 1, counts as 0 or 1. Missing codes stand for nothing (NaN).
std::vector<double> code_values(const Question& question, const Variable& variable) {
  constexpr double missing = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> values(variable.values.size(), missing);
  const bool scored = question.type == QuestionType::scale || question.type == QuestionType::grid;
  bool indicator = variable.first_missing_value > 0;
  for (std::size_t idx = 0; idx < variable.first_missing_value; ++idx) {
    const Option& option = variable.values[idx];
    indicator = indicator && option.code.number && (*option.code.number == 0 || *option.code.number == 1);
    if (scored) values[idx] = option.score ? *option.score : option.code.number.value_or(missing);
    else if (option.code.number) values[idx] = *option.code.number;
  }
  if (!scored && !indicator) return {};
  return values;
}

}  // namespace

std::vector<SymbolInfo> make_symbols(const Questionnaire& questionnaire) {
  std::vector<SymbolInfo> symbols;
  symbols.reserve(questionnaire.variables.size());
  for (std::size_t variable_idx = 0; variable_idx < questionnaire.variables.size(); ++variable_idx) {
    const Variable& variable = questionnaire.variables[variable_idx];
    const Question& question = questionnaire.questions[variable.question_index];
    SymbolInfo symbol;
    symbol.slot = static_cast<int>(variable_idx);
    switch (variable.kind) {
      case VariableKind::numeric:
        symbol.kind = SymbolInfo::Kind::numeric;
        for (const auto& code : question.missing)
          if (code.code.number) symbol.numeric_missing_codes.push_back(*code.code.number);
        break;
      case VariableKind::categorical:
        symbol.kind = SymbolInfo::Kind::categorical;
        for (const auto& value : variable.values) {
          symbol.codes.push_back(value.code.text);
          symbol.code_numbers.push_back(value.code.number);
        }
        symbol.first_missing_code = variable.first_missing_value;
        symbol.code_values = code_values(question, variable);
        break;
      case VariableKind::text: symbol.kind = SymbolInfo::Kind::text; break;
      case VariableKind::date: symbol.kind = SymbolInfo::Kind::date; break;
    }
    symbols.push_back(std::move(symbol));
  }
  return symbols;
}

SymbolLookup make_symbol_lookup(const Questionnaire& questionnaire, const std::vector<SymbolInfo>& symbols) {
  SymbolLookup lookup = [&questionnaire, &symbols](std::string_view name) -> const SymbolInfo* {
    int index = questionnaire.variable_index(name);
    return index < 0 ? nullptr : &symbols[static_cast<std::size_t>(index)];
  };
  lookup.explain_unknown = [&questionnaire](std::string_view name) {
    return questionnaire.explain_unknown_variable(name);
  };
  lookup.items_of = [&questionnaire](std::string_view name) {
    std::vector<std::string> items;
    const Question* question = questionnaire.find_question(name);
    if (question == nullptr || (question->type != QuestionType::multi && question->type != QuestionType::grid))
      return items;
    const auto question_index = static_cast<std::size_t>(question - questionnaire.questions.data());
    for (const Variable& variable : questionnaire.variables)
      if (variable.question_index == question_index) items.push_back(variable.name);
    return items;
  };
  return lookup;
}

}  // namespace ankieta::survey
