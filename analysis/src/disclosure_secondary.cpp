// Secondary suppression of a table with margins (disclosure.hpp): complementary cells chosen as
// rectangles (2-D hypercubes, tau-ARGUS's GHMITER idea: a suppressed cell cannot be recomputed when
// it is a corner of a rectangle of suppressed non-empty cells) and accepted only when the audit's
// linear programs (disclosure_audit.cpp) show every primary cell's interval reaching its protection
// level. Method as in ../shared/research/disclosure.md §3 and Hundepool et al. (2012) §4.4.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <tuple>

#include "ankieta/analysis/disclosure.hpp"

namespace ankieta::analysis {
namespace {

bool suppressed(const ProtectionGrid& grid, std::size_t idx) { return grid.status[idx] != Suppression::none; }

bool is_primary(Suppression reason) {
  return reason == Suppression::threshold || reason == Suppression::dominance || reason == Suppression::p_percent;
}

// A known empty cell protects nothing (its value is 0 however it is printed), and a frozen cell is
// published whatever happens.
bool may_complement(const ProtectionGrid& grid, std::size_t idx) { return grid.contributors[idx] > 0 && !grid.frozen[idx]; }

bool is_margin(const ProtectionGrid& grid, std::size_t idx) {
  const int row = static_cast<int>(idx) / grid.grid_cols(), col = static_cast<int>(idx) % grid.grid_cols();
  return row == grid.rows || (grid.grid_cols() > 1 && col == grid.cols);
}

bool cell_protected(const ProtectionGrid& grid, std::size_t idx) {
  const FeasibleInterval interval = feasible_interval(grid, idx);
  const double value = grid.value[idx];
  const double tolerance = 1e-9 * (1 + std::abs(value));
  if (interval.upper - value < grid.protection[idx] - tolerance) return false;
  if (value - interval.lower < std::min(grid.protection[idx], value) - tolerance) return false;
  return interval.upper - interval.lower > tolerance;
}

// The cells of the cheapest rectangle through `cell` that adds at least one suppression, or none.
// Order: rectangles whose corners can move the cell by its protection level first (the corners
// beside it must hold at least that much for the cell to go up, the one opposite for it to go down),
// then the fewest new suppressions, then the fewest margins, then the smallest sum of new values.
std::optional<std::vector<std::size_t>> cheapest_rectangle(const ProtectionGrid& grid, std::size_t cell) {
  const int row = static_cast<int>(cell) / grid.grid_cols(), col = static_cast<int>(cell) % grid.grid_cols();
  const double needed = grid.protection[cell];
  using Cost = std::tuple<int, int, int, double>;
  std::optional<Cost> best_cost;
  std::vector<std::size_t> best;
  auto consider = [&](std::vector<std::size_t> corners, double up_capacity, double down_capacity) {
    int added = 0, margins = 0;
    double value = 0;
    for (std::size_t idx : corners) {
      if (suppressed(grid, idx)) continue;
      if (!may_complement(grid, idx)) return;
      ++added;
      margins += is_margin(grid, idx) ? 1 : 0;
      value += grid.value[idx];
    }
    if (added == 0) return;
    const double down_needed = std::min(needed, grid.value[cell]);
    const int short_of = (up_capacity < needed ? 1 : 0) + (down_capacity < down_needed ? 1 : 0);
    Cost cost{short_of, added, margins, value};
    if (!best_cost || cost < *best_cost) {
      best_cost = cost;
      best = std::move(corners);
    }
  };
  for (int other_row = 0; other_row < grid.grid_rows(); ++other_row) {
    if (other_row == row) continue;
    if (grid.grid_cols() == 1) {
      // A one-way table: a pair of cells in its one relation (the total moves with the cell, so it
      // gives unbounded room upwards).
      const std::size_t other = grid.at(other_row, 0);
      const bool total = other_row == grid.rows || row == grid.rows;
      consider({other}, total ? INFINITY : grid.value[other], total ? grid.value[cell] : grid.value[cell]);
      continue;
    }
    for (int other_col = 0; other_col < grid.grid_cols(); ++other_col) {
      if (other_col == col) continue;
      const std::size_t beside_row = grid.at(row, other_col), beside_col = grid.at(other_row, col),
                        opposite = grid.at(other_row, other_col);
      // Moving the cell up moves the corners beside it down and the opposite one up, unless a corner
      // is a margin of the other two (then it moves with the cell): a bound, not exact, but only an
      // order of candidates; the audit decides.
      const double up = std::min(grid.value[beside_row], grid.value[beside_col]);
      const double down = std::min(grid.value[cell], grid.value[opposite]);
      consider({beside_row, beside_col, opposite}, up, down);
    }
  }
  if (!best_cost) return std::nullopt;
  return best;
}

// A relation (a row or a column with its total) whose suppressed cells are exactly two, one of them
// a single contributor: that contributor knows its own value and so learns the other exactly.
std::optional<std::size_t> singleton_complement(const ProtectionGrid& grid) {
  for (const auto& relation : table_relations(grid)) {
    std::vector<std::size_t> cells = relation.parts;
    cells.push_back(relation.total);
    int hidden = 0, singles = 0;
    for (std::size_t idx : cells)
      if (suppressed(grid, idx)) {
        ++hidden;
        singles += grid.contributors[idx] == 1 ? 1 : 0;
      }
    if (hidden != 2 || singles == 0) continue;
    std::optional<std::size_t> cheapest;
    for (std::size_t idx : relation.parts)
      if (!suppressed(grid, idx) && may_complement(grid, idx) && (!cheapest || grid.value[idx] < grid.value[*cheapest])) cheapest = idx;
    if (!cheapest && !suppressed(grid, relation.total) && may_complement(grid, relation.total)) cheapest = relation.total;
    if (cheapest) return cheapest;
  }
  return std::nullopt;
}

}  // namespace

SecondaryOutcome protect_grid(ProtectionGrid& grid) {
  SecondaryOutcome outcome;
  std::vector<std::size_t> primaries;
  for (std::size_t idx = 0; idx < grid.size(); ++idx)
    if (is_primary(grid.status[idx])) primaries.push_back(idx);
  std::stable_sort(primaries.begin(), primaries.end(),
                   [&](std::size_t a, std::size_t b) { return grid.protection[a] > grid.protection[b]; });
  auto mark = [&](std::size_t idx) {
    if (grid.status[idx] != Suppression::none) return;
    grid.status[idx] = Suppression::secondary;
    ++outcome.complements;
  };
  // Every pass either adds a complement or ends; the grid has finitely many cells.
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t cell : primaries) {
      while (!cell_protected(grid, cell)) {
        auto rectangle = cheapest_rectangle(grid, cell);
        if (!rectangle) {
          outcome.protected_ok = false;
          break;
        }
        for (std::size_t idx : *rectangle) mark(idx);
        changed = true;
      }
    }
    if (auto extra = singleton_complement(grid)) {
      mark(*extra);
      changed = true;
    }
  }
  if (outcome.protected_ok) outcome.protected_ok = primary_cells_protected(grid);
  return outcome;
}

}  // namespace ankieta::analysis
