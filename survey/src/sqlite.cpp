#include "sqlite.hpp"

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"

namespace ankieta::survey::sqlite {

std::optional<Failure> describe_failure(const std::string& path, int rc) {
  switch (rc & 0xff) {
    case SQLITE_READONLY:
      if (rc == SQLITE_READONLY_RECOVERY || rc == SQLITE_READONLY_CANTINIT)
        return Failure{ErrorKind::cannot_create,
                       fmt::format("{}: the database needs recovery after an interrupted write, and its file or folder is "
                                   "read-only; run any command once where the file can be written", path)};
      return Failure{ErrorKind::cannot_create,
                     fmt::format("the database is read-only: {} (the file or its folder cannot be written); "
                                 "reading commands work, changes need write permission", path)};
    case SQLITE_BUSY:
      if (rc == SQLITE_BUSY_SNAPSHOT)
        return Failure{ErrorKind::cannot_create,
                       fmt::format("{}: the responses changed while this command was reading them (an import finished); "
                                   "nothing was written: run the command again", path)};
      [[fallthrough]];
    case SQLITE_LOCKED:
      return Failure{ErrorKind::cannot_create,
                     fmt::format("another import is writing to {}; try again when it has finished", path)};
    case SQLITE_NOTADB:
      return Failure{ErrorKind::data, fmt::format("{}: not an ankieta survey database (not an SQLite file)", path)};
    case SQLITE_CORRUPT:
      return Failure{ErrorKind::data,
                     fmt::format("{} is damaged: SQLite finds its file malformed; restore it from a copy", path)};
    case SQLITE_FULL:
      return Failure{ErrorKind::cannot_create, fmt::format("{}: the disk is full; nothing was written", path)};
    case SQLITE_IOERR:
      return Failure{ErrorKind::cannot_create, fmt::format("{}: cannot read or write the file (an I/O error)", path)};
    case SQLITE_CANTOPEN:
      return Failure{ErrorKind::cannot_create,
                     fmt::format("{}: cannot open the database or its -wal/-shm files beside it (check the folder's permissions)", path)};
    default:
      return std::nullopt;
  }
}

namespace {
// A file: URI for `path` (RFC 3986 escapes for the characters a URI gives a meaning).
std::string file_uri(const std::string& path, std::string_view query) {
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#' || static_cast<unsigned char>(c) < 0x20) uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else uri += c;
  }
  return uri + "?" + std::string(query);
}
}  // namespace

Database::Database(const std::string& path, bool writable, bool create, bool immutable) : path_(path) {
  // One connection per thread: SQLite's own locking of each call is not needed.
  int flags = (writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  std::string name = path;
  if (immutable && !writable) {
    flags |= SQLITE_OPEN_URI;
    name = file_uri(path, "immutable=1");
  }
  int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(create ? ErrorKind::cannot_create : ErrorKind::missing_input,
                fmt::format("{}: cannot open database: {}", path, message));
  }
  // A writer waits this long for another writer (an import commits in seconds); readers never
  // wait for writers in WAL mode, only for a moment of recovery.
  sqlite3_busy_timeout(db_, kDefaultBusyTimeoutMs);
  sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::fail(int rc, std::string_view sql) const {
  if (auto failure = describe_failure(path_, rc)) throw Error(failure->kind, failure->message);
  throw Error(ErrorKind::internal, fmt::format("{}: sqlite: {} (in: {:.80})", path_, error_message(), sql));
}

void Database::execute(std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string error = message ? message : "unknown error";
    sqlite3_free(message);
    rc = sqlite3_extended_errcode(db_);
    if (auto failure = describe_failure(path_, rc)) throw Error(failure->kind, failure->message);
    throw Error(ErrorKind::internal, fmt::format("{}: sqlite: {} (in: {:.80})", path_, error, text));
  }
}

Statement::Statement(Database& db, std::string_view sql) : db_(db), sql_(sql) {
  if (sqlite3_prepare_v2(db.handle(), sql_.c_str(), static_cast<int>(sql_.size()), &stmt_, nullptr) != SQLITE_OK)
    db.fail(sqlite3_extended_errcode(db.handle()), sql_);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  db_.fail(rc, sql_);
}

int Statement::step_code() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE || (rc & 0xff) == SQLITE_CONSTRAINT) return rc;
  sqlite3_reset(stmt_);
  db_.fail(rc, sql_);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Transaction::Transaction(Database& db) : db_(db) {
  if (!db_.in_transaction()) db_.execute("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_ && db_.in_transaction()) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
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
