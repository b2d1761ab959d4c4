// Tables computed once, rendered many times. Each function here runs the estimators for one table
// (a frequency table, a multiple-response table, a grid, a banner crosstab, a table of means) on
// the columns of an AnalysisData and returns a plain result: numbers, bases, flags and the
// questionnaire elements they belong to. Results are language-neutral: labels are looked up in the
// questionnaire by whoever renders them (the CLI's text/csv/md/json, the report's HTML, XLSX and
// Markdown), so one computation serves every format.
//
// Domains: `where` is a mask over the rows of `data` (1 = in; empty = every row), normally
// data.domain() or that combined with a report table's own filter. Each function adds the base
// rule of PRODUCT.md itself: a filtered question's table uses those asked. Rows outside a domain
// stay in the design, so standard errors are those of domains of the full design.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ankieta/analysis/analysis_data.hpp"
#include "ankieta/analysis/confidence_interval.hpp"
#include "ankieta/analysis/crosstab.hpp"
#include "ankieta/analysis/disclosure.hpp"
#include "ankieta/analysis/estimators.hpp"
#include "ankieta/analysis/frequency.hpp"
#include "ankieta/analysis/means_by.hpp"
#include "ankieta/analysis/quantile.hpp"

namespace ankieta::analysis {

using RowMask = std::vector<std::uint8_t>;

struct TableOptions {
  double ci_level = 0.95;
  CiMethod ci_method = CiMethod::logit;  // proportion intervals (R svyciprop)
  double small_base = 30;                // effective base (Kish) below which an estimate is flagged
};

// The small-base rule, in one place: an estimate is flagged when the effective (Kish) base of its
// denominator is below options.small_base - the valid base of a frequency table, the column (row)
// base of a column (row) percentage, the table base of a cell percentage, the group of a mean -
// never the category's own count (a 5% share of 200 firms is not a small base).
bool is_small_base(double n_eff, int n, const TableOptions& options);

// Rows in the `where` domain that hold no valid answer, kept apart from the valid base.
struct ApartCounts {
  std::vector<std::int64_t> missing_n;  // per declared missing code, in the variable's order
  std::vector<double> missing_total;    // weighted
  std::int64_t blank_n = 0;
  double blank_total = 0;
  std::int64_t not_asked_n = 0;         // filtered out by the question's ask_if
  double not_asked_total = 0;
  std::int64_t not_in_wave_n = 0;       // in a wave that does not ask the question (`waves:`)
  double not_in_wave_total = 0;
  std::int64_t all_n = 0;               // everyone in the `where` domain
  double all_total = 0;
};

// One-way table of a categorical variable (single choice, scale, a grid item or a multi item).
// A net (nets.hpp): several answers of a variable as one row, estimated as its own domain share.
struct Net {
  survey::Text label;
  std::vector<int> values;  // value indices of its answers (valid options)
};

struct FrequencyNet {
  Net net;
  FrequencyRow estimate;  // category_idx -1: n, total, prop with their SEs, interval, deff
  bool small_base = false;
  CellMark mark;          // disclosure control: withheld with any of its answers
};

struct BannerNet {
  Net net;
  // Per block: one cell per column (row_idx 0) with its letters against the block's columns.
  struct Block {
    std::vector<CrosstabCell> cells;
    std::vector<std::string> letters;
    std::vector<CellMark> marks;  // per column (disclosure control)
  };
  std::vector<Block> blocks;
  CrosstabMargin total;  // the first block's row margin: the banner's total column
  CellMark total_mark;
};

struct FrequencyResult {
  const survey::Variable* variable = nullptr;
  const survey::Question* question = nullptr;
  FrequencyTable table;             // one row per category (options), base of valid answers
  std::vector<bool> small_base;     // per row of table.rows: the valid base's n_eff is small (is_small_base)
  bool any_small_base = false;
  ApartCounts apart;
  // Disclosure control (table_protection.hpp): per row of table.rows when applied, else empty.
  std::vector<CellMark> marks;
  ProtectionSummary protection;
  std::vector<FrequencyNet> nets;  // nets.hpp add_frequency_nets()
};

// One option of a multi question: share of respondents mentioning it and share of all mentions.
struct MultipleResponseItem {
  const survey::Variable* variable = nullptr;  // the option's 0/1 variable
  std::size_t option_idx = 0;                  // into question->options
  int n = 0;                                   // respondents mentioning it (unweighted)
  MeanEstimate share;                          // mean of the 0/1 indicator over the base
  Interval ci;                                 // of share.mean, TableOptions::ci_method
  RatioEstimate of_responses;                  // mentions of the option / all mentions
  bool small_base = false;
  CellMark mark;                               // disclosure control (table_protection.hpp)
};

// A net of a multiple-response question (nets.hpp): the share of respondents who mention any of
// its options ("any barrier").
struct MultipleResponseNet {
  Net net;                // values: option indices
  int n = 0;              // respondents mentioning any of them
  MeanEstimate share;     // mean of the 0/1 "any of them" over the question's base
  Interval ci;
  CellMark mark;          // disclosure control: withheld with any of its options
};

struct MultipleResponseResult {
  const survey::Question* question = nullptr;
  std::vector<MultipleResponseItem> items;  // in option order
  // Over the base (respondents in the domain who answered at least one item): n, weight_sum, and
  // mean = mentions per respondent.
  MeanEstimate mentions;
  ProtectionSummary protection;  // disclosure control (table_protection.hpp)
  std::vector<MultipleResponseNet> nets;  // nets.hpp add_multiple_response_nets()
};

struct GridItemResult {
  const survey::Variable* variable = nullptr;
  std::size_t item_idx = 0;  // into question->items
  FrequencyTable table;      // percentages of those who rated the item (missing codes left out)
  MeanEstimate mean;         // of the options' scores
  std::vector<CellMark> marks;  // disclosure control: per row of table.rows, then the base (empty: none)
};

struct GridResult {
  const survey::Question* question = nullptr;
  std::vector<GridItemResult> items;
  ProtectionSummary protection;  // disclosure control (table_protection.hpp)
};

struct BannerOptions {
  TableOptions table;
  double sig_level = 0.05;  // of the column-proportion tests
  bool bonferroni = false;
};

// One column variable of a banner: its crosstab with the row variable.
struct BannerBlock {
  const survey::Variable* variable = nullptr;
  Crosstab table;
  int letter_offset = 0;  // letters run on across the banner: this block's column 0 has this letter
  // Per cell (row * n_cols + col): the letters of this block's columns whose column percentage in
  // the row is significantly lower than this cell's.
  std::vector<std::string> letters;
  // Effective (Kish) bases and is_small_base flags of the denominators: each column's (of its
  // column percentages), each row's (row percentages) and the table's (cell percentages).
  std::vector<double> col_n_eff, row_n_eff;
  std::vector<bool> col_small_base, row_small_base;
  double n_eff = 0;
  bool small_base = false;
  std::string letter(int col_idx) const { return column_letter(letter_offset + col_idx); }
  const std::string& letters_at(int row_idx, int col_idx) const {
    return letters[static_cast<std::size_t>(row_idx * table.n_cols + col_idx)];
  }
  // Disclosure control (table_protection.hpp), empty when not applied: the marks of the block as a
  // grid of (n_rows + 1) x (n_cols + 1), row-major; row n_rows holds the column bases, column
  // n_cols the row margins (the banner's total column), the corner the block's base.
  std::vector<CellMark> marks;
  const CellMark& mark_at(int row_idx, int col_idx) const {
    static const CellMark none;
    return marks.empty() ? none : marks[static_cast<std::size_t>(row_idx * (table.n_cols + 1) + col_idx)];
  }
};

// A row variable against several column variables. The total column is the row margin of the
// first block (the base of those who answered the row and the first column variable).
struct BannerResult {
  const survey::Variable* row_variable = nullptr;
  int n_rows = 0;
  std::vector<BannerBlock> blocks;
  BannerOptions options;
  DomainDegrees degrees;  // of the domain: each block's table.df (letters) and test_df (tests)
  ProtectionSummary protection;  // disclosure control (table_protection.hpp)
  std::vector<BannerNet> nets;   // nets.hpp add_banner_nets()
};

// A multi question against column variables: for every option and column, the share of the
// column's respondents (those who answered the question) who mention the option. Each share is
// the domain mean of the option's 0/1 item (R svyby(~item, ~column, design, svymean) over the
// base), and the letters come from the design-based t tests of the differences between columns,
// as in a crosstab. No test of independence: the options are not exclusive.
struct MultipleResponseBannerBlock {
  const survey::Variable* variable = nullptr;  // the column variable
  int letter_offset = 0;
  std::vector<MeansByGroup> items;  // per option (question order), over the column's categories
  std::vector<int> base_n;          // per column: respondents in the base
  std::vector<double> col_n_eff;    // per column: their Kish effective base
  std::vector<bool> col_small_base; // per column: is_small_base (every share of the column)
  std::vector<int> mentions_n;      // per option * n_cols + column: respondents mentioning it
  // Per option * n_cols + column: letters of the columns whose share is significantly lower,
  // lettered across the banner (letters) or within this block alone (block_letters, as a
  // crosstab's cells).
  std::vector<std::string> letters;
  std::vector<std::string> block_letters;
  std::vector<CellMark> marks;  // disclosure control: per option * n_cols + column (empty: none)
  // Nets (nets.hpp, add_multiple_response_banner_nets), as the options: per net over the columns,
  // and per net * n_cols + column its mentions, letters and mark.
  std::vector<MeansByGroup> net_items;
  std::vector<int> net_mentions_n;
  std::vector<std::string> net_letters, net_block_letters;
  std::vector<CellMark> net_marks;
  int n_cols() const { return static_cast<int>(base_n.size()); }
  std::string letter(int col_idx) const { return column_letter(letter_offset + col_idx); }
  // The share of one option in one column; nullptr for a column without respondents.
  const GroupMean* share(std::size_t option_idx, int col_idx) const;
};

struct MultipleResponseBannerResult {
  MultipleResponseResult total;  // the whole base: the total column
  std::vector<MultipleResponseBannerBlock> blocks;
  BannerOptions options;
};

// The columns each column beats in a banner of shares (pairwise design-based t tests at `alpha`):
// [higher column] -> the lower ones, sorted. A multiple-response banner's letters.
std::vector<std::vector<int>> beaten_columns(const MeansByGroup& by_group, int n_cols, double alpha);
// The column tests' level of a multiple-response block: Bonferroni-divided by its column pairs.
double block_alpha(const MultipleResponseBannerBlock& block, const BannerOptions& options);

struct MeansRow {
  const survey::Variable* variable = nullptr;
  int group_idx = -1;  // value index of the `by` variable; -1 without `by`
  MeanEstimate estimate;
  bool small_base = false;
  CellMark mark;  // disclosure control (table_protection.hpp)
  std::vector<QuantileEstimate> quantiles;
  // Scale and grid items with at least three scored options: the share of the options scored
  // highest and lowest among scored answers (score_boxes; means of 0/1 indicators, so with design
  // SEs).
  bool has_boxes = false;
  MeanEstimate top_box;
  MeanEstimate bottom_box;
};

// svyratio(numerator, denominator) overall or per group of `by`.
struct RatioRow {
  const survey::Variable* numerator = nullptr;
  const survey::Variable* denominator = nullptr;
  int group_idx = -1;
  RatioEstimate estimate;
};

struct MeansTest {
  const survey::Variable* variable = nullptr;
  MeansByGroup by_group;  // pairwise differences and the Wald test of equal means
};

struct MeansResult {
  const survey::Variable* by = nullptr;  // null: one row per variable over everyone
  std::vector<MeansRow> rows;            // variable-major, then group
  std::vector<MeansTest> tests;          // with `by` only, one per variable
  std::vector<double> probabilities;     // quantiles asked for
  bool any_small_base = false;
  double df = 0;  // of the intervals, differences and equality F: R degf(subset(design, where))
  ProtectionSummary protection;  // disclosure control (table_protection.hpp)
};

// Top-2 and bottom-2 boxes of a scale or grid item, by the options' scores (not their codes or
// order): an option is in the top box when fewer than two scored options score higher, in the
// bottom box when fewer than two score lower, so ties at the boundary all count. Per valid option
// (value index below first_missing_value); options without a score are in neither box and, as in
// means, outside the boxes' base. `defined` is false for fewer than three scored options or when
// a box would hold every scored option.
struct ScoreBoxes {
  bool defined = false;
  std::vector<bool> top;
  std::vector<bool> bottom;
};
ScoreBoxes score_boxes(const survey::Variable& variable);

// `a` and `b` (empty = all rows).
RowMask intersect(const RowMask& a, const RowMask& b);

// Numbers a mean is taken of: a numeric variable's values (declared missing codes as NaN) or the
// scores of a scale or grid item's options (missing codes and blanks NaN).
std::vector<double> mean_values(const survey::Questionnaire& questionnaire, const survey::Column& column);
// Category per row: the option index, or -1 for a blank, a declared missing code (outside the
// valid base) or a row outside the table.
std::vector<std::int32_t> valid_categories(const survey::Column& column);
// Numeric, scale and grid items can be averaged.
bool has_scores(const survey::Questionnaire& questionnaire, const survey::Variable& variable);

// Every function below throws Error(usage) for a variable of the wrong kind, naming it.
FrequencyResult compute_frequency(const AnalysisData& data, const std::string& variable, const RowMask& where,
                                  const TableOptions& options);
MultipleResponseResult compute_multiple_response(const AnalysisData& data, const survey::Question& question,
                                                 const RowMask& where, const TableOptions& options);
GridResult compute_grid(const AnalysisData& data, const survey::Question& question, const RowMask& where,
                        const TableOptions& options);
BannerResult compute_banner(const AnalysisData& data, const std::string& row_variable,
                            const std::vector<std::string>& by, const RowMask& where, const BannerOptions& options);
MultipleResponseBannerResult compute_multiple_response_banner(const AnalysisData& data, const survey::Question& question,
                                                              const std::vector<std::string>& by, const RowMask& where,
                                                              const BannerOptions& options);
MeansResult compute_means(const AnalysisData& data, const std::vector<std::string>& variables, const std::string& by,
                          const std::vector<double>& probabilities, const RowMask& where, const TableOptions& options);

// Ratios of totals of numeric variables (declared missing codes left out), each pair overall or per
// category of `by` (domains of the full design).
std::vector<RatioRow> compute_ratios(const AnalysisData& data, const std::vector<std::pair<std::string, std::string>>& pairs,
                                     const std::string& by, const RowMask& where, const TableOptions& options);

// The stored variables of a multi or grid question, in option or item order.
std::vector<std::string> variables_of_question(const survey::Questionnaire& questionnaire, const survey::Question& question);

}  // namespace ankieta::analysis
