// The bridge between the questionnaire and the expression language: which names an expression may
// use and what values they take. Slots are variable indexes of the questionnaire.
#pragma once

#include "ankieta/survey/expression.hpp"
#include "ankieta/survey/questionnaire.hpp"

namespace ankieta::survey {

// Symbol information for every variable; the lookup refers to `symbols`, which must outlive it.
std::vector<SymbolInfo> make_symbols(const Questionnaire& questionnaire);
SymbolLookup make_symbol_lookup(const Questionnaire& questionnaire, const std::vector<SymbolInfo>& symbols);

}  // namespace ankieta::survey
