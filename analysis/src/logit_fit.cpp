#include "logit_fit.hpp"

#include <cfloat>
#include <cmath>

#include "distributions.hpp"

namespace ankieta::analysis::detail {

namespace {

// R's C code for the logit link (src/library/stats/src/family.c).
constexpr double threshold = 30.0;
constexpr double minus_threshold = -30.0;
constexpr double inverse_eps = 1.0 / DBL_EPSILON;

double link_mu_eta(double eta) {
  const double opexp = 1 + std::exp(eta);
  return (eta > threshold || eta < minus_threshold) ? DBL_EPSILON
                                                    : std::exp(eta) / (opexp * opexp);
}

double y_log_y(double y, double mu) { return y != 0.0 ? y * std::log(y / mu) : 0.0; }

// binomial()$dev.resids for a 0/1 y.
double deviance_residual(double y, double mu, double weight) {
  return 2 * weight * (y_log_y(y, mu) + y_log_y(1 - y, 1 - mu));
}

double expit(double eta) { return std::exp(eta) / (1 + std::exp(eta)); }

}  // namespace

double logit_link_inverse(double eta) {
  const double tmp = eta < minus_threshold ? DBL_EPSILON : (eta > threshold ? inverse_eps : std::exp(eta));
  return tmp / (1 + tmp);
}

LogitRowTerms logit_row_terms(double prior_weight) {
  LogitRowTerms terms;
  if (prior_weight == 0) return terms;  // glm.fit leaves zero weights out
  // binomial()$initialize: mustart = (weights * y + 0.5) / (weights + 1), here for y = 1, so
  // mu / (1 - mu) = 2w + 1 and mu.eta = var(mu) = mu (1 - mu): closed forms with two logs
  // instead of R's exp/log round trips (equal to ~1e-16).
  const double w = prior_weight;
  const double mu = (w + 0.5) / (w + 1);
  const double one_minus_mu = 0.5 / (w + 1);
  const double eta = std::log(2 * w + 1);
  const double mu_eta = mu * one_minus_mu;
  const double z = eta + one_minus_mu / mu_eta;
  terms.working_weight = w * mu_eta;
  terms.working_weight_z = terms.working_weight * z;
  terms.deviance = 2 * w * std::log((w + 1) / (w + 0.5));
  return terms;
}

double fit_logit_intercept(const LogitStart& start) {
  constexpr double epsilon = 1e-8;
  constexpr int max_iterations = 25;
  const double s1 = static_cast<double>(start.weight_y);
  const double s0 = static_cast<double>(start.weight);
  auto deviance = [&](double mu) {
    return deviance_residual(1.0, mu, s1) + deviance_residual(0.0, mu, s0 - s1);
  };
  double eta = static_cast<double>(start.working_weight_z / start.working_weight);
  double deviance_old = static_cast<double>(start.deviance);
  for (int iteration = 1; iteration <= max_iterations; ++iteration) {
    if (iteration > 1) {
      // Every row now has the same mu: the weighted least-squares step reduces to sums.
      const double mu = logit_link_inverse(eta);
      const double mu_eta = link_mu_eta(eta);
      eta = eta + (s1 / s0 - mu) / mu_eta;
    }
    const double dev = deviance(logit_link_inverse(eta));
    if (std::fabs(dev - deviance_old) / (std::fabs(dev) + 0.1) < epsilon) break;
    deviance_old = dev;
  }
  return eta;
}

Interval logit_glm_interval(double intercept, double residual_total_variance, double weight_sum,
                            double df, double level) {
  const double mu = logit_link_inverse(intercept);
  const double se = std::sqrt(residual_total_variance) / (weight_sum * mu * (1 - mu));
  const double a = (1 - level) / 2;
  return {expit(intercept + se * t_quantile(a, df)), expit(intercept + se * t_quantile(1 - a, df))};
}

}  // namespace ankieta::analysis::detail
