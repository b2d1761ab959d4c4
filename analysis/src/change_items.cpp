// What a change compares, per row of each wave: the value whose mean is taken (a numeric answer,
// a scale's score, a category's or option's 0/1 indicator), NaN outside the base - the rule of the
// single-wave tables (missing codes, blanks, not asked by ask_if, outside --where), so that each
// wave's estimate is the number its own table shows.
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "ankieta/analysis/change.hpp"
#include "ankieta/analysis/tables.hpp"
#include "ankieta/survey/error.hpp"

namespace ankieta::analysis {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

bool in(const std::vector<std::uint8_t>& mask, std::size_t row) { return mask.empty() || mask[row] != 0; }

// The rows of the domain where the question of `name` was asked.
std::vector<std::uint8_t> base_of(const AnalysisData& data, const std::string& name) {
  std::vector<std::uint8_t> base = data.asked(name);
  const std::vector<std::uint8_t>& where = data.domain();
  for (std::size_t row = 0; row < base.size(); ++row) base[row] = base[row] && in(where, row);
  return base;
}

std::vector<const survey::Variable*> option_variables(const survey::Questionnaire& q, const survey::Question& question) {
  std::vector<const survey::Variable*> out;
  for (const survey::Variable& variable : q.variables)
    if (q.questions[variable.question_index].id == question.id) out.push_back(&variable);
  return out;
}

}  // namespace

std::vector<ChangeItem> change_items(const std::vector<const ChangeWave*>& waves, const std::string& name, bool scale_categories) {
  const survey::Questionnaire& q = waves.front()->data->questionnaire();
  std::vector<ChangeItem> items;
  const survey::Variable* variable = q.find_variable(name);
  const survey::Question* multi = nullptr;
  int only_option = -1;
  if (variable && q.questions[variable->question_index].type == survey::QuestionType::multi) {
    // One option of a multiple-response question: its share of those who answered the question.
    multi = &q.questions[variable->question_index];
    only_option = variable->part;
  } else if (!variable) {
    const survey::Question* question = q.find_question(name);
    if (question && question->type == survey::QuestionType::multi) multi = question;
    else if (question && question->type == survey::QuestionType::grid)
      throw usage_error(fmt::format("'{}' is a grid question; give its items (e.g. {}_{})", name, name, question->items.front().item_id));
    else
      throw usage_error(fmt::format("unknown variable '{}'; 'ankieta info' lists the questions", name));
  }

  if (multi) {
    const std::vector<const survey::Variable*> options = option_variables(q, *multi);
    for (const survey::Variable* option : options) {
      if (only_option >= 0 && option->part != only_option) continue;
      ChangeItem item;
      item.statistic = "prop";
      item.value_idx = option->part;
      item.variable = option;
      items.push_back(std::move(item));
    }
    for (const ChangeWave* wave : waves) {
      const AnalysisData& data = *wave->data;
      // The base: respondents in the domain, asked, with at least one option answered (ticked or not).
      std::vector<std::uint8_t> base = base_of(data, options.front()->name);
      std::vector<std::uint8_t> answered(data.rows(), 0);
      for (const survey::Variable* option : options) {
        const survey::Column& column = data.column(option->name);
        for (std::size_t row = 0; row < data.rows(); ++row)
          if (column.codes[row] >= 0 && static_cast<std::size_t>(column.codes[row]) < option->first_missing_value) answered[row] = 1;
      }
      for (ChangeItem& item : items) {
        const survey::Column& column = data.column(item.variable->name);
        std::vector<double> values(data.rows(), kNan);
        for (std::size_t row = 0; row < data.rows(); ++row)
          if (base[row] && answered[row]) values[row] = column.codes[row] == 1 ? 1.0 : 0.0;  // value 1 is "mentioned"
        item.values.push_back(std::move(values));
      }
    }
    return items;
  }

  if (has_scores(q, *variable) && !(scale_categories && variable->kind == survey::VariableKind::categorical)) {
    ChangeItem item;
    item.statistic = "mean";
    item.variable = variable;
    for (const ChangeWave* wave : waves) {
      const AnalysisData& data = *wave->data;
      std::vector<double> values = mean_values(q, data.column(name));
      const std::vector<std::uint8_t> base = base_of(data, name);
      for (std::size_t row = 0; row < values.size(); ++row)
        if (!base[row]) values[row] = kNan;
      item.values.push_back(std::move(values));
    }
    items.push_back(std::move(item));
    return items;
  }
  if (variable->kind != survey::VariableKind::categorical)
    throw usage_error(fmt::format("'{}' is a {} question; change takes numeric, scale, single-choice and multiple-response "
                                  "questions", name, survey::to_string(q.questions[variable->question_index].type)));
  const auto categories = static_cast<int>(variable->first_missing_value);
  for (int value = 0; value < categories; ++value) {
    ChangeItem item;
    item.statistic = "prop";
    item.value_idx = value;
    item.variable = variable;
    items.push_back(std::move(item));
  }
  for (const ChangeWave* wave : waves) {
    const AnalysisData& data = *wave->data;
    const survey::Column& column = data.column(name);
    const std::vector<std::uint8_t> base = base_of(data, name);
    for (ChangeItem& item : items) {
      std::vector<double> values(data.rows(), kNan);
      for (std::size_t row = 0; row < data.rows(); ++row) {
        const std::int32_t code = column.codes[row];
        if (base[row] && code >= 0 && code < categories) values[row] = code == item.value_idx ? 1.0 : 0.0;
      }
      item.values.push_back(std::move(values));
    }
  }
  return items;
}

const survey::Option* option_of(const ChangeRow& row, const survey::Questionnaire& questionnaire) {
  if (row.value_idx < 0 || !row.variable) return nullptr;
  const survey::Question& question = questionnaire.questions[row.variable->question_index];
  const auto idx = static_cast<std::size_t>(row.value_idx);
  return question.type == survey::QuestionType::multi ? &question.options[idx] : &row.variable->values[idx];
}

}  // namespace ankieta::analysis
