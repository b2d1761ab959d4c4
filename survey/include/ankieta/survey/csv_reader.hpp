// A streaming RFC 4180 CSV reader. Memory stays bounded by the longest record, whatever the size of
// the file. Accepts UTF-8 with or without a byte-order mark (a UTF-16 file is refused by name), or Windows-1250 (converted to UTF-8
// with iconv); detects the delimiter (',' ';' or tab) from the header line unless one is given.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ankieta/survey/record_source.hpp"

namespace ankieta::survey {

enum class CsvEncoding { utf8, cp1250 };

struct CsvOptions {
  char delimiter = 0;  // 0 = detect from the first line
  CsvEncoding encoding = CsvEncoding::utf8;
  // A longer record is refused (it is almost always an unclosed quote swallowing the rest of the
  // file); this bounds the reader's memory at about twice this value whatever the file's size.
  std::size_t max_record_bytes = std::size_t{256} << 20;
};

// Parses "utf-8"/"utf8"/"cp1250"/"windows-1250" (case-insensitive); throws usage Error otherwise.
CsvEncoding parse_encoding(std::string_view name);

class CsvReader : public RecordSource {
 public:
  // Opens `path`; throws Error(missing_input) naming the file when it cannot be opened.
  CsvReader(const std::string& path, CsvOptions options = {});
  ~CsvReader() override;
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into `fields` (views valid until the next call). Returns false at the
  // end of the file. A record that is a single empty line is skipped. Throws Error(data) with
  // "FILE:LINE:COLUMN: message" on an unterminated quoted field, a quote inside an unquoted field,
  // text after a closing quote, bytes that are not valid in the file's encoding, a NUL byte, a
  // byte-order mark anywhere but at the start, or a record longer than max_record_bytes.
  bool next(std::vector<std::string_view>& fields) override;

  char delimiter() const override;
  bool rejects_in_input_encoding() const override { return true; }
  const std::string& path() const;
  // Physical line (1-based) on which the last record returned by next() starts.
  std::int64_t record_line() const override;
  // Bytes of the input consumed so far and the file's size, for progress reporting.
  std::uint64_t bytes_consumed() const override;
  std::uint64_t file_size() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ankieta::survey
