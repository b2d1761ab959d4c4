// Rao-Scott corrections of Pearson's X^2 (Rao & Scott 1984; R survey 4.1-1
// svychisq.survey.design, statistic "F" and "Chisq"; Lumley 2010 §6.2).
#include <algorithm>
#include <cmath>
#include <limits>

#include "ankieta/analysis/table_tests.hpp"
#include "distributions.hpp"

namespace ankieta::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Pearson's X^2 of a table given in R cell order.
double pearson_statistic(const Eigen::VectorXd& cells, int n_rows, int n_cols) {
  Eigen::VectorXd row_sum = Eigen::VectorXd::Zero(n_rows);
  Eigen::VectorXd col_sum = Eigen::VectorXd::Zero(n_cols);
  for (int col = 0; col < n_cols; ++col)
    for (int row = 0; row < n_rows; ++row) {
      row_sum(row) += cells(row + n_rows * col);
      col_sum(col) += cells(row + n_rows * col);
    }
  const double total = cells.sum();
  double x2 = 0.0;
  for (int col = 0; col < n_cols; ++col)
    for (int row = 0; row < n_rows; ++row) {
      const double expected = row_sum(row) * col_sum(col) / total;
      const double diff = cells(row + n_rows * col) - expected;
      x2 += diff * diff / expected;
    }
  return x2;
}

}  // namespace

RaoScott rao_scott(const Eigen::VectorXd& cell_props, const Eigen::MatrixXd& cell_vcov, int n_rows,
                   int n_cols, double n_obs, double design_df) {
  const int n_cells = n_rows * n_cols;
  // X1: intercept and main effects; the interaction columns of X12 projected off X1 span the
  // contrasts that independence sets to zero (R: Cmat <- qr.resid(qr(X1), X12[, -(1:(r+c-1))])).
  const int main_effects = n_rows + n_cols - 1;
  const int interactions = (n_rows - 1) * (n_cols - 1);
  Eigen::MatrixXd x1 = Eigen::MatrixXd::Zero(n_cells, main_effects);
  Eigen::MatrixXd x12 = Eigen::MatrixXd::Zero(n_cells, interactions);
  for (int col = 0; col < n_cols; ++col)
    for (int row = 0; row < n_rows; ++row) {
      const int cell = row + n_rows * col;
      x1(cell, 0) = 1.0;
      if (row > 0) x1(cell, row) = 1.0;
      if (col > 0) x1(cell, n_rows - 1 + col) = 1.0;
      if (row > 0 && col > 0) x12(cell, (row - 1) + (n_rows - 1) * (col - 1)) = 1.0;
    }
  const Eigen::MatrixXd contrasts = x12 - x1 * x1.colPivHouseholderQr().solve(x12);

  // Delta = (C' D^-1 C / N)^-1 (C' D^-1 V D^-1 C), D = diag(p) with 1/0 read as 0.
  Eigen::VectorXd inverse_p(n_cells);
  for (int cell = 0; cell < n_cells; ++cell)
    inverse_p(cell) = cell_props(cell) == 0 ? 0.0 : 1.0 / cell_props(cell);
  const Eigen::MatrixXd scaled = inverse_p.asDiagonal() * contrasts;
  const Eigen::MatrixXd denominator = contrasts.transpose() * scaled / n_obs;
  const Eigen::MatrixXd numerator = scaled.transpose() * cell_vcov * scaled;

  RaoScott out;
  out.f.name = "rao-scott-f";
  out.chisq.name = "rao-scott-chisq";
  out.chisq.df = interactions;
  const Eigen::PartialPivLU<Eigen::MatrixXd> lu(denominator);
  if (!(lu.rcond() >= std::numeric_limits<double>::epsilon())) {
    // R's solve(denom, numr) stops here ("computationally singular"): no correction to give.
    for (TableTest* test : {&out.f, &out.chisq}) {
      test->statistic = test->p = nan;
      test->note = "not computed: the simple-random-sampling covariance of the interaction contrasts is singular";
    }
    out.f.df = out.chisq.df1 = out.chisq.df2 = nan;
    out.f.df1 = out.f.df2 = nan;
    return out;
  }
  out.delta = lu.solve(numerator);
  out.trace_delta = out.delta.trace();
  // tr(Delta^2) = sum_ab Delta_ab Delta_ba: the F and Chisq corrections need these two traces
  // only, never the eigenvalues (cubic, and minutes for thousands of cells).
  out.trace_delta2 = out.delta.cwiseProduct(out.delta.transpose()).sum();
  out.d0 = out.trace_delta * out.trace_delta / out.trace_delta2;

  out.pearson_x2 = pearson_statistic(cell_props * n_obs, n_rows, n_cols);
  out.f.statistic = out.pearson_x2 / out.trace_delta;
  out.f.df1 = out.d0;
  out.f.df2 = out.d0 * design_df;
  out.f.df = nan;
  out.f.p = detail::f_upper_tail(out.f.statistic, out.f.df1, out.f.df2);
  out.chisq.statistic = out.pearson_x2;
  out.chisq.df1 = nan;
  out.chisq.df2 = nan;
  out.chisq.p = detail::chi_squared_upper_tail(
      out.pearson_x2 / (out.delta.diagonal().mean()), out.chisq.df);
  return out;
}

Eigen::VectorXd delta_eigenvalues(const RaoScott& rao_scott) {
  Eigen::EigenSolver<Eigen::MatrixXd> solver(rao_scott.delta, false);
  Eigen::VectorXd values = solver.eigenvalues().real();
  std::sort(values.data(), values.data() + values.size(), std::greater<>());
  return values;
}

TableTest pearson_unweighted(const Eigen::VectorXd& cell_counts, int n_rows, int n_cols) {
  TableTest test;
  test.name = "pearson";
  test.statistic = pearson_statistic(cell_counts, n_rows, n_cols);
  test.df1 = nan;
  test.df2 = nan;
  test.df = (n_rows - 1) * (n_cols - 1);
  test.p = detail::chi_squared_upper_tail(test.statistic, test.df);
  return test;
}

// The classic tests on weighted counts treated as frequencies, as SPSS and GNU PSPP give them
// after WEIGHT BY (CROSSTABS /STATISTICS=CHISQ with /COUNT=ASIS): not design-based.
TableTest pearson_frequency_weighted(const Eigen::VectorXd& weighted_counts, int n_rows, int n_cols) {
  TableTest test = pearson_unweighted(weighted_counts, n_rows, n_cols);
  test.name = "pearson-weighted";
  return test;
}

TableTest likelihood_ratio_frequency_weighted(const Eigen::VectorXd& weighted_counts, int n_rows, int n_cols) {
  Eigen::VectorXd row_sum = Eigen::VectorXd::Zero(n_rows);
  Eigen::VectorXd col_sum = Eigen::VectorXd::Zero(n_cols);
  for (int col = 0; col < n_cols; ++col)
    for (int row = 0; row < n_rows; ++row) {
      row_sum(row) += weighted_counts(row + n_rows * col);
      col_sum(col) += weighted_counts(row + n_rows * col);
    }
  const double total = weighted_counts.sum();
  double g2 = 0.0;
  for (int col = 0; col < n_cols; ++col)
    for (int row = 0; row < n_rows; ++row) {
      const double observed = weighted_counts(row + n_rows * col);
      if (observed > 0) g2 += observed * std::log(observed * total / (row_sum(row) * col_sum(col)));
    }
  TableTest test;
  test.name = "likelihood-ratio-weighted";
  test.statistic = 2.0 * g2;
  test.df1 = nan;
  test.df2 = nan;
  test.df = (n_rows - 1) * (n_cols - 1);
  test.p = detail::chi_squared_upper_tail(test.statistic, test.df);
  return test;
}

double cramers_v(const Eigen::VectorXd& cell_props, int n_rows, int n_cols) {
  const double x2_per_n = pearson_statistic(cell_props / cell_props.sum(), n_rows, n_cols);
  return std::sqrt(x2_per_n / (std::min(n_rows, n_cols) - 1));
}

}  // namespace ankieta::analysis
