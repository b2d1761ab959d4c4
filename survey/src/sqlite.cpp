#include "sqlite.hpp"

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"

namespace ankieta::survey::sqlite {

Database::Database(const std::string& path, bool writable, bool create) : path_(path) {
  // One connection per thread: SQLite's own locking of each call is not needed.
  int flags = (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(create ? ErrorKind::cannot_create : ErrorKind::missing_input,
                fmt::format("{}: cannot open database: {}", path, message));
  }
  sqlite3_busy_timeout(db_, 5000);
  sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::execute(std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string error = message ? message : "unknown error";
    sqlite3_free(message);
    throw Error(ErrorKind::internal, fmt::format("{}: sqlite: {} (in: {:.80})", path_, error, text));
  }
}

Statement::Statement(Database& db, std::string_view sql) : db_(db), sql_(sql) {
  if (sqlite3_prepare_v2(db.handle(), sql_.c_str(), static_cast<int>(sql_.size()), &stmt_, nullptr) != SQLITE_OK)
    throw Error(ErrorKind::internal, fmt::format("{}: sqlite: {} (in: {:.80})", db.path(), db.error_message(), sql_));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string message = db_.error_message();
  sqlite3_reset(stmt_);
  throw Error(ErrorKind::internal, fmt::format("{}: sqlite: {} (in: {:.80})", db_.path(), message, sql_));
}

int Statement::step_code() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE || (rc & 0xff) == SQLITE_CONSTRAINT) return rc;
  std::string message = db_.error_message();
  sqlite3_reset(stmt_);
  throw Error(ErrorKind::internal, fmt::format("{}: sqlite: {} (in: {:.80})", db_.path(), message, sql_));
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Transaction::Transaction(Database& db) : db_(db) { db_.execute("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.execute("COMMIT");
  done_ = true;
}

std::string quote_literal(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted += '\'';
    quoted += c;
  }
  quoted += '\'';
  return quoted;
}

}  // namespace ankieta::survey::sqlite
