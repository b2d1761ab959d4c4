// What the importer reads records from: a CSV file (CsvReader) or a worksheet of an Excel
// workbook (XlsxReader). Each gives the header and then one record of text fields at a time, with
// the line (CSV) or row (workbook) where it starts, so every message can say where a value is.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ankieta::survey {

struct CsvOptions;

class RecordSource {
 public:
  virtual ~RecordSource() = default;

  // Reads the next record into `fields` (views valid until the next call). Returns false at the
  // end. Throws Error(data) with "FILE:LINE:...: message" on input that cannot be read.
  virtual bool next(std::vector<std::string_view>& fields) = 0;

  // The CSV line or the worksheet row (1-based) on which the last record returned by next() starts.
  virtual std::int64_t record_line() const = 0;

  // The delimiter a file of rejected records is written with: the input's for CSV, ',' for a workbook.
  virtual char delimiter() const = 0;

  // Whether rejected records are written in the input's encoding (CSV read as cp1250) or UTF-8.
  virtual bool rejects_in_input_encoding() const = 0;

  // Progress: input consumed so far and its size, in whatever unit the source counts.
  virtual std::uint64_t bytes_consumed() const = 0;
  virtual std::uint64_t file_size() const = 0;
};

// True when `path` names an Excel workbook: by its content (a zip file) or, for a file that cannot
// be read yet, by its extension .xlsx.
bool is_workbook(const std::string& path);

// A CsvReader or, for a workbook, an XlsxReader of `sheet` (a name or a 1-based number; empty =
// the first sheet). `sheet` given for a CSV file is a usage error.
std::unique_ptr<RecordSource> open_records(const std::string& path, const CsvOptions& csv, const std::string& sheet);

}  // namespace ankieta::survey
