// The linearized domain mean and total of one per-row value: the shared core of svymean,
// svytotal, svyvar and the design effects (R survey 4.1-1 svymean.survey.design2 and
// svytotal.survey.design2 with na.rm = TRUE, Lumley 2010 §2.3). Rows outside the domain, or whose
// value is NaN, add zero scores but stay in the design.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "ankieta/analysis/design.hpp"

namespace ankieta::analysis::detail {

struct MeanLinearization {
  int n = 0;              // rows in the domain with a value
  int n_nonzero = 0;      // of which with nonzero weight (R "nobs")
  double weight_sum = 0;  // R psum
  double weight_square_sum = 0;
  double total = 0;
  double total_var = 0;
  double mean = 0;
  double mean_var = 0;
  // R svyvar: n/(n-1) * sum w (y - mean)^2 / sum w, n = n_nonzero (Lumley 2010 §2.3.2).
  double population_variance = 0;
};

// Design effects (R svymean / svytotal with deff = TRUE or "replace"): the design variance over
// the variance of a simple random sample of n_nonzero rows from a population of weight_sum,
// without replacement (factor 1 - n/N) or with replacement.
double mean_deff(const MeanLinearization& lin, bool with_replacement);
double total_deff(const MeanLinearization& lin, bool with_replacement);

// Kish (1965) effective sample size: (sum w)^2 / sum w^2.
inline double kish_effective_n(double weight_sum, double weight_square_sum) {
  return weight_square_sum > 0 ? weight_sum * weight_sum / weight_square_sum : 0.0;
}

// Degrees of freedom for intervals: NaN asks for the design's df (R degf(design)).
inline double resolve_df(const Design& design, double requested) {
  return std::isnan(requested) ? static_cast<double>(design.df()) : requested;
}

inline bool in_domain(DomainMask domain, std::size_t row) {
  return domain.empty() || domain[row] != 0;
}

// value(row) -> double; NaN means "no value" (R na.rm = TRUE drops the row from the domain).
template <class Value>
MeanLinearization linearize_mean(const Design& design, DomainMask domain, Value value) {
  const std::vector<double>& weights = design.weights();
  const std::vector<std::int32_t>& row_unit = design.row_unit();
  // Plain double sums (R uses long double): they agree with R to ~1e-15 here and are twice as
  // fast; the exact-zero cases are decided in the variance pass, which centres in long double.
  MeanLinearization lin;
  double weight_sum = 0.0;
  double weighted_sum = 0.0;
  double weight_square_sum = 0.0;
  for (std::size_t row = 0; row < weights.size(); ++row) {
    if (!in_domain(domain, row)) continue;
    const double y = value(row);
    if (std::isnan(y)) continue;
    const double w = weights[row];
    ++lin.n;
    if (w != 0) ++lin.n_nonzero;
    weight_sum += w;
    weighted_sum += w * y;
    weight_square_sum += w * w;
  }
  lin.weight_sum = weight_sum;
  lin.weight_square_sum = weight_square_sum;
  lin.total = weighted_sum;
  lin.mean = weighted_sum / weight_sum;

  // Scores per finest unit: column 0 for the total (w y), column 1 for the mean
  // (w (y - mean) / sum w).
  UnitSums sums;
  sums.values.setZero(design.n_units(), 2);
  sums.present.assign(static_cast<std::size_t>(design.n_units()), 0);
  double squares = 0.0;
  for (std::size_t row = 0; row < weights.size(); ++row) {
    if (!in_domain(domain, row)) continue;
    const double y = value(row);
    if (std::isnan(y)) continue;
    const double w = weights[row];
    const double centred = y - lin.mean;
    const auto unit = row_unit[row];
    sums.values(unit, 0) += w * y;
    sums.values(unit, 1) += centred * w / lin.weight_sum;
    sums.present[static_cast<std::size_t>(unit)] = 1;
    squares += w * centred * centred;
  }
  const Eigen::MatrixXd covariance = design.total_covariance(sums);
  lin.total_var = covariance(0, 0);
  lin.mean_var = covariance(1, 1);
  const double n = lin.n_nonzero;
  lin.population_variance = squares / weight_sum * n / (n - 1);
  return lin;
}

}  // namespace ankieta::analysis::detail
