#include "form_exports.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::survey {
namespace {

bool has_column(const std::vector<std::string_view>& header, std::string_view name) {
  return std::any_of(header.begin(), header.end(), [&](std::string_view column) { return equals_ignore_case(trim(column), name); });
}

// LimeSurvey's fixed columns (createFieldMap in common_helper.php), and the timing columns.
constexpr std::array<std::string_view, 10> kLimeSurveyColumns = {"id",        "submitdate", "lastpage", "startlanguage", "seed",
                                                                 "token",     "startdate",  "datestamp", "ipaddr",       "refurl"};

// XLSForm's metadata question types, which Kobo and ODK export as columns of their own name.
constexpr std::array<std::string_view, 10> kXlsFormMetadata = {"start",      "end",         "today",    "deviceid", "subscriberid",
                                                               "simserial",  "phonenumber", "username", "email",    "audit"};

}  // namespace

ResponseSource detect_response_source(const std::vector<std::string_view>& header) {
  if (has_column(header, "submitdate") && has_column(header, "lastpage") && has_column(header, "startlanguage"))
    return ResponseSource::limesurvey;
  // The same export with "Full question text" headings (refused by check_limesurvey_header).
  if (has_column(header, "Response ID") && (has_column(header, "Date submitted") || has_column(header, "Last page")))
    return ResponseSource::limesurvey;
  if (has_column(header, "_uuid") && has_column(header, "_submission_time")) return ResponseSource::kobo;
  return ResponseSource::plain;
}

bool is_tool_column(ResponseSource source, std::string_view name, const std::vector<std::string_view>& header) {
  name = trim(name);
  switch (source) {
    case ResponseSource::plain: return false;
    case ResponseSource::limesurvey:
      for (std::string_view fixed : kLimeSurveyColumns)
        if (equals_ignore_case(name, fixed)) return true;
      // Timings: "interviewtime", "groupTime12", "Q01Time".
      return equals_ignore_case(name, "interviewtime") || (name.size() > 4 && equals_ignore_case(name.substr(name.size() - 4), "time"));
    case ResponseSource::kobo: {
      if (!name.empty() && name.front() == '_') return true;  // _id, _uuid, _submission_time, _status, ..., __version__
      for (std::string_view metadata : kXlsFormMetadata)
        if (equals_ignore_case(name, metadata)) return true;
      const std::string prefix = std::string(name) + "/";
      return std::any_of(header.begin(), header.end(),
                         [&](std::string_view column) { return trim(column).substr(0, prefix.size()) == prefix; });
    }
    case ResponseSource::automatic: return false;
  }
  return false;
}

void check_limesurvey_header(const std::string& path, const std::vector<std::string_view>& header) {
  // With "Full question text" headings the fixed columns read "Response ID", "Date submitted".
  if (has_column(header, "submitdate")) return;
  if (has_column(header, "Response ID") || has_column(header, "Date submitted") || has_column(header, "Last page"))
    throw data_error(fmt::format("{}:1: a LimeSurvey export with question texts as headings; export again with Headings: "
                                 "\"Question code\" and Responses: \"Answer codes\"",
                                 path));
}

void recode_limesurvey_multi(const Questionnaire& questionnaire, const std::vector<int>& variable_fields,
                             std::vector<std::string_view>& fields) {
  static constexpr std::string_view kTicked = "1", kNotTicked = "0";
  std::size_t first = 0;
  while (first < questionnaire.stored_variable_count()) {
    const std::size_t question_index = questionnaire.variables[first].question_index;
    std::size_t end = first;
    while (end < questionnaire.stored_variable_count() && questionnaire.variables[end].question_index == question_index) ++end;
    const Question& question = questionnaire.questions[question_index];
    if (question.type == QuestionType::multi && question.multi_input == MultiInput::columns) {
      bool any_ticked = false;
      for (std::size_t idx = first; idx < end; ++idx)
        if (variable_fields[idx] >= 0 && trim(fields[static_cast<std::size_t>(variable_fields[idx])]) == "Y") any_ticked = true;
      if (any_ticked)
        for (std::size_t idx = first; idx < end; ++idx) {
          if (variable_fields[idx] < 0) continue;
          std::string_view& field = fields[static_cast<std::size_t>(variable_fields[idx])];
          const std::string_view value = trim(field);
          if (value == "Y") field = kTicked;
          else if (value.empty() || value == "N") field = kNotTicked;
        }
    }
    first = end;
  }
}

}  // namespace ankieta::survey
