// The audit of a suppression pattern (disclosure.hpp): for a suppressed cell, the smallest and the
// largest value it can take in any non-negative table that agrees with every published cell and
// margin - the attacker's problem of tau-ARGUS's Audit and sdcTable's SIMPLEHEURISTIC. Two linear
// programs per cell, solved by GLPK's simplex; the tables are small (a 20 x 10 table with margins
// has 231 cells), so a dense formulation is enough.
#include <cmath>
#include <memory>

#include <glpk.h>

#include "ankieta/analysis/disclosure.hpp"
#include "ankieta/survey/error.hpp"

namespace ankieta::analysis {
namespace {

struct ProblemDeleter {
  void operator()(glp_prob* problem) const { glp_delete_prob(problem); }
};

}  // namespace

ProtectionGrid::ProtectionGrid(int inner_rows, int inner_cols) : rows(inner_rows), cols(inner_cols) {
  value.assign(size(), 0.0);
  contributors.assign(size(), 0);
  status.assign(size(), Suppression::none);
  protection.assign(size(), 0.0);
  frozen.assign(size(), false);
}

std::vector<TableRelation> table_relations(const ProtectionGrid& grid) {
  std::vector<TableRelation> relations;
  const int last_row = grid.rows, last_col = grid.grid_cols() - 1;
  const bool two_way = grid.grid_cols() > 1;
  // Each column (inner and, in a two-way table, the margin column) sums to the cell below it.
  for (int col = 0; col < grid.grid_cols(); ++col) {
    TableRelation relation{grid.at(last_row, col), {}};
    for (int row = 0; row < grid.rows; ++row) relation.parts.push_back(grid.at(row, col));
    relations.push_back(std::move(relation));
  }
  if (two_way)
    for (int row = 0; row <= grid.rows; ++row) {
      TableRelation relation{grid.at(row, last_col), {}};
      for (int col = 0; col < grid.cols; ++col) relation.parts.push_back(grid.at(row, col));
      relations.push_back(std::move(relation));
    }
  return relations;
}

FeasibleInterval feasible_interval(const ProtectionGrid& grid, std::size_t cell) {
  // Variables: the suppressed cells (x >= 0). Each relation becomes one equation: its suppressed
  // cells' signed sum equals the published cells' signed sum.
  std::vector<int> column_of(grid.size(), 0);
  int n_columns = 0;
  for (std::size_t idx = 0; idx < grid.size(); ++idx)
    if (grid.status[idx] != Suppression::none) column_of[idx] = ++n_columns;
  if (column_of[cell] == 0) return {grid.value[cell], grid.value[cell]};

  std::unique_ptr<glp_prob, ProblemDeleter> problem(glp_create_prob());
  glp_prob* lp = problem.get();
  glp_add_cols(lp, n_columns);
  for (int col = 1; col <= n_columns; ++col) glp_set_col_bnds(lp, col, GLP_LO, 0.0, 0.0);
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0.0};
  int n_rows = 0;
  for (const auto& relation : table_relations(grid)) {
    double published = 0;
    std::vector<std::pair<int, double>> terms;
    auto add = [&](std::size_t idx, double sign) {
      if (column_of[idx]) terms.emplace_back(column_of[idx], sign);
      else published -= sign * grid.value[idx];
    };
    add(relation.total, -1.0);
    for (std::size_t part : relation.parts) add(part, 1.0);
    if (terms.empty()) continue;
    ++n_rows;
    glp_add_rows(lp, 1);
    glp_set_row_bnds(lp, n_rows, GLP_FX, published, published);
    for (const auto& [col, sign] : terms) {
      ia.push_back(n_rows);
      ja.push_back(col);
      ar.push_back(sign);
    }
  }
  if (n_rows > 0) glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_set_obj_coef(lp, column_of[cell], 1.0);
  glp_smcp parameters;
  glp_init_smcp(&parameters);
  parameters.msg_lev = GLP_MSG_OFF;
  parameters.presolve = GLP_OFF;

  FeasibleInterval interval;
  for (int direction : {GLP_MIN, GLP_MAX}) {
    glp_set_obj_dir(lp, direction);
    if (glp_simplex(lp, &parameters) != 0) throw Error(ErrorKind::internal, "the disclosure audit's linear program failed (GLPK)");
    const int status = glp_get_status(lp);
    double bound = glp_get_obj_val(lp);
    if (status == GLP_UNBND) bound = direction == GLP_MAX ? INFINITY : 0.0;
    else if (status != GLP_OPT)
      throw Error(ErrorKind::internal, "the disclosure audit's linear program has no solution: the table's margins do not add up");
    (direction == GLP_MIN ? interval.lower : interval.upper) = bound;
  }
  return interval;
}

bool primary_cells_protected(const ProtectionGrid& grid) {
  for (std::size_t idx = 0; idx < grid.size(); ++idx) {
    const Suppression reason = grid.status[idx];
    if (reason == Suppression::none || reason == Suppression::secondary || reason == Suppression::unreliable) continue;
    const FeasibleInterval interval = feasible_interval(grid, idx);
    const double value = grid.value[idx];
    const double tolerance = 1e-9 * (1 + std::abs(value));
    const double needed_below = std::min(grid.protection[idx], value);
    if (interval.upper - value < grid.protection[idx] - tolerance) return false;
    if (value - interval.lower < needed_below - tolerance) return false;
    if (interval.upper - interval.lower <= tolerance) return false;
  }
  return true;
}

}  // namespace ankieta::analysis
