// Builds the labelled data set every export format is written from.
#include "ankieta/export/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <sqlite3.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/expression.hpp"
#include "ankieta/survey/symbols.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::exports {
namespace {

using survey::lowercase_ascii;

// The respondent ids of the rows Store::load_columns(..., wave) returns, in the same order.
//
// Store offers only respondent_at(row), one query per row (quadratic over a whole file), so the ids
// are read here in one pass over the documented responses table (docs/storage.md) through a
// read-only connection of our own. The caller checks that the row count matches the loaded
// columns, which catches an import committed in between.
std::vector<std::string> respondent_ids(const std::string& path, std::optional<std::int64_t> wave) {
  sqlite3* raw = nullptr;
  int status = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, &sqlite3_close);
  auto fail = [&](const char* what) {
    return Error(ErrorKind::internal,
                 fmt::format("{}: cannot read the respondent ids ({}: {})", path, what, db ? sqlite3_errmsg(db.get()) : "out of memory"));
  };
  if (status != SQLITE_OK) throw fail("open");
  sqlite3_busy_timeout(db.get(), 5000);
  const char* sql = wave ? "SELECT _respondent FROM responses WHERE _wave = ?1 ORDER BY _row"
                         : "SELECT _respondent FROM responses ORDER BY _row";
  sqlite3_stmt* raw_statement = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql, -1, &raw_statement, nullptr) != SQLITE_OK) throw fail("prepare");
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw_statement, &sqlite3_finalize);
  if (wave) sqlite3_bind_int64(statement.get(), 1, *wave);
  std::vector<std::string> ids;
  while ((status = sqlite3_step(statement.get())) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement.get(), 0);
    ids.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
  }
  if (status != SQLITE_DONE) throw fail("read");
  return ids;
}

// A name every format accepts: ASCII letters, digits and '_', starting with a letter.
std::string safe_name(std::string_view text) {
  std::string name;
  for (char c : text) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    name += keep ? c : '_';
  }
  if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z'))) name = "v" + name;
  return name;
}

std::string unique_name(std::string wanted, const std::set<std::string>& taken) {
  if (!taken.count(lowercase_ascii(wanted))) return wanted;
  for (int suffix = 2;; ++suffix) {
    std::string candidate = fmt::format("{}_{}", wanted, suffix);
    if (!taken.count(lowercase_ascii(candidate))) return candidate;
  }
}

Measure measure_of(survey::QuestionType type) {
  switch (type) {
    case survey::QuestionType::numeric:
    case survey::QuestionType::date: return Measure::scale;
    case survey::QuestionType::scale:
    case survey::QuestionType::grid: return Measure::ordinal;
    case survey::QuestionType::single:
    case survey::QuestionType::multi:
    case survey::QuestionType::text: return Measure::nominal;
  }
  return Measure::nominal;
}

// The code as the database stores it: a number for numeric storage, the definition's spelling
// otherwise (docs/storage.md).
std::string stored_spelling(const survey::Variable& variable, const survey::Code& code) {
  if (variable.storage != survey::StorageType::text && code.number) return survey::format_number(*code.number);
  return code.text;
}

DataVariable question_variable(const survey::Questionnaire& q, const survey::Column& column, const std::vector<std::size_t>& rows,
                               survey::Language lang) {
  const survey::Variable& variable = *column.variable;
  const survey::Question& question = q.questions[variable.question_index];
  DataVariable out;
  out.name = variable.name;
  out.source = &variable;
  out.role = VariableRole::question;
  out.measure = measure_of(question.type);
  out.label = variable.part >= 0 ? fmt::format("{}: {}", question.text.in(lang), variable.label.in(lang)) : question.text.in(lang);
  switch (variable.kind) {
    case survey::VariableKind::numeric:
      out.integer = question.integer;
      for (const auto& missing : question.missing) {
        if (!missing.code.number) continue;  // the loader allows only numbers here
        out.values.push_back({*missing.code.number, survey::format_number(*missing.code.number), missing.label.in(lang), true});
      }
      out.numbers.reserve(rows.size());
      for (std::size_t row : rows) out.numbers.push_back(column.numbers[row]);
      break;
    case survey::VariableKind::categorical: {
      out.is_text = variable.storage == survey::StorageType::text;
      out.integer = variable.storage == survey::StorageType::integer;
      for (std::size_t value_idx = 0; value_idx < variable.values.size(); ++value_idx) {
        const survey::Option& value = variable.values[value_idx];
        out.values.push_back({value.code.number.value_or(0), stored_spelling(variable, value.code), value.label.in(lang),
                              value_idx >= variable.first_missing_value});
      }
      if (out.is_text) out.texts.reserve(rows.size());
      else out.numbers.reserve(rows.size());
      for (std::size_t row : rows) {
        std::int32_t code = column.codes[row];
        if (out.is_text) {
          out.texts.push_back(code < 0 ? std::string() : out.values[static_cast<std::size_t>(code)].text);
        } else {
          out.numbers.push_back(code < 0 ? std::nan("") : out.values[static_cast<std::size_t>(code)].number);
        }
      }
      break;
    }
    case survey::VariableKind::text:
      out.is_text = true;
      out.texts.reserve(rows.size());
      for (std::size_t row : rows) {
        std::int32_t code = column.codes[row];
        out.texts.push_back(code < 0 ? std::string() : column.texts[static_cast<std::size_t>(code)]);
      }
      break;
    case survey::VariableKind::date:
      out.is_date = true;
      out.integer = true;
      out.numbers.reserve(rows.size());
      out.texts.reserve(rows.size());
      for (std::size_t row : rows) {
        std::int32_t code = column.codes[row];
        out.numbers.push_back(column.numbers[row]);
        out.texts.push_back(code < 0 ? std::string() : column.texts[static_cast<std::size_t>(code)]);
      }
      break;
  }
  return out;
}

// Null for an empty --where; a usage error pointing at the column of a bad one.
std::shared_ptr<survey::Expression> parse_where(const survey::Questionnaire& q, const std::string& where) {
  if (where.empty()) return nullptr;
  try {
    std::shared_ptr<survey::Expression> expression = survey::Expression::parse(where);
    std::vector<survey::SymbolInfo> symbols = survey::make_symbols(q);
    expression->bind(survey::make_symbol_lookup(q, symbols));
    return expression;
  } catch (const survey::ExpressionError& error) {
    throw usage_error(fmt::format("--where:{}: {}\n  {}\n  {:>{}}", error.column(), error.what(), where, "^", error.column()));
  }
}

std::vector<std::size_t> selected_rows(const survey::Questionnaire& q, const survey::ColumnSet& set, const survey::Expression* where) {
  std::vector<std::size_t> rows;
  if (!where) {
    rows.resize(set.rows);
    for (std::size_t row = 0; row < set.rows; ++row) rows[row] = row;
    return rows;
  }
  std::vector<survey::Truth> truth = survey::evaluate_rows(*where, q, set);
  for (std::size_t row = 0; row < set.rows; ++row)
    if (truth[row] == survey::Truth::true_) rows.push_back(row);
  return rows;
}

}  // namespace

bool DataVariable::is_missing_code(double value) const {
  for (const auto& code : values)
    if (code.missing && code.number == value) return true;
  return false;
}

bool DataVariable::is_missing_code(std::string_view text) const {
  for (const auto& code : values)
    if (code.missing && code.text == text) return true;
  return false;
}

bool DataVariable::has_missing_codes() const {
  return std::any_of(values.begin(), values.end(), [](const ValueLabel& code) { return code.missing; });
}

const DataVariable* Dataset::find(std::string_view name) const {
  for (const auto& variable : variables)
    if (variable.name == name) return &variable;
  return nullptr;
}

Dataset build_dataset(const survey::Store& store, const ExportOptions& options) {
  const survey::Questionnaire& q = store.questionnaire();
  bool pl = options.lang == survey::Language::pl;
  std::shared_ptr<survey::Expression> where = parse_where(q, options.where);
  std::vector<std::string> names;
  for (const auto& variable : q.variables) names.push_back(variable.name);
  // Every variable is loaded, PII included, so that --where may refer to any of them.
  survey::ColumnSet set = store.load_columns(names, options.wave);
  std::vector<std::size_t> rows = selected_rows(q, set, where.get());
  if (options.wave && set.rows == 0) {
    std::vector<std::string> present;
    for (const auto& [number, count] : store.waves()) present.push_back(fmt::format("{} ({} respondents)", number, count));
    throw data_error(fmt::format("wave {} has no respondents; the database holds {}", *options.wave,
                                 present.empty() ? std::string("no responses yet") : "waves " + fmt::format("{}", fmt::join(present, ", "))));
  }
  if (!options.where.empty() && rows.empty())
    throw data_error(fmt::format("--where '{}' selects no respondents (of {}); check the codes with 'ankieta codebook'", options.where, set.rows));
  for (const auto& weight : options.extra_weights)
    if (weight.values.size() != set.rows)
      throw usage_error(fmt::format("weight column '{}' has {} values but the selection has {} respondents", weight.name,
                                    weight.values.size(), set.rows));

  std::vector<std::string> ids = respondent_ids(store.path(), options.wave);
  if (ids.size() != set.rows)
    throw Error(ErrorKind::internal, fmt::format("{}: the responses changed while being exported (read {} rows, then {}); run the export again",
                                                 store.path(), set.rows, ids.size()));

  Dataset dataset;
  dataset.questionnaire = &q;
  dataset.questionnaire_id = q.id;
  dataset.questionnaire_version = q.version;
  dataset.title = q.title.in(options.lang);
  dataset.lang = options.lang;
  dataset.rows = rows.size();
  dataset.wave = options.wave;
  dataset.where = options.where;
  dataset.formula_guard = options.formula_guard;
  // The notes of every format (file notes, codebook) show the filter; a filter on personal data
  // would copy the very value the export leaves out ("contact == 'Jan Kowalski'"). It is named,
  // not echoed, here, so that no writer can print it.
  if (where) {
    std::vector<std::string> personal;
    for (const auto& reference : where->references()) {
      const survey::Variable* variable = q.find_variable(reference.name);
      if (variable && q.questions[variable->question_index].pii &&
          std::find(personal.begin(), personal.end(), variable->name) == personal.end())
        personal.push_back(variable->name);
    }
    if (!personal.empty())
      dataset.where = fmt::format(fmt::runtime(pl ? "--where na danych osobowych ({}); wartości nie są pokazane"
                                     : "--where on personal data ({}); its values are not shown"),
                                  fmt::join(personal, ", "));
  }

  std::set<std::string> taken;
  for (const auto& variable : q.variables) taken.insert(lowercase_ascii(variable.name));
  for (const auto& weight : options.extra_weights) {
    if (!survey::is_identifier(weight.name) || weight.name[0] == '_')
      throw usage_error(fmt::format("weight column name '{}' must be letters, digits and '_', starting with a letter", weight.name));
    if (!taken.insert(lowercase_ascii(weight.name)).second)
      throw usage_error(fmt::format("weight column '{}' has the name of another variable", weight.name));
  }

  DataVariable id;
  id.name = unique_name(safe_name(q.respondent_id), taken);
  taken.insert(lowercase_ascii(id.name));
  id.label = pl ? "identyfikator respondenta" : "respondent id";
  id.role = VariableRole::respondent_id;
  id.is_text = true;
  id.texts.reserve(rows.size());
  for (std::size_t row : rows) id.texts.push_back(ids[row]);
  dataset.variables.push_back(std::move(id));

  DataVariable wave;
  std::string wave_name = safe_name(q.wave_column_name());
  if (taken.count(lowercase_ascii(wave_name))) wave_name = "survey_wave";
  wave.name = unique_name(wave_name, taken);
  taken.insert(lowercase_ascii(wave.name));
  wave.label = pl ? "fala badania" : "survey wave";
  wave.role = VariableRole::wave;
  wave.integer = true;
  wave.measure = Measure::ordinal;
  wave.numbers.reserve(rows.size());
  for (std::size_t row : rows) wave.numbers.push_back(static_cast<double>(set.waves[row]));
  dataset.variables.push_back(std::move(wave));

  for (const auto& column : set.columns) {
    const survey::Question& question = q.questions[column.variable->question_index];
    if (question.pii && !options.include_pii) {
      dataset.omitted_pii.push_back(column.variable->name);
      continue;
    }
    dataset.variables.push_back(question_variable(q, column, rows, options.lang));
  }

  for (const auto& weight : options.extra_weights) {
    DataVariable out;
    out.name = weight.name;
    out.label = weight.label.empty() ? weight.name : weight.label;
    out.role = VariableRole::weight;
    out.measure = Measure::scale;
    out.numbers.reserve(rows.size());
    for (std::size_t row : rows) out.numbers.push_back(weight.values[row]);
    dataset.variables.push_back(std::move(out));
  }

  if (!options.case_weight.empty()) {
    const DataVariable* weight = dataset.find(options.case_weight);
    if (!weight) {
      bool omitted = std::find(dataset.omitted_pii.begin(), dataset.omitted_pii.end(), options.case_weight) != dataset.omitted_pii.end();
      throw usage_error(fmt::format("--weight '{}' is not {}; 'ankieta codebook' lists the variables", options.case_weight,
                                    omitted ? "exported (it is a PII text question)" : "a variable of the survey"));
    }
    if (weight->is_text || weight->is_date || !weight->values.empty() || weight->role == VariableRole::wave ||
        weight->role == VariableRole::respondent_id)
      throw usage_error(fmt::format("--weight '{}' must be a numeric variable without codes, such as the design weight", options.case_weight));
    dataset.case_weight = weight->name;
  }
  return dataset;
}

std::string iso_date_from_days(double days) {
  if (!std::isfinite(days)) return "";
  // Howard Hinnant's civil_from_days (public domain), exact for the proleptic Gregorian calendar.
  auto z = static_cast<std::int64_t>(std::floor(days)) + 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned day = doy - (153 * mp + 2) / 5 + 1;
  unsigned month = mp < 10 ? mp + 3 : mp - 9;
  if (month <= 2) ++year;
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the character that does not fit.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  return count;
}

}  // namespace ankieta::exports
