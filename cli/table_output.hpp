// Tables for people: one structure rendered as aligned text (terminal), CSV or Markdown. Each
// format is one function behind render_table(), so a new format touches one place. JSON output is
// written per command (json_writer.hpp) because its shape is a contract of its own.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace ankieta::cli {

enum class OutputFormat { text, csv, md, json };
OutputFormat parse_output_format(std::string_view name);

struct TextTable {
  std::string title;
  std::string subtitle;                // e.g. the question text
  std::vector<std::string> header;
  std::vector<bool> right_aligned;     // per column; numbers are right-aligned
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> separators_before;  // rows before which a rule is drawn (text, md)
  std::vector<std::string> notes;      // bases, method, flags: printed under the table
};

std::string render_table(const TextTable& table, OutputFormat format);

// Writes `text` to `path` (or stdout when empty or "-") through survey::OutputFile: never over the
// database or an input, never half-written; throws Error(cannot_create) naming the file.
void write_output(const std::string& text, const std::string& path);

}  // namespace ankieta::cli
