// Raking (iterative proportional fitting; Deming & Stephan 1940): R survey 4.1-1 rake(). Each pass
// post-stratifies on every margin in turn. R stops when the joint table of the margin variables
// changes by less than epsilon between passes; ankieta by default stops only when every margin
// cell is within the tolerance of its population, and fails naming the worst margin otherwise.
// The variance uses the margins' post-strata of the last pass, swept 10 times as R svyrecvar
// does for a "raking" object.
#include <cmath>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"
#include "weighting_detail.hpp"

namespace ankieta::analysis::detail {

namespace {

// R svyrecvar sweeps the raking margins this many times.
constexpr int kVarianceSweeps = 10;

}  // namespace

WeightingResult rake(const Design& base, const WeightingProblem& problem,
                     const WeightingOptions& options) {
  if (problem.tables.empty()) throw data_error("raking needs at least one margin");
  if (options.max_iter < 1) throw usage_error("--max-iter must be at least 1");
  if (!(options.tolerance > 0)) throw usage_error("--tolerance must be a number > 0");
  const std::vector<double>& base_weights = base.weights();
  const std::size_t n = base_weights.size();
  std::vector<const PopulationTable*> margins;
  std::vector<std::vector<std::int32_t>> cells;
  std::vector<std::vector<double>> populations;
  for (const auto& table : problem.tables) {
    margins.push_back(&table);
    cells.push_back(assign_cells(problem, table, base_weights));
    populations.emplace_back();
    for (const auto& cell : table.cells) populations.back().push_back(cell.population);
  }
  check_totals_agree(problem, margins);

  // The joint table of every margin variable (R svytable(~a + b + ...)), for R's criterion.
  std::vector<int> all_variables;
  for (const auto& table : problem.tables)
    for (int variable : table.variables) all_variables.push_back(variable);
  std::map<std::vector<std::int32_t>, std::int32_t> joint_index;
  std::vector<std::int32_t> joint_cell(n);
  std::vector<std::int32_t> key(all_variables.size());
  for (std::size_t row = 0; row < n; ++row) {
    for (std::size_t idx = 0; idx < all_variables.size(); ++idx)
      key[idx] = problem.variables[static_cast<std::size_t>(all_variables[idx])].codes[row];
    joint_cell[row] = joint_index.try_emplace(key, static_cast<std::int32_t>(joint_index.size())).first->second;
  }
  std::vector<double> old_table = cell_sums(joint_cell, joint_index.size(), base_weights);
  long double base_sum = 0.0L;
  for (double w : base_weights) base_sum += w;
  const double epsilon = options.r_epsilon < 1 ? options.r_epsilon * static_cast<double>(base_sum)
                                               : options.r_epsilon;

  WeightingResult result;
  result.weights = base_weights;
  result.converged = false;
  std::vector<CalibrationStep> steps;
  for (int pass = 1; pass <= options.max_iter; ++pass) {
    steps.clear();
    for (std::size_t margin = 0; margin < margins.size(); ++margin)
      steps.push_back(poststratify_step(cells[margin], populations[margin], result.weights, true));
    RakePass record;
    record.pass = pass;
    for (std::size_t margin = 0; margin < margins.size(); ++margin) {
      const std::vector<double> sums = cell_sums(cells[margin], populations[margin].size(), result.weights);
      for (std::size_t cell = 0; cell < sums.size(); ++cell) {
        const double population = populations[margin][cell];
        const double error = population > 0 ? std::fabs(sums[cell] - population) / population : 0.0;
        if (record.worst.empty() || error > record.max_error) {
          record.max_error = error;
          record.worst = cell_label(problem, *margins[margin], margins[margin]->cells[cell]);
        }
      }
    }
    const std::vector<double> new_table = cell_sums(joint_cell, joint_index.size(), result.weights);
    for (std::size_t cell = 0; cell < new_table.size(); ++cell)
      record.table_change = std::max(record.table_change, std::fabs(old_table[cell] - new_table[cell]));
    old_table = new_table;
    result.passes.push_back(record);
    result.iterations = pass;
    const bool done = options.stop == RakeStop::margins ? record.max_error <= options.tolerance
                                                        : record.table_change < epsilon;
    if (done) {
      result.converged = true;
      break;
    }
  }
  if (!result.converged) {
    const RakePass& last = result.passes.back();
    if (options.stop == RakeStop::margins)
      throw data_error(fmt::format(
          "raking did not converge in {} passes: margin cell {} is still off by {:.3g} of its "
          "population (tolerance {:.3g}); raise --max-iter, relax --tolerance, or collapse sparse "
          "cells (--collapse) so that the margins can be met together",
          options.max_iter, last.worst, last.max_error, options.tolerance));
    throw data_error(fmt::format(
        "raking did not converge in {} passes: the joint table still changes by {:.6g} (epsilon "
        "{:.6g}); worst margin cell {}",
        options.max_iter, last.table_change, epsilon, last.worst));
  }
  auto calibration = std::make_shared<CalibrationVariance>();
  calibration->steps = std::move(steps);
  for (int sweep = 0; sweep < kVarianceSweeps; ++sweep)
    for (std::size_t margin = 0; margin < margins.size(); ++margin)
      calibration->schedule.push_back(static_cast<int>(margin));
  result.calibration = std::move(calibration);
  return result;
}

}  // namespace ankieta::analysis::detail
