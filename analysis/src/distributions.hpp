// Distribution functions with R's conventions at the edges (infinite df means the normal
// distribution, impossible parameters give NaN, as R's qt/pf/pchisq/qbeta do). Boost.Math does
// the numerics.
#pragma once

namespace ankieta::analysis::detail {

// R qt(p, df); df = +inf gives qnorm(p); df <= 0 or NaN gives NaN.
double t_quantile(double p, double df);
// R 2 * pt(-|t|, df): two-sided p-value of a t statistic.
double t_two_sided_p(double t, double df);
// R pf(x, df1, df2, lower.tail = FALSE).
double f_upper_tail(double x, double df1, double df2);
// R pchisq(x, df, lower.tail = FALSE).
double chi_squared_upper_tail(double x, double df);
// R qbeta(p, a, b), including its limits: a = 0 gives 0, b = 0 gives 1, a = b = inf gives 0.5.
double beta_quantile(double p, double a, double b);

}  // namespace ankieta::analysis::detail
