// One-way tables. One pass over the rows accumulates each category's weighted count per variance
// unit; totals, proportions and their covariances follow from those sums:
//   total score of unit u for category c:      T_uc
//   proportion score (R svymean on a factor):  (T_uc - p_c W_u) / W,  W_u = sum_c T_uc
// (Lumley 2010 §2.3; R survey 4.1-1 svytotal/svymean with na.rm = TRUE, svyciprop).
#include "ankieta/analysis/frequency.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "linearize.hpp"
#include "logit_fit.hpp"

namespace ankieta::analysis {

FrequencyTable frequency(const Design& design, std::span<const std::int32_t> category,
                         int n_categories, DomainMask domain, const FrequencyOptions& options) {
  if (category.size() != design.n())
    throw usage_error(fmt::format("frequency: {} values for a design of {} rows", category.size(),
                                  design.n()));
  if (n_categories < 1) throw usage_error("frequency: a variable needs at least one category");
  const auto k = static_cast<Eigen::Index>(n_categories);
  const std::vector<double>& weights = design.weights();
  const std::vector<std::int32_t>& row_unit = design.row_unit();

  // Per-unit sums of each category's weights, and in column k of the whole base's.
  UnitSums totals;
  totals.values.setZero(design.n_units(), k + 1);
  totals.present.assign(static_cast<std::size_t>(design.n_units()), 0);
  std::vector<int> n(static_cast<std::size_t>(k), 0);
  std::vector<int> n_nonzero(static_cast<std::size_t>(k), 0);
  std::vector<long double> weight_sum(static_cast<std::size_t>(k), 0.0L);
  std::vector<long double> weight_square_sum(static_cast<std::size_t>(k), 0.0L);
  // svyciprop's logit interval replays svyglm's IRLS, whose start needs each row (logit_fit.hpp).
  const bool logit = options.ci_method == CiMethod::logit;
  std::vector<detail::LogitStart> logit_in(static_cast<std::size_t>(k));
  detail::LogitStart logit_all;
  double last_weight = std::numeric_limits<double>::quiet_NaN();
  detail::LogitRowTerms terms;
  double mean_weight = 1.0;
  if (logit) {
    long double domain_weight = 0.0L;
    std::size_t domain_rows = 0;
    for (std::size_t row = 0; row < weights.size(); ++row) {
      if (!detail::in_domain(domain, row)) continue;
      domain_weight += weights[row];
      ++domain_rows;
    }
    mean_weight = static_cast<double>(domain_weight / static_cast<long double>(domain_rows));
  }
  for (std::size_t row = 0; row < weights.size(); ++row) {
    const std::int32_t cat = category[row];
    if (cat < 0 || !detail::in_domain(domain, row)) continue;
    if (cat >= n_categories)
      throw usage_error(fmt::format("frequency: row {}: category {} is out of range 0..{}",
                                    row + 1, cat, n_categories - 1));
    const double w = weights[row];
    const auto unit = row_unit[row];
    totals.values(unit, cat) += w;
    totals.present[static_cast<std::size_t>(unit)] = 1;
    const auto c = static_cast<std::size_t>(cat);
    ++n[c];
    if (w != 0) ++n_nonzero[c];
    weight_sum[c] += w;
    weight_square_sum[c] += static_cast<long double>(w) * w;
    if (logit) {
      if (!(w == last_weight)) {  // weights repeat within strata: reuse the logs
        terms = detail::logit_row_terms(w / mean_weight);
        last_weight = w;
      }
      logit_in[c].working_weight_z += terms.working_weight_z;
      logit_in[c].weight_y += w / mean_weight;
      logit_all.working_weight_z += terms.working_weight_z;
      logit_all.working_weight += terms.working_weight;
      logit_all.deviance += terms.deviance;
      logit_all.weight += w / mean_weight;
    }
  }

  FrequencyTable table;
  long double base_total = 0.0L;
  long double base_square = 0.0L;
  int base_nonzero = 0;
  for (std::size_t c = 0; c < n.size(); ++c) {
    table.base.n += n[c];
    base_total += weight_sum[c];
    base_square += weight_square_sum[c];
    base_nonzero += n_nonzero[c];
  }
  table.base.total = static_cast<double>(base_total);
  table.base.n_eff = detail::kish_effective_n(table.base.total, static_cast<double>(base_square));
  const double psum = table.base.total;

  Eigen::VectorXd prop(k);
  for (Eigen::Index c = 0; c < k; ++c)
    prop(c) = static_cast<double>(weight_sum[static_cast<std::size_t>(c)]) / psum;

  // One variance factor G (covariance = G'G, Design::variance_factor) of the totals and the
  // base. G is linear in the scores, so a proportion's score (T_c - p_c W) / W_total has the
  // factor (G_c - p_c G_W) / W_total and the logit GLM's residual T_c - mu W has G_c - mu G_W:
  // every variance is a squared norm, the full covariances are formed only for short lists.
  totals.values.col(k) = totals.values.leftCols(k).rowwise().sum();
  const Eigen::MatrixXd factor = design.variance_factor(std::move(totals));
  const auto base_factor = factor.col(k);
  auto residual_variance = [&](Eigen::Index c, double share) {
    return (factor.col(c) - share * base_factor).squaredNorm();
  };
  if (k <= kFullCovarianceCategories) {
    table.total_vcov = Design::covariance_from_factor(factor.leftCols(k));
    const Eigen::MatrixXd prop_factor = (factor.leftCols(k) - base_factor * prop.transpose()) / psum;
    table.prop_vcov = Design::covariance_from_factor(prop_factor);
  }
  table.base.total_se = std::sqrt(base_factor.squaredNorm());
  table.df = detail::resolve_df(design, options.df);

  // Logit intervals: the GLM's intercept per category and the variance of its score sum
  // w (y - mu).
  std::vector<double> logit_intercept(static_cast<std::size_t>(k), 0.0);
  std::vector<double> logit_variance(static_cast<std::size_t>(k), 0.0);
  if (logit) {
    for (Eigen::Index c = 0; c < k; ++c) {
      const auto cs = static_cast<std::size_t>(c);
      // Rows of category c have y = 1, the others y = 0 (whose W z is minus y = 1's).
      detail::LogitStart start = logit_all;
      start.working_weight_z = 2 * logit_in[cs].working_weight_z - logit_all.working_weight_z;
      start.weight_y = logit_in[cs].weight_y;
      logit_intercept[cs] = detail::fit_logit_intercept(start);
      logit_variance[cs] = residual_variance(c, detail::logit_link_inverse(logit_intercept[cs]));
    }
  }

  for (Eigen::Index c = 0; c < k; ++c) {
    const auto cs = static_cast<std::size_t>(c);
    FrequencyRow row;
    row.category_idx = static_cast<int>(c);
    row.n = n[cs];
    row.total = static_cast<double>(weight_sum[cs]);
    const double total_variance = factor.col(c).squaredNorm();
    const double prop_variance = residual_variance(c, prop(c)) / (psum * psum);
    row.total_se = std::sqrt(total_variance);
    row.prop = prop(c);
    row.prop_se = std::sqrt(prop_variance);
    if (logit) {
      row.ci = detail::logit_glm_interval(logit_intercept[cs], logit_variance[cs], psum,
                                          table.df, options.level);
    } else {
      row.ci = proportion_interval(row.prop, row.prop_se, table.df, options.ci_method,
                                   options.level, static_cast<double>(design.n()));
    }
    // The indicator's population variance over the base (R svyvar): n/(n-1) p (1 - p).
    detail::MeanLinearization lin;
    lin.n_nonzero = base_nonzero;
    lin.weight_sum = psum;
    lin.mean_var = prop_variance;
    lin.total_var = total_variance;
    lin.population_variance =
        prop(c) * (1 - prop(c)) * base_nonzero / (base_nonzero - 1.0);
    row.deff = detail::mean_deff(lin, false);
    row.deff_replace = detail::mean_deff(lin, true);
    row.total_deff = detail::total_deff(lin, false);
    row.total_deff_replace = detail::total_deff(lin, true);
    row.n_eff = detail::kish_effective_n(row.total, static_cast<double>(weight_square_sum[cs]));
    table.rows.push_back(row);
  }
  return table;
}

}  // namespace ankieta::analysis
