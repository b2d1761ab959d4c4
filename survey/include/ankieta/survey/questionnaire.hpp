// The questionnaire model: what a definition says, independent of where it came from (YAML) or
// where responses live (SQLite). Every element remembers its position in the definition file so
// that later checks can point at it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ankieta::survey {

class Expression;

enum class Language { pl, en };

// A 1-based position in a source file; line 0 means "unknown".
struct SourcePosition {
  int line = 0;
  int column = 0;
};

// A label in the questionnaire's languages. A plain string in the definition fills both.
struct Text {
  std::string pl;
  std::string en;
  // The text in `lang`, falling back to the other language when that one is empty.
  const std::string& in(Language lang) const;
};

enum class QuestionType { numeric, single, multi, scale, grid, text, date };
std::string_view to_string(QuestionType type);

// A code as written in the definition and in the CSV ("1", "E", "(19,39]"). `number` is set when
// the code reads as a number, so that "1" and "1.0" in a CSV match the same option.
struct Code {
  std::string text;
  std::optional<double> number;
  bool operator==(const Code& other) const;
  // Does a raw CSV field (already trimmed) denote this code?
  bool matches(std::string_view field) const;
};
Code make_code(std::string text);

struct Option {
  Code code;
  Text label;
  std::optional<double> score;  // scale and grid: value used for means (defaults to the number)
  SourcePosition position;
};

// A declared missing-value code ("98: nie wiem"): a valid answer that is kept out of the valid base.
struct MissingCode {
  Code code;
  Text label;
  SourcePosition position;
};

struct GridItem {
  std::string id;      // variable name: <question id>_<item id>
  std::string item_id; // as written in the definition
  Text text;
  std::string column;  // CSV header
  SourcePosition position;
};

enum class MultiInput { columns, delimited };

// How a derived variable is computed from other variables of the same row (`derived:` in the
// definition; docs/questionnaire.md). Derived variables are never imported or stored: every
// command computes them from the stored answers as it loads them, so a new or changed one applies
// to the data at once.
struct Derivation {
  enum class Kind { recode, bands, conditions, formula };
  Kind kind = Kind::recode;
  // recode, bands: the variable read
  std::string source;
  SourcePosition source_position;
  // recode: for each value of the source (options, then missing codes), the index of the derived
  // variable's value it becomes (into Variable::values), or -1 for blank.
  std::vector<int> value_map;
  // bands: the bounds, increasing (the first may be -inf, the last +inf); band i holds
  // [breaks[i], breaks[i+1]), or (breaks[i], breaks[i+1]] when closed_right. Source missing codes
  // are kept as the derived variable's missing codes, at Variable::values[first_missing_value..].
  std::vector<double> breaks;
  bool closed_right = false;
  // conditions: tried in order, the first true one gives its value; an unknown one (a blank
  // answer) gives blank; when none holds, `otherwise` (or blank).
  struct Condition {
    std::string text;
    SourcePosition position;
    std::shared_ptr<const Expression> expression;
    std::size_t value = 0;  // into Variable::values
  };
  std::vector<Condition> conditions;
  std::optional<std::size_t> otherwise;
  // formula: a number computed by an expression
  std::string formula_text;
  SourcePosition formula_position;
  std::shared_ptr<const Expression> formula;
  // Every variable read, stored or derived (each once): what must be loaded first.
  std::vector<std::string> inputs;
  // The rule in one line, for the codebook and `info`: "recode of size_class: 1 <- 1, 2, 3; 2 <- 4".
  std::string description;
};

struct Question {
  std::string id;
  QuestionType type = QuestionType::single;
  Text text;
  std::string column;  // CSV header; the id unless `column:` says otherwise
  std::string section_id;
  std::vector<Option> options;
  std::vector<MissingCode> missing;
  // numeric
  std::optional<double> min;
  std::optional<double> max;
  bool integer = false;
  // multi
  MultiInput multi_input = MultiInput::columns;
  std::string separator = ";";  // between codes when multi_input is delimited
  // grid
  std::vector<GridItem> items;
  // text
  bool pii = false;
  // filter: the question is asked only when this holds
  std::string ask_if;
  SourcePosition ask_if_position;  // position of the expression text in the file
  std::shared_ptr<const Expression> ask_if_expression;  // null when there is no filter
  // The waves the question is asked in (`waves:`); empty = every wave. With waves_onward, also
  // every wave after the last one listed (`waves: 2+`).
  std::vector<std::int64_t> waves;
  bool waves_onward = false;
  // Set for a derived variable (`derived:`): computed, not imported.
  std::shared_ptr<const Derivation> derivation;
  bool asked_in_wave(std::int64_t wave) const {
    if (waves.empty()) return true;
    if (waves_onward && wave >= waves.back()) return true;
    return std::find(waves.begin(), waves.end(), wave) != waves.end();
  }
  // "every wave", "wave 2 and later", "waves 1, 3", "waves 1, 3 and later": for messages.
  std::string waves_description() const;
  SourcePosition position;

  const MissingCode* find_missing(std::string_view field) const;
  const Option* find_option(std::string_view field) const;
};

struct Section {
  std::string id;
  Text title;
  std::vector<std::size_t> question_indexes;  // into Questionnaire::questions
};

struct Design {
  std::vector<std::string> strata;    // variables whose combination is the stratum; empty = one stratum
  std::vector<std::string> clusters;  // one per stage; empty = each respondent is its own PSU
  std::string weight;                 // variable holding base weights; empty = weight 1
  std::vector<std::string> fpc;       // one per stage: population size or sampling fraction
  SourcePosition position;
};

// How a stored variable holds its values. Categorical variables hold a code (integer or text).
enum class VariableKind { numeric, categorical, text, date };
enum class StorageType { integer, real, text };

// The narrowest storage that holds every code: integer, real, else text.
StorageType storage_for_codes(const std::vector<Option>& values);

// One stored column of the responses table: a question expands to one variable (numeric, single,
// scale, text, date) or several (one 0/1 variable per multi option, one per grid item).
struct Variable {
  std::string name;
  std::string column;  // CSV header it is read from (shared by the items of a delimited multi)
  std::size_t question_index = 0;
  int part = -1;  // multi: option index; grid: item index; -1 otherwise
  VariableKind kind = VariableKind::numeric;
  StorageType storage = StorageType::real;
  Text label;
  // Categorical values in display order: the options (for multi items: 0 and 1), then missing codes.
  std::vector<Option> values;
  std::size_t first_missing_value = 0;  // values[first_missing_value..] are declared missing codes
  // False for a derived variable: it has no column in the responses table and no CSV column.
  bool stored = true;
};

struct Questionnaire {
  std::string id;
  std::string version;
  std::vector<Language> languages;
  std::string respondent_id;  // CSV column holding the respondent's id
  std::string wave_column;    // CSV column holding the wave number; empty = given at import
  Text title;
  Design design;
  std::vector<Section> sections;
  std::vector<Question> questions;  // in definition order
  // Derived from questions, in order: the stored variables first, then the derived_variable_count
  // derived variables of `derived:`, whose questions also come after the stored ones.
  std::vector<Variable> variables;
  std::size_t derived_variable_count = 0;
  std::string source_path;
  std::string source_text;
  std::string source_hash;  // sha256 of source_text, hex

  // The variables that are columns of the responses table and of an import file.
  std::size_t stored_variable_count() const { return variables.size() - derived_variable_count; }
  std::span<const Variable> stored_variables() const { return {variables.data(), stored_variable_count()}; }
  // Questions that are imported (the derived ones come after them).
  std::size_t stored_question_count() const {
    std::size_t count = questions.size();
    while (count > 0 && questions[count - 1].derivation) --count;
    return count;
  }
  // The column that holds each row's wave in a file: `wave:` when the definition names one, else
  // "wave" as `export` writes it ("survey_wave" when a variable is called wave). An import reads
  // it when the file has it and no --wave is given, so an export imports back as it is.
  std::string wave_column_name() const;
  const Question* find_question(std::string_view id) const;
  const Variable* find_variable(std::string_view name) const;
  // Index of the variable, or -1.
  int variable_index(std::string_view name) const;
  // Why `name` is not a variable, for messages: "'q12' is a multiple-choice question; use its
  // items q12_1 ... q12_5", or "unknown variable 'Q09'; did you mean 'q09'?". Empty when nothing
  // more than "unknown variable" can be said.
  std::string explain_unknown_variable(std::string_view name) const;
};

}  // namespace ankieta::survey
