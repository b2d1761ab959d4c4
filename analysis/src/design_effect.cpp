// Design effects and Kish's effective sample size (R survey 4.1-1 svymean.survey.design2 and
// svytotal.survey.design2, argument deff; Kish 1965).
#include <limits>

#include "linearize.hpp"

namespace ankieta::analysis::detail {

double mean_deff(const MeanLinearization& lin, bool with_replacement) {
  const double nobs = lin.n_nonzero;
  const double psum = lin.weight_sum;
  if (with_replacement) return lin.mean_var / (lin.population_variance / nobs);
  // R: "Sample size greater than population size: are weights correctly scaled?" -> NA.
  if (psum < nobs) return std::numeric_limits<double>::quiet_NaN();
  return lin.mean_var / (lin.population_variance * (psum - nobs) / (psum * nobs));
}

double total_deff(const MeanLinearization& lin, bool with_replacement) {
  const double nobs = lin.n_nonzero;
  const double psum = lin.weight_sum;
  const double srs_var = lin.population_variance * psum * psum / nobs;
  if (with_replacement) return lin.total_var / srs_var;
  return lin.total_var / (srs_var * (psum - nobs) / psum);
}

}  // namespace ankieta::analysis::detail
