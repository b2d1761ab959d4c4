#include "ankieta/survey/questionnaire.hpp"

#include <charconv>
#include <cmath>

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

}  // namespace ankieta::survey
