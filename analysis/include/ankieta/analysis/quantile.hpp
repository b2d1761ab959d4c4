// Quantiles of a numeric variable with Woodruff (1952) confidence intervals, as R survey 4.1-1
// svyquantile.survey.design (defaults: qrule = "math", interval.type = "mean"; Lumley 2010 §2.4).
#pragma once

#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "ankieta/analysis/confidence_interval.hpp"
#include "ankieta/analysis/design.hpp"

namespace ankieta::analysis {

// math   - the inverse of the weighted empirical CDF: the smallest x with F(x) >= p (R default)
// school - as math, but the midpoint of x_k and x_k+1 when F(x_k) = p exactly
// hf7    - Hyndman & Fan type 7 (linear interpolation) with weights
enum class QuantileRule { math, school, hf7 };
QuantileRule parse_quantile_rule(std::string_view name);  // usage_error when unknown

struct QuantileOptions {
  QuantileRule rule = QuantileRule::math;
  double level = 0.95;
  // NaN = degrees of freedom of the domain (R degf of the subset design); +inf = normal.
  double df = std::numeric_limits<double>::quiet_NaN();
};

struct QuantileEstimate {
  double p = 0.0;         // the requested probability
  double quantile = 0.0;
  Interval ci;            // Woodruff: the interval for F(quantile) mapped back through the rule
  double se = 0.0;        // (upper - lower) / (2 t_df(1 - alpha/2)), as R
};

// NaN values leave the domain (R na.rm = TRUE). Bounds are NaN where R's are (the interval for
// the proportion leaves [0, 1]).
std::vector<QuantileEstimate> estimate_quantiles(const Design& design,
                                                 std::span<const double> values,
                                                 std::span<const double> probabilities,
                                                 DomainMask domain = {},
                                                 const QuantileOptions& options = {});

}  // namespace ankieta::analysis
