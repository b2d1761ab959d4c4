// Two-way tables. One pass over the rows sums each cell's weights per variance unit, T_u,cell;
// every estimate is a total or a domain mean of cell indicators, whose per-unit scores follow
// from those sums (Lumley 2010 §2.3, svymean.survey.design2 scores (x - mean) w / sum w):
//   cell total:       T_u,ij
//   cell proportion:  (T_u,ij - p_ij W_u) / W                       (svymean of interaction)
//   row proportion:   (T_u,ij - p_j|i R_u,i) / R_i                  (svyby(~col, ~row))
//   col proportion:   (T_u,ij - p_i|j C_u,j) / C_j                  (svyby(~row, ~col))
// with W_u, R_u,i, C_u,j the unit's sums over the base, row i and column j.
#include "ankieta/analysis/crosstab.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "column_tests.hpp"
#include "linearize.hpp"

namespace ankieta::analysis {

namespace {

// Cell columns handed to the design at once: few enough to keep the arrays small (at most
// kChunkValues doubles unless a single table row needs more), enough to keep the per-call
// overhead low.
constexpr int kChunkColumns = 256;
constexpr Eigen::Index kChunkValues = Eigen::Index{1} << 22;

// Keeps the cells (R order) of the listed rows and columns.
Eigen::VectorXd select_cells(const Eigen::VectorXd& cells, int n_rows,
                             const std::vector<int>& rows, const std::vector<int>& cols) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size() * cols.size()));
  Eigen::Index idx = 0;
  for (int col : cols)
    for (int row : rows) out(idx++) = cells(row + n_rows * col);
  return out;
}

Eigen::MatrixXd select_cells(const Eigen::MatrixXd& vcov, int n_rows,
                             const std::vector<int>& rows, const std::vector<int>& cols) {
  std::vector<int> keep;
  for (int col : cols)
    for (int row : rows) keep.push_back(row + n_rows * col);
  const auto k = static_cast<Eigen::Index>(keep.size());
  Eigen::MatrixXd out(k, k);
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = 0; b < k; ++b)
      out(a, b) = vcov(keep[static_cast<std::size_t>(a)], keep[static_cast<std::size_t>(b)]);
  return out;
}

}  // namespace

Crosstab crosstab(const Design& design, std::span<const std::int32_t> row_category, int n_rows,
                  std::span<const std::int32_t> col_category, int n_cols, DomainMask domain,
                  const CrosstabOptions& options) {
  if (row_category.size() != design.n() || col_category.size() != design.n())
    throw usage_error(fmt::format("crosstab: the variables need {} values each", design.n()));
  if (n_rows < 1 || n_cols < 1) throw usage_error("crosstab: a variable needs a category");
  const int n_cells = n_rows * n_cols;
  const std::vector<double>& weights = design.weights();
  const std::vector<std::int32_t>& row_unit = design.row_unit();

  // The one pass over the rows.
  // Per-unit cell sums, column-major: every later step reads them one cell (column) at a time.
  const Eigen::Index n_units = design.n_units();
  Eigen::MatrixXd unit_cells = Eigen::MatrixXd::Zero(n_units, n_cells);
  std::vector<std::uint8_t> present(static_cast<std::size_t>(n_units), 0);
  std::vector<int> cell_count(static_cast<std::size_t>(n_cells), 0);
  for (std::size_t row = 0; row < weights.size(); ++row) {
    const std::int32_t r = row_category[row];
    const std::int32_t c = col_category[row];
    if (r < 0 || c < 0 || !detail::in_domain(domain, row)) continue;
    if (r >= n_rows || c >= n_cols)
      throw usage_error(fmt::format("crosstab: row {}: category ({}, {}) is out of range",
                                    row + 1, r, c));
    const int cell = r + n_rows * c;
    const auto unit = row_unit[row];
    unit_cells(unit, cell) += weights[row];
    present[static_cast<std::size_t>(unit)] = 1;
    ++cell_count[static_cast<std::size_t>(cell)];
  }

  Crosstab table;
  table.n_rows = n_rows;
  table.n_cols = n_cols;
  // Cell totals and counts come from the per-unit sums, keeping the row loop to one add.
  const Eigen::VectorXd cell_total = unit_cells.colwise().sum().transpose();
  Eigen::VectorXd count(n_cells);
  for (int cell = 0; cell < n_cells; ++cell) count(cell) = cell_count[static_cast<std::size_t>(cell)];
  Eigen::VectorXd row_total = Eigen::VectorXd::Zero(n_rows);
  Eigen::VectorXd col_total = Eigen::VectorXd::Zero(n_cols);
  Eigen::VectorXd row_count = Eigen::VectorXd::Zero(n_rows);
  Eigen::VectorXd col_count = Eigen::VectorXd::Zero(n_cols);
  double grand_total = 0.0;
  for (int c = 0; c < n_cols; ++c)
    for (int r = 0; r < n_rows; ++r) {
      const int cell = r + n_rows * c;
      row_total(r) += cell_total(cell);
      col_total(c) += cell_total(cell);
      row_count(r) += count(cell);
      col_count(c) += count(cell);
      grand_total += cell_total(cell);
    }
  table.total = grand_total;
  table.n = static_cast<int>(count.sum());

  // Per-unit margins.
  Eigen::MatrixXd unit_margins = Eigen::MatrixXd::Zero(n_units, n_rows + n_cols + 1);
  for (int c = 0; c < n_cols; ++c)
    for (int r = 0; r < n_rows; ++r) {
      unit_margins.col(r) += unit_cells.col(r + n_rows * c);
      unit_margins.col(n_rows + c) += unit_cells.col(r + n_rows * c);
    }
  unit_margins.col(n_rows + n_cols) = unit_margins.leftCols(n_rows).rowwise().sum();
  const Eigen::VectorXd prop = cell_total / table.total;

  // Tests over the observed rows and columns (R svychisq drops unobserved levels).
  std::vector<int> used_rows, used_cols;
  for (int r = 0; r < n_rows; ++r)
    if (row_count(r) > 0) used_rows.push_back(r);
  for (int c = 0; c < n_cols; ++c)
    if (col_count(c) > 0) used_cols.push_back(c);
  // The design-based tests need the full covariance of the cells: quadratic in the cells for
  // every variance unit, minutes for a table of thousands of domains, where a test of
  // independence says little anyway. The classic tests cost nothing and are always given.
  const bool testable = used_rows.size() >= 2 && used_cols.size() >= 2;
  if (testable) {
    const std::size_t degrees = (used_rows.size() - 1) * (used_cols.size() - 1);
    const double values = static_cast<double>(n_units) * n_cells;
    if (degrees > kMaxDesignTestDegrees)
      table.tests_skipped_reason = fmt::format("the table has {} degrees of freedom, more than {}", degrees,
                                               kMaxDesignTestDegrees);
    else if (values > kMaxDesignTestValues)
      table.tests_skipped_reason = fmt::format(
          "their covariance needs {} cells x {} variance units, more than {:.0f} values in memory", n_cells, n_units,
          kMaxDesignTestValues);
    table.tests_skipped = !table.tests_skipped_reason.empty();
  }
  const bool design_tests = testable && !table.tests_skipped;

  // Variances from the design's variance factor G (covariance = G'G, Design::variance_factor),
  // which is linear in the scores: the factor of a proportion's score (T - p M) / M_total is
  // (G_T - p G_M) / M_total. So G is computed for the cell totals and the margins only, and
  // each variance is the squared norm of such a combination; only the entries the table shows
  // are formed, never a k x k matrix for k cells.
  UnitSums margin_sums{std::move(unit_margins), present};
  const Eigen::MatrixXd margin_factor = design.variance_factor(std::move(margin_sums));
  const auto weight_factor = margin_factor.col(n_rows + n_cols);
  auto share_variance = [&](const auto& part_factor, double share, const auto& whole_factor,
                            double whole) {
    return whole == 0 ? 0.0 : (part_factor - share * whole_factor).squaredNorm() / (whole * whole);
  };
  auto add_margin = [&](std::vector<CrosstabMargin>& margins, int category, int factor_col,
                        double n, double total) {
    CrosstabMargin margin;
    margin.category_idx = category;
    margin.n = static_cast<int>(n);
    margin.total = total;
    margin.total_se = std::sqrt(margin_factor.col(factor_col).squaredNorm());
    margin.prop = total / table.total;
    margin.prop_se = std::sqrt(
        share_variance(margin_factor.col(factor_col), margin.prop, weight_factor, table.total));
    margins.push_back(margin);
  };
  for (int r = 0; r < n_rows; ++r) add_margin(table.row_margins, r, r, row_count(r), row_total(r));
  for (int c = 0; c < n_cols; ++c)
    add_margin(table.col_margins, c, n_rows + c, col_count(c), col_total(c));
  table.total_se = std::sqrt(weight_factor.squaredNorm());

  // The cells' factors, a few table rows at a time.
  Eigen::MatrixXd test_factor;  // every cell's, for the design-based tests
  table.cells.resize(static_cast<std::size_t>(n_cells));
  table.col_prop_row_vcov.resize(static_cast<std::size_t>(n_rows));
  const auto rows_in_budget = static_cast<int>(
      std::min<Eigen::Index>(kChunkColumns / n_cols,
                             kChunkValues / std::max<Eigen::Index>(1, n_units * n_cols)));
  int rows_per_chunk = std::max(1, rows_in_budget);
  // A small table is one chunk: the cell sums go to the design as they are, and their factor is
  // the tests' (no copies of arrays that have a row per PSU). So is any table that gets the
  // design-based tests: they need the factor of every cell at once anyway.
  const bool single_chunk = rows_per_chunk >= n_rows || design_tests;
  if (single_chunk) rows_per_chunk = n_rows;
  Eigen::MatrixXd col_prop_factor(margin_factor.rows(), n_cols);
  for (int first_row = 0; first_row < n_rows; first_row += rows_per_chunk) {
    const int chunk_rows = std::min(rows_per_chunk, n_rows - first_row);
    // Column of cell (r, c) in the chunk: (r - first_row) + chunk_rows * c, the cells' order.
    UnitSums sums;
    sums.present = present;
    if (single_chunk) {
      sums.values = std::move(unit_cells);
    } else {
      sums.values.resize(n_units, chunk_rows * n_cols);
      for (int r = first_row; r < first_row + chunk_rows; ++r)
        for (int c = 0; c < n_cols; ++c)
          sums.values.col((r - first_row) + chunk_rows * c) = unit_cells.col(r + n_rows * c);
    }
    Eigen::MatrixXd factor = design.variance_factor(std::move(sums));
    for (int r = first_row; r < first_row + chunk_rows; ++r) {
      for (int c = 0; c < n_cols; ++c) {
        const int cell = r + n_rows * c;
        const auto cell_factor = factor.col((r - first_row) + chunk_rows * c);
        CrosstabCell& out = table.cells[static_cast<std::size_t>(r * n_cols + c)];
        out.row_idx = r;
        out.col_idx = c;
        out.n = static_cast<int>(count(cell));
        out.total = cell_total(cell);
        out.prop = prop(cell);
        out.row_prop = cell_total(cell) / row_total(r);
        out.col_prop = cell_total(cell) / col_total(c);
        out.total_se = std::sqrt(cell_factor.squaredNorm());
        out.prop_se = std::sqrt(share_variance(cell_factor, out.prop, weight_factor, table.total));
        out.row_prop_se = std::sqrt(
            share_variance(cell_factor, out.row_prop, margin_factor.col(r), row_total(r)));
        if (col_total(c) != 0)
          col_prop_factor.col(c) =
              (cell_factor - out.col_prop * margin_factor.col(n_rows + c)) / col_total(c);
        else
          col_prop_factor.col(c).setZero();
        out.col_prop_se = std::sqrt(col_prop_factor.col(c).squaredNorm());
      }
      table.col_prop_row_vcov[static_cast<std::size_t>(r)] =
          Design::covariance_from_factor(col_prop_factor);
    }
    if (design_tests) test_factor = std::move(factor);  // a single chunk: every cell
  }

  table.df = detail::resolve_df(design, options.df);
  if (testable) {
    const int r = static_cast<int>(used_rows.size());
    const int c = static_cast<int>(used_cols.size());
    const Eigen::VectorXd sub_prop = select_cells(prop, n_rows, used_rows, used_cols);
    const Eigen::VectorXd sub_total = select_cells(cell_total, n_rows, used_rows, used_cols);
    if (design_tests) {
      table.total_vcov = Design::covariance_from_factor(test_factor);
      // The totals' factor becomes the proportions' in place (a copy would be as large).
      for (int cell = 0; cell < n_cells; ++cell)
        test_factor.col(cell) = (test_factor.col(cell) - prop(cell) * weight_factor) / table.total;
      table.prop_vcov = Design::covariance_from_factor(test_factor);
      const Eigen::MatrixXd sub_prop_vcov =
          select_cells(table.prop_vcov, n_rows, used_rows, used_cols);
      const Eigen::MatrixXd sub_total_vcov =
          select_cells(table.total_vcov, n_rows, used_rows, used_cols);
      // R's N: the rows of the (sub)design; nu: its PSUs minus strata.
      // (Given by the caller from the --where domain: a question's own base is not a subset.)
      const double n_obs = !std::isnan(options.test_rows) ? options.test_rows
                           : domain.empty()               ? static_cast<double>(design.n())
                                                          : static_cast<double>(std::count_if(
                                                  domain.begin(), domain.end(),
                                                  [](std::uint8_t in) { return in != 0; }));
      const double nu = !std::isnan(options.test_df) ? options.test_df : design.domain_psu_minus_strata(domain);
      table.test_df = nu;
      table.rao_scott = rao_scott(sub_prop, sub_prop_vcov, r, c, n_obs, nu);
      table.tests.push_back(table.rao_scott.f);
      table.tests.push_back(table.rao_scott.chisq);
      table.tests.push_back(wald_independence(sub_total, sub_total_vcov, r, c, nu, false));
      table.tests.push_back(wald_independence(sub_total, sub_total_vcov, r, c, nu, true));
      for (TableTest& test : table.tests) test.design_df = nu;
    }
    table.tests.push_back(
        pearson_unweighted(select_cells(count, n_rows, used_rows, used_cols), r, c));
    table.tests.push_back(pearson_frequency_weighted(sub_total, r, c));
    table.tests.push_back(likelihood_ratio_frequency_weighted(sub_total, r, c));
    table.cramers_v = cramers_v(sub_prop, r, c);
  }
  detail::add_column_tests(table, used_cols, options);
  return table;
}

}  // namespace ankieta::analysis
