// Means of a numeric variable in groups (domains) with design-based tests of the differences:
// R survey 4.1-1 svyby(~y, ~group, design, svymean) for the groups; the group means' joint
// covariance from their linearization scores on the full design (as svyglm(y ~ group) or
// svyby(..., covmat = TRUE) with influence functions), pairwise t tests and an overall Wald F
// test of equal means (Lumley 2010 §2.3, §5.2).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Dense>

#include "ankieta/analysis/design.hpp"
#include "ankieta/analysis/estimators.hpp"
#include "ankieta/analysis/table_tests.hpp"

namespace ankieta::analysis {

struct GroupMean {
  int group_idx = 0;
  MeanEstimate estimate;  // the domain mean (n, mean, mean_se, ci, total, total_se, deff, ...)
};

// mean(a) - mean(b) with se from the joint covariance; t on the design df, two-sided p.
struct MeanDifference {
  int group_a = 0;
  int group_b = 0;
  double difference = 0.0;
  double se = 0.0;
  double t = 0.0;
  double df = 0.0;
  double p = 0.0;
};

struct MeansByGroup {
  std::vector<GroupMean> groups;        // groups with at least one row with a value
  Eigen::MatrixXd mean_vcov;            // joint covariance of those groups' means
  std::vector<MeanDifference> differences;  // every pair (a < b)
  // Wald F test that all group means are equal: W / (g - 1) on (g - 1, design df), named "wald".
  TableTest equality;
};

// group[row] in 0..n_groups-1, or -1 (no group: outside every domain). NaN values are missing.
MeansByGroup means_by_group(const Design& design, std::span<const double> values,
                            std::span<const std::int32_t> group, int n_groups,
                            DomainMask domain = {}, const EstimateOptions& options = {});

}  // namespace ankieta::analysis
