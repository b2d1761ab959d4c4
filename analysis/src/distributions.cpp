#include "distributions.hpp"

#include <cmath>
#include <limits>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/fisher_f.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace ankieta::analysis::detail {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Report domain errors as NaN instead of throwing, like R.
using Policy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;

}  // namespace

double t_quantile(double p, double df) {
  if (std::isnan(p) || std::isnan(df) || df <= 0 || p < 0 || p > 1) return nan;
  if (std::isinf(df)) return boost::math::quantile(boost::math::normal_distribution<double, Policy>(), p);
  return boost::math::quantile(boost::math::students_t_distribution<double, Policy>(df), p);
}

double t_two_sided_p(double t, double df) {
  if (std::isnan(t) || std::isnan(df) || df <= 0) return nan;
  const double x = -std::fabs(t);
  if (std::isinf(x)) return 0.0;
  if (std::isinf(df))
    return 2 * boost::math::cdf(boost::math::normal_distribution<double, Policy>(), x);
  return 2 * boost::math::cdf(boost::math::students_t_distribution<double, Policy>(df), x);
}

double f_upper_tail(double x, double df1, double df2) {
  if (std::isnan(x) || std::isnan(df1) || std::isnan(df2) || df1 <= 0 || df2 <= 0) return nan;
  if (x <= 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  if (std::isinf(df2))
    return boost::math::cdf(boost::math::complement(
        boost::math::chi_squared_distribution<double, Policy>(df1), x * df1));
  return boost::math::cdf(
      boost::math::complement(boost::math::fisher_f_distribution<double, Policy>(df1, df2), x));
}

double chi_squared_upper_tail(double x, double df) {
  if (std::isnan(x) || std::isnan(df) || df <= 0) return nan;
  if (x <= 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  return boost::math::cdf(
      boost::math::complement(boost::math::chi_squared_distribution<double, Policy>(df), x));
}

double beta_quantile(double p, double a, double b) {
  if (std::isnan(p) || std::isnan(a) || std::isnan(b) || a < 0 || b < 0) return nan;
  if (std::isinf(a) && std::isinf(b)) return 0.5;  // R: the limit is a point mass at 1/2
  if (a == 0 && b == 0) return p < 0.5 ? 0.0 : (p > 0.5 ? 1.0 : 0.5);
  if (a == 0 || std::isinf(b)) return 0.0;
  if (b == 0 || std::isinf(a)) return 1.0;
  return boost::math::quantile(boost::math::beta_distribution<double, Policy>(a, b), p);
}

}  // namespace ankieta::analysis::detail
