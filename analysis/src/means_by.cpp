// Means by group: each group is a domain (R svyby with svymean); their joint covariance comes
// from stacking the domain-mean scores (y - ybar_g) w / W_g of every group in one pass and one
// variance computation, so groups sharing PSUs get their covariance (Lumley 2010 §2.3).
#include "ankieta/analysis/means_by.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "distributions.hpp"
#include "linearize.hpp"

namespace ankieta::analysis {

MeansByGroup means_by_group(const Design& design, std::span<const double> values,
                            std::span<const std::int32_t> group, int n_groups, DomainMask domain,
                            const EstimateOptions& options) {
  if (values.size() != design.n() || group.size() != design.n())
    throw usage_error(fmt::format("means by group: need {} values and groups", design.n()));
  MeansByGroup out;
  std::vector<int> group_column(static_cast<std::size_t>(std::max(n_groups, 0)), -1);
  for (int g = 0; g < n_groups; ++g) {
    std::vector<std::uint8_t> mask(design.n(), 0);
    bool any = false;
    for (std::size_t row = 0; row < design.n(); ++row) {
      if (group[row] >= n_groups)
        throw usage_error(fmt::format("means by group: row {}: group {} is out of range", row + 1,
                                      group[row]));
      if (group[row] == g && detail::in_domain(domain, row)) {
        mask[row] = 1;
        any = any || !std::isnan(values[row]);
      }
    }
    if (!any) continue;
    group_column[static_cast<std::size_t>(g)] = static_cast<int>(out.groups.size());
    out.groups.push_back({g, estimate_mean(design, values, mask, options)});
  }

  // Joint covariance of the group means.
  const auto k = static_cast<Eigen::Index>(out.groups.size());
  UnitSums sums;
  sums.values.setZero(design.n_units(), k);
  sums.present.assign(static_cast<std::size_t>(design.n_units()), 0);
  const std::vector<double>& weights = design.weights();
  for (std::size_t row = 0; row < design.n(); ++row) {
    if (group[row] < 0 || !detail::in_domain(domain, row) || std::isnan(values[row])) continue;
    const int column = group_column[static_cast<std::size_t>(group[row])];
    const MeanEstimate& g = out.groups[static_cast<std::size_t>(column)].estimate;
    const auto unit = design.row_unit()[row];
    sums.values(unit, column) += (values[row] - g.mean) * weights[row] / g.weight_sum;
    sums.present[static_cast<std::size_t>(unit)] = 1;
  }
  out.mean_vcov = design.total_covariance(sums);

  const double df = detail::resolve_df(design, options.df);
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = a + 1; b < k; ++b) {
      MeanDifference d;
      d.group_a = out.groups[static_cast<std::size_t>(a)].group_idx;
      d.group_b = out.groups[static_cast<std::size_t>(b)].group_idx;
      d.difference = out.groups[static_cast<std::size_t>(a)].estimate.mean -
                     out.groups[static_cast<std::size_t>(b)].estimate.mean;
      d.se = std::sqrt(out.mean_vcov(a, a) + out.mean_vcov(b, b) - 2 * out.mean_vcov(a, b));
      d.t = d.difference / d.se;
      d.df = df;
      d.p = detail::t_two_sided_p(d.t, df);
      out.differences.push_back(d);
    }

  // Wald test of equal means: contrasts mean_g - mean_0, W = d' (C V C')^-1 d.
  out.equality.name = "wald";
  out.equality.df = std::numeric_limits<double>::quiet_NaN();
  if (k >= 2) {
    Eigen::MatrixXd contrast = Eigen::MatrixXd::Zero(k - 1, k);
    Eigen::VectorXd means(k);
    for (Eigen::Index g = 0; g < k; ++g) means(g) = out.groups[static_cast<std::size_t>(g)].estimate.mean;
    for (Eigen::Index g = 1; g < k; ++g) {
      contrast(g - 1, 0) = -1.0;
      contrast(g - 1, g) = 1.0;
    }
    const Eigen::VectorXd d = contrast * means;
    const Eigen::MatrixXd v = contrast * out.mean_vcov * contrast.transpose();
    const Eigen::PartialPivLU<Eigen::MatrixXd> lu(v);
    const double wald = d.dot(lu.solve(d));
    out.equality.df1 = static_cast<double>(k - 1);
    out.equality.df2 = df;
    if (lu.rcond() >= std::numeric_limits<double>::epsilon()) {
      out.equality.statistic = wald / out.equality.df1;
      out.equality.p = detail::f_upper_tail(out.equality.statistic, out.equality.df1, df);
    } else {
      // More groups than the design's df (or a group without variance): R's solve() stops.
      out.equality.statistic = out.equality.p = std::numeric_limits<double>::quiet_NaN();
      out.equality.note = "not computed: the covariance of the group means is singular";
    }
  } else {
    out.equality.statistic = out.equality.df1 = out.equality.df2 = out.equality.p =
        std::numeric_limits<double>::quiet_NaN();
  }
  return out;
}

}  // namespace ankieta::analysis
