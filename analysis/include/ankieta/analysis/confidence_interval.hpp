// Confidence intervals for design-based estimates. Proportion intervals follow R survey 4.1-1
// `svyciprop` (method names are R's); Wald intervals follow `confint(..., df = degf(design))`.
#pragma once

#include <string_view>

namespace ankieta::analysis {

struct Interval {
  double lower = 0.0;
  double upper = 0.0;
};

// wald   - estimate +- t(df) * se (R confint with df; df = +inf gives the normal interval)
// mean   - the same as wald (R svyciprop method "mean")
// logit  - Wald interval on the logit scale, back-transformed (R svyciprop default "logit":
//          a quasibinomial svyglm whose coefficient variance is se^2 / (p(1-p))^2)
// xlogit - the same by the delta method on the svymean estimate (R "xlogit")
// beta   - Korn & Graubard (1998) Clopper-Pearson with the effective sample size (R "beta")
// asin   - Wald interval on the arcsine square-root scale (R "asin")
enum class CiMethod { wald, mean, logit, xlogit, beta, asin };

// "wald", "mean", "logit", "xlogit", "beta", "asin"; anything else is a usage_error.
CiMethod parse_ci_method(std::string_view name);
std::string_view to_string(CiMethod method);

// estimate +- t_{df}(1 - (1 - level) / 2) * se. NaN bounds when df <= 0 or se is NaN.
Interval wald_interval(double estimate, double se, double df, double level = 0.95);

// An interval for a proportion p with standard error se, design df and confidence level.
// n_rows is the number of rows of the design (R nrow(design)), used only by "beta" to convert
// the effective sample size between t distributions. Degenerate inputs give what R gives (e.g.
// NaN for beta when se = 0 and p is 0 or 1).
Interval proportion_interval(double p, double se, double df, CiMethod method, double level = 0.95,
                             double n_rows = 0.0);

}  // namespace ankieta::analysis
