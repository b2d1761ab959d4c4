#include "ankieta/survey/store.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"
#include "ankieta/survey/sha256.hpp"
#include "ankieta/survey/text_util.hpp"
#include "derived_values.hpp"
#include "sqlite.hpp"

namespace ankieta::survey {
namespace {

// Bumped whenever the schema below changes; a database of another version is refused.
constexpr int kSchemaVersion = 1;

const char* kMetadataSchema = R"sql(
CREATE TABLE ankieta_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE questionnaire(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL, version TEXT NOT NULL, source_path TEXT NOT NULL,
  source TEXT NOT NULL, sha256 TEXT NOT NULL) STRICT;
CREATE TABLE variables(
  position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, question TEXT NOT NULL,
  section TEXT NOT NULL, type TEXT NOT NULL, kind TEXT NOT NULL, storage TEXT NOT NULL,
  csv_column TEXT NOT NULL, part INTEGER, label_pl TEXT NOT NULL, label_en TEXT NOT NULL,
  question_pl TEXT NOT NULL, question_en TEXT NOT NULL,
  ask_if TEXT, pii INTEGER NOT NULL, min REAL, max REAL, is_integer INTEGER NOT NULL) STRICT;
CREATE TABLE value_labels(
  variable TEXT NOT NULL REFERENCES variables(name), position INTEGER NOT NULL, value TEXT NOT NULL,
  is_missing INTEGER NOT NULL, label_pl TEXT NOT NULL, label_en TEXT NOT NULL, score REAL,
  PRIMARY KEY (variable, position)) STRICT;
CREATE TABLE design(role TEXT NOT NULL, stage INTEGER NOT NULL, variable TEXT NOT NULL) STRICT;
CREATE TABLE imports(
  id INTEGER PRIMARY KEY, file_name TEXT NOT NULL, sha256 TEXT NOT NULL, wave INTEGER NOT NULL,
  rows_read INTEGER NOT NULL, rows_loaded INTEGER NOT NULL, rows_rejected INTEGER NOT NULL,
  rows_skipped INTEGER NOT NULL, rows_replaced INTEGER NOT NULL,
  started_at TEXT NOT NULL, finished_at TEXT NOT NULL, options TEXT NOT NULL,
  definition INTEGER) STRICT;
)sql";

const char* storage_name(StorageType storage) {
  switch (storage) {
    case StorageType::integer: return "INTEGER";
    case StorageType::real: return "REAL";
    case StorageType::text: return "TEXT";
  }
  return "ANY";
}

const char* kind_name(VariableKind kind) {
  switch (kind) {
    case VariableKind::numeric: return "numeric";
    case VariableKind::categorical: return "categorical";
    case VariableKind::text: return "text";
    case VariableKind::date: return "date";
  }
  return "?";
}

std::string responses_table_sql(const Questionnaire& q) {
  std::string sql =
      "CREATE TABLE responses(\n"
      "  _row INTEGER PRIMARY KEY,\n"
      "  _respondent TEXT NOT NULL,\n"
      "  _wave INTEGER NOT NULL,\n"
      "  _import INTEGER NOT NULL REFERENCES imports(id),\n"
      "  _line INTEGER NOT NULL";
  for (const auto& variable : q.stored_variables())
    sql += fmt::format(",\n  {} {}", quote_identifier(variable.name), storage_name(variable.storage));
  sql += ",\n  UNIQUE (_respondent, _wave)) STRICT;\n";
  return sql;
}

// A view that shows labels instead of codes, for users of the plain sqlite3 shell.
std::string labelled_view_sql(const Questionnaire& q, Language lang) {
  const char* suffix = lang == Language::pl ? "pl" : "en";
  std::string sql = fmt::format("CREATE VIEW responses_{} AS SELECT _respondent AS respondent, _wave AS wave", suffix);
  for (const auto& variable : q.stored_variables()) {
    std::string column = quote_identifier(variable.name);
    if (variable.kind != VariableKind::categorical || variable.values.empty()) {
      sql += ", " + column;
      continue;
    }
    sql += fmt::format(", CASE {}", column);
    for (const auto& value : variable.values) {
      std::string literal = variable.storage == StorageType::text ? sqlite::quote_literal(value.code.text)
                                                                  : value.code.text;
      sql += fmt::format(" WHEN {} THEN {}", literal, sqlite::quote_literal(value.label.in(lang)));
    }
    sql += fmt::format(" ELSE {} END AS {}", column, column);
  }
  sql += " FROM responses;\n";
  return sql;
}

// Every definition the database has held, the first one (`init`) included: `amend` adds one.
// Databases made before `amend` existed get the table, with their first definition, when they are
// first amended or imported into (ensure_definition_history).
const char* kDefinitionHistorySchema = R"sql(
CREATE TABLE IF NOT EXISTS definitions(
  number INTEGER PRIMARY KEY, version TEXT NOT NULL, source_path TEXT NOT NULL, source TEXT NOT NULL,
  sha256 TEXT NOT NULL, recorded_at TEXT NOT NULL, changes TEXT NOT NULL) STRICT;
)sql";

void record_definition(sqlite::Database& db, const Questionnaire& q, std::string_view changes) {
  sqlite::Statement insert(db,
      "INSERT INTO definitions(version, source_path, source, sha256, recorded_at, changes) "
      "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?)");
  insert.bind(1, q.version);
  insert.bind(2, q.source_path);
  insert.bind(3, q.source_text);
  insert.bind(4, q.source_hash);
  insert.bind(5, changes);
  insert.run();
}

void store_variable_metadata(sqlite::Database& db, const Questionnaire& q);

// The questionnaire row: the definition every command reads.
void store_current_definition(sqlite::Database& db, const Questionnaire& q) {
  sqlite::Statement source(db, "INSERT OR REPLACE INTO questionnaire VALUES (1, ?, ?, ?, ?, ?)");
  source.bind(1, q.id);
  source.bind(2, q.version);
  source.bind(3, q.source_path);
  source.bind(4, q.source_text);
  source.bind(5, q.source_hash);
  source.run();
}

void store_metadata(sqlite::Database& db, const Questionnaire& q) {
  sqlite::Statement meta(db, "INSERT INTO ankieta_meta(key, value) VALUES (?, ?)");
  auto put = [&](std::string_view key, std::string_view value) {
    meta.bind(1, key);
    meta.bind(2, value);
    meta.run();
  };
  put("schema_version", std::to_string(kSchemaVersion));
  put("application", "ankieta");
  put("created_at", "");
  db.execute("UPDATE ankieta_meta SET value = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE key = 'created_at'");

  store_current_definition(db, q);
  db.execute(kDefinitionHistorySchema);
  record_definition(db, q, "created");
  store_variable_metadata(db, q);
}

void store_variable_metadata(sqlite::Database& db, const Questionnaire& q) {
  sqlite::Statement variables(db,
      "INSERT INTO variables VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  sqlite::Statement labels(db, "INSERT INTO value_labels VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t variable_idx = 0; variable_idx < q.stored_variable_count(); ++variable_idx) {
    const Variable& variable = q.variables[variable_idx];
    const Question& question = q.questions[variable.question_index];
    variables.bind(1, static_cast<std::int64_t>(variable_idx));
    variables.bind(2, variable.name);
    variables.bind(3, question.id);
    variables.bind(4, question.section_id);
    variables.bind(5, to_string(question.type));
    variables.bind(6, std::string_view(kind_name(variable.kind)));
    variables.bind(7, std::string_view(storage_name(variable.storage)));
    variables.bind(8, variable.column);
    if (variable.part >= 0) variables.bind(9, static_cast<std::int64_t>(variable.part));
    variables.bind(10, variable.label.in(Language::pl));
    variables.bind(11, variable.label.in(Language::en));
    variables.bind(12, question.text.in(Language::pl));
    variables.bind(13, question.text.in(Language::en));
    if (!question.ask_if.empty()) variables.bind(14, question.ask_if);
    variables.bind(15, static_cast<std::int64_t>(question.pii));
    if (question.min) variables.bind(16, *question.min);
    if (question.max) variables.bind(17, *question.max);
    variables.bind(18, static_cast<std::int64_t>(question.integer));
    variables.run();

    std::vector<Option> values = variable.values;
    std::size_t first_missing = variable.first_missing_value;
    if (variable.kind == VariableKind::numeric) {  // numeric missing codes get labels too
      first_missing = 0;
      for (const auto& missing : question.missing) values.push_back({missing.code, missing.label, std::nullopt, {}});
    }
    for (std::size_t value_idx = 0; value_idx < values.size(); ++value_idx) {
      labels.bind(1, variable.name);
      labels.bind(2, static_cast<std::int64_t>(value_idx));
      labels.bind(3, values[value_idx].code.text);
      labels.bind(4, static_cast<std::int64_t>(value_idx >= first_missing));
      labels.bind(5, values[value_idx].label.in(Language::pl));
      labels.bind(6, values[value_idx].label.in(Language::en));
      if (values[value_idx].score && value_idx < first_missing) labels.bind(7, *values[value_idx].score);
      labels.run();
    }
  }

  sqlite::Statement design(db, "INSERT INTO design VALUES (?, ?, ?)");
  auto role = [&](std::string_view name, const std::vector<std::string>& variables_of_role) {
    for (std::size_t stage = 0; stage < variables_of_role.size(); ++stage) {
      design.bind(1, name);
      design.bind(2, static_cast<std::int64_t>(stage + 1));
      design.bind(3, variables_of_role[stage]);
      design.run();
    }
  };
  role("strata", q.design.strata);
  role("cluster", q.design.clusters);
  if (!q.design.weight.empty()) role("weight", {q.design.weight});
  role("fpc", q.design.fpc);
}

bool has_table(sqlite::Database& db, std::string_view table) {
  sqlite::Statement query(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  query.bind(1, table);
  return query.step();
}

bool has_column(sqlite::Database& db, std::string_view table, std::string_view column) {
  sqlite::Statement query(db, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
  query.bind(1, table);
  query.bind(2, column);
  return query.step();
}

bool file_exists(const std::string& path, off_t* size = nullptr) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return false;
  if (size) *size = info.st_size;
  return true;
}

std::string stored_questionnaire_name(sqlite::Database& db) {
  try {
    sqlite::Statement query(db, "SELECT name, source_path FROM questionnaire WHERE id = 1");
    if (query.step()) return fmt::format("'{}' (from {})", query.text(0), query.text(1));
  } catch (const Error&) {
  }
  return {};
}

}  // namespace

double days_from_iso_date(std::string_view date) {
  // Howard Hinnant's days_from_civil.
  int y = std::atoi(std::string(date.substr(0, 4)).c_str());
  unsigned m = static_cast<unsigned>((date[5] - '0') * 10 + (date[6] - '0'));
  unsigned d = static_cast<unsigned>((date[8] - '0') * 10 + (date[9] - '0'));
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097.0 + static_cast<double>(doe) - 719468.0;
}

namespace {
constexpr std::size_t kFixedResponseColumns = 5;  // _row, _respondent, _wave, _import, _line

// The tables every survey database has (views and the cache/weight tables are optional).
constexpr const char* kRequiredTables[] = {"ankieta_meta", "questionnaire", "variables", "value_labels",
                                           "design", "imports", "responses"};

// init builds "PATH.init-PID-XXXXXX" and renames it to PATH when complete.
constexpr std::string_view kInitTemporaryInfix = ".init-";

// Removes the temporary files of inits into `path` whose process no longer exists (killed before
// the rename). A live init's file is left alone: its process answers kill(pid, 0).
void remove_abandoned_init_files(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string prefix = target.filename().string() + std::string(kInitTemporaryInfix);
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    const std::size_t dash = rest.find('-');
    if (dash == std::string::npos || dash == 0) continue;
    const std::optional<std::int64_t> pid = parse_int64(rest.substr(0, dash));
    if (!pid || *pid <= 0 || *pid > std::numeric_limits<pid_t>::max()) continue;
    if (::kill(static_cast<pid_t>(*pid), 0) == 0 || errno != ESRCH) continue;
    fs::remove(entry.path(), error);  // one left is litter, not a failure of this init
  }
}
}  // namespace

std::size_t max_stored_variables() {
  // The limit of the SQLite actually linked, asked of a throwaway in-memory connection.
  static const std::size_t limit = [] {
    sqlite3* db = nullptr;
    int columns = 2000;  // SQLITE_MAX_COLUMN's default
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) == SQLITE_OK)
      columns = sqlite3_limit(db, SQLITE_LIMIT_COLUMN, -1);
    sqlite3_close(db);
    return static_cast<std::size_t>(columns) - kFixedResponseColumns;
  }();
  return limit;
}

std::string too_many_variables_message(std::size_t variable_count) {
  return fmt::format("the questionnaire has {} stored variables (a multi or grid question stores one per item); "
                     "a survey database holds at most {}: split it into several questionnaires",
                     variable_count, max_stored_variables());
}

void Store::create(const std::string& path, const Questionnaire& q) {
  protect_database(path);
  if (q.stored_variable_count() > max_stored_variables())
    throw data_error(fmt::format("{}: {}", q.source_path, too_many_variables_message(q.stored_variable_count())));
  off_t size = 0;
  if (file_exists(path, &size) && size > 0) {
    sqlite::Database existing(path, false, false);
    std::string name = stored_questionnaire_name(existing);
    if (!name.empty()) {
      sqlite::Statement hash(existing, "SELECT sha256 FROM questionnaire WHERE id = 1");
      hash.step();
      if (hash.text(0) == q.source_hash)
        throw data_error(fmt::format("{}: already initialised with this questionnaire {}; use it as it is, or choose another --db", path, name));
      throw data_error(fmt::format("{}: holds the survey {} with a different definition (sha256 {:.12}, not {:.12}); "
                                   "a database keeps the questionnaire it was created with: choose another --db",
                                   path, name, hash.text(0), q.source_hash));
    }
    throw data_error(fmt::format("{}: exists and is not an empty ankieta database; choose another --db", path));
  }
  // Built in a temporary file beside `path` and renamed into place once complete: a killed init
  // leaves at most the temporary file, never a half-made database that the next init refuses. The
  // name carries the process id, so the next init can remove what a dead one left.
  remove_abandoned_init_files(path);
  std::string temporary = fmt::format("{}{}{}-XXXXXX", path, kInitTemporaryInfix, ::getpid());
  int fd = mkstemp(temporary.data());
  if (fd < 0)
    throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot create the database: {}", path, std::strerror(errno)));
  ::fchmod(fd, new_file_mode());  // mkstemp's 0600 would make the survey unreadable to the user's group
  close(fd);
  auto remove_temporary = [&] {
    std::remove(temporary.c_str());
    std::remove((temporary + "-journal").c_str());
    std::remove((temporary + "-wal").c_str());
    std::remove((temporary + "-shm").c_str());
  };
  try {
    {
      sqlite::Database db(temporary, true, false);
      // A rollback journal while it is built (the file is new and private); WAL, recorded in the
      // file's header, from then on.
      sqlite::Transaction transaction(db);
      db.execute(kMetadataSchema);
      db.execute(responses_table_sql(q));
      db.execute(labelled_view_sql(q, Language::pl));
      db.execute(labelled_view_sql(q, Language::en));
      store_metadata(db, q);
      transaction.commit();
      db.execute("PRAGMA journal_mode = WAL");
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
      throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot create the database: {}", path, std::strerror(errno)));
  } catch (...) {
    remove_temporary();
    throw;
  }
}

Store::Store(const std::string& path, bool writable) : path_(path), writable_(writable) {
  protect_database(path);  // before SQLite opens it: a claimed output over it is refused first
  off_t size = 0;
  if (!file_exists(path, &size))
    throw Error(ErrorKind::missing_input,
                fmt::format("{}: no such database; create it with 'ankieta init QUESTIONNAIRE.yaml --db {}'", path, path));
  struct stat info {};
  if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
    throw Error(ErrorKind::missing_input, fmt::format("{} is a folder, not a survey database", path));
  if (size == 0 && !file_exists(path + "-wal"))
    throw data_error(fmt::format("{} is an empty file, not an ankieta survey database; create one with "
                                 "'ankieta init QUESTIONNAIRE.yaml --db {}' (after removing it)", path, path));
  db_ = std::make_unique<sqlite::Database>(path, writable, false);
  if (writable && sqlite3_db_readonly(db_->handle(), "main") == 1)
    throw Error(ErrorKind::cannot_create, fmt::format("the database is read-only: {} (the file or its folder cannot be written); "
                                                      "reading commands work, changes need write permission", path));
  // The snapshot starts here and lasts until the Store is closed.
  if (!writable) {
    try {
      begin_snapshot();
    } catch (const Error& error) {
      if (error.kind() != ErrorKind::cannot_create || file_exists(path + "-wal")) throw;
      // A read-only folder without the -shm file that WAL readers share, which SQLite cannot
      // create there. With no -wal file either, the database file holds every committed change
      // and nobody can be writing (a writer would have made both files): read it as immutable.
      db_ = std::make_unique<sqlite::Database>(path, false, false, true);
      begin_snapshot();
    }
  }
  std::string source, hash, source_path;
  try {
    std::vector<std::string> tables;
    {
      sqlite::Statement query(*db_, "SELECT name FROM sqlite_master WHERE type = 'table'");
      while (query.step()) tables.emplace_back(query.text(0));
    }
    auto has = [&](std::string_view table) { return std::find(tables.begin(), tables.end(), table) != tables.end(); };
    if (!has("ankieta_meta") || !has("questionnaire"))
      throw data_error(fmt::format("{}: not an ankieta survey database (an SQLite file without ankieta's tables); "
                                   "create one with 'ankieta init QUESTIONNAIRE.yaml --db FILE'", path));
    for (const char* table : kRequiredTables)
      if (!has(table))
        throw data_error(fmt::format("{} is damaged: table '{}' is missing; restore the file from a copy", path, table));
    sqlite::Statement version(*db_, "SELECT value FROM ankieta_meta WHERE key = 'schema_version'");
    if (!version.step() || version.text(0) != std::to_string(kSchemaVersion))
      throw data_error(fmt::format("{}: database schema version {} is not the version {} this ankieta reads", path,
                                   version.is_null(0) ? "?" : std::string(version.text(0)), kSchemaVersion));
    sqlite::Statement stored(*db_, "SELECT source, sha256, source_path FROM questionnaire WHERE id = 1");
    if (!stored.step()) throw data_error(fmt::format("{} is damaged: it holds no questionnaire; restore the file from a copy", path));
    source = stored.text(0);
    hash = stored.text(1);
    source_path = stored.text(2);
  } catch (const Error& error) {
    // Sentences from the SQLite layer (busy, read-only, not a database, damaged) pass as they are;
    // only an unexpected failure is reported as an unreadable database.
    if (error.kind() != ErrorKind::internal) throw;
    throw data_error(fmt::format("{} is damaged: its tables cannot be read ({})", path, error.what()));
  }
  if (sha256_hex(source) != hash)
    throw data_error(fmt::format("{}: the stored questionnaire does not match its recorded sha256; the database was altered", path));
  questionnaire_ = std::make_unique<Questionnaire>(parse_questionnaire(source, source_path));
}

void Store::begin_snapshot() {
  if (db_->in_transaction()) return;
  db_->execute("BEGIN DEFERRED");
  // A deferred transaction takes its snapshot at its first read: make that now.
  sqlite::Statement touch(*db_, "SELECT count(*) FROM sqlite_master");
  touch.step();
}

void Store::begin_write_snapshot(int wait_ms) {
  if (db_->in_transaction()) return;
  sqlite3_busy_timeout(db_->handle(), wait_ms);
  try {
    db_->execute("BEGIN IMMEDIATE");
  } catch (...) {
    sqlite3_busy_timeout(db_->handle(), sqlite::kDefaultBusyTimeoutMs);
    throw;
  }
  sqlite3_busy_timeout(db_->handle(), sqlite::kDefaultBusyTimeoutMs);
}

Store::~Store() = default;
Store::Store(Store&&) noexcept = default;

namespace {

// The column cache: each variable's values for all respondents (or one wave) as one packed array,
// valid for one responses_version. Reading a few columns of a million respondents row by row
// means decoding every row of the table; reading them packed is a few memcpy's (PRODUCT.md, "Bars
// it must clear"). The cache is written the first time a column is loaded after a change, by any
// command that can write the file; it is never needed for correctness.
const char* kColumnCacheSchema =
    "CREATE TABLE IF NOT EXISTS column_cache("
    "  variable TEXT NOT NULL, wave INTEGER NOT NULL, version INTEGER NOT NULL, data BLOB NOT NULL,"
    "  PRIMARY KEY (variable, wave)) STRICT";
constexpr const char* kWaveColumn = "_wave";  // question ids may not start with '_'

template <typename T>
bool read_cached(sqlite::Database& db, std::string_view name, std::int64_t wave_key, std::int64_t version, std::vector<T>& out) {
  try {
    sqlite::Statement query(db, "SELECT rowid FROM column_cache WHERE variable = ? AND wave = ? AND version = ?");
    query.bind(1, name);
    query.bind(2, wave_key);
    query.bind(3, version);
    if (!query.step()) return false;
    // Incremental blob I/O copies the array straight into `out`; sqlite3_column_blob would
    // first assemble megabytes in a buffer of its own.
    sqlite3_blob* blob = nullptr;
    if (sqlite3_blob_open(db.handle(), "main", "column_cache", "data", query.integer(0), 0, &blob) != SQLITE_OK) {
      sqlite3_blob_close(blob);
      return false;
    }
    const auto bytes = static_cast<std::size_t>(sqlite3_blob_bytes(blob));
    bool ok = bytes % sizeof(T) == 0;
    if (ok) {
      out.resize(bytes / sizeof(T));
      ok = bytes == 0 || sqlite3_blob_read(blob, out.data(), static_cast<int>(bytes), 0) == SQLITE_OK;
    }
    sqlite3_blob_close(blob);
    return ok;
  } catch (const Error&) {
    return false;  // no cache table in a database made before it existed, or a read-only file
  }
}

}  // namespace

std::int64_t Store::responses_version() const {
  sqlite::Statement query(*db_, "SELECT value FROM ankieta_meta WHERE key = 'responses_version'");
  if (!query.step()) return 0;
  return std::atoll(std::string(query.text(0)).c_str());
}

ColumnSet Store::load_columns(const std::vector<std::string>& names, std::optional<std::int64_t> wave) const {
  for (const auto& name : names)
    if (!questionnaire_->find_variable(name))
      throw usage_error(fmt::format("unknown variable '{}'; 'ankieta codebook' lists them", name));
  for (const auto& name : names)
    if (!questionnaire_->find_variable(name)->stored) return load_columns_with_derived(names, wave);
  const std::int64_t version = responses_version();
  const std::int64_t wave_key = wave.value_or(-1);
  ColumnSet set;
  std::vector<std::string> from_rows;
  for (const auto& name : names) {
    Column column;
    column.variable = questionnaire_->find_variable(name);
    bool cached = false;
    switch (column.variable->kind) {
      case VariableKind::numeric: cached = read_cached(*db_, name, wave_key, version, column.numbers); break;
      case VariableKind::categorical: cached = read_cached(*db_, name, wave_key, version, column.codes); break;
      case VariableKind::text:
      case VariableKind::date: break;  // kept as text: read from the rows
    }
    if (!cached) from_rows.push_back(name);
    set.columns.push_back(std::move(column));
  }
  bool waves_cached = read_cached(*db_, kWaveColumn, wave_key, version, set.waves);
  if (from_rows.empty() && waves_cached) {
    set.rows = set.waves.size();
    return set;
  }
  ColumnSet loaded = load_columns_from_rows(from_rows, wave);
  set.waves = std::move(loaded.waves);
  for (auto& column : loaded.columns)
    for (auto& target : set.columns)
      if (target.variable == column.variable) target = std::move(column);
  set.rows = set.waves.size();
  // Kept for save_column_cache(): a command that fails must leave the file as it was.
  auto keep = [&](const std::string& name, const void* data, std::size_t bytes) {
    PendingColumn pending{name, wave_key, version, std::string(static_cast<const char*>(data), bytes)};
    pending_cache_.push_back(std::move(pending));
  };
  if (!waves_cached) keep(kWaveColumn, set.waves.data(), set.waves.size() * sizeof(std::int64_t));
  for (const auto& column : set.columns) {
    if (std::find(from_rows.begin(), from_rows.end(), column.variable->name) == from_rows.end()) continue;
    if (column.variable->kind == VariableKind::numeric) keep(column.variable->name, column.numbers.data(), column.numbers.size() * sizeof(double));
    else if (column.variable->kind == VariableKind::categorical) keep(column.variable->name, column.codes.data(), column.codes.size() * sizeof(std::int32_t));
  }
  return set;
}

ColumnSet Store::load_columns_with_derived(const std::vector<std::string>& names, std::optional<std::int64_t> wave) const {
  const Questionnaire& q = *questionnaire_;
  // Every variable needed, by index: a derivation reads only variables defined before it, so in
  // index order each derived variable comes after its inputs.
  std::vector<bool> needed(q.variables.size(), false);
  std::vector<std::size_t> pending;
  for (const auto& name : names) pending.push_back(static_cast<std::size_t>(q.find_variable(name) - q.variables.data()));
  while (!pending.empty()) {
    const std::size_t variable_idx = pending.back();
    pending.pop_back();
    if (needed[variable_idx]) continue;
    needed[variable_idx] = true;
    const Question& question = q.questions[q.variables[variable_idx].question_index];
    if (question.derivation)
      for (const auto& input : question.derivation->inputs)
        pending.push_back(static_cast<std::size_t>(q.find_variable(input) - q.variables.data()));
  }
  std::vector<std::string> stored;
  for (std::size_t variable_idx = 0; variable_idx < q.variables.size(); ++variable_idx)
    if (needed[variable_idx] && q.variables[variable_idx].stored) stored.push_back(q.variables[variable_idx].name);
  ColumnSet all;
  if (stored.empty()) {
    all.waves = load_columns({}, wave).waves;
    all.rows = all.waves.size();
  } else {
    all = load_columns(stored, wave);
  }
  for (std::size_t variable_idx = 0; variable_idx < q.variables.size(); ++variable_idx)
    if (needed[variable_idx] && !q.variables[variable_idx].stored)
      all.columns.push_back(compute_derived(q, q.variables[variable_idx], all));
  ColumnSet set;
  set.rows = all.rows;
  set.waves = std::move(all.waves);
  // Moved, not copied: a column of a million rows is 8 MB. A name asked for twice gets a copy of
  // the column already moved.
  for (const auto& name : names) {
    const Variable* variable = q.find_variable(name);
    auto moved = std::find_if(set.columns.begin(), set.columns.end(), [&](const Column& column) { return column.variable == variable; });
    if (moved != set.columns.end()) {
      set.columns.push_back(Column(*moved));
      continue;
    }
    for (Column& column : all.columns)
      if (column.variable == variable) {
        set.columns.push_back(std::move(column));
        break;
      }
  }
  return set;
}

void Store::save_column_cache() {
  if (pending_cache_.empty()) return;
  // The command is done reading: end its snapshot, which would otherwise keep the checkpoint
  // below from moving the arrays into the file.
  if (!writable_ && db_->in_transaction()) sqlite3_exec(db_->handle(), "COMMIT", nullptr, nullptr, nullptr);
  try {
    sqlite::Database writer(path_, true, false);
    sqlite3_busy_timeout(writer.handle(), 0);  // never wait for a writer: the cache can be made next time
    writer.execute(kColumnCacheSchema);
    sqlite::Transaction transaction(writer);
    // Columns read from an older snapshot than the file's current data are of no use to anyone.
    std::int64_t current = 0;
    {
      sqlite::Statement query(writer, "SELECT value FROM ankieta_meta WHERE key = 'responses_version'");
      if (query.step()) current = std::atoll(std::string(query.text(0)).c_str());
    }
    sqlite::Statement insert(writer, "INSERT OR REPLACE INTO column_cache(variable, wave, version, data) VALUES (?, ?, ?, ?)");
    for (const auto& pending : pending_cache_) {
      if (pending.version != current) continue;
      insert.bind(1, pending.name);
      insert.bind(2, pending.wave_key);
      insert.bind(3, pending.version);
      sqlite3_bind_blob64(insert.handle(), 4, pending.data.data(), pending.data.size(), SQLITE_STATIC);
      insert.run();
    }
    transaction.commit();
    // Move the arrays from the write-ahead log into the database file. The analysis commands
    // open the file read-only and cannot checkpoint, so the log would otherwise keep every cache
    // written (tens of megabytes for a large survey) beside the database.
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const Error&) {
    // A read-only file or a busy database: the next command reads the rows again.
  }
  pending_cache_.clear();
}

ColumnSet Store::load_columns_from_rows(const std::vector<std::string>& names, std::optional<std::int64_t> wave) const {
  ColumnSet set;
  std::string sql = "SELECT _wave";
  for (const auto& name : names) {
    const Variable* variable = questionnaire_->find_variable(name);
    if (!variable) throw usage_error(fmt::format("unknown variable '{}'; 'ankieta codebook' lists them", name));
    Column column;
    column.variable = variable;
    set.columns.push_back(std::move(column));
    sql += ", " + quote_identifier(variable->name);
  }
  sql += " FROM responses";
  if (wave) sql += " WHERE _wave = ?";
  sql += " ORDER BY _row";
  std::size_t expected = static_cast<std::size_t>(respondent_count(wave));
  set.waves.reserve(expected);
  for (auto& column : set.columns) {
    if (column.variable->kind == VariableKind::numeric || column.variable->kind == VariableKind::date)
      column.numbers.reserve(expected);
    if (column.variable->kind != VariableKind::numeric) column.codes.reserve(expected);
  }
  // Text codes are looked up by their text; numeric codes by their number.
  std::vector<std::unordered_map<std::string, std::int32_t>> text_codes(set.columns.size());
  std::vector<std::unordered_map<double, std::int32_t>> number_codes(set.columns.size());
  for (std::size_t column_idx = 0; column_idx < set.columns.size(); ++column_idx) {
    const Variable& variable = *set.columns[column_idx].variable;
    if (variable.kind != VariableKind::categorical) continue;
    for (std::size_t value_idx = 0; value_idx < variable.values.size(); ++value_idx) {
      const Code& code = variable.values[value_idx].code;
      text_codes[column_idx].emplace(code.text, static_cast<std::int32_t>(value_idx));
      if (code.number) number_codes[column_idx].emplace(*code.number, static_cast<std::int32_t>(value_idx));
    }
  }
  sqlite::Statement query(*db_, sql);
  if (wave) query.bind(1, *wave);
  while (query.step()) {
    set.waves.push_back(query.integer(0));
    for (std::size_t column_idx = 0; column_idx < set.columns.size(); ++column_idx) {
      Column& column = set.columns[column_idx];
      int sql_column = static_cast<int>(column_idx) + 1;
      bool blank = query.is_null(sql_column);
      switch (column.variable->kind) {
        case VariableKind::numeric:
          column.numbers.push_back(blank ? std::nan("") : query.real(sql_column));
          break;
        case VariableKind::categorical: {
          std::int32_t code = -1;
          if (!blank) {
            if (column.variable->storage == StorageType::text) {
              auto it = text_codes[column_idx].find(std::string(query.text(sql_column)));
              if (it != text_codes[column_idx].end()) code = it->second;
            } else {
              auto it = number_codes[column_idx].find(query.real(sql_column));
              if (it != number_codes[column_idx].end()) code = it->second;
            }
          }
          column.codes.push_back(code);
          break;
        }
        case VariableKind::date:
          column.numbers.push_back(blank ? std::nan("") : days_from_iso_date(query.text(sql_column)));
          [[fallthrough]];
        case VariableKind::text: {
          std::int32_t code = -1;
          if (!blank) {
            std::string value(query.text(sql_column));
            auto [it, inserted] = text_codes[column_idx].emplace(value, static_cast<std::int32_t>(column.texts.size()));
            if (inserted) column.texts.push_back(value);
            code = it->second;
          }
          column.codes.push_back(code);
          break;
        }
      }
    }
  }
  set.rows = set.waves.size();
  return set;
}

CellValue column_value(const Column& column, std::size_t row) {
  switch (column.variable->kind) {
    case VariableKind::numeric: {
      double value = column.numbers[row];
      if (std::isnan(value)) return std::monostate{};
      return value;
    }
    case VariableKind::categorical: {
      std::int32_t code = column.codes[row];
      if (code < 0) return std::monostate{};
      const Code& value = column.variable->values[static_cast<std::size_t>(code)].code;
      if (value.number && column.variable->storage != StorageType::text) return *value.number;
      return std::string_view(value.text);
    }
    case VariableKind::text:
    case VariableKind::date: {
      std::int32_t code = column.codes[row];
      if (code < 0) return std::monostate{};
      return std::string_view(column.texts[static_cast<std::size_t>(code)]);
    }
  }
  return std::monostate{};
}

ColumnRows::ColumnRows(const Questionnaire& questionnaire, const ColumnSet& set) : by_slot_(questionnaire.variables.size(), nullptr) {
  for (const auto& column : set.columns)
    by_slot_[static_cast<std::size_t>(column.variable - questionnaire.variables.data())] = &column;
  accessor_ = [this](int slot) -> CellValue {
    const Column* column = by_slot_[static_cast<std::size_t>(slot)];
    return column ? column_value(*column, row_) : CellValue(std::monostate{});
  };
}

std::vector<Truth> evaluate_rows(const Expression& expression, const Questionnaire& questionnaire, const ColumnSet& set) {
  ColumnRows rows(questionnaire, set);
  std::vector<Truth> result(set.rows, Truth::unknown);
  for (std::size_t row = 0; row < set.rows; ++row) result[row] = expression.evaluate(rows.at(row));
  return result;
}

std::string Store::respondent_at(std::size_t row, std::optional<std::int64_t> wave) const {
  sqlite::Statement query(*db_, wave ? "SELECT _respondent FROM responses WHERE _wave = ? ORDER BY _row LIMIT 1 OFFSET ?"
                                     : "SELECT _respondent FROM responses ORDER BY _row LIMIT 1 OFFSET ?");
  int parameter = 1;
  if (wave) query.bind(parameter++, *wave);
  query.bind(parameter, static_cast<std::int64_t>(row));
  return query.step() ? std::string(query.text(0)) : std::string("?");
}

std::vector<std::string> Store::respondent_ids(std::optional<std::int64_t> wave) const {
  sqlite::Statement query(*db_, wave ? "SELECT _respondent FROM responses WHERE _wave = ? ORDER BY _row"
                                     : "SELECT _respondent FROM responses ORDER BY _row");
  if (wave) query.bind(1, *wave);
  std::vector<std::string> ids;
  while (query.step()) ids.emplace_back(query.text(0));
  return ids;
}

std::vector<ImportRecord> Store::imports() const {
  std::vector<ImportRecord> records;
  // Imports made before `amend` existed were all checked against the first definition.
  const char* definition = has_column(*db_, "imports", "definition") ? "coalesce(definition, 1)" : "1";
  sqlite::Statement query(*db_, fmt::format(
      "SELECT id, file_name, sha256, wave, rows_read, rows_loaded, rows_rejected, rows_skipped, rows_replaced, "
      "finished_at, {} FROM imports ORDER BY id", definition));
  while (query.step()) {
    ImportRecord record;
    record.id = query.integer(0);
    record.file_name = query.text(1);
    record.sha256 = query.text(2);
    record.wave = query.integer(3);
    record.rows_read = query.integer(4);
    record.rows_loaded = query.integer(5);
    record.rows_rejected = query.integer(6);
    record.rows_skipped = query.integer(7);
    record.rows_replaced = query.integer(8);
    record.finished_at = query.text(9);
    record.definition = query.integer(10);
    records.push_back(std::move(record));
  }
  return records;
}

std::int64_t Store::respondent_count(std::optional<std::int64_t> wave) const {
  sqlite::Statement query(*db_, wave ? "SELECT count(*) FROM responses WHERE _wave = ?" : "SELECT count(*) FROM responses");
  if (wave) query.bind(1, *wave);
  query.step();
  return query.integer(0);
}

std::vector<std::pair<std::int64_t, std::int64_t>> Store::waves() const {
  std::vector<std::pair<std::int64_t, std::int64_t>> result;
  // The cached wave column of every row answers without scanning the table (the GROUP BY below
  // reads and sorts every row: a quarter of a second on a million).
  std::vector<std::int64_t> cached;
  if (read_cached(*db_, kWaveColumn, -1, responses_version(), cached)) {
    std::map<std::int64_t, std::int64_t> counts;
    std::int64_t previous = 0, run = 0;
    for (std::int64_t wave : cached) {  // rows come grouped by import, so count runs
      if (run > 0 && wave != previous) {
        counts[previous] += run;
        run = 0;
      }
      previous = wave;
      ++run;
    }
    if (run > 0) counts[previous] += run;
    result.assign(counts.begin(), counts.end());
    return result;
  }
  sqlite::Statement query(*db_, "SELECT _wave, count(*) FROM responses GROUP BY _wave ORDER BY _wave");
  while (query.step()) result.emplace_back(query.integer(0), query.integer(1));
  return result;
}

void Store::mark_responses_changed() {
  db_->execute("INSERT INTO ankieta_meta(key, value) VALUES ('responses_version', '1') "
               "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)");
}

std::map<std::int64_t, std::int64_t> Store::respondents_in_other_waves() const {
  std::map<std::int64_t, std::int64_t> counts;
  sqlite::Statement query(*db_,
      "SELECT _wave, count(*) FROM responses r WHERE EXISTS "
      "(SELECT 1 FROM responses o WHERE o._respondent = r._respondent AND o._wave <> r._wave) GROUP BY _wave");
  while (query.step()) counts[query.integer(0)] = query.integer(1);
  return counts;
}

void Store::ensure_definition_history() {
  if (!has_table(*db_, "definitions")) {
    db_->execute(kDefinitionHistorySchema);
    // The definition the database was created with is its first; it was recorded when the file was.
    db_->execute(
        "INSERT INTO definitions(number, version, source_path, source, sha256, recorded_at, changes) "
        "SELECT 1, version, source_path, source, sha256, "
        "coalesce((SELECT value FROM ankieta_meta WHERE key = 'created_at'), ''), 'created' FROM questionnaire");
  }
  if (!has_column(*db_, "imports", "definition")) db_->execute("ALTER TABLE imports ADD COLUMN definition INTEGER");
}

std::int64_t Store::definition_number() const {
  if (!has_table(*db_, "definitions")) return 1;
  sqlite::Statement query(*db_, "SELECT max(number) FROM definitions");
  return query.step() && !query.is_null(0) ? query.integer(0) : 1;
}

std::vector<DefinitionRecord> Store::definitions() const {
  std::vector<DefinitionRecord> records;
  if (!has_table(*db_, "definitions")) {
    sqlite::Statement query(*db_,
        "SELECT version, sha256, coalesce((SELECT value FROM ankieta_meta WHERE key = 'created_at'), '') FROM questionnaire");
    if (query.step()) records.push_back({1, std::string(query.text(0)), std::string(query.text(1)), std::string(query.text(2)), "created"});
    return records;
  }
  sqlite::Statement query(*db_, "SELECT number, version, sha256, recorded_at, changes FROM definitions ORDER BY number");
  while (query.step())
    records.push_back({query.integer(0), std::string(query.text(1)), std::string(query.text(2)), std::string(query.text(3)),
                       std::string(query.text(4))});
  return records;
}

void Store::amend_definition(const Questionnaire& next, std::string_view changes) {
  if (next.stored_variable_count() > max_stored_variables())
    throw data_error(fmt::format("{}: {}", next.source_path, too_many_variables_message(next.stored_variable_count())));
  const Questionnaire& current = *questionnaire_;
  sqlite::Transaction transaction(*db_);
  ensure_definition_history();
  // Columns of variables that are gone or change storage (the caller has checked they hold no
  // answers), then those of new variables; a new column is added at the end of the table, whatever its place in the
  // definition (the views and every command follow the definition's order).
  for (const auto& variable : current.stored_variables()) {
    const Variable* kept = next.find_variable(variable.name);
    if (!kept || !kept->stored || kept->storage != variable.storage) db_->execute(fmt::format("ALTER TABLE responses DROP COLUMN {}", quote_identifier(variable.name)));
  }
  for (const auto& variable : next.stored_variables()) {
    const Variable* existing = current.find_variable(variable.name);
    if (!existing || !existing->stored || existing->storage != variable.storage)
      db_->execute(fmt::format("ALTER TABLE responses ADD COLUMN {} {}", quote_identifier(variable.name), storage_name(variable.storage)));
  }
  db_->execute("DROP VIEW IF EXISTS responses_pl; DROP VIEW IF EXISTS responses_en;");
  db_->execute(labelled_view_sql(next, Language::pl));
  db_->execute(labelled_view_sql(next, Language::en));
  db_->execute("DELETE FROM value_labels; DELETE FROM variables; DELETE FROM design;");
  store_variable_metadata(*db_, next);
  store_current_definition(*db_, next);
  record_definition(*db_, next, changes);
  // Cached columns hold codes as indexes into the old value lists, which an amendment may change.
  if (has_table(*db_, "column_cache")) db_->execute("DELETE FROM column_cache");
  mark_responses_changed();
  transaction.commit();
  db_->execute("PRAGMA wal_checkpoint(PASSIVE)");
  questionnaire_ = std::make_unique<Questionnaire>(parse_questionnaire(next.source_text, next.source_path));
}

}  // namespace ankieta::survey
