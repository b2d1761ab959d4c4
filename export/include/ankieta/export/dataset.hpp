// A labelled rectangular data set: what every microdata format (SPSS .sav, Stata .dta, CSV) and the
// codebook of an exported file are written from. It is built once from a survey database, in one
// language, with the rows a --wave / --where selection keeps, and holds every value in memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ankieta/survey/questionnaire.hpp"
#include "ankieta/survey/store.hpp"

namespace ankieta::exports {

enum class VariableRole {
  respondent_id,  // the questionnaire's respondent_id column
  wave,           // the survey wave of the row
  question,       // a stored variable of a question (design variables included)
  weight,         // a weight column passed in ExportOptions::extra_weights
};

enum class Measure { nominal, ordinal, scale };

// One code of a variable with its label. Numeric variables use `number`, string variables `text`.
struct ValueLabel {
  double number = 0;
  std::string text;   // the code as stored (numbers spelled as format_number writes them)
  std::string label;  // in the data set's language
  bool missing = false;  // a declared missing code ("nie wiem", "odmowa")
};

struct DataVariable {
  std::string name;
  std::string label;  // question text; "question: option" for multi items, "question: item" for grid items
  VariableRole role = VariableRole::question;
  bool is_text = false;  // values in `texts`; otherwise in `numbers`
  bool is_date = false;  // numbers are days since 1970-01-01 and texts hold the same date as YYYY-MM-DD
  bool integer = false;  // every value (and code) is a whole number
  Measure measure = Measure::nominal;
  // Options in definition order, then declared missing codes. Numeric questions list only their
  // missing codes; text, date, id and weight variables none.
  std::vector<ValueLabel> values;
  // One entry per row. numbers: NaN for blank. texts: "" for blank. Declared missing codes are kept
  // as their codes here; each format decides how to mark them.
  std::vector<double> numbers;
  std::vector<std::string> texts;
  // The questionnaire variable it comes from; null for the id, wave and weight columns.
  const survey::Variable* source = nullptr;

  bool is_missing_code(double value) const;
  bool is_missing_code(std::string_view text) const;
  bool has_missing_codes() const;
};

// A weight column computed outside the questionnaire (a weight set): one value per respondent row
// of the selected wave, in database order, *before* --where is applied (the rows of
// Store::load_columns(..., wave)). NaN = no weight.
struct WeightColumn {
  std::string name;
  std::string label;
  std::vector<double> values;
};

struct ExportOptions {
  survey::Language lang = survey::Language::pl;
  bool include_pii = false;          // keep text questions marked `pii: true`
  std::optional<std::int64_t> wave;  // one wave only; all waves (one row per respondent and wave) otherwise
  std::string where;                 // keep rows where this expression is true; empty = all rows
  std::string case_weight;           // a numeric variable or weight column to mark as the case weight
  std::vector<WeightColumn> extra_weights;  // appended after the questionnaire's variables
  bool formula_guard = true;         // CSV: text cells that a spreadsheet would run get a leading '
};

struct Dataset {
  // The definition the variables come from; owned by the Store, which must outlive the data set.
  const survey::Questionnaire* questionnaire = nullptr;
  std::string questionnaire_id;
  std::string questionnaire_version;
  std::string title;  // the questionnaire's title in `lang` (may be empty)
  survey::Language lang = survey::Language::pl;
  std::size_t rows = 0;
  // Columns in file order: respondent id, wave, the questionnaire's variables in definition order
  // (PII text left out unless asked for), then extra weights.
  std::vector<DataVariable> variables;
  std::string case_weight;         // name of a numeric variable of `variables`, or empty
  std::vector<std::string> omitted_pii;  // names of PII variables left out
  std::optional<std::int64_t> wave;
  // The --where as the notes show it; when it names a PII variable, a sentence naming the
  // variable instead of the expression (its values must not reach the file).
  std::string where;
  // Guard CSV text cells against spreadsheet formulas (csv_writer.cpp); --no-formula-guard clears it.
  bool formula_guard = true;

  const DataVariable* find(std::string_view name) const;
};

// Builds the data set. Throws Error(usage) for a bad --where (with the column of the problem), an
// unknown or non-numeric case weight, or an extra weight column of the wrong length or with a name
// already taken; Error(data) when the selection keeps no respondents.
Dataset build_dataset(const survey::Store& store, const ExportOptions& options);

// "2024-03-12" for 19794 (days since 1970-01-01).
std::string iso_date_from_days(double days);

// The longest prefix of `text` of at most `max_bytes` bytes that does not cut a UTF-8 character.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);
// Number of UTF-8 characters in `text`.
std::size_t utf8_length(std::string_view text);

}  // namespace ankieta::exports
