// The primary confidentiality rules of a cell (disclosure.hpp) and their protection levels.
// Threshold and (n, k) dominance: ustawa o statystyce publicznej art. 38 ust. 2 (n = 3, (1, 75 %));
// p %-rule and the levels: tau-ARGUS 4.1 manual §4.2 and Hundepool et al. (2012) §4.3.
#include "ankieta/analysis/disclosure.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"

namespace ankieta::analysis {

std::string_view to_string(Suppression reason) {
  switch (reason) {
    case Suppression::none: return "";
    case Suppression::threshold: return "threshold";
    case Suppression::dominance: return "dominance";
    case Suppression::p_percent: return "p%";
    case Suppression::secondary: return "secondary";
    case Suppression::unreliable: return "unreliable";
  }
  return "";
}

std::string_view to_string(Reliability flag) {
  switch (flag) {
    case Reliability::none: return "";
    case Reliability::caution: return "caution";
    case Reliability::complement: return "complement";
    case Reliability::review: return "review";
    case Reliability::suppress: return "suppress";
  }
  return "";
}

namespace {

// The sum of the largest `units` units of contributions already sorted by value, largest first.
double top_of_sorted(const std::vector<Contribution>& sorted, double units) {
  double sum = 0;
  for (const auto& contribution : sorted) {
    if (units <= 0) break;
    const double taken = std::min(contribution.weight, units);
    sum += taken * contribution.value;
    units -= taken;
  }
  return sum;
}

void sort_largest_first(std::vector<Contribution>& contributions) {
  std::sort(contributions.begin(), contributions.end(), [](const Contribution& a, const Contribution& b) { return a.value > b.value; });
}

}  // namespace

double top_contributions(std::vector<Contribution> contributions, double units) {
  sort_largest_first(contributions);
  return top_of_sorted(contributions, units);
}

std::vector<Contribution> merge_holdings(const std::vector<Contribution>& firms, const std::vector<std::int64_t>& holding) {
  std::vector<Contribution> merged;
  struct Group {
    double value = 0, weighted = 0, weight_sum = 0;
    int firms = 0;
  };
  std::map<std::int64_t, Group> groups;
  for (std::size_t idx = 0; idx < firms.size(); ++idx) {
    if (idx >= holding.size() || holding[idx] < 0) {
      merged.push_back(firms[idx]);
      continue;
    }
    Group& group = groups[holding[idx]];
    group.value += firms[idx].value;
    group.weighted += firms[idx].value * firms[idx].weight;
    group.weight_sum += firms[idx].weight;
    ++group.firms;
  }
  for (const auto& [id, group] : groups) {
    // The value-weighted mean weight keeps the holding's part of the weighted total; a holding whose
    // firms all report 0 contributes nothing, whatever weight it gets.
    const double weight = group.value != 0 ? group.weighted / group.value : group.weight_sum / group.firms;
    merged.push_back({group.value, weight});
  }
  return merged;
}

PrimaryVerdict count_primary(int contributors, double value, const DisclosureRules& rules) {
  PrimaryVerdict verdict;
  if (rules.threshold > 0 && contributors > 0 && contributors < rules.threshold) {
    verdict.reason = Suppression::threshold;
    verdict.protection = rules.frequency_range / 100.0 * std::abs(value);
  }
  return verdict;
}

PrimaryVerdict magnitude_primary(const std::vector<Contribution>& contributions, int contributors, const DisclosureRules& rules) {
  double total = 0;
  for (const auto& contribution : contributions) {
    if (contribution.value < 0)
      throw usage_error("the dominance and p% rules need contributions of at least 0 (a variable with negative values, "
                        "such as a profit, can only be protected by the threshold rule)");
    total += contribution.value * contribution.weight;
  }
  PrimaryVerdict verdict = count_primary(contributors, total, rules);
  // Sorted once for both rules (a cell of a million firms is sorted once, not once per sum).
  std::vector<Contribution> sorted = contributions;
  sort_largest_first(sorted);
  auto raise = [&](Suppression reason, double protection) {
    if (verdict.reason == Suppression::none) verdict.reason = reason;
    verdict.protection = std::max(verdict.protection, protection);
  };
  if (rules.dominance && rules.dominance_n > 0) {
    // Unsafe when x1 + ... + xn > k/100 X; protected when the attacker cannot put X below 100/k of
    // the top n: UPL = 100/k (x1 + ... + xn) - X.
    const double top = top_of_sorted(sorted, rules.dominance_n);
    if (total > 0 && top > rules.dominance_k / 100.0 * total) raise(Suppression::dominance, 100.0 / rules.dominance_k * top - total);
  }
  if (rules.p_rule) {
    // Unsafe when X - x1 - x2 < p/100 x1: the second largest contributor, subtracting its own value,
    // knows x1 to within p %. UPL = p/100 x1 - (X - x1 - x2).
    const double x1 = top_of_sorted(sorted, 1);
    const double x2 = top_of_sorted(sorted, 2) - x1;
    const double rest = total - x1 - x2;
    if (total > 0 && rest < rules.p / 100.0 * x1) raise(Suppression::p_percent, rules.p / 100.0 * x1 - rest);
  }
  return verdict;
}

ProportionQuality nchs_proportion(double p, double se, int numerator_n, int denominator_n, double kg_lower, double kg_upper,
                                  double df) {
  ProportionQuality quality;
  const bool degenerate = numerator_n == 0 || numerator_n == denominator_n;
  quality.n_eff = degenerate || !(se > 0) ? denominator_n : std::min(p * (1 - p) / (se * se), static_cast<double>(denominator_n));
  quality.width = degenerate ? 0 : kg_upper - kg_lower;
  bool display = false;
  bool relative_checked = false;
  if (quality.n_eff < 30) display = false;
  else if (quality.width <= 0.05) display = true;
  else if (quality.width >= 0.30) display = false;
  else {
    relative_checked = true;
    display = !(quality.width / p > 1.30);
  }
  if (!display) {
    quality.flag = Reliability::suppress;
    return quality;
  }
  if (relative_checked && quality.width / (1 - p) > 1.30) quality.flag = Reliability::complement;
  if (df < 8 || degenerate) quality.flag = Reliability::review;
  return quality;
}

Reliability cv_flag(double cv, const DisclosureRules& rules) {
  if (std::isnan(cv)) return Reliability::review;
  if (cv > rules.cv_suppress) return Reliability::suppress;
  if (cv >= rules.cv_caution) return Reliability::caution;
  return Reliability::none;
}

}  // namespace ankieta::analysis
