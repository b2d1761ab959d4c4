// Reads one value straight from a survey database with the SQLite C API, beside the program
// under test: what a reader sees while (or after) `ankieta` writes.
#pragma once

#include <sqlite3.h>

#include <string>

namespace ankieta::testing {

// One query's first column as text, on a fresh read-only connection ("" on any failure).
inline std::string query_text(const std::string& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  std::string result;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
      result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
  }
  sqlite3_close(handle);
  return result;
}

}  // namespace ankieta::testing
