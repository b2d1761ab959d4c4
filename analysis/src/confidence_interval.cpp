// Confidence intervals: R survey 4.1-1 `confint.svystat` (tconfint) and `svyciprop`.
#include "ankieta/analysis/confidence_interval.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "distributions.hpp"

namespace ankieta::analysis {

CiMethod parse_ci_method(std::string_view name) {
  if (name == "wald") return CiMethod::wald;
  if (name == "mean") return CiMethod::mean;
  if (name == "logit") return CiMethod::logit;
  if (name == "xlogit") return CiMethod::xlogit;
  if (name == "beta") return CiMethod::beta;
  if (name == "asin") return CiMethod::asin;
  throw usage_error(fmt::format(
      "unknown confidence interval method '{}'; expected wald, logit, beta, xlogit, asin or mean",
      name));
}

std::string_view to_string(CiMethod method) {
  switch (method) {
    case CiMethod::wald: return "wald";
    case CiMethod::mean: return "mean";
    case CiMethod::logit: return "logit";
    case CiMethod::xlogit: return "xlogit";
    case CiMethod::beta: return "beta";
    case CiMethod::asin: return "asin";
  }
  return "wald";
}

namespace {

double expit(double eta) { return std::exp(eta) / (1 + std::exp(eta)); }

// R tconfint: cf + se * qt(c(a, 1 - a), df) with a = (1 - level) / 2.
Interval t_interval(double estimate, double se, double df, double level) {
  const double a = (1 - level) / 2;
  return {estimate + se * detail::t_quantile(a, df), estimate + se * detail::t_quantile(1 - a, df)};
}

}  // namespace

Interval wald_interval(double estimate, double se, double df, double level) {
  return t_interval(estimate, se, df, level);
}

Interval proportion_interval(double p, double se, double df, CiMethod method, double level,
                             double n_rows) {
  switch (method) {
    case CiMethod::wald:
    case CiMethod::mean:
      return t_interval(p, se, df, level);
    case CiMethod::logit:
      // A GLM fitted to a proportion of 0 or 1 does not converge (R returns values near 1e-11);
      // with no sampling variance the interval is the estimate itself.
      if (se == 0) return {p, p};
      [[fallthrough]];
    case CiMethod::xlogit: {
      // Delta method: d logit(p) / dp = 1 / (p (1 - p)). For the GLM ("logit") the variance of
      // the intercept is the same expression at the fitted p (Lumley 2010 §2.3.1).
      const double eta = std::log(p / (1 - p));
      const double eta_se = se / (p * (1 - p));
      const Interval eta_ci = t_interval(eta, eta_se, df, level);
      return {expit(eta_ci.lower), expit(eta_ci.upper)};
    }
    case CiMethod::asin: {
      const double theta = std::asin(std::sqrt(p));
      const double theta_se = se / (2 * std::sqrt(p * (1 - p)));
      const Interval theta_ci = t_interval(theta, theta_se, df, level);
      return {std::pow(std::sin(theta_ci.lower), 2), std::pow(std::sin(theta_ci.upper), 2)};
    }
    case CiMethod::beta: {
      // Korn & Graubard (1998): n_eff = p(1-p)/var, rescaled by (t_{n-1} / t_df)^2, then a
      // Clopper-Pearson interval with n_eff trials.
      const double alpha = 1 - level;
      double n_eff = p * (1 - p) / (se * se);
      const double ratio =
          detail::t_quantile(alpha / 2, n_rows - 1) / detail::t_quantile(alpha / 2, df);
      n_eff *= ratio * ratio;
      return {detail::beta_quantile(alpha / 2, n_eff * p, n_eff * (1 - p) + 1),
              detail::beta_quantile(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p))};
    }
  }
  return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
}

}  // namespace ankieta::analysis
