// svyquantile (R survey 4.1-1, svyquantile.survey.design with qrule_math / qrule_school /
// qrule_hf7 and woodruffCI(method = "mean")). The rules reproduce R's arithmetic: cumulative
// weights are summed in extended precision like R's cumsum, and ties keep data order.
#include "ankieta/analysis/quantile.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "distributions.hpp"
#include "linearize.hpp"

namespace ankieta::analysis {

QuantileRule parse_quantile_rule(std::string_view name) {
  if (name == "math") return QuantileRule::math;
  if (name == "school") return QuantileRule::school;
  if (name == "hf7") return QuantileRule::hf7;
  throw usage_error(fmt::format("unknown quantile rule '{}'; expected math, school or hf7", name));
}

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The domain's values with nonzero weight, sorted stably by value (R order()).
struct SortedSample {
  std::vector<double> x;
  std::vector<double> cumulative_weight;  // R cumsum(w[order(x)])
  double weight_sum = 0.0;                // R sum(w)
};

SortedSample sort_sample(const std::vector<double>& x, const std::vector<double>& w) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  SortedSample out;
  long double running = 0.0L;
  for (std::size_t idx : order) {
    out.x.push_back(x[idx]);
    running += w[idx];
    out.cumulative_weight.push_back(static_cast<double>(running));
  }
  long double total = 0.0L;
  for (double weight : w) total += weight;
  out.weight_sum = static_cast<double>(total);
  return out;
}

// R qs() + qrule_math / qrule_school.
double step_quantile(const SortedSample& s, double p, bool school) {
  const std::size_t n = s.x.size();
  if (n == 0) return nan;
  const double target = p * s.weight_sum;
  // R last(): the last index with cumw <= p * sum(w), or the first when there is none.
  // (cumulative weights never decrease: weights are >= 0).
  const auto after = std::upper_bound(s.cumulative_weight.begin(), s.cumulative_weight.end(), target);
  const std::size_t pos =
      after == s.cumulative_weight.begin() ? 0 : static_cast<std::size_t>(after - s.cumulative_weight.begin()) - 1;
  const std::size_t next = pos + 1 == n ? pos : pos + 1;
  const double below = p - s.cumulative_weight[pos] / s.weight_sum;
  if (below == 0) return school ? (s.x[pos] + s.x[next]) / 2 : s.x[pos];
  return s.x[next];
}

// R qrule_hf7: approx(c(0, cumw[-n]) / cumw[n - 1], x, p, rule = 2).
double hf7_quantile(const SortedSample& s, double p) {
  const std::size_t n = s.x.size();
  if (n == 0) return nan;
  if (n == 1) return s.x[0];
  std::vector<double> knots(n);
  knots[0] = 0.0;
  for (std::size_t idx = 1; idx < n; ++idx)
    knots[idx] = s.cumulative_weight[idx - 1] / s.cumulative_weight[n - 2];
  if (p < knots[0]) return s.x[0];
  if (p > knots[n - 1]) return s.x[n - 1];
  // R approx1(): bisection, exact knots return their value, else linear interpolation.
  std::size_t lo = 0, hi = n - 1;
  while (lo < hi - 1) {
    const std::size_t mid = (lo + hi) / 2;
    if (p < knots[mid]) hi = mid; else lo = mid;
  }
  if (p == knots[hi]) return s.x[hi];
  if (p == knots[lo]) return s.x[lo];
  return s.x[lo] + (s.x[hi] - s.x[lo]) * ((p - knots[lo]) / (knots[hi] - knots[lo]));
}

double apply_rule(const SortedSample& s, double p, QuantileRule rule) {
  switch (rule) {
    case QuantileRule::math: return step_quantile(s, p, false);
    case QuantileRule::school: return step_quantile(s, p, true);
    case QuantileRule::hf7: return hf7_quantile(s, p);
  }
  return nan;
}

}  // namespace

std::vector<QuantileEstimate> estimate_quantiles(const Design& design,
                                                 std::span<const double> values,
                                                 std::span<const double> probabilities,
                                                 DomainMask domain,
                                                 const QuantileOptions& options) {
  if (values.size() != design.n())
    throw usage_error(fmt::format("quantile: {} values for a design of {} rows", values.size(),
                                  design.n()));
  const std::vector<double>& weights = design.weights();
  // The subset design of R: the domain's rows with a value.
  std::vector<std::uint8_t> in_sample(design.n(), 0);
  std::vector<double> x, w;
  for (std::size_t row = 0; row < design.n(); ++row) {
    if (!detail::in_domain(domain, row) || std::isnan(values[row])) continue;
    in_sample[row] = 1;
    if (weights[row] == 0) continue;  // the rules drop zero weights
    x.push_back(values[row]);
    w.push_back(weights[row]);
  }
  const SortedSample sample = sort_sample(x, w);
  const double df = std::isnan(options.df) ? static_cast<double>(design.domain_df(in_sample))
                                           : options.df;
  const double alpha = 1 - options.level;
  const double critical = detail::t_quantile(1 - alpha / 2, df);

  std::vector<QuantileEstimate> out;
  for (double p : probabilities) {
    if (!(p >= 0 && p <= 1))
      throw usage_error(fmt::format("quantile: probability {} is not in [0, 1]", p));
    QuantileEstimate estimate;
    estimate.p = p;
    estimate.quantile = apply_rule(sample, p, options.rule);
    // Woodruff: the proportion at or below the estimate, its Wald interval (svymean, confint
    // with df), and the rule applied to the interval's ends.
    const double q = estimate.quantile;
    const detail::MeanLinearization below = detail::linearize_mean(
        design, in_sample, [&](std::size_t row) { return values[row] <= q ? 1.0 : 0.0; });
    const Interval p_ci = wald_interval(below.mean, std::sqrt(below.mean_var), df, options.level);
    estimate.ci.lower =
        std::isnan(p_ci.lower) || p_ci.lower < 0 ? nan : apply_rule(sample, p_ci.lower, options.rule);
    estimate.ci.upper =
        std::isnan(p_ci.upper) || p_ci.upper > 1 ? nan : apply_rule(sample, p_ci.upper, options.rule);
    estimate.se = (estimate.ci.upper - estimate.ci.lower) / (2 * critical);
    out.push_back(estimate);
  }
  return out;
}

}  // namespace ankieta::analysis
