// Statistical disclosure control of business tables (docs/disclosure.md): which cells may not be
// published because they could reveal a firm (primary rules), which further cells must be hidden so
// that a hidden cell cannot be recomputed from the published ones and the margins (secondary
// suppression, checked by linear programs), and how reliable a published estimate is (the NCHS
// 2017 standard for proportions, a CV scale for means and totals).
//
// Sources: ustawa o statystyce publicznej art. 38 ust. 2 (the threshold n = 3 and the (1, 75 %)
// dominance rule); the tau-ARGUS 4.1 manual and Hundepool et al. (2012) §4.2-4.3 (p %-rule,
// protection levels, sampling weights, holdings, hypercubes, the audit); Parker et al. (2017),
// Vital Health Stat 2(175), as coded in CDCgov/surveytable R/z_lpe.R (the proportion flags).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace ankieta::analysis {

// Why a cell is not published. `unreliable` is not a confidentiality reason: the estimate is too
// imprecise to print (the reliability pass), and it is never protected by complementary cells.
enum class Suppression { none, threshold, dominance, p_percent, secondary, unreliable };

// "threshold", "dominance", "p%", "secondary", "unreliable" ("" for none): the reason codes of the
// machine-readable outputs.
std::string_view to_string(Suppression reason);

// A published estimate's precision flag. caution: the CV is at least the caution level, or (NCHS)
// the complement of the proportion is unreliable; review: too few degrees of freedom, or a
// proportion of 0 or 1; suppress: too unreliable to publish (its value is then not shown).
enum class Reliability { none, caution, complement, review, suppress };
std::string_view to_string(Reliability flag);  // "", "caution", "complement", "review", "suppress"

enum class ReliabilityRule { none, nchs, cv };

struct DisclosureRules {
  bool enabled = false;
  // Threshold rule: unsafe when 0 < contributors < threshold (contributors counted unweighted, a
  // holding as one). 0 turns it off.
  int threshold = 3;
  // Dominance (n, k) rule: unsafe when the n largest (weighted) contributions exceed k % of the cell.
  bool dominance = true;
  int dominance_n = 1;
  double dominance_k = 75;
  // p %-rule: unsafe when X - x1 - x2 < p/100 x1 (the second largest contributor could estimate the
  // largest to within p %).
  bool p_rule = true;
  double p = 10;
  // Protection level of a threshold cell: the attacker's interval must reach this share (percent)
  // of the cell's value on each side (tau-ARGUS "frequency range").
  double frequency_range = 30;
  bool secondary = true;
  std::string holding;  // variable whose equal values make one contributor ("" = each firm its own)

  ReliabilityRule reliability = ReliabilityRule::none;
  double cv_caution = 0.30;   // CV at or above this: "use with caution"
  double cv_suppress = 0.50;  // CV above this: not published
};

// One respondent's (or one holding's) contribution to a magnitude cell: its value and its survey
// weight. A contribution of weight w counts as w contributions of the value (tau-ARGUS, sdcTable).
struct Contribution {
  double value = 0;
  double weight = 1;
};

// The sum of the largest `units` units of weighted contributions: contributions sorted by value,
// each of weight w supplying w units (a fraction of a unit where w is not whole, so non-integer
// weights need no rounding). top_contributions(c, 1) is x1, (c, 2) - (c, 1) is x2.
double top_contributions(std::vector<Contribution> contributions, double units);

// Contributions of the same holding merged into one: its value is the sum of its firms' values and
// its weight their value-weighted mean weight, so that its part of the weighted cell total is
// unchanged and a holding of one firm is that firm. holding[i] < 0: firm i is on its own.
std::vector<Contribution> merge_holdings(const std::vector<Contribution>& firms, const std::vector<std::int64_t>& holding);

// A cell's verdict under the primary rules and, when unsafe, how much uncertainty the published
// table must leave about its value: `protection` in the cell's own units, the same on both sides
// (symmetric levels, as tau-ARGUS after Loeve 2001).
struct PrimaryVerdict {
  Suppression reason = Suppression::none;
  double protection = 0;
  bool unsafe() const { return reason != Suppression::none; }
};

// Threshold rule on a count (or any) cell with `contributors` units and published `value`.
PrimaryVerdict count_primary(int contributors, double value, const DisclosureRules& rules);
// All rules on a magnitude cell. The contributions must be >= 0 (Error(usage) otherwise: the
// dominance and p % rules mean nothing for profits and losses). The reason named is the first
// unsafe rule in the order threshold, dominance, p %; the protection the largest of theirs.
PrimaryVerdict magnitude_primary(const std::vector<Contribution>& contributions, int contributors, const DisclosureRules& rules);

// A table to protect: `rows` x `cols` inner cells with their margins, stored as a grid of
// (rows + 1) x (cols + 1) values, row-major, where the last row holds the column totals, the last
// column the row totals and the corner the grand total. A one-way table is rows x 1 with its total
// below: a grid of (rows + 1) x 1 (no margin column). Values are the published numbers (weighted
// counts, totals); they must be >= 0.
struct ProtectionGrid {
  int rows = 0;
  int cols = 0;
  std::vector<double> value;
  std::vector<int> contributors;          // 0 = an empty cell, never a complement
  std::vector<Suppression> status;        // primary verdicts in, secondary marks added
  std::vector<double> protection;         // of primary cells
  // Cells that may not be complements besides empty ones (the grand total: it is every table's base).
  std::vector<bool> frozen;

  ProtectionGrid(int inner_rows, int inner_cols);
  int grid_rows() const { return rows + 1; }
  int grid_cols() const { return cols == 1 ? 1 : cols + 1; }
  std::size_t at(int row, int col) const { return static_cast<std::size_t>(row * grid_cols() + col); }
  std::size_t size() const { return static_cast<std::size_t>(grid_rows() * grid_cols()); }
};

// The additive relations of the grid: each inner row sums to its row total, each column to its
// column total, the margins to the grand total.
struct TableRelation {
  std::size_t total = 0;
  std::vector<std::size_t> parts;
};
std::vector<TableRelation> table_relations(const ProtectionGrid& grid);

// What an attacker can derive about a suppressed cell from the published cells and the relations:
// the minimum and maximum of the cell over all non-negative tables agreeing with what is published
// (two linear programs, solved with GLPK). +inf when nothing bounds it from above.
struct FeasibleInterval {
  double lower = 0;
  double upper = std::numeric_limits<double>::infinity();
};
FeasibleInterval feasible_interval(const ProtectionGrid& grid, std::size_t cell);

// True when every primary cell's feasible interval reaches its protection level on both sides
// (below, at most down to 0) and is not a single point.
bool primary_cells_protected(const ProtectionGrid& grid);

struct SecondaryOutcome {
  int complements = 0;       // cells marked `secondary`
  bool protected_ok = true;  // false: no choice of complements protects every primary cell
};

// Secondary suppression: for each primary cell, largest protection first, that the audit finds
// under-protected, adds the cheapest rectangle of cells (a 2-D hypercube; a pair in a one-way
// table) through it - fewest new suppressions, then the smallest sum of values, margins dearer -
// until the audit (feasible_interval) passes. Empty cells and frozen cells are never complements.
// Then the singleton check: a row or column whose suppressed cells are exactly two and include a
// single-contributor cell gets one more complement (the other contributor would otherwise learn the
// singleton's value by subtraction).
SecondaryOutcome protect_grid(ProtectionGrid& grid);

// NCHS Data Presentation Standards for Proportions (Parker et al. 2017), as surveytable's .lpe_percents:
// n_eff = p(1-p)/se^2 capped at the denominator's n (n when p is 0 or 1); suppress when n_eff < 30;
// present when the Korn-Graubard interval's width <= 0.05; suppress when the width >= 0.30 or the
// width / p > 1.30; flag "complement" when width / (1-p) > 1.30; review when df < 8 or p is 0 or 1.
struct ProportionQuality {
  double n_eff = 0;
  double width = 0;
  Reliability flag = Reliability::none;
};
ProportionQuality nchs_proportion(double p, double se, int numerator_n, int denominator_n, double kg_lower, double kg_upper,
                                  double df);

// CV scale for a mean or total: suppress when cv > cv_suppress, caution when cv >= cv_caution.
// A NaN cv (a zero estimate) is flagged for review.
Reliability cv_flag(double cv, const DisclosureRules& rules);

// What a published table cell is under the rules: why it is withheld (none: published) and its
// reliability flag. A withheld cell's numbers appear in no output (the layouts print `#`).
struct CellMark {
  Suppression reason = Suppression::none;
  Reliability reliability = Reliability::none;
  bool withheld() const { return reason != Suppression::none; }
};

// What the rules did to one table, for its notes and a report's methodology.
struct ProtectionSummary {
  bool confidentiality = false;  // the primary and secondary rules were applied
  bool reliability = false;      // the reliability flags were applied
  int threshold = 0, dominance = 0, p_percent = 0, secondary = 0, unreliable = 0;  // cells withheld, by reason
  int caution = 0, review = 0, complement = 0;                                      // cells flagged
  bool protected_ok = true;     // false: secondary suppression could not protect every primary cell
  bool negative_values = false; // a magnitude cell had negative contributions: threshold rule only
  bool shared_margins = false;  // a total hidden in one block of a banner was protected in every block
  bool report_margins = false;  // a total another table of the report withheld was withheld here too
  // Tests left out because they are functions of every cell: with the published cells, a
  // chi-square, Cramér's V or an F of equal means can give a withheld cell back.
  bool tests_withheld = false;
  // Group disclosure: everyone in a group is known to have given one answer. A frequency table:
  // the category (value index) every respondent chose; a banner: the columns (their letter index,
  // analysis::column_letter) whose respondents all gave one answer.
  std::vector<int> group_disclosure;

  bool applied() const { return confidentiality || reliability; }
  int withheld() const { return threshold + dominance + p_percent + secondary + unreliable; }
  void count(const CellMark& mark);
  void merge(const ProtectionSummary& other);
};

}  // namespace ankieta::analysis
