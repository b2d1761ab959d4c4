// A report laid out for reading: sections of tables whose cells keep their numbers (fractions for
// percentages, as in the JSON contract) with the kind of number they are, so that each writer can
// format them its own way (HTML and Markdown as text in the report's language, XLSX as numbers
// with a number format). Labels are already in the report's language. Built by build_report()
// from the tables of analysis/tables.hpp; rendered by the writers of writer.hpp.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "ankieta/survey/questionnaire.hpp"

namespace ankieta::report {

enum class CellKind {
  empty,
  text,
  count,    // a whole number (unweighted n)
  number,   // a decimal number: weighted totals, means, deff; `decimals` places
  percent,  // a fraction shown as a percentage with `decimals` places
};

struct Cell {
  CellKind kind = CellKind::empty;
  std::string text;  // text cells
  double value = std::numeric_limits<double>::quiet_NaN();
  int decimals = 1;
  std::string letters;      // significance letters after the number
  bool small_base = false;  // effective base below the report's threshold: read with caution

  static Cell of_text(std::string text) {
    Cell cell;
    cell.kind = CellKind::text;
    cell.text = std::move(text);
    return cell;
  }
  static Cell of_count(double n) {
    Cell cell;
    cell.kind = CellKind::count;
    cell.value = n;
    cell.decimals = 0;
    return cell;
  }
  static Cell of_number(double value, int decimals) {
    Cell cell;
    cell.kind = std::isfinite(value) ? CellKind::number : CellKind::empty;
    cell.value = value;
    cell.decimals = decimals;
    return cell;
  }
  static Cell of_percent(double fraction, int decimals = 1) {
    Cell cell;
    cell.kind = std::isfinite(fraction) ? CellKind::percent : CellKind::empty;
    cell.value = fraction;
    cell.decimals = decimals;
    return cell;
  }
};

enum class RowRole { body, base, apart };  // categories; bases and totals; missing codes kept apart

struct Row {
  std::vector<Cell> cells;
  RowRole role = RowRole::body;
};

// A header cell spanning `span` columns above the column headers (a banner's column variables).
struct HeaderGroup {
  std::string label;
  int span = 1;
};

struct Chart {
  enum class Kind { none, bar, stacked, dot } kind = Kind::none;
  // bar and dot: one value per category, with its confidence interval (NaN bounds: none drawn).
  // stacked: one bar per category (a grid item, a banner column), segments per series.
  std::vector<std::string> categories;
  std::vector<std::string> series;             // stacked only
  std::vector<std::vector<double>> values;     // [category][series] (bar/dot: one series), fractions
  std::vector<double> lower, upper;            // bar/dot: per category
  bool percent = true;                         // values are fractions (else raw numbers, e.g. means)
  std::string axis_label;
};

struct Table {
  std::string id;       // anchor: "t1", "t2", ...
  int number = 0;       // 1-based across the report
  std::string title;
  std::string subtitle; // the question text, the banner's variables
  std::string base_text;  // "Base: firms that answered (n = 293)"
  std::vector<HeaderGroup> header_groups;  // empty: no group row
  std::vector<std::string> header;
  std::vector<Row> rows;
  std::vector<std::string> notes;
  Chart chart;
};

// A paragraph of running text, or a table (the methodology's strata, e.g.).
struct Block {
  std::string heading;  // optional subheading before the block
  std::vector<std::string> paragraphs;
  std::vector<std::string> bullets;
  bool has_table = false;
  Table table;
};

struct Section {
  std::string id;     // anchor: "s1", ...
  std::string title;
  std::vector<Block> text;   // before the tables (intro, methodology)
  std::vector<Table> tables;
};

struct Document {
  survey::Language language = survey::Language::pl;
  std::string title;
  std::string subtitle;
  std::string author;
  std::string questionnaire_title;
  std::string date;        // ISO date the report was built
  std::string version;     // ankieta version
  std::string database;    // file name of the survey database
  std::vector<std::string> title_facts;  // short lines under the title ("n = 300 firms", ...)
  std::vector<Section> sections;         // the methodology first
};

// Words of the report's chrome in its language ("Contents", "Table", "Base", ...).
const char* word(survey::Language language, const char* english);

// A number as text in the report's language: "12.3" / "12,3", thousands separated by a thin space
// in Polish ("1 562,2") and a comma in English ("1,562.2"); "" for NaN.
std::string format_number(double value, int decimals, survey::Language language);
// The cell's number with its % sign where it is a percent ("12,3%"), without letters.
std::string format_cell(const Cell& cell, survey::Language language);

}  // namespace ankieta::report
