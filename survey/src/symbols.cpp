#include "ankieta/survey/symbols.hpp"

namespace ankieta::survey {

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
  return lookup;
}

}  // namespace ankieta::survey
