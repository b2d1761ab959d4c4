// The rejects file of an import (--rejects FILE): the input's header and its rejected records as
// they were, plus a column with the reason, written through OutputFile. It is written in the
// input's encoding (UTF-8, with a byte-order mark if the input had one, or Windows-1250), with its
// delimiter and line ending, so that the fixed file imports with the same options as the original.
// A reason column the input already had (the rejects of a rejects file) is replaced, not repeated.
#pragma once

#include <iconv.h>

#include <string>
#include <string_view>
#include <vector>

#include "ankieta/survey/csv_reader.hpp"
#include "ankieta/survey/output_file.hpp"

namespace ankieta::survey {

class RejectsFile {
 public:
  // Creates the temporary file and writes the header (each field of `header`, then
  // `reason_column`). `input_path` is read for its byte-order mark and line ending. Throws
  // Error(cannot_create) for a protected path or one that cannot be created.
  RejectsFile(const std::string& path, const std::string& input_path, char delimiter, CsvEncoding encoding,
              const std::vector<std::string_view>& header, std::string_view reason_column);
  ~RejectsFile();
  RejectsFile(const RejectsFile&) = delete;
  RejectsFile& operator=(const RejectsFile&) = delete;

  // One rejected record: its fields (UTF-8, as the reader returned them) and the reason.
  void add(const std::vector<std::string_view>& fields, std::string_view reason);

  // Syncs the file without replacing anything (before the import commits: a rejects file that
  // cannot be written fails the import while the database is still unchanged).
  void close() { file_.close(); }
  // Renames it into place (after the commit).
  void commit() { file_.commit(); }

 private:
  void append_field(std::string_view utf8_field);
  void end_line();

  OutputFile file_;
  char delimiter_;
  CsvEncoding encoding_;
  std::string line_ending_ = "\n";
  iconv_t to_cp1250_ = reinterpret_cast<iconv_t>(-1);
  std::size_t old_reason_field_ = static_cast<std::size_t>(-1);  // the input's own reason column, if any
  bool first_field_ = true;
  std::string line_;      // the record being built, UTF-8
  std::string encoded_;   // the same in the file's encoding
};

// UTF-8 text as Windows-1250. The reader's own output always converts back exactly; a character
// Windows-1250 lacks (in a reason quoting the definition, say) becomes '?'.
std::string utf8_to_cp1250(iconv_t converter, std::string_view utf8);

}  // namespace ankieta::survey
