// The one table document model of every output: tables whose cells keep their numbers (fractions
// for percentages, as in the JSON contract) with the kind of number they are, so that each writer
// formats them its own way (the terminal as plain text, HTML and Markdown reports as text in the
// report's language, XLSX as numbers with a number format, the tidy CSV as numbers in full
// precision). Labels are already in the output's language. Tables are laid out by the functions of
// layouts.hpp (terminal commands) and build_report() (reports); a report is a Document of them,
// rendered by the writers of writer.hpp; a command's tables by the formats of table_format.hpp.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "ankieta/report/translate.hpp"
#include "ankieta/survey/questionnaire.hpp"

namespace ankieta::report {

enum class CellKind {
  empty,
  text,
  count,    // a whole number (unweighted n)
  number,   // a decimal number: weighted totals, means, deff; `decimals` places
  percent,  // a fraction shown as a percentage with `decimals` places
  flag,     // a yes/no mark: "!" when `value` is 1 (a small base), nothing when 0
};

struct Cell {
  CellKind kind = CellKind::empty;
  std::string text;  // text cells
  double value = std::numeric_limits<double>::quiet_NaN();
  int decimals = 1;
  std::string letters;      // significance letters after the number
  bool small_base = false;  // effective base below the report's threshold: read with caution
  // A pair of numbers of the same kind shown as one cell ("12.3–45.6", a confidence interval):
  // `value` and `second`, joined by `joiner` on screen, two columns in the tidy CSV.
  double second = std::numeric_limits<double>::quiet_NaN();
  std::string joiner;
  // Disclosure control (analysis/table_protection.hpp): why the cell's numbers are withheld
  // ("threshold", "dominance", "p%", "secondary", "unreliable"; shown as `#`, its numbers NaN) and
  // its reliability flag ("caution", "complement", "review"; a mark after the number).
  std::string suppressed;
  std::string reliability;

  bool is_pair() const { return !joiner.empty(); }
  bool withheld() const { return !suppressed.empty(); }

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
  static Cell of_flag(bool set) {
    Cell cell;
    cell.kind = CellKind::flag;
    cell.value = set ? 1 : 0;
    cell.decimals = 0;
    return cell;
  }
  // Two percentages or two numbers as one cell; kept even when a bound is NaN (shown empty).
  static Cell of_pair(CellKind kind, double first, double second, int decimals, std::string joiner = "–") {
    Cell cell;
    cell.kind = kind;
    cell.value = first;
    cell.second = second;
    cell.decimals = decimals;
    cell.joiner = std::move(joiner);
    return cell;
  }
};

// categories; nets (several categories together, analysis/nets.hpp); bases and totals; missing
// codes kept apart.
enum class RowRole { body, net, base, apart };

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

// What a column is to the writers that need more than its heading. `key` names it in the tidy CSV
// (unique within the table, language-independent: "prop_se", "ci_lower"); a pair column's second
// number goes under `second_key`, its letters under `key` + "_letters", its flags under `key` +
// "_small_base". `use` keeps a column to the screen (a text summary such as "q25=3 q50=5") or to
// the data (the same numbers one per column).
enum class ColumnUse { both, display, data };

struct Column {
  std::string key;
  std::string second_key;
  bool right_aligned = true;
  ColumnUse use = ColumnUse::both;
  bool letters = false;  // its cells may carry significance letters: a `_letters` column in the CSV
  bool flagged = false;  // its cells may be flagged for a small base: a `_small_base` column
  // Its cells may be withheld or flagged by disclosure control: `_suppressed` and `_reliability`
  // columns holding the reason and the flag.
  bool disclosed = false;

  static Column text(std::string key) { return make(std::move(key), "", false); }
  static Column number(std::string key) { return make(std::move(key), "", true); }
  static Column pair(std::string key, std::string second_key) { return make(std::move(key), std::move(second_key), true); }
  Column only(ColumnUse where) const {
    Column column = *this;
    column.use = where;
    return column;
  }

 private:
  static Column make(std::string key, std::string second_key, bool right) {
    Column column;
    column.key = std::move(key);
    column.second_key = std::move(second_key);
    column.right_aligned = right;
    return column;
  }
};

struct Table {
  std::string kind;     // "freq", "multi", "grid", "crosstab", "means", "ratios": the JSON kind
  std::string name;     // what the table is of ("q04_exporter", "q18 x size_class"): the tidy CSV's `table`
  std::string id;       // anchor: "t1", "t2", ...
  int number = 0;       // 1-based across the report
  std::string title;
  std::string subtitle; // the question text, the banner's variables
  std::string base_text;  // "Base: firms that answered (n = 293)"
  std::vector<HeaderGroup> header_groups;  // empty: no group row
  std::vector<std::string> header;
  std::vector<Column> columns;  // per header column; empty: keys from the header, first column text
  std::vector<Row> rows;
  std::vector<std::string> notes;
  Chart chart;
  // The table as objects of the JSON contract (PRODUCT.md), written by its layout: usually one, a
  // banner one per column variable. Empty for tables that have no JSON form (a report's).
  std::vector<std::string> json;
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


// A number as text in the report's language: "12.3" / "12,3", thousands separated by a thin space
// in Polish ("1 562,2") and a comma in English ("1,562.2"); "" for NaN.
std::string format_number(double value, int decimals, survey::Language language);
// The cell's number with its % sign where it is a percent ("12,3%") and its reliability mark,
// without letters; `#` for a withheld cell.
std::string format_cell(const Cell& cell, survey::Language language);

// The mark after a flagged number on screen and in reports: "*" caution, "^" complement (the
// complementary proportion is unreliable), "?" review; "" for none. The withheld mark is "#".
const char* reliability_mark(const std::string& flag);
inline constexpr const char* kWithheldMark = "#";

}  // namespace ankieta::report
