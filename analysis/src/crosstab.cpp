// Two-way tables. One pass over the rows sums each cell's weights per variance unit, T_u,cell;
// every estimate is a total or a domain mean of cell indicators, whose per-unit scores follow
// from those sums (Lumley 2010 §2.3, svymean.survey.design2 scores (x - mean) w / sum w):
//   cell total:       T_u,ij
//   cell proportion:  (T_u,ij - p_ij W_u) / W                       (svymean of interaction)
//   row proportion:   (T_u,ij - p_j|i R_u,i) / R_i                  (svyby(~col, ~row))
//   col proportion:   (T_u,ij - p_i|j C_u,j) / C_j                  (svyby(~row, ~col))
// with W_u, R_u,i, C_u,j the unit's sums over the base, row i and column j.
#include "ankieta/analysis/crosstab.hpp"

#include <cmath>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "column_tests.hpp"
#include "linearize.hpp"

namespace ankieta::analysis {

namespace {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

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
  UnitSums totals;
  totals.values.setZero(design.n_units(), n_cells);
  totals.present.assign(static_cast<std::size_t>(design.n_units()), 0);
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
    totals.values(unit, cell) += weights[row];
    totals.present[static_cast<std::size_t>(unit)] = 1;
    ++cell_count[static_cast<std::size_t>(cell)];
  }

  Crosstab table;
  table.n_rows = n_rows;
  table.n_cols = n_cols;
  // Cell totals and counts come from the per-unit sums, keeping the row loop to one add.
  const Eigen::VectorXd cell_total = totals.values.colwise().sum().transpose();
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

  // Per-unit margins and scores.
  const Eigen::Index n_units = totals.values.rows();
  RowMajorMatrix unit_row(n_units, n_rows);
  RowMajorMatrix unit_col(n_units, n_cols);
  unit_row.setZero();
  unit_col.setZero();
  for (int c = 0; c < n_cols; ++c)
    for (int r = 0; r < n_rows; ++r) {
      unit_row.col(r) += totals.values.col(r + n_rows * c);
      unit_col.col(c) += totals.values.col(r + n_rows * c);
    }
  const Eigen::VectorXd unit_weight = unit_row.rowwise().sum();
  Eigen::VectorXd prop = cell_total / table.total;
  Eigen::VectorXd row_prop(n_cells);
  Eigen::VectorXd col_prop(n_cells);
  UnitSums prop_scores, row_scores, col_scores;
  prop_scores.present = row_scores.present = col_scores.present = totals.present;
  prop_scores.values.resize(n_units, n_cells);
  row_scores.values.resize(n_units, n_cells);
  col_scores.values.resize(n_units, n_cells);
  for (int c = 0; c < n_cols; ++c)
    for (int r = 0; r < n_rows; ++r) {
      const int cell = r + n_rows * c;
      row_prop(cell) = cell_total(cell) / row_total(r);
      col_prop(cell) = cell_total(cell) / col_total(c);
      prop_scores.values.col(cell) =
          (totals.values.col(cell) - prop(cell) * unit_weight) / table.total;
      if (row_total(r) != 0)
        row_scores.values.col(cell) =
            (totals.values.col(cell) - row_prop(cell) * unit_row.col(r)) / row_total(r);
      else
        row_scores.values.col(cell).setZero();
      if (col_total(c) != 0)
        col_scores.values.col(cell) =
            (totals.values.col(cell) - col_prop(cell) * unit_col.col(c)) / col_total(c);
      else
        col_scores.values.col(cell).setZero();
    }
  table.total_vcov = design.total_covariance(totals);
  table.prop_vcov = design.total_covariance(prop_scores);
  table.row_prop_vcov = design.total_covariance(row_scores);
  table.col_prop_vcov = design.total_covariance(col_scores);
  table.total_se = std::sqrt(table.total_vcov.sum());

  for (int r = 0; r < n_rows; ++r)
    for (int c = 0; c < n_cols; ++c) {
      const int cell = r + n_rows * c;
      CrosstabCell out;
      out.row_idx = r;
      out.col_idx = c;
      out.n = static_cast<int>(count(cell));
      out.total = cell_total(cell);
      out.total_se = std::sqrt(table.total_vcov(cell, cell));
      out.prop = prop(cell);
      out.prop_se = std::sqrt(table.prop_vcov(cell, cell));
      out.row_prop = row_prop(cell);
      out.row_prop_se = std::sqrt(table.row_prop_vcov(cell, cell));
      out.col_prop = col_prop(cell);
      out.col_prop_se = std::sqrt(table.col_prop_vcov(cell, cell));
      table.cells.push_back(out);
    }

  // Margins: sums of the cells' scores, so their covariances are sums of the cells' blocks.
  auto margin = [&](int category, bool is_row) {
    CrosstabMargin out;
    out.category_idx = category;
    double var_total = 0.0, var_prop = 0.0;
    const int others = is_row ? n_cols : n_rows;
    for (int a = 0; a < others; ++a)
      for (int b = 0; b < others; ++b) {
        const int cell_a = is_row ? category + n_rows * a : a + n_rows * category;
        const int cell_b = is_row ? category + n_rows * b : b + n_rows * category;
        var_total += table.total_vcov(cell_a, cell_b);
        var_prop += table.prop_vcov(cell_a, cell_b);
      }
    out.n = static_cast<int>(is_row ? row_count(category) : col_count(category));
    out.total = is_row ? row_total(category) : col_total(category);
    out.total_se = std::sqrt(var_total);
    out.prop = out.total / table.total;
    out.prop_se = std::sqrt(var_prop);
    return out;
  };
  for (int r = 0; r < n_rows; ++r) table.row_margins.push_back(margin(r, true));
  for (int c = 0; c < n_cols; ++c) table.col_margins.push_back(margin(c, false));

  // Tests over the observed rows and columns (R svychisq drops unobserved levels).
  std::vector<int> used_rows, used_cols;
  for (int r = 0; r < n_rows; ++r)
    if (row_count(r) > 0) used_rows.push_back(r);
  for (int c = 0; c < n_cols; ++c)
    if (col_count(c) > 0) used_cols.push_back(c);
  table.df = detail::resolve_df(design, options.df);
  // The tests need eigenvalues of a ((r-1)(c-1))² matrix: cubic in the number of cells, minutes
  // for a table of thousands of domains, where a test of independence says little anyway.
  constexpr std::size_t kMaxTestDegrees = 400;
  const std::size_t test_degrees =
      used_rows.size() >= 2 && used_cols.size() >= 2 ? (used_rows.size() - 1) * (used_cols.size() - 1) : 0;
  table.tests_skipped = test_degrees > kMaxTestDegrees;
  if (used_rows.size() >= 2 && used_cols.size() >= 2 && !table.tests_skipped) {
    const int r = static_cast<int>(used_rows.size());
    const int c = static_cast<int>(used_cols.size());
    const Eigen::VectorXd sub_prop = select_cells(prop, n_rows, used_rows, used_cols);
    const Eigen::MatrixXd sub_prop_vcov =
        select_cells(table.prop_vcov, n_rows, used_rows, used_cols);
    const Eigen::VectorXd sub_total = select_cells(cell_total, n_rows, used_rows, used_cols);
    const Eigen::MatrixXd sub_total_vcov =
        select_cells(table.total_vcov, n_rows, used_rows, used_cols);
    // R's N: the rows of the (sub)design; nu: its PSUs minus strata.
    const double n_obs = domain.empty() ? static_cast<double>(design.n())
                                        : static_cast<double>(std::count_if(
                                              domain.begin(), domain.end(),
                                              [](std::uint8_t in) { return in != 0; }));
    const double nu = design.domain_psu_minus_strata(domain);
    table.rao_scott = rao_scott(sub_prop, sub_prop_vcov, r, c, n_obs, nu);
    table.tests.push_back(table.rao_scott.f);
    table.tests.push_back(table.rao_scott.chisq);
    table.tests.push_back(wald_independence(sub_total, sub_total_vcov, r, c, nu, false));
    table.tests.push_back(wald_independence(sub_total, sub_total_vcov, r, c, nu, true));
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
