// One-way frequency tables of a categorical variable with design-based standard errors:
// for each category the weighted count (R svytotal of the indicator), the proportion (R svymean
// of the factor with na.rm = TRUE), its confidence interval (R svyciprop) and design effects.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include <Eigen/Dense>

#include "ankieta/analysis/confidence_interval.hpp"
#include "ankieta/analysis/design.hpp"

namespace ankieta::analysis {

struct FrequencyOptions {
  double level = 0.95;
  CiMethod ci_method = CiMethod::logit;  // R svyciprop's default
  // Degrees of freedom for intervals; NaN = the design's df (R degf(design)); +inf = normal.
  double df = std::numeric_limits<double>::quiet_NaN();
};

// One category. Proportions are fractions of the valid base (rows in the domain with a category).
struct FrequencyRow {
  int category_idx = 0;
  int n = 0;                  // unweighted rows
  double total = 0.0;         // weighted count (estimated population count)
  double total_se = 0.0;
  double prop = 0.0;
  double prop_se = 0.0;
  Interval ci;                // for prop, FrequencyOptions::ci_method
  double deff = 0.0;          // of prop, SRS without replacement (R svymean deff = TRUE)
  double deff_replace = 0.0;  // of prop, SRS with replacement (R deff = "replace")
  double total_deff = 0.0;    // of total (R svytotal deff = TRUE)
  double total_deff_replace = 0.0;
  double n_eff = 0.0;         // Kish effective sample size of the category's rows
};

struct FrequencyBase {
  int n = 0;             // rows in the valid base
  double total = 0.0;    // sum of their weights
  double total_se = 0.0; // standard error of that estimated base size
  double n_eff = 0.0;    // Kish effective sample size of the base
};

inline constexpr int kFullCovarianceCategories = 64;

struct FrequencyTable {
  FrequencyBase base;
  std::vector<FrequencyRow> rows;  // one per category 0..n_categories-1, empty ones included
  // Covariances of the totals (R vcov(svytotal)) and proportions (R vcov(svymean)), for lists
  // of at most kFullCovarianceCategories categories (empty for longer ones: the table itself
  // needs only their diagonals, and k x k matrices are quadratic in k for every unit).
  Eigen::MatrixXd total_vcov;
  Eigen::MatrixXd prop_vcov;
  double df = 0.0;                 // used for the intervals
};

// category[row] in 0..n_categories-1, or -1 when the row has no valid answer (outside the base).
// Rows outside the domain are outside the base too; both stay in the design for the variance.
FrequencyTable frequency(const Design& design, std::span<const std::int32_t> category,
                         int n_categories, DomainMask domain = {},
                         const FrequencyOptions& options = {});

}  // namespace ankieta::analysis
