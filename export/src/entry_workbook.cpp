#include "ankieta/export/entry_workbook.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"

namespace ankieta::exports {
namespace {

using survey::Language;
using survey::Question;
using survey::QuestionType;
using survey::Variable;

// Excel's limits for a validation's input and error texts.
constexpr std::size_t kTitleChars = 32, kMessageChars = 255;

// Cuts UTF-8 text to at most `limit` bytes without splitting a character.
std::string cut(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

std::string column_name(lxw_col_t col) {
  std::string letters;
  for (unsigned rest = static_cast<unsigned>(col) + 1; rest > 0; rest = (rest - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (rest - 1) % 26));
  return letters;
}

// The fixed texts of the two sheets, in the workbook's language.
struct Words {
  const char *data_sheet, *codebook_sheet, *lists_sheet, *column, *variable, *question, *type, *codes, *missing, *filter,
      *range, *whole, *any_number, *a_date, *zero_one, *expected, *or_missing, *separated;
};
const Words& words(Language language) {
  static const Words pl = {"Dane",     "Kodeks",        "Listy",          "kolumna", "zmienna",         "pytanie",
                           "typ",      "kody i etykiety", "braki danych", "filtr (zadawane gdy)", "zakres",
                           "liczba całkowita", "liczba",    "data (RRRR-MM-DD)", "1 = zaznaczone, 0 = nie", "oczekiwano",
                           "albo kod braku danych", "kody oddzielone znakiem"};
  static const Words en = {"Data",     "Codebook",      "Lists",          "column",  "variable",        "question",
                           "type",     "codes and labels", "missing codes", "filter (asked when)", "range",
                           "whole number", "number",    "date (YYYY-MM-DD)", "1 = ticked, 0 = not", "expected",
                           "or a missing code", "codes separated by"};
  return language == Language::en ? en : pl;
}

class EntryWorkbook {
 public:
  EntryWorkbook(const survey::Questionnaire& questionnaire, const std::string& path, const EntryWorkbookOptions& options)
      : q_(questionnaire), options_(options), words_(words(options.language)), file_(path, "the data-entry workbook") {
    lxw_workbook_options workbook_options = {};
    workbook_ = workbook_new_opt(file_.hand_over_to_writer().c_str(), &workbook_options);
    if (!workbook_) throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot create the workbook", path));
    bold_ = workbook_add_format(workbook_);
    format_set_bold(bold_);
    format_set_bg_color(bold_, 0xDDEBF7);
    format_set_border(bold_, LXW_BORDER_THIN);
    date_ = workbook_add_format(workbook_);
    format_set_num_format(date_, "yyyy-mm-dd");
    text_ = workbook_add_format(workbook_);
    format_set_num_format(text_, "@");  // typed as text: an id "007" keeps its zeros
    wrap_ = workbook_add_format(workbook_);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
    data_ = workbook_add_worksheet(workbook_, words_.data_sheet);
    codebook_ = workbook_add_worksheet(workbook_, words_.codebook_sheet);
    lists_ = workbook_add_worksheet(workbook_, words_.lists_sheet);
    worksheet_hide(lists_);
  }

  ~EntryWorkbook() {
    if (workbook_) workbook_close(workbook_);  // after a failure: the temporary file is removed by file_
  }

  void write() {
    lxw_col_t col = 0;
    add_text_column(col++, q_.respondent_id, q_.respondent_id, /*as_text=*/true);
    if (!q_.wave_column.empty()) add_wave_column(col++);
    std::set<std::string> written;
    for (std::size_t variable_idx = 0; variable_idx < q_.stored_variable_count(); ++variable_idx) {
      const Variable& variable = q_.variables[variable_idx];
      if (!written.insert(variable.column).second) continue;  // a delimited multi: one column for its items
      add_variable_column(col++, variable);
      add_codebook_row(variable);
    }
    worksheet_freeze_panes(data_, 1, 1);
    write_codebook_header();
    lxw_error error = workbook_close(workbook_);
    workbook_ = nullptr;
    if (error != LXW_NO_ERROR)
      throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot write the workbook: {}", file_.path(), lxw_strerror(error)));
    file_.finish();
  }

 private:
  lxw_row_t last_row() const { return static_cast<lxw_row_t>(options_.rows); }

  std::string label(const survey::Text& text) const { return text.in(options_.language); }

  void header(lxw_col_t col, const std::string& name, double width) {
    worksheet_write_string(data_, 0, col, name.c_str(), bold_);
    worksheet_set_column(data_, col, col, width, nullptr);
  }

  void validate(lxw_col_t col, lxw_data_validation& validation, const std::string& title, const std::string& message,
                const std::string& error) {
    const std::string input_title = cut(title, kTitleChars), input_message = cut(message, kMessageChars),
                      error_message = cut(error, kMessageChars);
    validation.input_title = const_cast<char*>(input_title.c_str());
    validation.input_message = const_cast<char*>(input_message.c_str());
    validation.error_title = const_cast<char*>(input_title.c_str());
    validation.error_message = const_cast<char*>(error_message.c_str());
    validation.ignore_blank = LXW_VALIDATION_ON;
    lxw_error result = worksheet_data_validation_range(data_, 1, col, last_row(), col, &validation);
    if (result != LXW_NO_ERROR)
      throw Error(ErrorKind::internal, fmt::format("{}: the validation of column {} cannot be written: {}", file_.path(), title,
                                                   lxw_strerror(result)));
  }

  void add_text_column(lxw_col_t col, const std::string& name, const std::string&, bool as_text) {
    header(col, name, 14);
    if (as_text) worksheet_set_column(data_, col, col, 14, text_);
  }

  void add_wave_column(lxw_col_t col) {
    header(col, q_.wave_column, 8);
    lxw_data_validation validation = {};
    validation.validate = LXW_VALIDATION_TYPE_INTEGER;
    validation.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
    validation.value_number = 1;
    validate(col, validation, q_.wave_column, q_.wave_column, fmt::format("{}: {} ≥ 1", words_.expected, words_.whole));
  }

  // The codes a categorical column takes, on the hidden list sheet; the validation refers to them.
  std::string list_range(const Variable& variable) {
    const lxw_col_t list_col = next_list_col_++;
    lxw_row_t row = 0;
    for (const auto& value : variable.values) {
      if (value.code.number) worksheet_write_number(lists_, row++, list_col, *value.code.number, nullptr);
      else worksheet_write_string(lists_, row++, list_col, value.code.text.c_str(), nullptr);
    }
    return range_of(list_col, row);
  }

  std::string list_range_of(std::initializer_list<double> numbers) {
    const lxw_col_t list_col = next_list_col_++;
    lxw_row_t row = 0;
    for (double number : numbers) worksheet_write_number(lists_, row++, list_col, number, nullptr);
    return range_of(list_col, row);
  }

  std::string range_of(lxw_col_t list_col, lxw_row_t rows) const {
    const std::string letters = column_name(list_col);
    return fmt::format("='{}'!${}$1:${}${}", words_.lists_sheet, letters, letters, std::max<lxw_row_t>(rows, 1));
  }

  std::string codes_text(const Variable& variable, bool missing) const {
    std::vector<std::string> parts;
    for (std::size_t idx = 0; idx < variable.values.size(); ++idx) {
      if ((idx >= variable.first_missing_value) != missing) continue;
      const auto& value = variable.values[idx];
      parts.push_back(fmt::format("{} = {}", value.code.text, label(value.label)));
    }
    return fmt::format("{}", fmt::join(parts, "; "));
  }

  void add_variable_column(lxw_col_t col, const Variable& variable) {
    const Question& question = q_.questions[variable.question_index];
    const std::string text = label(variable.label).empty() ? label(question.text) : label(variable.label);
    lxw_data_validation validation = {};
    std::string formula, error;
    if (question.type == QuestionType::multi && question.multi_input == survey::MultiInput::delimited) {
      // One text column for all the options ("1|3"): Excel cannot check a list of codes in a cell.
      header(col, variable.column, 16);
      worksheet_set_column(data_, col, col, 16, text_);
      std::vector<std::string> codes;
      for (const auto& option : question.options) codes.push_back(fmt::format("{} = {}", option.code.text, label(option.label)));
      for (const auto& missing : question.missing) codes.push_back(fmt::format("{} = {}", missing.code.text, label(missing.label)));
      validation.validate = LXW_VALIDATION_TYPE_ANY;
      validate(col, validation, variable.column,
               fmt::format("{} ({} '{}': {})", label(question.text).empty() ? question.id : label(question.text), words_.separated, question.separator, fmt::join(codes, "; ")), "");
      return;
    }
    switch (variable.kind) {
      case survey::VariableKind::categorical: {
        header(col, variable.column, std::max<double>(8, static_cast<double>(variable.column.size()) + 2));
        if (question.type == QuestionType::multi && question.multi_input == survey::MultiInput::columns &&
            variable.first_missing_value == variable.values.size()) {
          // A range on the list sheet, not an inline list: libxlsxwriter 1.1 leaks an inline list's copies.
          if (zero_one_range_.empty()) zero_one_range_ = list_range_of({0.0, 1.0});
          formula = zero_one_range_;
          validation.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
          validation.value_formula = formula.data();
          validate(col, validation, variable.column, fmt::format("{} ({})", text, words_.zero_one),
                   fmt::format("{}: {}", words_.expected, words_.zero_one));
          return;
        }
        formula = list_range(variable);
        validation.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        validation.value_formula = formula.data();
        const std::string codes = codes_text(variable, false), missing = codes_text(variable, true);
        validate(col, validation, variable.column, missing.empty() ? fmt::format("{}: {}", text, codes)
                                                                   : fmt::format("{}: {}; {}", text, codes, missing),
                 fmt::format("{}: {}", words_.expected, missing.empty() ? codes : codes + "; " + missing));
        return;
      }
      case survey::VariableKind::numeric: {
        header(col, variable.column, std::max<double>(10, static_cast<double>(variable.column.size()) + 2));
        add_number_validation(col, variable, question, text);
        return;
      }
      case survey::VariableKind::date: {
        header(col, variable.column, 12);
        worksheet_set_column(data_, col, col, 12, date_);
        validation.validate = LXW_VALIDATION_TYPE_DATE;
        validation.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        validation.minimum_datetime = {1900, 1, 1, 0, 0, 0};
        validation.maximum_datetime = {2100, 12, 31, 0, 0, 0};
        validate(col, validation, variable.column, fmt::format("{} ({})", text, words_.a_date),
                 fmt::format("{}: {}", words_.expected, words_.a_date));
        return;
      }
      case survey::VariableKind::text: {
        header(col, variable.column, 24);
        worksheet_set_column(data_, col, col, 24, text_);
        return;
      }
    }
  }

  // A number within the question's range; its missing codes are accepted too, so the rule is a
  // formula on the column's first cell, which Excel shifts down the column.
  void add_number_validation(lxw_col_t col, const Variable& variable, const Question& question, const std::string& text) {
    const std::string cell = fmt::format("{}2", column_name(col));
    std::vector<std::string> conditions = {fmt::format("ISNUMBER({})", cell)};
    if (question.min) conditions.push_back(fmt::format("{}>={}", cell, *question.min));
    if (question.max) conditions.push_back(fmt::format("{}<={}", cell, *question.max));
    if (question.integer) conditions.push_back(fmt::format("INT({0})={0}", cell));
    std::vector<std::string> alternatives = {fmt::format("AND({})", fmt::join(conditions, ","))};
    std::vector<std::string> missing_codes;
    for (const auto& missing : question.missing) {
      if (!missing.code.number) continue;
      alternatives.push_back(fmt::format("{}={}", cell, missing.code.text));
      missing_codes.push_back(fmt::format("{} = {}", missing.code.text, label(missing.label)));
    }
    std::string formula = fmt::format("=OR({})", fmt::join(alternatives, ","));
    std::string range;
    if (question.min && question.max) range = fmt::format("{}–{}", *question.min, *question.max);
    else if (question.min) range = fmt::format("≥ {}", *question.min);
    else if (question.max) range = fmt::format("≤ {}", *question.max);
    std::string expected = question.integer ? words_.whole : words_.any_number;
    if (!range.empty()) expected += " " + range;
    if (!missing_codes.empty()) expected += fmt::format(" {}: {}", words_.or_missing, fmt::join(missing_codes, "; "));
    lxw_data_validation validation = {};
    validation.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
    validation.value_formula = formula.data();
    validate(col, validation, variable.column, fmt::format("{} ({})", text, expected), fmt::format("{}: {}", words_.expected, expected));
  }

  void write_codebook_header() {
    const char* headings[] = {words_.column, words_.variable, words_.question, words_.type, words_.codes, words_.missing, words_.filter};
    const double widths[] = {16, 16, 50, 10, 50, 30, 30};
    for (lxw_col_t col = 0; col < 7; ++col) {
      worksheet_write_string(codebook_, 0, col, headings[col], bold_);
      worksheet_set_column(codebook_, col, col, widths[col], wrap_);
    }
    worksheet_freeze_panes(codebook_, 1, 0);
  }

  void add_codebook_row(const Variable& variable) {
    const Question& question = q_.questions[variable.question_index];
    const lxw_row_t row = ++codebook_row_;
    const std::string text = label(question.text), item = label(variable.label);
    worksheet_write_string(codebook_, row, 0, variable.column.c_str(), nullptr);
    worksheet_write_string(codebook_, row, 1, variable.name.c_str(), nullptr);
    const std::string question_text = item.empty() || item == text ? text : text + " — " + item;
    worksheet_write_string(codebook_, row, 2, question_text.c_str(), nullptr);
    worksheet_write_string(codebook_, row, 3, std::string(to_string(question.type)).c_str(), nullptr);
    const std::string codes = variable.kind == survey::VariableKind::categorical ? codes_text(variable, false) : "";
    worksheet_write_string(codebook_, row, 4, codes.c_str(), nullptr);
    std::string missing = variable.kind == survey::VariableKind::categorical ? codes_text(variable, true) : "";
    if (variable.kind == survey::VariableKind::numeric) {
      std::vector<std::string> parts;
      for (const auto& code : question.missing) parts.push_back(fmt::format("{} = {}", code.code.text, label(code.label)));
      missing = fmt::format("{}", fmt::join(parts, "; "));
    }
    worksheet_write_string(codebook_, row, 5, missing.c_str(), nullptr);
    worksheet_write_string(codebook_, row, 6, question.ask_if.c_str(), nullptr);
  }

  const survey::Questionnaire& q_;
  EntryWorkbookOptions options_;
  const Words& words_;
  survey::OutputFile file_;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet *data_ = nullptr, *codebook_ = nullptr, *lists_ = nullptr;
  lxw_format *bold_ = nullptr, *date_ = nullptr, *text_ = nullptr, *wrap_ = nullptr;
  lxw_col_t next_list_col_ = 0;
  std::string zero_one_range_;  // the list sheet's 0/1 column, shared by every multiple-choice item
  lxw_row_t codebook_row_ = 0;
};

}  // namespace

void write_entry_workbook(const survey::Questionnaire& questionnaire, const std::string& path,
                          const EntryWorkbookOptions& options) {
  if (options.rows < 1 || options.rows > 1'000'000)
    throw usage_error(fmt::format("--rows {}: expected a number of rows from 1 to 1000000", options.rows));
  EntryWorkbook workbook(questionnaire, path, options);
  workbook.write();
}

}  // namespace ankieta::exports
