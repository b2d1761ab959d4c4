// A thin RAII layer over the SQLite C API, private to the survey library. Failures become
// ankieta::Error: the conditions a user can meet (a read-only file, a database another command is
// writing, a damaged or foreign file, a full disk) as a sentence with their exit status
// (describe_failure); anything else, a bug, with SQLite's message and the statement that failed.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ankieta/survey/error.hpp"

namespace ankieta::survey::sqlite {

// How long a connection waits for another writer's lock before SQLITE_BUSY: long enough for a
// weight or a small import to finish, short enough that a blocked command says so.
inline constexpr int kDefaultBusyTimeoutMs = 5000;

class Database {
 public:
  // Opens (and with `create`, creates) the file; throws Error naming it on failure. `immutable`
  // (read-only only) reads the file without locks or the -shm file, for a WAL database in a
  // folder where the -shm file cannot be created (SQLite's immutable=1).
  Database(const std::string& path, bool writable, bool create, bool immutable = false);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void execute(std::string_view sql);
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  std::string error_message() const { return sqlite3_errmsg(db_); }
  // True inside BEGIN ... COMMIT (SQLite's autocommit mode is off).
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  // The Error for SQLite result code `rc` of `sql` on this file.
  [[noreturn]] void fail(int rc, std::string_view sql) const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding: 1-based parameter indexes, as in SQLite.
  void bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void bind(int index, double value) { sqlite3_bind_double(stmt_, index, value); }
  void bind(int index, std::string_view value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  void bind_static(int index, std::string_view value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  }
  void bind_null(int index) { sqlite3_bind_null(stmt_, index); }

  // Steps once: true when a row is available. Throws on error.
  bool step();
  // Steps, and returns SQLite's result code instead of throwing on a constraint failure.
  int step_code();
  void reset();
  void run() {
    step();
    reset();
  }

  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const { return sqlite3_column_double(stmt_, column); }
  std::string_view text(int column) const {
    auto data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return data ? std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string_view();
  }
  int column_type(int column) const { return sqlite3_column_type(stmt_, column); }
  sqlite3_stmt* handle() const { return stmt_; }

 private:
  Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() was called.
// Inside a read transaction already open (a Store's snapshot) it takes that transaction over: its
// first write upgrades the snapshot to a write, which SQLite refuses (SQLITE_BUSY_SNAPSHOT) when
// another connection has committed since the snapshot was read, so nothing is ever written on
// the strength of rows the command did not see. commit() ends the transaction either way.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

// The sentence and exit status for a failure a user can meet, or nullopt for one that is a bug.
struct Failure {
  ErrorKind kind;
  std::string message;
};
std::optional<Failure> describe_failure(const std::string& path, int rc);

// A SQL string literal for text that comes from a definition (labels), never from a query.
std::string quote_literal(std::string_view text);

}  // namespace ankieta::survey::sqlite
