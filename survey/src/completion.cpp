#include "ankieta/survey/completion.hpp"

#include <cmath>

namespace ankieta::survey {

std::vector<QuestionCompletion> question_completion(const Store& store, std::optional<std::int64_t> wave) {
  const Questionnaire& q = store.questionnaire();
  std::vector<std::string> names;
  for (const auto& variable : q.stored_variables()) names.push_back(variable.name);
  ColumnSet set = store.load_columns(names, wave);

  std::vector<QuestionCompletion> result(q.stored_question_count());
  std::size_t variable_idx = 0;
  for (std::size_t question_idx = 0; question_idx < q.stored_question_count(); ++question_idx) {
    const Question& question = q.questions[question_idx];
    QuestionCompletion& completion = result[question_idx];
    completion.question_index = question_idx;
    std::size_t first = variable_idx;
    while (variable_idx < q.stored_variable_count() && q.variables[variable_idx].question_index == question_idx) ++variable_idx;
    std::vector<Truth> asked;
    if (question.ask_if_expression) asked = evaluate_rows(*question.ask_if_expression, q, set);
    for (std::size_t row = 0; row < set.rows; ++row) {
      bool any_answer = false, any_missing = false;
      for (std::size_t idx = first; idx < variable_idx; ++idx) {
        const Column& column = set.columns[idx];
        const Variable& variable = *column.variable;
        if (variable.kind == VariableKind::numeric) {
          double value = column.numbers[row];
          if (std::isnan(value)) continue;
          bool is_code = false;
          for (const auto& code : question.missing) is_code |= code.code.number && *code.code.number == value;
          (is_code ? any_missing : any_answer) = true;
        } else {
          std::int32_t code = column.codes[row];
          if (code < 0) continue;
          bool is_code = variable.kind == VariableKind::categorical && static_cast<std::size_t>(code) >= variable.first_missing_value;
          (is_code ? any_missing : any_answer) = true;
        }
      }
      if (any_answer) ++completion.answered;
      else if (any_missing) ++completion.missing_code;
      else if (!question.asked_in_wave(set.waves[row])) ++completion.not_in_wave;
      else if (!asked.empty() && asked[row] != Truth::true_) ++completion.not_asked;  // a follow-up is asked only when its filter holds
      else ++completion.blank;
    }
  }
  return result;
}

}  // namespace ankieta::survey
