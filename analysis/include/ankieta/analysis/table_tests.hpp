// Tests of independence for a two-way table under a complex design (R survey 4.1-1 svychisq):
// Rao & Scott (1984) second-order ("F") and first-order ("Chisq") corrections of Pearson's X^2,
// the design-based Wald tests (Koch, Freeman & Freeman 1975; "Wald", "adjWald"), plus the
// classical Pearson test on unweighted counts and Cramér's V.
//
// Cells are in R's order: the row category varies fastest, cell = row + n_rows * col.
#pragma once

#include <limits>
#include <string>

#include <Eigen/Dense>

namespace ankieta::analysis {

// One test. Fields that do not apply are NaN: F tests have df1/df2, chi-square tests df.
struct TableTest {
  std::string name;  // "rao-scott-f", "rao-scott-chisq", "wald", "adjusted-wald", "pearson"
  double statistic = 0.0;
  double df1 = 0.0;
  double df2 = 0.0;
  double df = 0.0;
  double p = 0.0;
  // The design's degrees of freedom a design-based test's denominator df comes from (R
  // svychisq's nu: df2 = d0 * nu for the Rao-Scott F, nu for Wald, nu - df1 + 1 for adjWald);
  // NaN for the tests that ignore the design.
  double design_df = std::numeric_limits<double>::quiet_NaN();
  // Why the statistic and p are missing (NaN) when they are, e.g. a singular covariance, where
  // R's svychisq stops with "system is computationally singular". Empty otherwise.
  std::string note;
};

// What svychisq computes on the way (its "internals").
struct RaoScott {
  double pearson_x2 = 0.0;      // Pearson X^2 of the weighted table rescaled to n_obs
  Eigen::MatrixXd delta;        // generalized design-effect matrix, (r-1)(c-1) square
  double trace_delta = 0.0;
  double trace_delta2 = 0.0;
  double d0 = 0.0;              // tr(Delta)^2 / tr(Delta^2)
  TableTest f;                  // X^2 / tr(Delta) on (d0, d0 * design_df) df
  TableTest chisq;              // statistic = X^2 (unadjusted); p of X^2 / mean(diag Delta)
};

// cell_props: estimated cell proportions (sum 1) with their covariance (R svymean of the
// interaction); n_obs: rows of the (sub)design, R's N; design_df: PSUs - strata, R's nu.
// Every row and column must have a positive margin.
RaoScott rao_scott(const Eigen::VectorXd& cell_props, const Eigen::MatrixXd& cell_vcov, int n_rows,
                   int n_cols, double n_obs, double design_df);

// The eigenvalues of Delta, decreasing (what svychisq's "lincom" and "saddlepoint" use). Not
// needed by the F and Chisq tests, which use the traces only.
Eigen::VectorXd delta_eigenvalues(const RaoScott& rao_scott);

// svychisq "Wald" (adjusted = false) or "adjWald": cell_totals and their covariance (svytotal).
TableTest wald_independence(const Eigen::VectorXd& cell_totals, const Eigen::MatrixXd& total_vcov,
                            int n_rows, int n_cols, double design_df, bool adjusted);

// Pearson's X^2 on unweighted counts (R chisq.test(correct = FALSE)), df (r-1)(c-1).
TableTest pearson_unweighted(const Eigen::VectorXd& cell_counts, int n_rows, int n_cols);

// Cramér's V = sqrt(X^2 / (N (min(r, c) - 1))) computed from proportions (scale-free, so the
// estimated population V for weighted proportions; PSPP's V with frequency weights).
// Pearson X² and the likelihood-ratio G² on weighted counts taken as frequencies: the classic
// numbers of SPSS/PSPP CROSSTABS after WEIGHT BY, named "pearson-weighted" and
// "likelihood-ratio-weighted". Not design-based; shown for comparison with those tools.
TableTest pearson_frequency_weighted(const Eigen::VectorXd& weighted_counts, int n_rows, int n_cols);
TableTest likelihood_ratio_frequency_weighted(const Eigen::VectorXd& weighted_counts, int n_rows, int n_cols);

double cramers_v(const Eigen::VectorXd& cell_props, int n_rows, int n_cols);

}  // namespace ankieta::analysis
