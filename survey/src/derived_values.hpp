// Computing derived variables (`derived:` in the definition) from loaded columns. They are never
// stored: Store::load_columns calls this for every derived variable a command asks for, after
// loading its inputs, so a new or changed derivation applies to the data at once.
#pragma once

#include "ankieta/survey/store.hpp"

namespace ankieta::survey {

// The column of derived `variable` for every row of `set`, which must hold every variable its
// derivation reads (Derivation::inputs).
Column compute_derived(const Questionnaire& questionnaire, const Variable& variable, const ColumnSet& set);

}  // namespace ankieta::survey
