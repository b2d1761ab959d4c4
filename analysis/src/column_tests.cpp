// Column-proportion tests for banner tables: within each row, every pair of columns is compared
// with a design-based t test whose variance uses the covariance of the two domain proportions
// (both estimated from the same PSUs, so they are not independent), on the design df.
// Significance letters mark, in the higher cell, the columns it beats (as in market-research
// banner tables); Bonferroni divides alpha by the number of column pairs.
#include <algorithm>
#include <cmath>
#include <vector>

#include "column_tests.hpp"
#include "distributions.hpp"

namespace ankieta::analysis {

std::string column_letter(int col_idx) {
  std::string letters;
  int value = col_idx;
  do {
    letters.insert(letters.begin(), static_cast<char>('A' + value % 26));
    value = value / 26 - 1;
  } while (value >= 0);
  return letters;
}

namespace detail {

void add_column_tests(Crosstab& table, const std::vector<int>& used_cols,
                      const CrosstabOptions& options) {
  const int n_rows = table.n_rows;
  const auto m = static_cast<double>(used_cols.size());
  const double pairs = m * (m - 1) / 2;
  std::vector<std::vector<int>> beaten(table.cells.size());
  const double alpha =
      options.bonferroni && pairs > 0 ? options.column_test_alpha / pairs : options.column_test_alpha;
  for (int row = 0; row < n_rows; ++row) {
    for (std::size_t a = 0; a < used_cols.size(); ++a)
      for (std::size_t b = a + 1; b < used_cols.size(); ++b) {
        const int col_a = used_cols[a];
        const int col_b = used_cols[b];
        ColumnComparison test;
        test.row_idx = row;
        test.col_a = col_a;
        test.col_b = col_b;
        test.difference = table.cell(row, col_a).col_prop - table.cell(row, col_b).col_prop;
        const Eigen::MatrixXd& vcov = table.col_prop_row_vcov[static_cast<std::size_t>(row)];
        const double variance =
            vcov(col_a, col_a) + vcov(col_b, col_b) - 2 * vcov(col_a, col_b);
        test.se = std::sqrt(std::max(variance, 0.0));
        test.t = test.difference / test.se;
        test.p = test.se > 0 ? detail::t_two_sided_p(test.t, table.df) : std::nan("");
        test.significant = test.se > 0 && test.p < alpha;
        if (test.significant) {
          const int higher = test.difference > 0 ? col_a : col_b;
          const int lower = test.difference > 0 ? col_b : col_a;
          beaten[static_cast<std::size_t>(row * table.n_cols + higher)].push_back(lower);
        }
        table.column_tests.push_back(test);
      }
  }
  // Letters in column order within each cell.
  for (std::size_t cell = 0; cell < beaten.size(); ++cell) {
    std::sort(beaten[cell].begin(), beaten[cell].end());
    for (int col : beaten[cell]) table.cells[cell].letters += column_letter(col);
  }
}

}  // namespace detail

}  // namespace ankieta::analysis
