// The disclosure rules on hand-computed cells (boundaries: exactly 3 firms, exactly 75 %, the p %
// equality), weights and holdings; the audit's intervals against intervals worked out by hand; the
// secondary suppression checked by an independent elimination (no suppressed cell can be
// recomputed row by row and column by column); the NCHS flags on the standard's cases.
#include <catch2/catch.hpp>

#include "ankieta/analysis/confidence_interval.hpp"
#include "ankieta/analysis/disclosure.hpp"

using namespace ankieta::analysis;

namespace {

DisclosureRules only(bool threshold, bool dominance, bool p_rule) {
  DisclosureRules rules;
  rules.enabled = true;
  rules.threshold = threshold ? 3 : 0;
  rules.dominance = dominance;
  rules.p_rule = p_rule;
  return rules;
}

std::vector<Contribution> unweighted(std::initializer_list<double> values) {
  std::vector<Contribution> out;
  for (double value : values) out.push_back({value, 1.0});
  return out;
}

// Independent of the LP: repeatedly solve every relation with exactly one unknown cell; any
// suppressed primary cell solved this way is disclosed exactly.
bool some_primary_recomputable(const ProtectionGrid& grid) {
  std::vector<bool> known(grid.size());
  for (std::size_t idx = 0; idx < grid.size(); ++idx) known[idx] = grid.status[idx] == Suppression::none;
  const int gr = grid.grid_rows(), gc = grid.grid_cols();
  std::vector<std::vector<std::size_t>> lines;
  for (int col = 0; col < gc; ++col) {
    std::vector<std::size_t> line;
    for (int row = 0; row < gr; ++row) line.push_back(static_cast<std::size_t>(row * gc + col));
    lines.push_back(line);
  }
  if (gc > 1)
    for (int row = 0; row < gr; ++row) {
      std::vector<std::size_t> line;
      for (int col = 0; col < gc; ++col) line.push_back(static_cast<std::size_t>(row * gc + col));
      lines.push_back(line);
    }
  for (bool progress = true; progress;) {
    progress = false;
    for (const auto& line : lines) {
      int unknown = 0;
      std::size_t which = 0;
      for (std::size_t idx : line)
        if (!known[idx]) {
          ++unknown;
          which = idx;
        }
      if (unknown == 1) {
        known[which] = true;
        progress = true;
      }
    }
  }
  for (std::size_t idx = 0; idx < grid.size(); ++idx)
    if (known[idx] && (grid.status[idx] == Suppression::threshold || grid.status[idx] == Suppression::p_percent ||
                       grid.status[idx] == Suppression::dominance))
      return true;
  return false;
}

// A two-way grid from inner values (contributors = 5 where the value is > 0) with its margins.
ProtectionGrid grid_of(const std::vector<std::vector<double>>& inner) {
  const int rows = static_cast<int>(inner.size()), cols = static_cast<int>(inner[0].size());
  ProtectionGrid grid(rows, cols);
  for (int row = 0; row < rows; ++row)
    for (int col = 0; col < cols; ++col) {
      const double value = inner[static_cast<std::size_t>(row)][static_cast<std::size_t>(col)];
      grid.value[grid.at(row, col)] += value;
      grid.value[grid.at(rows, col)] += value;
      if (cols > 1) {
        grid.value[grid.at(row, cols)] += value;
        grid.value[grid.at(rows, cols)] += value;
      }
    }
  for (std::size_t idx = 0; idx < grid.size(); ++idx) grid.contributors[idx] = grid.value[idx] > 0 ? 5 : 0;
  return grid;
}

}  // namespace

TEST_CASE("threshold rule: fewer than 3 contributors is unsafe and exactly 3 is safe", "[disclosure]") {
  const DisclosureRules rules = only(true, false, false);
  CHECK(count_primary(0, 0, rules).reason == Suppression::none);
  CHECK(count_primary(1, 10, rules).reason == Suppression::threshold);
  CHECK(count_primary(2, 10, rules).reason == Suppression::threshold);
  CHECK(count_primary(3, 10, rules).reason == Suppression::none);
  // Protection: 30 % of the value (the frequency range).
  CHECK(count_primary(2, 10, rules).protection == Approx(3.0));
}

TEST_CASE("dominance (1 75) rule: exactly 75 percent is safe and above is unsafe", "[disclosure]") {
  const DisclosureRules rules = only(false, true, false);
  CHECK(magnitude_primary(unweighted({75, 20, 5}), 3, rules).reason == Suppression::none);
  const PrimaryVerdict unsafe = magnitude_primary(unweighted({76, 20, 4}), 3, rules);
  CHECK(unsafe.reason == Suppression::dominance);
  // UPL = 100/75 * 76 - 100.
  CHECK(unsafe.protection == Approx(100.0 / 75.0 * 76.0 - 100.0));
}

TEST_CASE("p percent rule: the equality X - x1 - x2 = p/100 x1 is safe", "[disclosure]") {
  const DisclosureRules rules = only(false, false, true);
  CHECK(magnitude_primary(unweighted({100, 50, 10}), 3, rules).reason == Suppression::none);
  const PrimaryVerdict unsafe = magnitude_primary(unweighted({100, 50, 9}), 3, rules);
  CHECK(unsafe.reason == Suppression::p_percent);
  CHECK(unsafe.protection == Approx(1.0));  // 10 - 9
  CHECK(magnitude_primary(unweighted({0, 0, 0}), 3, rules).reason == Suppression::none);
}

TEST_CASE("weights: a contribution of weight w counts as w contributions", "[disclosure]") {
  // tau-ARGUS's example: 100 with weight 4 and 10 with weight 7: the top two are 100 and 100.
  const std::vector<Contribution> cell{{100, 4}, {10, 7}};
  CHECK(top_contributions(cell, 1) == Approx(100));
  CHECK(top_contributions(cell, 2) == Approx(200));
  CHECK(top_contributions(cell, 5) == Approx(410));
  // Not whole weights: 1.5 units of 100 then 10.
  CHECK(top_contributions({{100, 1.5}, {10, 1}}, 2) == Approx(155));
  // X = 470, x1 = x2 = 100, rest 270: safe under p = 10 and under (1, 75); unweighted the same two
  // firms would be p %-unsafe (rest 0).
  const DisclosureRules rules = only(false, true, true);
  CHECK(magnitude_primary(cell, 2, rules).reason == Suppression::none);
  CHECK(magnitude_primary(unweighted({100, 10}), 2, rules).reason != Suppression::none);
}

TEST_CASE("holdings: firms of one holding make one contributor", "[disclosure]") {
  const std::vector<Contribution> firms{{40, 1}, {40, 1}, {20, 1}};
  const auto merged = merge_holdings(firms, {7, 7, -1});
  REQUIRE(merged.size() == 2);
  CHECK(top_contributions(merged, 1) == Approx(80));
  // 80 of 100 > 75 %: the holding dominates though no single firm does.
  const DisclosureRules rules = only(false, true, false);
  CHECK(magnitude_primary(firms, 3, rules).reason == Suppression::none);
  CHECK(magnitude_primary(merged, 2, rules).reason == Suppression::dominance);
  // A holding of one weighted firm is that firm.
  const auto single = merge_holdings({{50, 3}}, {1});
  CHECK(single[0].value == Approx(50));
  CHECK(single[0].weight == Approx(3));
}

TEST_CASE("negative contributions are refused by the dominance and p percent rules", "[disclosure]") {
  CHECK_THROWS_WITH(magnitude_primary(unweighted({10, -5, 3}), 3, only(false, true, true)),
                    Catch::Contains("contributions of at least 0"));
}

TEST_CASE("audit: a 2x2 table with every inner cell suppressed gives the hand-computed intervals", "[disclosure]") {
  ProtectionGrid grid = grid_of({{5, 3}, {4, 6}});  // rows 8 and 10, columns 9 and 9, total 18
  for (int row = 0; row < 2; ++row)
    for (int col = 0; col < 2; ++col) grid.status[grid.at(row, col)] = Suppression::secondary;
  // x11 in [max(0, r1 - c2), min(r1, c1)] = [0, 8]; x22 in [max(0, r2 - c1), min(r2, c2)] = [1, 9].
  const FeasibleInterval a = feasible_interval(grid, grid.at(0, 0));
  CHECK(a.lower == Approx(0).margin(1e-9));
  CHECK(a.upper == Approx(8));
  const FeasibleInterval d = feasible_interval(grid, grid.at(1, 1));
  CHECK(d.lower == Approx(1));
  CHECK(d.upper == Approx(9));
  // A published cell is known exactly.
  grid.status[grid.at(1, 1)] = Suppression::none;
  const FeasibleInterval b = feasible_interval(grid, grid.at(0, 1));
  CHECK(b.lower == Approx(3));
  CHECK(b.upper == Approx(3));
}

TEST_CASE("secondary suppression protects one primary cell of a 3x3 table with a rectangle", "[disclosure]") {
  ProtectionGrid grid = grid_of({{2, 30, 40}, {25, 35, 20}, {30, 10, 50}});
  grid.status[grid.at(0, 0)] = Suppression::threshold;
  grid.contributors[grid.at(0, 0)] = 2;
  grid.protection[grid.at(0, 0)] = 0.6;
  const SecondaryOutcome outcome = protect_grid(grid);
  CHECK(outcome.protected_ok);
  CHECK(outcome.complements == 3);
  CHECK_FALSE(some_primary_recomputable(grid));
  for (std::size_t idx = 0; idx < grid.size(); ++idx)
    if (grid.status[idx] == Suppression::secondary) CHECK(grid.contributors[idx] > 0);
  const FeasibleInterval interval = feasible_interval(grid, grid.at(0, 0));
  CHECK(interval.upper - 2 >= 0.6);
}

TEST_CASE("secondary suppression never uses empty cells and protects several primaries", "[disclosure]") {
  ProtectionGrid grid = grid_of({{1, 0, 12, 7}, {9, 14, 0, 2}, {6, 8, 11, 15}, {0, 5, 9, 10}});
  for (auto [row, col] : std::vector<std::pair<int, int>>{{0, 0}, {1, 3}, {3, 1}}) {
    const std::size_t idx = grid.at(row, col);
    grid.status[idx] = Suppression::threshold;
    grid.contributors[idx] = 1;
    grid.protection[idx] = 0.3 * grid.value[idx];
  }
  const SecondaryOutcome outcome = protect_grid(grid);
  CHECK(outcome.protected_ok);
  CHECK(outcome.complements >= 3);
  CHECK_FALSE(some_primary_recomputable(grid));
  for (std::size_t idx = 0; idx < grid.size(); ++idx)
    if (grid.value[idx] == 0) CHECK(grid.status[idx] == Suppression::none);
}

TEST_CASE("secondary suppression of a one-way table adds one complement beside one primary", "[disclosure]") {
  ProtectionGrid grid = grid_of({{2}, {40}, {25}});
  REQUIRE(grid.grid_cols() == 1);
  grid.status[grid.at(0, 0)] = Suppression::threshold;
  grid.contributors[grid.at(0, 0)] = 2;
  grid.protection[grid.at(0, 0)] = 0.6;
  const SecondaryOutcome outcome = protect_grid(grid);
  CHECK(outcome.protected_ok);
  CHECK(outcome.complements == 1);
  CHECK(grid.status[grid.at(2, 0)] == Suppression::secondary);  // the smaller of 40 and 25
  CHECK_FALSE(some_primary_recomputable(grid));
}

TEST_CASE("NCHS proportion flags on the standard's cases", "[disclosure]") {
  // Effective n below 30: suppress.
  CHECK(nchs_proportion(0.5, 0.1, 10, 25, 0.3, 0.7, 50).flag == Reliability::suppress);
  // Width at most 0.05: present.
  CHECK(nchs_proportion(0.5, 0.01, 500, 1000, 0.48, 0.52, 50).flag == Reliability::none);
  // Width at least 0.30: suppress.
  CHECK(nchs_proportion(0.5, 0.02, 300, 600, 0.34, 0.66, 50).flag == Reliability::suppress);
  // Relative width above 130 %: p = 0.1, width 0.14 -> 140 %: suppress.
  CHECK(nchs_proportion(0.1, 0.03, 10, 100, 0.04, 0.18, 50).flag == Reliability::suppress);
  // p = 0.9, width 0.14: relative 15.6 %, complement 140 %: presented with the complement footnote.
  CHECK(nchs_proportion(0.9, 0.03, 90, 100, 0.82, 0.96, 50).flag == Reliability::complement);
  // Presented but df < 8: review.
  CHECK(nchs_proportion(0.5, 0.01, 500, 1000, 0.48, 0.52, 7).flag == Reliability::review);
  // p = 0 with a large base: review.
  CHECK(nchs_proportion(0.0, 0.0, 0, 100, 0.0, 0.036, 50).flag == Reliability::review);
  // n_eff is capped at the denominator's n.
  CHECK(nchs_proportion(0.5, 0.001, 50, 100, 0.45, 0.55, 50).n_eff == Approx(100));
}

TEST_CASE("CV flags: caution from 30 percent and suppression above the limit", "[disclosure]") {
  DisclosureRules rules;
  CHECK(cv_flag(0.29, rules) == Reliability::none);
  CHECK(cv_flag(0.30, rules) == Reliability::caution);
  CHECK(cv_flag(0.50, rules) == Reliability::caution);
  CHECK(cv_flag(0.51, rules) == Reliability::suppress);
}

TEST_CASE("NCHS flags on svyciprop beta intervals of apiclus1 agree with R", "[disclosure]") {
  // p, se, n numerator, n denominator, Korn-Graubard bounds, df and the flag, all from R survey
  // (svyciprop(method = "beta") on dclus1; the flag by the surveytable rule written in R):
  // tests/reference/r/make_nchs_expected.R.
  struct Case {
    double p, se;
    int numerator, denominator;
    double lower, upper;
    int df;
    const char* flag;
  };
  const Case cases[] = {
      {0.78688524590163933, 0.046336553649911898, 144, 183, 0.66878508084305843, 0.87805306367331581, 14, "none"},
      {0.07650273224043716, 0.026810219050770825, 14, 183, 0.029638106207170316, 0.1560225487884519, 14, "suppress"},
      {0.13661202185792351, 0.029649046640260197, 25, 183, 0.079373270915314223, 0.21374592689030802, 14, "none"},
      {0.62264150943396224, 0.081287921105390529, 33, 53, 0.42859363422918118, 0.79162930394342013, 12, "suppress"},
      {0.15094339622641509, 0.0477153505961962, 8, 53, 0.06392226683779563, 0.28415211944047036, 12, "suppress"},
  };
  for (const Case& c : cases) {
    const ProportionQuality quality = nchs_proportion(c.p, c.se, c.numerator, c.denominator, c.lower, c.upper, c.df);
    // ankieta's Korn-Graubard interval (--ci-method beta) reproduces R's bounds.
    const Interval kg = proportion_interval(c.p, c.se, c.df, CiMethod::beta, 0.95, c.denominator);
    CHECK(kg.lower == Approx(c.lower).epsilon(1e-9));
    CHECK(kg.upper == Approx(c.upper).epsilon(1e-9));
    const std::string expected = c.flag;
    CHECK(std::string(to_string(quality.flag)) == (expected == "none" ? "" : expected));
  }
}
