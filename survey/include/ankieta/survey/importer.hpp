// Loading a response CSV into a survey database: one streaming pass that checks every value
// against its question, all or nothing by default (one transaction), with the problems reported
// as "FILE:LINE:COLUMN: message" naming the value and what was expected.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ankieta/survey/csv_reader.hpp"
#include "ankieta/survey/store.hpp"

namespace ankieta::survey {

enum class DuplicatePolicy { reject, skip, replace };
DuplicatePolicy parse_duplicate_policy(std::string_view name);  // throws usage Error

// The tool that wrote a response file (docs/import.md): detected from the header by default.
enum class ResponseSource { automatic, plain, limesurvey, kobo };
ResponseSource parse_response_source(std::string_view name);  // auto, csv, limesurvey, kobo; throws usage Error
std::string_view to_string(ResponseSource source);

struct ImportOptions {
  std::string path;
  CsvOptions csv;
  std::string sheet;                  // a workbook's sheet, by name or 1-based number; empty = the first
  ResponseSource source = ResponseSource::automatic;
  bool include_incomplete = false;    // LimeSurvey responses without a submit date are loaded too
  std::optional<std::int64_t> wave;   // the wave of every row, when the file has no wave column; default 1
  bool ignore_extra = false;          // columns no question reads are ignored instead of refused
  DuplicatePolicy on_duplicate = DuplicatePolicy::reject;  // respondent already in the database
  std::string rejects_path;           // load the good rows and write the bad ones here
  bool dry_run = false;               // check everything, change nothing
  bool lenient = false;               // answers to questions not asked are warnings, not errors
  bool allow_reimport = false;        // import a file whose sha256 is already in the history
  std::size_t max_messages = 20;      // how many problems to keep word for word
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;  // called now and then
};

struct ImportReport {
  std::int64_t rows_read = 0;
  std::int64_t rows_loaded = 0;
  std::int64_t rows_rejected = 0;
  std::int64_t rows_skipped = 0;   // duplicates kept as they were (--on-duplicate skip)
  std::int64_t rows_replaced = 0;  // duplicates overwritten (--on-duplicate replace)
  std::int64_t empty_rows = 0;     // records with no value at all (",,,," or a blank worksheet row), skipped
  std::int64_t incomplete_rows = 0;  // LimeSurvey responses never submitted, left out
  ResponseSource source = ResponseSource::plain;  // as detected or given
  std::int64_t error_count = 0;    // problems found (a row may have several)
  std::int64_t warning_count = 0;
  std::vector<std::string> errors;    // the first max_messages, "FILE:LINE:COLUMN: message"
  std::vector<std::string> warnings;  // the first max_messages
  bool committed = false;             // the rows were written to the database
  std::int64_t import_id = 0;
  std::int64_t wave = 1;
  std::string wave_column;  // set when each row's wave came from this column of the file
  std::string sha256;
};

// Imports the file. Throws Error for problems with the file as a whole (missing file: missing_input;
// unreadable CSV, header that does not fit the questionnaire, a file imported before: data);
// row problems are collected in the report. Without rejects_path, any row problem means nothing is
// loaded; the database is unchanged after any failure.
ImportReport import_csv(Store& store, const ImportOptions& options);

}  // namespace ankieta::survey
