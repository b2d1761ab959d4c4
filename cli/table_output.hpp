// How the analysis commands write their tables: the --format choice (the formats themselves are the
// modules of report/table_format.hpp) and the output file.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cli.hpp"

namespace ankieta::cli {

enum class OutputFormat { text, csv, md, json, html, xlsx };
OutputFormat parse_output_format(std::string_view name);
std::string_view to_string(OutputFormat format);

// --decimals N (the tidy CSV's rounding) and --chart FILE.svg, for the commands that write tables.
void add_table_output_options(po::options_description& options);
std::optional<int> read_decimals(const po::variables_map& values);
// The --chart path ("" when absent), claimed as an output before the database is opened, so that a
// chart over the database or an input is refused (survey/output_file.hpp); Error(usage) unless it
// ends in .svg.
std::string read_chart_path(const po::variables_map& values);

// Writes `text` to `path` (or stdout when empty or "-") through survey::OutputFile: never over the
// database or an input, never half-written; throws Error(cannot_create) naming the file.
void write_output(const std::string& text, const std::string& path);

}  // namespace ankieta::cli
