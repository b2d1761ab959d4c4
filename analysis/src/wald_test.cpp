// Design-based Wald tests of independence (R survey 4.1-1 svychisq, statistic "Wald" and
// "adjWald"; Koch, Freeman & Freeman 1975; Lumley 2010 §6.2.1). The deviations from
// independence Y_ij = T_ij - T_i. T_.j / T get their covariance by the delta method, then
// W = Y' V^-1 Y over the cells outside the first row and column.
#include "ankieta/analysis/table_tests.hpp"

#include <limits>
#include <vector>

#include <fmt/format.h>

#include "distributions.hpp"

namespace ankieta::analysis {

TableTest wald_independence(const Eigen::VectorXd& cell_totals, const Eigen::MatrixXd& total_vcov,
                            int n_rows, int n_cols, double design_df, bool adjusted) {
  const int n_cells = n_rows * n_cols;
  Eigen::VectorXd row_total = Eigen::VectorXd::Zero(n_rows);
  Eigen::VectorXd col_total = Eigen::VectorXd::Zero(n_cols);
  for (int col = 0; col < n_cols; ++col)
    for (int row = 0; row < n_rows; ++row) {
      row_total(row) += cell_totals(row + n_rows * col);
      col_total(col) += cell_totals(row + n_rows * col);
    }
  const double total = cell_totals.sum();

  // dY_ij / dT_kl = [ij == kl] - ([i == k] C_j + R_i [j == l]) / T + R_i C_j / T^2.
  Eigen::VectorXd deviation(n_cells);
  Eigen::MatrixXd jacobian(n_cells, n_cells);
  for (int col = 0; col < n_cols; ++col)
    for (int row = 0; row < n_rows; ++row) {
      const int cell = row + n_rows * col;
      deviation(cell) = cell_totals(cell) - row_total(row) * col_total(col) / total;
      for (int other_col = 0; other_col < n_cols; ++other_col)
        for (int other_row = 0; other_row < n_rows; ++other_row) {
          const int other = other_row + n_rows * other_col;
          double d = (cell == other ? 1.0 : 0.0) + row_total(row) * col_total(col) / (total * total);
          if (row == other_row) d -= col_total(col) / total;
          if (col == other_col) d -= row_total(row) / total;
          jacobian(cell, other) = d;
        }
    }
  const Eigen::MatrixXd deviation_vcov = jacobian * total_vcov * jacobian.transpose();

  std::vector<int> used;
  for (int col = 1; col < n_cols; ++col)
    for (int row = 1; row < n_rows; ++row) used.push_back(row + n_rows * col);
  const auto k = static_cast<Eigen::Index>(used.size());
  Eigen::VectorXd y(k);
  Eigen::MatrixXd v(k, k);
  for (Eigen::Index a = 0; a < k; ++a) {
    y(a) = deviation(used[static_cast<std::size_t>(a)]);
    for (Eigen::Index b = 0; b < k; ++b)
      v(a, b) = deviation_vcov(used[static_cast<std::size_t>(a)], used[static_cast<std::size_t>(b)]);
  }
  const Eigen::PartialPivLU<Eigen::MatrixXd> lu(v);
  const double wald = y.dot(lu.solve(y));

  TableTest test;
  const double numerator_df = (n_rows - 1) * (n_cols - 1);
  test.df = std::numeric_limits<double>::quiet_NaN();
  test.df1 = numerator_df;
  if (adjusted) {
    test.name = "adjusted-wald";
    test.df2 = design_df - numerator_df + 1;
    test.statistic = wald * test.df2 / (numerator_df * design_df);
  } else {
    test.name = "wald";
    test.df2 = design_df;
    test.statistic = wald / numerator_df;
  }
  // The deviations' covariance has rank at most the design's df (PSUs - strata): with more
  // cells to test than that it is singular, and R's solve() stops (reciprocal condition number
  // below machine epsilon). So does this test: no statistic rather than a meaningless one.
  if (!(lu.rcond() >= std::numeric_limits<double>::epsilon()) || !(test.df2 > 0)) {
    test.statistic = std::numeric_limits<double>::quiet_NaN();
    test.p = std::numeric_limits<double>::quiet_NaN();
    test.note = fmt::format("not computed: the covariance of the {:g} tested cells is singular (the design has {:g} "
                            "degrees of freedom)", numerator_df, design_df);
    return test;
  }
  test.p = detail::f_upper_tail(test.statistic, test.df1, test.df2);
  return test;
}

}  // namespace ankieta::analysis
