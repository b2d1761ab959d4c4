#include "derived_values.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <limits>

namespace ankieta::survey {
namespace {

const Column& input(const ColumnSet& set, const Questionnaire& questionnaire, const std::string& name) {
  const Variable* variable = questionnaire.find_variable(name);
  for (const Column& column : set.columns)
    if (column.variable == variable) return column;
  throw std::logic_error("compute_derived: input '" + name + "' was not loaded");
}

void recode(const Derivation& derivation, const Column& source, Column& out) {
  out.codes.resize(source.codes.size());
  for (std::size_t row = 0; row < source.codes.size(); ++row) {
    const std::int32_t code = source.codes[row];
    out.codes[row] = code < 0 ? -1 : derivation.value_map[static_cast<std::size_t>(code)];
  }
}

// The band of `value`: [b_i, b_i+1) by default, (b_i, b_i+1] when closed on the right; values
// outside every band are blank, and the source's missing codes stay missing codes.
void bands(const Derivation& derivation, const Question& source_question, const Variable& derived, const Column& source,
           Column& out) {
  const std::vector<double>& breaks = derivation.breaks;
  const std::size_t band_count = breaks.size() - 1;
  out.codes.resize(source.numbers.size());
  for (std::size_t row = 0; row < source.numbers.size(); ++row) {
    const double value = source.numbers[row];
    std::int32_t code = -1;
    if (!std::isnan(value)) {
      for (std::size_t missing_idx = 0; missing_idx < source_question.missing.size(); ++missing_idx) {
        if (source_question.missing[missing_idx].code.number == value) {
          code = static_cast<std::int32_t>(derived.first_missing_value + missing_idx);
          break;
        }
      }
      if (code < 0) {
        // First bound above the value (or at or above it when closed on the right).
        const auto upper = derivation.closed_right ? std::lower_bound(breaks.begin(), breaks.end(), value)
                                                   : std::upper_bound(breaks.begin(), breaks.end(), value);
        const auto band = upper - breaks.begin() - 1;
        if (band >= 0 && static_cast<std::size_t>(band) < band_count) code = static_cast<std::int32_t>(band);
      }
    }
    out.codes[row] = code;
  }
}

// Conditions are tried in order: the first true one gives its value; one that cannot be decided
// (a blank answer in it) makes the row blank, since a later one might not apply; when none
// holds, the else value, or blank.
void conditions(const Derivation& derivation, const Questionnaire& questionnaire, const ColumnSet& set, Column& out) {
  ColumnRows rows(questionnaire, set);
  const std::int32_t otherwise = derivation.otherwise ? static_cast<std::int32_t>(*derivation.otherwise) : -1;
  EvaluationNotes notes;
  out.codes.assign(set.rows, otherwise);
  for (std::size_t row = 0; row < set.rows; ++row) {
    const RowAccessor& accessor = rows.at(row);
    for (const auto& condition : derivation.conditions) {
      const Truth truth = condition.expression->evaluate(accessor, &notes);
      if (truth == Truth::false_) continue;
      out.codes[row] = truth == Truth::true_ ? static_cast<std::int32_t>(condition.value) : -1;
      break;
    }
  }
  out.divisions_by_zero = notes.divisions_by_zero;
}

void formula(const Derivation& derivation, const Questionnaire& questionnaire, const ColumnSet& set, Column& out) {
  ColumnRows rows(questionnaire, set);
  EvaluationNotes notes;
  out.numbers.resize(set.rows);
  for (std::size_t row = 0; row < set.rows; ++row) out.numbers[row] = derivation.formula->evaluate_number(rows.at(row), &notes);
  out.divisions_by_zero = notes.divisions_by_zero;
}

}  // namespace

Column compute_derived(const Questionnaire& questionnaire, const Variable& variable, const ColumnSet& set) {
  const Question& question = questionnaire.questions[variable.question_index];
  const Derivation& derivation = *question.derivation;
  Column out;
  out.variable = &variable;
  switch (derivation.kind) {
    case Derivation::Kind::recode:
      recode(derivation, input(set, questionnaire, derivation.source), out);
      break;
    case Derivation::Kind::bands: {
      const Column& source = input(set, questionnaire, derivation.source);
      bands(derivation, questionnaire.questions[source.variable->question_index], variable, source, out);
      break;
    }
    case Derivation::Kind::conditions: conditions(derivation, questionnaire, set, out); break;
    case Derivation::Kind::formula: formula(derivation, questionnaire, set, out); break;
  }
  return out;
}

}  // namespace ankieta::survey
