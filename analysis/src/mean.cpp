// svymean / svytotal of a numeric variable in a domain (R survey 4.1-1 svymean.survey.design2,
// svytotal.survey.design2, svyvar.survey.design; Lumley 2010 §2.3).
#include <cmath>

#include <fmt/format.h>

#include "ankieta/analysis/estimators.hpp"
#include "ankieta/survey/error.hpp"
#include "linearize.hpp"

namespace ankieta::analysis {

MeanEstimate estimate_mean(const Design& design, std::span<const double> values,
                           DomainMask domain, const EstimateOptions& options) {
  if (values.size() != design.n())
    throw usage_error(fmt::format("mean: {} values for a design of {} rows", values.size(),
                                  design.n()));
  const detail::MeanLinearization lin =
      detail::linearize_mean(design, domain, [&](std::size_t row) { return values[row]; });
  MeanEstimate out;
  out.n = lin.n;
  out.weight_sum = lin.weight_sum;
  out.mean = lin.mean;
  out.mean_se = std::sqrt(lin.mean_var);
  out.total = lin.total;
  out.total_se = std::sqrt(lin.total_var);
  out.deff = detail::mean_deff(lin, false);
  out.deff_replace = detail::mean_deff(lin, true);
  out.total_deff = detail::total_deff(lin, false);
  out.total_deff_replace = detail::total_deff(lin, true);
  out.variance = lin.population_variance;
  out.n_eff = detail::kish_effective_n(lin.weight_sum, lin.weight_square_sum);
  out.df = detail::resolve_df(design, options.df);
  out.ci = wald_interval(out.mean, out.mean_se, out.df, options.level);
  return out;
}

}  // namespace ankieta::analysis
