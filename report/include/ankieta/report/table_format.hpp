// The output formats of a command's tables, one module each behind one interface (as ReadStat's
// output modules, and as writer.hpp for whole reports): a new format is one new file and one line
// in table_format(). Every format renders the same Tables of document.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ankieta/report/document.hpp"

namespace ankieta::report {

struct FormatOptions {
  // Tidy CSV: numbers rounded to this many decimal places; none = full precision (the shortest text
  // that reads back to the same double, as in the JSON). The screen formats keep each cell's own.
  std::optional<int> decimals;
  // The language of numbers where a format localises them (html: "12,3" in Polish); the terminal
  // formats always write "12.3".
  survey::Language language = survey::Language::pl;
};

class TableFormat {
 public:
  virtual ~TableFormat() = default;
  virtual std::string_view name() const = 0;  // as --format takes it: "text", "csv", "md", "json", "html", "xlsx"
  // The tables as one text, in order. A format that keeps tables apart (text, md) separates them
  // with a blank line; one that cannot (csv, json) says which table each row or object is.
  virtual std::string render(const std::vector<Table>& tables, const FormatOptions& options) const = 0;
  // The same into the file `path`, through survey::OutputFile (a temporary file renamed into place;
  // never over the database or an input); Error(cannot_create) naming the file. A binary format
  // (xlsx) writes here only, its render() is Error(usage).
  virtual void write(const std::vector<Table>& tables, const FormatOptions& options, const std::string& path) const;
};

const TableFormat& text_format();      // aligned columns for the terminal
const TableFormat& csv_format();       // tidy CSV: one value per cell (docs/output-formats.md)
const TableFormat& markdown_format();  // pipe tables
const TableFormat& json_format();      // the JSON contract of PRODUCT.md
const TableFormat& html_format();      // one self-contained page with the tables' charts
const TableFormat& xlsx_format();      // a workbook, one sheet of tidy typed columns per table

// The format named `name` ("markdown" is "md"); throws Error(usage) naming the choices for another.
const TableFormat& table_format(std::string_view name);

// What a writer needs to know of column `col` of `table`: its declared Column, or for a table that
// declares none (a report's) one made from the header: the heading as key, the first column text.
Column column_of(const Table& table, std::size_t col);

}  // namespace ankieta::report
