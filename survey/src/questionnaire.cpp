#include "ankieta/survey/questionnaire.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ankieta/survey/text_util.hpp"

namespace ankieta::survey {

const std::string& Text::in(Language lang) const {
  const std::string& wanted = lang == Language::pl ? pl : en;
  if (!wanted.empty()) return wanted;
  return lang == Language::pl ? en : pl;
}

std::string_view to_string(QuestionType type) {
  switch (type) {
    case QuestionType::numeric: return "numeric";
    case QuestionType::single: return "single";
    case QuestionType::multi: return "multi";
    case QuestionType::scale: return "scale";
    case QuestionType::grid: return "grid";
    case QuestionType::text: return "text";
    case QuestionType::date: return "date";
  }
  return "?";
}

StorageType storage_for_codes(const std::vector<Option>& values) {
  bool all_numeric = true, all_integer = true;
  for (const auto& value : values) {
    if (!value.code.number) all_numeric = all_integer = false;
    else if (*value.code.number != std::floor(*value.code.number) || std::fabs(*value.code.number) > 9e15)
      all_integer = false;
  }
  if (all_integer) return StorageType::integer;
  return all_numeric ? StorageType::real : StorageType::text;
}

Code make_code(std::string text) {
  Code code;
  code.number = parse_number(text);
  code.text = std::move(text);
  return code;
}

bool Code::operator==(const Code& other) const {
  if (number && other.number) return *number == *other.number;
  return text == other.text;
}

bool Code::matches(std::string_view field) const {
  if (field == text) return true;
  if (!number) return false;
  auto parsed = parse_number(field);
  return parsed && *parsed == *number;
}

const MissingCode* Question::find_missing(std::string_view field) const {
  for (const auto& code : missing)
    if (code.code.matches(field)) return &code;
  return nullptr;
}

const Option* Question::find_option(std::string_view field) const {
  for (const auto& option : options)
    if (option.code.matches(field)) return &option;
  return nullptr;
}

const Question* Questionnaire::find_question(std::string_view wanted) const {
  for (const auto& question : questions)
    if (question.id == wanted) return &question;
  return nullptr;
}

const Variable* Questionnaire::find_variable(std::string_view name) const {
  int index = variable_index(name);
  return index < 0 ? nullptr : &variables[static_cast<std::size_t>(index)];
}

int Questionnaire::variable_index(std::string_view name) const {
  for (std::size_t i = 0; i < variables.size(); ++i)
    if (variables[i].name == name) return static_cast<int>(i);
  return -1;
}

namespace {

bool equal_without_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t char_idx = 0; char_idx < a.size(); ++char_idx) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[char_idx]) != lower(b[char_idx])) return false;
  }
  return true;
}

}  // namespace

std::string Questionnaire::explain_unknown_variable(std::string_view name) const {
  for (std::size_t question_idx = 0; question_idx < questions.size(); ++question_idx) {
    const Question& question = questions[question_idx];
    if (question.id != name || (question.type != QuestionType::multi && question.type != QuestionType::grid)) continue;
    std::vector<std::string_view> items;
    for (const Variable& variable : variables)
      if (variable.question_index == question_idx) items.push_back(variable.name);
    std::string listed;
    if (items.size() > 3) {
      listed = fmt::format("{} ... {}", items.front(), items.back());
    } else {
      for (std::string_view item : items) listed += (listed.empty() ? "" : ", ") + std::string(item);
    }
    return fmt::format("'{0}' is a {1} question; use its items {2}, or a function of them all such as count({0})",
                       name, question.type == QuestionType::multi ? "multiple-choice" : "grid", listed);
  }
  if (name == respondent_id)
    return fmt::format("'{}' is the respondent id, not a question; it cannot be used here", name);
  for (const Variable& variable : variables)
    if (equal_without_case(variable.name, name))
      return fmt::format("unknown variable '{}'; did you mean '{}'? (names are case-sensitive here)", name, variable.name);
  return {};
}

std::string Question::waves_description() const {
  if (waves.empty()) return "every wave";
  if (waves.size() == 1) return fmt::format("wave {}{}", waves.front(), waves_onward ? " and later" : "");
  return fmt::format("waves {}{}", fmt::join(waves, ", "), waves_onward ? " and later" : "");
}

std::string Questionnaire::wave_column_name() const {
  if (!wave_column.empty()) return wave_column;
  for (const auto& variable : variables)
    if (lowercase_ascii(variable.name) == "wave" || lowercase_ascii(variable.column) == "wave") return "survey_wave";
  return "wave";
}

}  // namespace ankieta::survey
