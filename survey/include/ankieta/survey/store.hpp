// The survey database: one SQLite file holding the questionnaire definition, a metadata schema
// (variables, labels, value labels, missing codes, filters, design), one typed STRICT table of
// responses (one row per respondent and wave) and the history of imports. See docs/storage.md.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ankieta/survey/expression.hpp"
#include "ankieta/survey/questionnaire.hpp"

namespace ankieta::survey {

namespace sqlite {
class Database;
}

// One loaded variable for all selected respondents, in respondent order.
struct Column {
  const Variable* variable = nullptr;
  // numeric and date (days since 1970-01-01) variables: the value, NaN when blank.
  // Declared numeric missing codes are kept as their value (Question::missing lists them).
  std::vector<double> numbers;
  // categorical variables: index into variable->values (options, then missing codes), -1 when blank.
  // text and date variables: index into `texts` (distinct values in order of appearance), -1 when blank.
  std::vector<std::int32_t> codes;
  std::vector<std::string> texts;
  // A derived number (`compute:`): how many rows a division by zero made missing.
  std::size_t divisions_by_zero = 0;
};

struct ColumnSet {
  std::size_t rows = 0;
  std::vector<std::int64_t> waves;
  std::vector<Column> columns;  // in the order asked for
};

struct ImportRecord {
  std::int64_t id = 0;
  std::string file_name;
  std::string sha256;
  std::int64_t wave = 0;
  std::int64_t rows_read = 0, rows_loaded = 0, rows_rejected = 0, rows_skipped = 0, rows_replaced = 0;
  std::string finished_at;
  std::int64_t definition = 1;  // the DefinitionRecord::number the file was checked against
};

// One definition the database has held: number 1 from `init`, one more per `amend`.
struct DefinitionRecord {
  std::int64_t number = 1;
  std::string version;  // the definition's `version:`
  std::string sha256;
  std::string recorded_at;
  std::string changes;  // "created", or the amendment's summary
};

// The most variables (stored columns) a questionnaire may have: SQLite's column limit for a table
// (SQLITE_LIMIT_COLUMN of the linked library, 2000 by default) less the fixed columns of the
// responses table (_row, _respondent, _wave, _import, _line). Store::create refuses more with
// too_many_variables_message(); `validate` reports the same sentence.
std::size_t max_stored_variables();
std::string too_many_variables_message(std::size_t variable_count);

class Store {
 public:
  // Creates a new database at `path` for the questionnaire. Refuses a file that already holds a
  // survey (naming its questionnaire) or any other non-empty file, and a questionnaire with more
  // than max_stored_variables() (Error(data)). The database is built in a temporary file beside
  // `path` and renamed into place, so an interrupted init leaves no file at `path`.
  static void create(const std::string& path, const Questionnaire& questionnaire);

  // Opens an existing survey database. Throws Error(missing_input) when the file does not exist,
  // Error(data) when it is empty, not an ankieta database, misses one of its tables or its stored
  // definition is damaged, Error(cannot_create) when `writable` and the file or its folder is
  // read-only. A read-only Store reads one snapshot for its whole life: it opens a read
  // transaction here, so every query of a command sees the same data even while an import
  // commits. A writable Store reads the latest data; begin_snapshot() fixes it (see weight).
  Store(const std::string& path, bool writable);
  ~Store();
  Store(Store&&) noexcept;

  const Questionnaire& questionnaire() const { return *questionnaire_; }
  const std::string& path() const { return path_; }
  sqlite::Database& database() { return *db_; }

  // Opens a read transaction for the queries that follow (a no-op inside one). The first write
  // through sqlite::Transaction upgrades it, and fails with "the responses changed while this
  // command was reading them" when another command committed in between.
  void begin_snapshot();

  // Takes the write lock now and reads from then on (a writable Store only): a command that
  // computes what it writes from what it reads (weight) waits here, up to `wait_ms`, for an import
  // that is writing, and then sees the import's rows, instead of computing from the old data and
  // being refused when it writes. Error(cannot_create) when the writer still holds the lock.
  void begin_write_snapshot(int wait_ms);

  // Loads the named variables for every respondent (or those of one wave), from the column cache
  // where it is current, else from the rows (kept for save_column_cache()). Derived variables are
  // computed from their inputs, which are loaded for the purpose and not returned unless named.
  // Throws Error(usage) naming an unknown variable.
  ColumnSet load_columns(const std::vector<std::string>& names, std::optional<std::int64_t> wave = std::nullopt) const;

  // Writes the columns loaded from the rows since the last call into the column cache, so that the
  // next command reads them packed. Called by a command once it has succeeded (a failed command
  // leaves the file untouched); does nothing when the file is read-only or busy, and skips columns
  // whose responses_version is no longer current. Ends a read-only Store's snapshot first (later
  // queries see the latest data), so that the arrays can be checkpointed into the file.
  void save_column_cache();

  // Bumped by every change of the responses table; the column cache is valid for one version.
  std::int64_t responses_version() const;
  // Bumps it (a writable Store, inside the transaction of the change): cached columns of earlier
  // versions no longer describe the table.
  void mark_responses_changed();

  // The id of the respondent at `row` of load_columns(..., wave), for messages.
  std::string respondent_at(std::size_t row, std::optional<std::int64_t> wave = std::nullopt) const;
  // The ids of every respondent of load_columns(..., wave), in its row order (one query, for
  // commands that link rows across waves).
  std::vector<std::string> respondent_ids(std::optional<std::int64_t> wave = std::nullopt) const;

  std::vector<ImportRecord> imports() const;

  // The definitions held so far, oldest first, and the number of the current one.
  std::vector<DefinitionRecord> definitions() const;
  std::int64_t definition_number() const;
  // Gives a database made before `amend` existed its definitions table and imports.definition
  // column (a writable Store, inside the caller's transaction); a no-op when it has them.
  void ensure_definition_history();
  // Replaces the stored definition with `next` in one transaction: new columns for new stored
  // variables, dropped columns for removed ones, the metadata tables and views rewritten, the
  // column cache emptied, a definitions row recording `changes`. The caller (survey/amend.hpp) has
  // checked that nothing stored loses its meaning.
  void amend_definition(const Questionnaire& next, std::string_view changes);
  std::int64_t respondent_count(std::optional<std::int64_t> wave = std::nullopt) const;
  // Waves present in the data with their respondent counts.
  std::vector<std::pair<std::int64_t, std::int64_t>> waves() const;
  // Per wave, its respondents who also answered in another wave (the overlap that `change` uses).
  std::map<std::int64_t, std::int64_t> respondents_in_other_waves() const;

 private:
  ColumnSet load_columns_with_derived(const std::vector<std::string>& names, std::optional<std::int64_t> wave) const;
  ColumnSet load_columns_from_rows(const std::vector<std::string>& names, std::optional<std::int64_t> wave) const;

  struct PendingColumn {
    std::string name;
    std::int64_t wave_key = -1;
    std::int64_t version = 0;
    std::string data;
  };
  mutable std::vector<PendingColumn> pending_cache_;

  std::string path_;
  bool writable_ = false;
  std::unique_ptr<sqlite::Database> db_;
  std::unique_ptr<Questionnaire> questionnaire_;
};

// The value of one row of a loaded column as the expression evaluator sees it.
CellValue column_value(const Column& column, std::size_t row);

// The rows of a loaded column set as an expression reads them (its slots are variable indexes):
// `at(row)` points the accessor at one row. Every evaluation over loaded columns goes through it.
class ColumnRows {
 public:
  ColumnRows(const Questionnaire& questionnaire, const ColumnSet& set);
  ColumnRows(const ColumnRows&) = delete;  // the accessor refers to this object
  ColumnRows& operator=(const ColumnRows&) = delete;

  const RowAccessor& at(std::size_t row) {
    row_ = row;
    return accessor_;
  }

 private:
  std::vector<const Column*> by_slot_;
  std::size_t row_ = 0;
  RowAccessor accessor_;
};

// Evaluates `expression` (bound to the questionnaire's symbols) on every row of `set`, which must
// hold every variable the expression names. Rows where it is true get 1.
std::vector<Truth> evaluate_rows(const Expression& expression, const Questionnaire& questionnaire, const ColumnSet& set);

// Days since 1970-01-01 for a valid ISO date.
double days_from_iso_date(std::string_view date);

}  // namespace ankieta::survey
