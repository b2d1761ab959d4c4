// Two-way tables with design-based standard errors, computed from one pass over the rows that
// accumulates each cell's weighted count per variance unit (Lumley 2010 §2.3, ch. 6):
// cell totals (R svytable / svytotal), cell proportions (R svymean of the interaction), row and
// column proportions as domain means (R svyby(~col, ~row, svymean) and svyby(~row, ~col,
// svymean)), the svychisq tests, and column-proportion tests with significance letters.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "ankieta/analysis/design.hpp"
#include "ankieta/analysis/table_tests.hpp"

namespace ankieta::analysis {

struct CrosstabOptions {
  double level = 0.95;
  // Degrees of freedom for the column-proportion t tests; NaN = the design's df.
  double df = std::numeric_limits<double>::quiet_NaN();
  // svychisq's nu and N for the design-based tests (Design::domain_degrees); NaN = PSUs minus
  // strata and rows among the domain's rows.
  double test_df = std::numeric_limits<double>::quiet_NaN();
  double test_rows = std::numeric_limits<double>::quiet_NaN();
  double column_test_alpha = 0.05;
  bool bonferroni = false;  // divide alpha by the number of column pairs
};

struct CrosstabCell {
  int row_idx = 0;
  int col_idx = 0;
  int n = 0;                 // unweighted rows
  double total = 0.0;        // weighted count
  double total_se = 0.0;
  double prop = 0.0;         // share of the table total
  double prop_se = 0.0;
  double row_prop = 0.0;     // share of its row's total
  double row_prop_se = 0.0;
  double col_prop = 0.0;     // share of its column's total
  double col_prop_se = 0.0;
  // Letters of the columns whose col_prop in this row is significantly lower than this one's
  // (column 0 = "A", 1 = "B", ...).
  std::string letters;
};

struct CrosstabMargin {
  int category_idx = 0;
  int n = 0;
  double total = 0.0;
  double total_se = 0.0;
  double prop = 0.0;
  double prop_se = 0.0;
};

// Difference of col_prop between two columns within one row, with the design covariance of the
// two domain proportions: t = (p_a - p_b) / sqrt(V_aa + V_bb - 2 V_ab) on the design df.
struct ColumnComparison {
  int row_idx = 0;
  int col_a = 0;
  int col_b = 0;
  double difference = 0.0;  // col_prop(row, a) - col_prop(row, b)
  double se = 0.0;
  double t = 0.0;
  double p = 0.0;
  bool significant = false;
};

struct Crosstab {
  int n_rows = 0;
  int n_cols = 0;
  int n = 0;                 // rows in the valid base (both variables answered, in the domain)
  double total = 0.0;
  double total_se = 0.0;
  std::vector<CrosstabCell> cells;  // row-major: cell(row, col) = cells[row * n_cols + col]
  std::vector<CrosstabMargin> row_margins;
  std::vector<CrosstabMargin> col_margins;
  // svychisq F and Chisq (Rao-Scott), Wald, adjWald, and Pearson on unweighted counts, over
  // the rows and columns with at least one observation; empty when fewer than 2 of either.
  std::vector<TableTest> tests;
  // True when the design-based tests (Rao-Scott, Wald) are not computed, and why: more than
  // kMaxDesignTestDegrees degrees of freedom, or a covariance too large for memory. The classic
  // tests still are.
  bool tests_skipped = false;
  std::string tests_skipped_reason;
  RaoScott rao_scott;        // the internals behind the first two tests
  double cramers_v = std::numeric_limits<double>::quiet_NaN();
  std::vector<ColumnComparison> column_tests;
  double df = 0.0;           // of the column tests
  double test_df = 0.0;      // R svychisq's nu behind the design-based tests' df
  // Covariances of the cell totals and cell proportions in R's cell order (row fastest):
  // cell = row + n_rows * col. Computed for the design-based tests only: empty when those are
  // skipped or the table has fewer than two observed rows or columns.
  Eigen::MatrixXd total_vcov;
  Eigen::MatrixXd prop_vcov;
  // For each row, the covariance (n_cols x n_cols) of its cells' column proportions: the
  // column-proportion tests' variances.
  std::vector<Eigen::MatrixXd> col_prop_row_vcov;

  const CrosstabCell& cell(int row, int col) const {
    return cells[static_cast<std::size_t>(row * n_cols + col)];
  }
};

// Above this many degrees of freedom, (r-1)(c-1) over the observed rows and columns, a crosstab
// leaves out the design-based tests of independence.
inline constexpr std::size_t kMaxDesignTestDegrees = 400;

// The design-based tests hold every cell's score sums for every variance unit at once; above
// this many values (8 bytes each) they are left out rather than risk running out of memory.
inline constexpr double kMaxDesignTestValues = 268435456.0;  // 2 GiB of doubles

// row_category / col_category: 0..n-1 per row, -1 = no valid answer (outside the base).
Crosstab crosstab(const Design& design, std::span<const std::int32_t> row_category, int n_rows,
                  std::span<const std::int32_t> col_category, int n_cols, DomainMask domain = {},
                  const CrosstabOptions& options = {});

// "A", "B", ..., "Z", "AA", "AB", ... for column 0, 1, ...
std::string column_letter(int col_idx);

}  // namespace ankieta::analysis
