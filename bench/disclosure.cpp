// Secondary suppression of a 20 x 10 magnitude table with margins and 30 primary cells
// (docs/benchmarks.md): the time of protect_grid (rectangles accepted by the GLPK audit) and its
// number of complementary cells, against a greedy rectangle heuristic without an audit (for each
// primary cell not yet a corner of a suppressed rectangle, the rectangle of the three smallest
// non-empty cells that completes one). Usage: bench_disclosure [SEED]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "ankieta/analysis/disclosure.hpp"

using namespace ankieta::analysis;

namespace {

ProtectionGrid make_table(unsigned seed) {
  const int rows = 20, cols = 10;
  ProtectionGrid grid(rows, cols);
  std::mt19937 random(seed);
  std::lognormal_distribution<double> turnover(8.0, 1.2);
  std::uniform_int_distribution<int> firms(1, 12);
  for (int row = 0; row < rows; ++row)
    for (int col = 0; col < cols; ++col) {
      const double value = turnover(random);
      const int n = firms(random);
      grid.value[grid.at(row, col)] = value;
      grid.contributors[grid.at(row, col)] = n;
      for (std::size_t margin : {grid.at(rows, col), grid.at(row, cols), grid.at(rows, cols)}) {
        grid.value[margin] += value;
        grid.contributors[margin] += n;
      }
    }
  grid.frozen[grid.at(rows, cols)] = true;
  std::vector<std::size_t> inner;
  for (int row = 0; row < rows; ++row)
    for (int col = 0; col < cols; ++col) inner.push_back(grid.at(row, col));
  std::shuffle(inner.begin(), inner.end(), random);
  for (int idx = 0; idx < 30; ++idx) {
    const std::size_t cell = inner[static_cast<std::size_t>(idx)];
    grid.status[cell] = Suppression::p_percent;
    grid.protection[cell] = 0.1 * grid.value[cell];
  }
  return grid;
}

int greedy_rectangles(ProtectionGrid grid) {
  int added = 0;
  const int gr = grid.grid_rows(), gc = grid.grid_cols();
  for (std::size_t cell = 0; cell < grid.size(); ++cell) {
    if (grid.status[cell] != Suppression::p_percent) continue;
    const int row = static_cast<int>(cell) / gc, col = static_cast<int>(cell) % gc;
    int best_new = 4;
    double best_value = 0;
    std::vector<std::size_t> best;
    for (int r = 0; r < gr; ++r)
      for (int c = 0; c < gc; ++c) {
        if (r == row || c == col) continue;
        std::vector<std::size_t> corners{grid.at(row, c), grid.at(r, col), grid.at(r, c)};
        int fresh = 0;
        double value = 0;
        for (std::size_t idx : corners)
          if (grid.status[idx] == Suppression::none) {
            ++fresh;
            value += grid.value[idx];
          }
        if (fresh < best_new || (fresh == best_new && value < best_value)) {
          best_new = fresh;
          best_value = value;
          best = corners;
        }
      }
    for (std::size_t idx : best)
      if (grid.status[idx] == Suppression::none) {
        grid.status[idx] = Suppression::secondary;
        ++added;
      }
  }
  return added;
}

}  // namespace

int main(int argc, char** argv) {
  const unsigned seed = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 1;
  ProtectionGrid grid = make_table(seed);
  const int greedy = greedy_rectangles(grid);
  const auto start = std::chrono::steady_clock::now();
  const SecondaryOutcome outcome = protect_grid(grid);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("seed %u: protect_grid %.1f ms, %d complementary cells, audit %s; greedy rectangles without audit: %d\n", seed, ms,
              outcome.complements, outcome.protected_ok ? "passed" : "FAILED", greedy);
  return outcome.protected_ok ? 0 : 1;
}
