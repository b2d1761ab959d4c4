// svyratio: ratio of two domain totals with the linearized variance of
// (y - R x) / X (R survey 4.1-1 svyratio.survey.design2; Lumley 2010 §2.3.3).
#include <cmath>

#include <fmt/format.h>

#include "ankieta/analysis/estimators.hpp"
#include "ankieta/survey/error.hpp"
#include "linearize.hpp"

namespace ankieta::analysis {

RatioEstimate estimate_ratio(const Design& design, std::span<const double> numerator,
                             std::span<const double> denominator, DomainMask domain,
                             const EstimateOptions& options) {
  if (numerator.size() != design.n() || denominator.size() != design.n())
    throw usage_error(fmt::format("ratio: numerator and denominator need {} values each",
                                  design.n()));
  const std::vector<double>& weights = design.weights();
  const std::vector<std::int32_t>& row_unit = design.row_unit();
  auto complete = [&](std::size_t row) {
    return detail::in_domain(domain, row) && !std::isnan(numerator[row]) &&
           !std::isnan(denominator[row]);
  };
  RatioEstimate out;
  long double numerator_total = 0.0L;
  long double denominator_total = 0.0L;
  for (std::size_t row = 0; row < weights.size(); ++row) {
    if (!complete(row)) continue;
    ++out.n;
    numerator_total += static_cast<long double>(weights[row]) * numerator[row];
    denominator_total += static_cast<long double>(weights[row]) * denominator[row];
  }
  out.numerator_total = static_cast<double>(numerator_total);
  out.denominator_total = static_cast<double>(denominator_total);
  out.ratio = out.numerator_total / out.denominator_total;

  UnitSums sums;
  sums.values.setZero(design.n_units(), 1);
  sums.present.assign(static_cast<std::size_t>(design.n_units()), 0);
  for (std::size_t row = 0; row < weights.size(); ++row) {
    if (!complete(row)) continue;
    const auto unit = row_unit[row];
    sums.values(unit, 0) += (numerator[row] - out.ratio * denominator[row]) /
                            out.denominator_total * weights[row];
    sums.present[static_cast<std::size_t>(unit)] = 1;
  }
  out.ratio_se = std::sqrt(design.total_covariance(sums)(0, 0));
  out.df = detail::resolve_df(design, options.df);
  out.ci = wald_interval(out.ratio, out.ratio_se, out.df, options.level);
  return out;
}

}  // namespace ankieta::analysis
