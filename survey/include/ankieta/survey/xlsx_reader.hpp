// Reads one worksheet of an Excel workbook (.xlsx, Office Open XML) as records of text fields, so
// the importer treats a workbook typed from paper forms exactly as a CSV file. Values come as the
// workbook stores them, never as a locale displays them: numbers as the stored decimal text
// ("1234.5", whatever the user's separators), cells formatted as dates as YYYY-MM-DD (with
// " HH:MM:SS" when the format shows a time), booleans as 1 or 0, strings as their text. A cell
// holding a formula gives its last computed value; an error value (#N/A, #DIV/0!) is refused with
// its cell reference. The sheet is streamed: memory stays bounded by one row and the workbook's
// shared strings, whatever the number of rows.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ankieta/survey/record_source.hpp"

namespace ankieta::survey {

class XlsxReader : public RecordSource {
 public:
  // Opens the worksheet `sheet` (its name, or its 1-based position; empty = the first) of the
  // workbook at `path`. Throws Error(missing_input) when the file cannot be opened, Error(data)
  // when it is not a workbook (with what it is instead: an old .xls, a password-protected file),
  // Error(usage) naming the sheets when `sheet` is not one of them.
  XlsxReader(const std::string& path, const std::string& sheet);
  ~XlsxReader() override;

  // One record per worksheet row that has cells, padded with empty fields to the header's width;
  // rows the workbook leaves out (never typed in) are skipped, as CSV skips empty lines.
  bool next(std::vector<std::string_view>& fields) override;
  std::int64_t record_line() const override;  // the worksheet row number
  char delimiter() const override { return ','; }
  bool rejects_in_input_encoding() const override { return false; }
  std::uint64_t bytes_consumed() const override;
  std::uint64_t file_size() const override;

  // The name of the sheet being read, for messages ("sheet 'Arkusz1'").
  const std::string& sheet_name() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "C" for column index 2 (0-based), "AA" for 26: the worksheet's column letters.
std::string column_letters(std::size_t column_idx);

// An Excel serial date-time (days since 1899-12-30, or since 1904-01-01 in the 1904 system) as
// "YYYY-MM-DD", or "YYYY-MM-DD HH:MM:SS" when `with_time`. Serial 60 of the 1900 system, the
// 29 February 1900 that Excel counts but that never was, is refused (nothing returned).
std::optional<std::string> excel_serial_to_iso(double serial, bool date1904, bool with_time);

// Whether an Excel number format code shows a date ("dd.mm.yyyy", "yyyy\-mm\-dd;@") and whether
// it shows a time: the letters y, m, d, h, s outside quoted text, escapes and [colour] brackets.
struct DateFormat {
  bool date = false;
  bool time = false;
};
DateFormat classify_number_format(std::string_view code);

}  // namespace ankieta::survey
