// The report specification (docs/report.md): a YAML file listing a report's sections and tables.
// Reading it checks the YAML and its keys; checking it against a questionnaire resolves every
// variable and question id and the kind of table each can give. Every problem is reported as
// "FILE:LINE:COLUMN: message", as the questionnaire loader does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ankieta/analysis/disclosure.hpp"
#include "ankieta/analysis/nets.hpp"
#include "ankieta/survey/questionnaire.hpp"

namespace ankieta::report {

// The statistics a table can show. Which apply depends on the kind of table.
enum class Statistic { n, total, percent, col, row, cell, se, ci, deff, mean };

enum class ChartKind { automatic, none, bar, stacked, dot };

// change: a variable over waves with the differences (layouts.hpp layout_change).
enum class TableKind { freq, crosstab, means, change };

struct TableSpec {
  TableKind kind = TableKind::freq;
  std::vector<std::string> variables;  // freq: one variable or question id; crosstab: the row; means: one or more
  std::vector<std::string> by;         // crosstab: the banner; means: at most one; [wave]: the waves side by side
  survey::Text title;                  // empty: the question's text
  std::string where;                   // the table's own domain, within the report's
  survey::SourcePosition where_position;
  std::vector<Statistic> statistics;   // empty: the defaults of the table kind
  ChartKind chart = ChartKind::automatic;
  bool sort_descending = false;        // multi: options by share of respondents, highest first
  int top = 0;                         // multi: only the first `top` options (0 = all)
  std::optional<std::int64_t> wave;    // freq, crosstab, means: the table's own wave (unset: the report's)
  std::vector<std::int64_t> waves;     // change: the waves compared (empty: every wave that asks the variable)
  std::vector<analysis::NetSpec> nets; // freq, crosstab of a single-choice or scale variable: nets.hpp
  survey::SourcePosition nets_position;
  survey::SourcePosition wave_position, waves_position;
  survey::SourcePosition position;     // of the table's entry
  survey::SourcePosition variable_position;  // of the freq/crosstab/means value
  std::vector<survey::SourcePosition> variable_positions;  // of each name in it
  survey::SourcePosition by_position;
  std::vector<survey::SourcePosition> by_positions;
};

struct SectionSpec {
  survey::Text title;
  survey::Text intro;
  std::vector<TableSpec> tables;
  survey::SourcePosition position;
};

struct ReportSpec {
  std::string path;
  survey::Text title;
  survey::Text subtitle;
  std::string author;                  // e.g. the organisation that publishes it
  survey::Language language = survey::Language::pl;
  // The weights: "" = the default (the most recent weight set, else the design weights),
  // "design" = the design weights, "unweighted", or a weight set's name or a numeric variable.
  std::string weights;
  survey::SourcePosition weights_position;
  std::string where;
  survey::SourcePosition where_position;
  std::optional<std::int64_t> wave;
  // Design choices, as the analysis commands' --strata, --clusters, --fpc, --lonely-psu and
  // --ci-method (docs/analysis.md); `report` options override them. Unset: the questionnaire's
  // design block; an empty list: none. lonely_psu and ci_method are checked when read ("" = fail
  // and logit, the defaults).
  std::optional<std::vector<std::string>> strata;
  std::optional<std::vector<std::string>> clusters;
  std::optional<std::vector<std::string>> fpc;
  survey::SourcePosition strata_position, clusters_position, fpc_position;
  std::string lonely_psu;
  std::string ci_method;
  double ci_level = 0.95;
  double sig_level = 0.05;
  double small_base = 30;
  // Disclosure control of every table (docs/disclosure.md): on by default with the statutory
  // rules; `disclosure: off` turns it off, and the report says so.
  analysis::DisclosureRules disclosure = default_report_rules();
  survey::SourcePosition holding_position;
  std::vector<SectionSpec> sections;

  static analysis::DisclosureRules default_report_rules() {
    analysis::DisclosureRules rules;
    rules.enabled = true;
    return rules;
  }
};

// Reads `path`. Throws Error(missing_input) when it cannot be read and Error(data) listing every
// problem (bad YAML, unknown keys, unknown table kinds, statistics or chart kinds, bad values).
ReportSpec load_report_spec(const std::string& path);
ReportSpec parse_report_spec(const std::string& text, const std::string& path);

// Checks the spec against a questionnaire: variables and question ids exist and suit their table
// (freq: single, scale, multi, grid or one of their variables; crosstab: categorical row and
// banner; means: numeric, scale or grid items), and the `where` expressions parse and name known
// variables. Throws Error(data) listing every problem as FILE:LINE:COLUMN.
void check_report_spec(const ReportSpec& spec, const survey::Questionnaire& questionnaire);

// `by: [wave]`: the waves side by side (when no variable is called wave).
bool by_wave(const TableSpec& table, const survey::Questionnaire& questionnaire);
// Whether a table is computed on the data of one wave (the report's or its own `wave:`), not on
// several waves (a change table, the waves side by side).
bool of_one_wave(const TableSpec& table, const survey::Questionnaire& questionnaire);

// Every stored variable the report's filters and the tables of one wave need (each once): those
// on the report's wave (`wave` unset) or on their own `wave:`, and the disclosure rules' holding.
std::vector<std::string> report_variables(const ReportSpec& spec, const survey::Questionnaire& questionnaire,
                                          std::optional<std::int64_t> wave = std::nullopt);

}  // namespace ankieta::report
