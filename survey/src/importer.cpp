// The import runs in one streaming pass: read a record, check each field against its question,
// evaluate the filters on the checked row, insert it. Memory does not grow with the file: duplicate
// respondent ids are found by the table's UNIQUE constraint, not by a set kept in memory.
#include "ankieta/survey/importer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <future>
#include <limits>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/expression.hpp"
#include "ankieta/survey/record_source.hpp"
#include "ankieta/survey/sha256.hpp"
#include "ankieta/survey/text_util.hpp"
#include "form_exports.hpp"
#include "rejects_file.hpp"
#include "sqlite.hpp"

namespace ankieta::survey {
namespace {

// A column the rejects file adds; a later import of that file ignores it.
constexpr std::string_view kReasonColumn = "ankieta_error";

// One checked value, ready to bind.
struct Cell {
  enum class Type { null, integer, real, text } type = Type::null;
  std::int64_t integer = 0;
  double real = 0;
  std::string_view text;  // points into the record or into `owned`
  std::string owned;
};

// Finds which of a variable's values a field denotes: exact text first, then by number
// ("1.0" and " 1" match option 1), parsing the field at most once. Most answers are small
// whole-number codes ("1" .. "99"), which are looked up directly: this runs for every coded field.
class CodeMatcher {
 public:
  explicit CodeMatcher(const std::vector<Option>& values) : values_(values), small_codes_(kSmall, -1) {
    for (std::size_t value_idx = 0; value_idx < values_.size(); ++value_idx) {
      const Code& code = values_[value_idx].code;
      if (code.number && *code.number >= 0 && *code.number < kSmall && *code.number == std::floor(*code.number) &&
          code.text == std::to_string(static_cast<int>(*code.number)) && small_codes_[static_cast<std::size_t>(*code.number)] < 0)
        small_codes_[static_cast<std::size_t>(*code.number)] = static_cast<int>(value_idx);
    }
  }
  int find(std::string_view field) const {
    if (!field.empty() && field.size() <= 2 && is_digit(field[0]) && (field.size() == 1 || (field[0] != '0' && is_digit(field[1])))) {
      int number = field.size() == 1 ? field[0] - '0' : (field[0] - '0') * 10 + (field[1] - '0');
      int value_idx = small_codes_[static_cast<std::size_t>(number)];
      if (value_idx >= 0) return value_idx;
    }
    for (std::size_t value_idx = 0; value_idx < values_.size(); ++value_idx)
      if (values_[value_idx].code.text == field) return static_cast<int>(value_idx);
    auto number = parse_number(field);
    if (!number) return -1;
    for (std::size_t value_idx = 0; value_idx < values_.size(); ++value_idx)
      if (values_[value_idx].code.number && *values_[value_idx].code.number == *number) return static_cast<int>(value_idx);
    return -1;
  }

 private:
  static constexpr int kSmall = 100;
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  const std::vector<Option>& values_;
  std::vector<int> small_codes_;  // code number 0..99 written canonically -> value index, or -1
};

std::string list_codes(const std::vector<Option>& values, std::size_t from, std::size_t to) {
  std::string list;
  for (std::size_t value_idx = from; value_idx < to; ++value_idx) {
    if (!list.empty()) list += ", ";
    list += values[value_idx].code.text;
  }
  return list;
}

std::string expected_codes(const Variable& variable) {
  std::string expected = "one of " + list_codes(variable.values, 0, variable.first_missing_value);
  if (variable.first_missing_value < variable.values.size())
    expected += " (or missing code " + list_codes(variable.values, variable.first_missing_value, variable.values.size()) + ")";
  return expected;
}

std::string range_text(const Question& question) {
  if (question.min && question.max)
    return fmt::format(" from {} to {}", format_number(*question.min), format_number(*question.max));
  if (question.min) return fmt::format(" of at least {}", format_number(*question.min));
  if (question.max) return fmt::format(" of at most {}", format_number(*question.max));
  return {};
}

// Turns DD.MM.YYYY (as Polish Excel writes dates) into YYYY-MM-DD; leaves other text alone.
// A date and time as form tools export a date question ("2003-05-01 00:00:00" from LimeSurvey,
// "2025-03-14T10:29:55.118+01:00" from Kobo): hh:mm, then optional :ss, fraction and zone.
bool is_time_of_day(std::string_view text) {
  auto digits = [&](std::size_t at, std::size_t count) {
    if (at + count > text.size()) return false;
    for (std::size_t idx = at; idx < at + count; ++idx)
      if (text[idx] < '0' || text[idx] > '9') return false;
    return true;
  };
  if (!digits(0, 2) || text.size() < 5 || text[2] != ':' || !digits(3, 2)) return false;
  if (text.substr(0, 2) > "23" || text.substr(3, 2) > "59") return false;
  std::size_t at = 5;
  if (at < text.size() && text[at] == ':') {
    if (!digits(at + 1, 2)) return false;
    at += 3;
    if (at < text.size() && text[at] == '.') {
      ++at;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    }
  }
  std::string_view zone = text.substr(at);
  return zone.empty() || zone == "Z" ||
         ((zone[0] == '+' || zone[0] == '-') && zone.size() == 6 && zone[3] == ':' && digits(at + 1, 2) && digits(at + 4, 2));
}

std::string normalise_date(std::string_view field) {
  if (field.size() == 10 && field[2] == '.' && field[5] == '.')
    return fmt::format("{}-{}-{}", field.substr(6, 4), field.substr(3, 2), field.substr(0, 2));
  // The date of a date and time: a date question stores the day.
  if (field.size() > 11 && (field[10] == ' ' || field[10] == 'T') && field[4] == '-' && is_time_of_day(field.substr(11)))
    return std::string(field.substr(0, 10));
  return std::string(field);
}

// Settings for one large import, restored afterwards (also after a failure). The database stays in
// WAL mode throughout: a rollback journal (used here before) left a hot journal after a kill that
// only a writer could roll back, so every read-only command refused the file, and its exclusive
// lock at a cache spill made readers fail with "database is locked". In WAL mode readers keep
// reading their snapshot while the import writes, and a killed import's frames are simply never
// committed. Speed comes instead from a large page cache (fewer spills to the log), from not
// checkpointing in the middle (each automatic checkpoint would copy pages that the import is
// still changing), and from synchronous=NORMAL, which in WAL mode still commits atomically (the
// log is synced at each checkpoint; a power cut may lose the last import, never corrupt the file).
// The log is checkpointed into the file once the import has committed.
class BulkLoadSettings {
 public:
  explicit BulkLoadSettings(sqlite::Database& db) : db_(db) {
    db_.execute("PRAGMA cache_size = -262144");  // 256 MiB: bounded, whatever the file's size
    db_.execute("PRAGMA wal_autocheckpoint = 0");
    db_.execute("PRAGMA synchronous = NORMAL");
  }
  ~BulkLoadSettings() {
    sqlite3_exec(db_.handle(), "PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000; PRAGMA synchronous = FULL",
                 nullptr, nullptr, nullptr);
  }
  // After the commit: copy the log into the file so that readers do not search a log as large as
  // the table. Readers still holding an older snapshot keep part of it; the next writer finishes.
  // It does not wait for those readers (the import has succeeded already).
  void checkpoint() {
    sqlite3_busy_timeout(db_.handle(), 0);
    sqlite3_exec(db_.handle(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    sqlite3_busy_timeout(db_.handle(), sqlite::kDefaultBusyTimeoutMs);
  }

 private:
  sqlite::Database& db_;
};

class Importer {
 public:
  Importer(Store& store, const ImportOptions& options)
      : store_(store), q_(store.questionnaire()), options_(options), db_(store.database()) {}

  ImportReport run() {
    // The file's digest is computed on the other core while the rows are checked.
    auto digest = std::async(std::launch::async, [path = options_.path] { return sha256_file_hex(path); });
    std::unique_ptr<RecordSource> source = open_records(options_.path, options_.csv, options_.sheet);
    RecordSource& reader = *source;
    std::vector<std::string_view> fields;
    if (!reader.next(fields)) throw data_error(fmt::format("{}: the file is empty; expected a header line", options_.path));
    source_ = options_.source == ResponseSource::automatic ? detect_response_source(fields) : options_.source;
    report_.source = source_;
    if (source_ == ResponseSource::limesurvey) check_limesurvey_header(options_.path, fields);
    map_header(fields);
    if (wave_field_ >= 0 && options_.wave)
      throw usage_error(fmt::format("{}: the file has its own wave column '{}'; --wave cannot be given", options_.path, wave_column_));
    report_.wave = options_.wave.value_or(1);
    if (wave_field_ >= 0) report_.wave_column = wave_column_;
    open_rejects(reader, fields);

    BulkLoadSettings bulk_load(db_);
    sqlite::Transaction transaction(db_);
    store_.ensure_definition_history();
    begin_import_record();
    prepare_statements();
    cells_.resize(q_.stored_variable_count());
    std::string digest_value;
    while (reader.next(fields)) {
      // Spreadsheets leave rows that were formatted or cleared but hold nothing (",,,," in their
      // CSV): not a respondent, so skipped and counted rather than refused for a missing id.
      if (std::all_of(fields.begin(), fields.end(), [](std::string_view field) { return trim(field).empty(); })) {
        ++report_.empty_rows;
        continue;
      }
      if (submitdate_field_ >= 0 && !options_.include_incomplete && trim(fields[static_cast<std::size_t>(submitdate_field_)]).empty() &&
          fields.size() == header_.size()) {
        ++report_.incomplete_rows;  // started but never submitted: LimeSurvey's "incomplete responses"
        continue;
      }
      ++report_.rows_read;
      if (source_ == ResponseSource::limesurvey && fields.size() == header_.size())
        recode_limesurvey_multi(q_, variable_fields_, fields);
      check_and_load(reader, fields);
      if ((report_.rows_read & 0xffff) == 0) {
        if (options_.progress) options_.progress(reader.bytes_consumed(), reader.file_size());
        if (digest_value.empty() && digest.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
          digest_value = digest.get();
          refuse_reimport(digest_value);
        }
      }
    }
    if (options_.progress) options_.progress(reader.file_size(), reader.file_size());
    if (digest_value.empty()) {
      digest_value = digest.get();
      refuse_reimport(digest_value);
    }
    report_.sha256 = digest_value;
    if (report_.rows_read == 0) throw data_error(fmt::format("{}: the file has a header but no rows", options_.path));
    // The rejected rows are on disk before the good ones are committed, so that a rejects file
    // that cannot be written fails the import while the database is unchanged; it replaces an
    // earlier file only after the commit.
    if (rejects_) rejects_->close();
    bool failed = report_.rows_rejected > 0 && options_.rejects_path.empty();
    if (!failed && !options_.dry_run) {
      finish_import_record(digest_value);
      store_.mark_responses_changed();
      transaction.commit();
      report_.committed = true;
      bulk_load.checkpoint();
    }
    if (rejects_) rejects_->commit();
    return report_;
  }

 private:
  struct Target {
    int field = -1;  // index in the record
  };

  ResponseSource source_ = ResponseSource::plain;
  int submitdate_field_ = -1;  // LimeSurvey: blank = an incomplete response

  void map_header(const std::vector<std::string_view>& header) {
    header_.assign(header.begin(), header.end());
    std::vector<std::string> problems;
    std::unordered_map<std::string, int> by_name;  // lowercase trimmed name -> field index
    std::vector<std::size_t> duplicates;
    for (std::size_t field_idx = 0; field_idx < header.size(); ++field_idx) {
      std::string name = lowercase_ascii(trim(header[field_idx]));
      if (name.empty()) {
        problems.push_back(fmt::format("{}:1:{}: column {} has an empty name", options_.path, field_idx + 1, field_idx + 1));
        continue;
      }
      auto [first, inserted] = by_name.emplace(name, static_cast<int>(field_idx));
      if (!inserted) {
        duplicates.push_back(field_idx);
        const auto first_idx = static_cast<std::size_t>(first->second);
        // Names are matched without case and surrounding spaces, so "Region" and "region " clash.
        std::string same = header[first_idx] == header[field_idx]
            ? fmt::format("also column {}", first_idx + 1)
            : fmt::format("as {} in column {}; names are compared without case and spaces", quote_for_message(header[first_idx]), first_idx + 1);
        problems.push_back(fmt::format("{}:1:{}: column {} appears twice in the header ({})", options_.path, field_idx + 1,
                                       quote_for_message(header[field_idx]), same));
      }
    }
    std::vector<bool> used(header.size(), false);
    for (std::size_t field_idx : duplicates) used[field_idx] = true;  // reported once, as a duplicate
    auto lookup = [&](const std::string& column) {
      auto it = by_name.find(lowercase_ascii(column));
      if (it == by_name.end()) return -1;
      used[static_cast<std::size_t>(it->second)] = true;
      return it->second;
    };
    // One problem per owner, naming all its missing columns: a multi question whose ten item
    // columns are missing is one message, not ten.
    auto report_missing = [&](const std::vector<std::string>& columns, const std::string& owner) {
      if (columns.empty()) return;
      if (columns.size() == 1) {
        problems.push_back(fmt::format("{}:1: missing column '{}' ({}); the header must name every question's column", options_.path, columns[0], owner));
        return;
      }
      constexpr std::size_t kListed = 10;
      std::string list;
      for (std::size_t column_idx = 0; column_idx < columns.size() && column_idx < kListed; ++column_idx)
        list += (column_idx ? ", '" : "'") + columns[column_idx] + "'";
      if (columns.size() > kListed) list += fmt::format(" and {} more", columns.size() - kListed);
      problems.push_back(fmt::format("{}:1: missing {} columns of {}: {}; the header must name every question's column",
                                     options_.path, columns.size(), owner, list));
    };
    if (source_ == ResponseSource::limesurvey) {
      auto submitdate = by_name.find("submitdate");
      if (submitdate != by_name.end()) submitdate_field_ = submitdate->second;
    }
    id_field_ = lookup(q_.respondent_id);
    if (id_field_ < 0) report_missing({q_.respondent_id}, "the respondent id");
    wave_column_ = q_.wave_column_name();
    if (!q_.wave_column.empty()) {
      wave_field_ = lookup(q_.wave_column);
      if (wave_field_ < 0) report_missing({q_.wave_column}, "the wave");
    } else if (by_name.count(lowercase_ascii(wave_column_))) {
      wave_field_ = lookup(wave_column_);  // a file made by `ankieta export`: each row says its wave
    }
    variable_fields_.assign(q_.stored_variable_count(), -1);
    item_columns_.assign(q_.stored_variable_count(), false);
    std::vector<std::string> missing_columns;
    for (std::size_t variable_idx = 0; variable_idx < q_.stored_variable_count(); ++variable_idx) {
      const Variable& variable = q_.variables[variable_idx];
      variable_fields_[variable_idx] = lookup(variable.column);
      // An export names its columns after the variables (yr_rnd for the column yr.rnd, and one
      // 0/1 column per option of a delimited multi question): read those where the column is absent.
      if (variable_fields_[variable_idx] < 0 && variable.name != variable.column && !by_name.count(lowercase_ascii(variable.column))) {
        variable_fields_[variable_idx] = lookup(variable.name);
        item_columns_[variable_idx] = variable_fields_[variable_idx] >= 0;
      }
      // A delimited multi question has one column for all its variables: count it once.
      if (variable_fields_[variable_idx] < 0 && (missing_columns.empty() || missing_columns.back() != variable.column))
        missing_columns.push_back(variable.column);
      if (variable_idx + 1 == q_.stored_variable_count() || q_.variables[variable_idx + 1].question_index != variable.question_index) {
        // A question not asked in the file's wave (`waves:`) needs no column: its answers stay blank.
        const bool asked = wave_field_ >= 0 || q_.questions[variable.question_index].asked_in_wave(options_.wave.value_or(1));
        if (asked) report_missing(missing_columns, fmt::format("question '{}'", q_.questions[variable.question_index].id));
        missing_columns.clear();
      }
    }
    for (std::size_t field_idx = 0; field_idx < header.size(); ++field_idx) {
      if (used[field_idx] || trim(header[field_idx]).empty()) continue;
      if (equals_ignore_case(trim(header[field_idx]), kReasonColumn)) continue;
      if (is_tool_column(source_, header[field_idx], header)) continue;  // the tool's own metadata
      if (names_derived_variable(trim(header[field_idx]))) continue;
      if (!options_.ignore_extra)
        problems.push_back(fmt::format("{}:1:{}: column {} is not read by any question; remove it or use --ignore-extra",
                                       options_.path, field_idx + 1, quote_for_message(header[field_idx])));
    }
    if (!problems.empty()) {
      // Header problems obey --max-errors like row problems do (a header of a million unknown
      // columns would otherwise print a million lines).
      std::string message;
      std::size_t shown = 0;
      for (const auto& problem : problems) {
        if (!keeps_message(shown)) break;
        message += (message.empty() ? "" : "\n") + problem;
        ++shown;
      }
      if (shown < problems.size()) message += fmt::format("\n... and {} more problems in the header", problems.size() - shown);
      throw data_error(message);
    }
  }

  // Also in a dry run: the file shows what a real import would reject.
  // A workbook's rejects are a UTF-8 CSV with its header: a file the broker can correct and import.
  // A column named after a derived variable (an export writes them, and spreadsheets are made
  // from exports) is not data: its values are computed again from the stored answers.
  bool names_derived_variable(std::string_view name) const {
    for (std::size_t variable_idx = q_.stored_variable_count(); variable_idx < q_.variables.size(); ++variable_idx)
      if (equals_ignore_case(name, q_.variables[variable_idx].name)) return true;
    return false;
  }

  void open_rejects(const RecordSource& reader, const std::vector<std::string_view>& header) {
    if (options_.rejects_path.empty()) return;
    const CsvEncoding encoding = reader.rejects_in_input_encoding() ? options_.csv.encoding : CsvEncoding::utf8;
    rejects_ = std::make_unique<RejectsFile>(options_.rejects_path, options_.path, reader.delimiter(), encoding, header,
                                             kReasonColumn);
  }

  void begin_import_record() {
    sqlite::Statement insert(db_,
        "INSERT INTO imports(file_name, sha256, wave, rows_read, rows_loaded, rows_rejected, rows_skipped, "
        "rows_replaced, started_at, finished_at, options, definition) VALUES (?, '', ?, 0, 0, 0, 0, 0, "
        "strftime('%Y-%m-%dT%H:%M:%SZ','now'), '', ?, ?)");
    insert.bind(1, options_.path);
    insert.bind(2, report_.wave);
    insert.bind(3, fmt::format("on_duplicate={} ignore_extra={} lenient={} rejects={}",
                               options_.on_duplicate == DuplicatePolicy::reject ? "reject"
                               : options_.on_duplicate == DuplicatePolicy::skip ? "skip" : "replace",
                               options_.ignore_extra, options_.lenient, !options_.rejects_path.empty()));
    insert.bind(4, store_.definition_number());  // the definition this file is checked against
    insert.run();
    report_.import_id = db_.last_insert_rowid();
  }

  void refuse_reimport(const std::string& digest) {
    if (options_.allow_reimport) return;
    sqlite::Statement query(db_, "SELECT id, file_name, finished_at FROM imports WHERE sha256 = ? AND id <> ?");
    query.bind(1, digest);
    query.bind(2, report_.import_id);
    if (query.step())
      throw data_error(fmt::format("{}: this file (sha256 {:.12}) was already imported as import #{} ({}, {}); "
                                   "use --force to import it again", options_.path, digest, query.integer(0), query.text(1), query.text(2)));
  }

  void finish_import_record(const std::string& digest) {
    sqlite::Statement update(db_,
        "UPDATE imports SET sha256 = ?, rows_read = ?, rows_loaded = ?, rows_rejected = ?, rows_skipped = ?, "
        "rows_replaced = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?");
    update.bind(1, digest);
    update.bind(2, report_.rows_read);
    update.bind(3, report_.rows_loaded);
    update.bind(4, report_.rows_rejected);
    update.bind(5, report_.rows_skipped);
    update.bind(6, report_.rows_replaced);
    update.bind(7, report_.import_id);
    update.run();
  }

  void prepare_statements() {
    std::string columns = "_respondent, _wave, _import, _line";
    std::string values = "?, ?, ?, ?";
    for (const auto& variable : q_.stored_variables()) {
      columns += ", " + quote_identifier(variable.name);
      values += ", ?";
    }
    insert_ = std::make_unique<sqlite::Statement>(db_, fmt::format("INSERT INTO responses({}) VALUES ({})", columns, values));
    find_existing_ = std::make_unique<sqlite::Statement>(db_, "SELECT _row, _import, _line FROM responses WHERE _respondent = ? AND _wave = ?");
    delete_row_ = std::make_unique<sqlite::Statement>(db_, "DELETE FROM responses WHERE _row = ?");
    matchers_.clear();
    for (const auto& variable : q_.stored_variables()) matchers_.emplace_back(variable.values);
  }

  // Whether the problem after the first `kept` is still printed word for word; a limit of 0 means
  // no limit (as gcc's -fmax-errors=0).
  bool keeps_message(std::size_t kept) const { return options_.max_messages == 0 || kept < options_.max_messages; }

  void error(std::int64_t line, std::string_view column, std::string message) {
    ++report_.error_count;
    row_failed_ = true;
    if (row_reason_.empty()) row_reason_ = fmt::format("{}: {}", column, message);
    if (keeps_message(report_.errors.size()))
      report_.errors.push_back(fmt::format("{}:{}:{}: {}", options_.path, line, column, message));
  }

  void warning(std::int64_t line, std::string_view column, std::string message) {
    ++report_.warning_count;
    if (keeps_message(report_.warnings.size()))
      report_.warnings.push_back(fmt::format("{}:{}:{}: {}", options_.path, line, column, message));
  }

  // Checks one field of a numeric, categorical, text or date variable into its cell.
  void check_field(std::size_t variable_idx, std::string_view raw, std::int64_t line) {
    const Variable& variable = q_.variables[variable_idx];
    const Question& question = q_.questions[variable.question_index];
    Cell& cell = cells_[variable_idx];
    cell.type = Cell::Type::null;
    std::string_view field = trim(raw);
    if (field.empty()) return;
    switch (variable.kind) {
      case VariableKind::numeric: {
        // Parsed once; declared missing codes of a numeric question are numbers (the loader checks).
        auto value = parse_number(field, !question.integer);
        if (!value) value = parse_grouped_number(field);  // "1 234,5" or "1.234.567" as Excel users type them
        if (value)
          for (const auto& missing : question.missing)
            if (*missing.code.number == *value) {
              set_number(cell, *value, variable.storage);
              return;
            }
        if (!value) {
          error(line, variable.column, fmt::format("{} is not a number; expected {}{}", quote_for_message(field),
                question.integer ? "a whole number" : "a number", range_text(question)));
          return;
        }
        if (question.integer && (*value != std::floor(*value) || std::fabs(*value) > 9e15)) {
          error(line, variable.column, fmt::format("{} is not a whole number; expected a whole number{}", quote_for_message(field), range_text(question)));
          return;
        }
        if ((question.min && *value < *question.min) || (question.max && *value > *question.max)) {
          // The number as read, not as written: bounded however many digits the field has.
          error(line, variable.column, fmt::format("{} is out of range; expected a number{}", format_number(*value), range_text(question)));
          return;
        }
        set_number(cell, *value, variable.storage);
        return;
      }
      case VariableKind::categorical: {
        int value_idx = matchers_[variable_idx].find(field);
        if (value_idx < 0) {
          error(line, variable.column, fmt::format("{} is not an answer to {}; expected {}", quote_for_message(field), question.id, expected_codes(variable)));
          return;
        }
        set_code(cell, variable.values[static_cast<std::size_t>(value_idx)].code, variable.storage);
        return;
      }
      case VariableKind::text:
        cell.type = Cell::Type::text;
        cell.text = field;
        return;
      case VariableKind::date: {
        cell.owned = normalise_date(field);
        if (!is_iso_date(cell.owned)) {
          error(line, variable.column, fmt::format("{} is not a date; expected YYYY-MM-DD (or DD.MM.YYYY)", quote_for_message(field)));
          return;
        }
        cell.type = Cell::Type::text;
        cell.text = cell.owned;
        return;
      }
    }
  }

  static void set_number(Cell& cell, double value, StorageType storage) {
    if (storage == StorageType::integer) {
      cell.type = Cell::Type::integer;
      // Values stored as integers were checked to be whole and below 9e15 (by the loader for codes,
      // above for answers); to_int64 keeps even a missed case defined.
      cell.integer = to_int64(value).value_or(0);
    } else {
      cell.type = Cell::Type::real;
      cell.real = value;
    }
  }

  static void set_code(Cell& cell, const Code& code, StorageType storage) {
    if (storage == StorageType::text) {
      cell.type = Cell::Type::text;
      cell.text = code.text;  // the definition's spelling, so "1.0" is stored as "1"
    } else {
      set_number(cell, *code.number, storage);
    }
  }

  // A delimited multi question: "1|3|5" in one column sets items 1, 3, 5 to 1 and the rest to 0.
  void check_delimited_multi(const Question& question, std::size_t first_variable, std::string_view raw, std::int64_t line) {
    std::size_t count = question.options.size();
    for (std::size_t part = 0; part < count; ++part) cells_[first_variable + part].type = Cell::Type::null;
    std::string_view field = trim(raw);
    if (field.empty()) return;
    if (const MissingCode* missing = question.find_missing(field)) {
      for (std::size_t part = 0; part < count; ++part) set_number(cells_[first_variable + part], *missing->code.number, StorageType::integer);
      return;
    }
    for (std::size_t part = 0; part < count; ++part) set_number(cells_[first_variable + part], 0, StorageType::integer);
    std::size_t start = 0;
    while (start <= field.size()) {
      std::size_t end = field.find(question.separator, start);
      if (end == std::string_view::npos) end = field.size();
      std::string_view token = trim(field.substr(start, end - start));
      if (!token.empty()) {
        const Option* option = question.find_option(token);
        if (!option) {
          std::string codes = list_codes(question.options, 0, question.options.size());
          error(line, question.column, fmt::format("{} in {} is not an option of {}; expected codes from {} separated by '{}'",
                                                   quote_for_message(token), quote_for_message(field), question.id, codes, question.separator));
          return;
        }
        set_number(cells_[first_variable + static_cast<std::size_t>(option - question.options.data())], 1, StorageType::integer);
      }
      start = end + question.separator.size();
    }
  }

  void check_row(const std::vector<std::string_view>& fields, std::int64_t line) {
    for (std::size_t variable_idx = 0; variable_idx < q_.stored_variable_count(); ++variable_idx) {
      const Variable& variable = q_.variables[variable_idx];
      const Question& question = q_.questions[variable.question_index];
      const int field_idx = variable_fields_[variable_idx];
      std::string_view field = field_idx < 0 ? std::string_view() : fields[static_cast<std::size_t>(field_idx)];
      if (question.type == QuestionType::multi) {
        if (question.multi_input == MultiInput::delimited && !item_columns_[variable_idx]) {
          if (variable.part == 0) check_delimited_multi(question, variable_idx, field, line);
          continue;
        }
        check_multi_column(variable_idx, field, line);
        continue;
      }
      check_field(variable_idx, field, line);
    }
    check_filters(line);
  }

  void check_multi_column(std::size_t variable_idx, std::string_view raw, std::int64_t line) {
    const Variable& variable = q_.variables[variable_idx];
    Cell& cell = cells_[variable_idx];
    cell.type = Cell::Type::null;
    std::string_view field = trim(raw);
    if (field.empty()) return;
    int value_idx = matchers_[variable_idx].find(field);
    if (value_idx < 0) {
      error(line, variable.column, fmt::format("{} is not valid for a multiple-choice column; expected 0 or 1{}", quote_for_message(field),
            variable.first_missing_value < variable.values.size()
                ? " (or missing code " + list_codes(variable.values, variable.first_missing_value, variable.values.size()) + ")" : ""));
      return;
    }
    set_number(cell, *variable.values[static_cast<std::size_t>(value_idx)].code.number, StorageType::integer);
  }

  bool no_option_ticked(std::size_t first, std::size_t end) const {
    for (std::size_t idx = first; idx < end; ++idx)
      if (cells_[idx].type != Cell::Type::integer || cells_[idx].integer != 0) return false;
    return true;
  }

  CellValue cell_value(int slot) const {
    const Cell& cell = cells_[static_cast<std::size_t>(slot)];
    switch (cell.type) {
      case Cell::Type::null: return std::monostate{};
      case Cell::Type::integer: return static_cast<double>(cell.integer);
      case Cell::Type::real: return cell.real;
      case Cell::Type::text: return cell.text;
    }
    return std::monostate{};
  }

  // An answer to a question whose ask_if is false for this row was given to a question not asked.
  void check_filters(std::int64_t line) {
    RowAccessor row = [this](int slot) { return cell_value(slot); };
    std::size_t variable_idx = 0;
    for (std::size_t question_idx = 0; question_idx < q_.stored_question_count(); ++question_idx) {
      const Question& question = q_.questions[question_idx];
      std::size_t first = variable_idx;
      while (variable_idx < q_.stored_variable_count() && q_.variables[variable_idx].question_index == question_idx) ++variable_idx;
      if (!question.ask_if_expression) continue;
      bool answered = false;
      for (std::size_t idx = first; idx < variable_idx; ++idx) answered |= cells_[idx].type != Cell::Type::null;
      if (!answered) continue;
      if (question.ask_if_expression->evaluate(row) != Truth::false_) continue;
      // Excel users often fill a question that was not asked with 0 in every option column: that
      // says nothing, so it is stored as blank rather than refused.
      if (question.type == QuestionType::multi && no_option_ticked(first, variable_idx)) {
        for (std::size_t idx = first; idx < variable_idx; ++idx) cells_[idx].type = Cell::Type::null;
        continue;
      }
      std::string message = fmt::format("{} was answered but not asked: its filter '{}' is false for this respondent", question.id, question.ask_if);
      std::string_view column = q_.variables[first].column;
      if (options_.lenient) warning(line, column, message);
      else error(line, column, message);
    }
  }

  void check_and_load(const RecordSource& reader, const std::vector<std::string_view>& fields) {
    std::int64_t line = reader.record_line();
    row_failed_ = false;
    row_reason_.clear();
    if (fields.size() != header_.size()) {
      error(line, "*", fmt::format("the row has {} fields but the header has {}", fields.size(), header_.size()));
      reject(fields);
      return;
    }
    std::string_view respondent = trim(fields[static_cast<std::size_t>(id_field_)]);
    if (respondent.empty()) error(line, q_.respondent_id, "the respondent id is empty");
    std::int64_t wave = report_.wave;
    if (wave_field_ >= 0) {
      std::string_view text = trim(fields[static_cast<std::size_t>(wave_field_)]);
      auto value = parse_int64(text);  // range-checked: 1e19 is refused, not cast to -2^63
      if (!value || *value < 1)
        error(line, wave_column_, fmt::format("{} is not a wave number; expected a whole number from 1 to {}", quote_for_message(text),
                                                std::numeric_limits<std::int64_t>::max()));
      else
        wave = *value;
    }
    check_row(fields, line);
    if (row_failed_) {
      reject(fields);
      return;
    }
    insert(respondent, wave, line, fields);
  }

  void bind_row(std::string_view respondent, std::int64_t wave, std::int64_t line) {
    insert_->bind_static(1, respondent);
    insert_->bind(2, wave);
    insert_->bind(3, report_.import_id);
    insert_->bind(4, line);
    for (std::size_t variable_idx = 0; variable_idx < cells_.size(); ++variable_idx) {
      const Cell& cell = cells_[variable_idx];
      int parameter = static_cast<int>(variable_idx) + 5;
      switch (cell.type) {
        case Cell::Type::null: insert_->bind_null(parameter); break;
        case Cell::Type::integer: insert_->bind(parameter, cell.integer); break;
        case Cell::Type::real: insert_->bind(parameter, cell.real); break;
        case Cell::Type::text: insert_->bind_static(parameter, cell.text); break;
      }
    }
  }

  void insert(std::string_view respondent, std::int64_t wave, std::int64_t line, const std::vector<std::string_view>& fields) {
    bind_row(respondent, wave, line);
    int rc = insert_->step_code();
    insert_->reset();
    if ((rc & 0xff) != SQLITE_CONSTRAINT) {
      ++report_.rows_loaded;
      return;
    }
    find_existing_->bind(1, respondent);
    find_existing_->bind(2, wave);
    bool found = find_existing_->step();
    std::int64_t existing_row = found ? find_existing_->integer(0) : 0;
    std::int64_t existing_import = found ? find_existing_->integer(1) : 0;
    std::int64_t existing_line = found ? find_existing_->integer(2) : 0;
    find_existing_->reset();
    if (!found) throw Error(ErrorKind::internal, fmt::format("{}:{}: cannot insert the row: {}", options_.path, line, db_.error_message()));
    if (existing_import == report_.import_id) {
      error(line, q_.respondent_id, fmt::format("duplicate respondent id {} (already at line {} of this file)", quote_for_message(respondent), existing_line));
      reject(fields);
      return;
    }
    switch (options_.on_duplicate) {
      case DuplicatePolicy::reject:
        error(line, q_.respondent_id, fmt::format("respondent {} of wave {} is already in the database (import #{}, line {}); "
                                                  "use --on-duplicate skip or replace", quote_for_message(respondent), wave, existing_import, existing_line));
        reject(fields);
        return;
      case DuplicatePolicy::skip:
        ++report_.rows_skipped;
        return;
      case DuplicatePolicy::replace:
        delete_row_->bind(1, existing_row);
        delete_row_->run();
        bind_row(respondent, wave, line);
        insert_->run();
        ++report_.rows_replaced;
        ++report_.rows_loaded;
        return;
    }
  }

  void reject(const std::vector<std::string_view>& fields) {
    ++report_.rows_rejected;
    if (rejects_) rejects_->add(fields, row_reason_);
  }

  Store& store_;
  const Questionnaire& q_;
  const ImportOptions& options_;
  sqlite::Database& db_;
  ImportReport report_;
  std::vector<std::string> header_;
  int id_field_ = -1;
  int wave_field_ = -1;
  std::vector<bool> item_columns_;  // per variable: read from a column named after it (an export's)
  std::string wave_column_;  // the header of wave_field_
  std::vector<int> variable_fields_;
  std::vector<Cell> cells_;
  std::vector<CodeMatcher> matchers_;
  std::unique_ptr<sqlite::Statement> insert_, find_existing_, delete_row_;
  std::unique_ptr<RejectsFile> rejects_;  // renamed into place only once the import has succeeded
  bool row_failed_ = false;
  std::string row_reason_;
};

}  // namespace

ResponseSource parse_response_source(std::string_view name) {
  if (name == "auto") return ResponseSource::automatic;
  if (name == "csv" || name == "plain") return ResponseSource::plain;
  if (name == "limesurvey") return ResponseSource::limesurvey;
  if (name == "kobo" || name == "odk") return ResponseSource::kobo;
  throw usage_error(fmt::format("unknown --from {}; expected auto, csv, limesurvey or kobo", quote_for_message(name)));
}

std::string_view to_string(ResponseSource source) {
  switch (source) {
    case ResponseSource::automatic: return "auto";
    case ResponseSource::plain: return "csv";
    case ResponseSource::limesurvey: return "limesurvey";
    case ResponseSource::kobo: return "kobo";
  }
  return "csv";
}

DuplicatePolicy parse_duplicate_policy(std::string_view name) {
  if (name == "reject") return DuplicatePolicy::reject;
  if (name == "skip") return DuplicatePolicy::skip;
  if (name == "replace") return DuplicatePolicy::replace;
  throw usage_error(fmt::format("unknown --on-duplicate {}; expected reject, skip or replace", quote_for_message(name)));
}

ImportReport import_csv(Store& store, const ImportOptions& options) {
  return Importer(store, options).run();
}

}  // namespace ankieta::survey
