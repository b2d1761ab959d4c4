// Microdata writers: one module per file format behind one table (as ReadStat's rs_module_t), so a
// new format touches one source file and one line here. See docs/export.md for how labels and
// missing codes map in each format.
//
// Every writer creates (or replaces) the file at `path` and either writes it completely or removes
// it and throws: Error(cannot_create) naming the file when it cannot be created or written,
// Error(data) naming the variable when a value or name does not fit the format (a .dta variable
// name over 32 characters, a string over the format's width). Things the format cannot express but
// that do not stop the export (a fourth SPSS missing code, a non-integer Stata value label) are
// returned as warnings, one sentence each.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ankieta/export/dataset.hpp"

namespace ankieta::exports {

struct WriteResult {
  std::vector<std::string> files;     // every file written, the data file first
  std::vector<std::string> warnings;  // what the format could not represent
};

struct FormatModule {
  std::string_view name;       // as given to --format
  std::string_view extension;  // ".sav"
  std::string_view description;
  WriteResult (*write)(const Dataset& dataset, const std::string& path);
};

// sav, dta, csv.
const std::vector<FormatModule>& formats();
// Null for an unknown name.
const FormatModule* find_format(std::string_view name);
// The module whose extension `path` ends with (case-insensitive); null when none does.
const FormatModule* format_for_path(std::string_view path);

// SPSS system file (bytecode-compressed .sav, UTF-8) via ReadStat.
WriteResult write_sav(const Dataset& dataset, const std::string& path);
// Stata 14+ file (.dta format 118, UTF-8) via ReadStat.
WriteResult write_dta(const Dataset& dataset, const std::string& path);
// UTF-8 CSV (comma, header of variable names, codes as stored, blank for a blank answer) plus its
// codebook in Markdown next to it (codebook_path_for(path)).
WriteResult write_csv(const Dataset& dataset, const std::string& path);

// "data/firms.csv" -> "data/firms.codebook.md"; a path without the .csv extension gets
// ".codebook.md" appended.
std::string codebook_path_for(const std::string& csv_path);

}  // namespace ankieta::exports
