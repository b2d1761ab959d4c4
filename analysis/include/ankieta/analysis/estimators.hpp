// Design-based estimates of one numeric variable: totals, means and ratios with linearization
// standard errors, design effects and confidence intervals (R survey 4.1-1 svytotal, svymean,
// svyratio, svyvar; Lumley 2010 ch. 2). Values are per row; NaN = missing, which (like R's
// na.rm = TRUE) takes the row out of the domain without removing it from the design.
#pragma once

#include <limits>
#include <span>

#include "ankieta/analysis/confidence_interval.hpp"
#include "ankieta/analysis/design.hpp"

namespace ankieta::analysis {

struct EstimateOptions {
  double level = 0.95;
  // Degrees of freedom for intervals; NaN = the design's df (R degf(design)); +inf = normal.
  double df = std::numeric_limits<double>::quiet_NaN();
};

// svymean and svytotal of a variable in a domain. Field names are those of the JSON contract.
struct MeanEstimate {
  int n = 0;                  // rows in the domain with a value
  double weight_sum = 0.0;    // estimated domain size (sum of weights)
  double mean = 0.0;
  double mean_se = 0.0;
  Interval ci;                // Wald interval for the mean with EstimateOptions df
  double total = 0.0;         // svytotal
  double total_se = 0.0;
  double deff = 0.0;          // of the mean, SRS without replacement (R deff = TRUE)
  double deff_replace = 0.0;  // of the mean, SRS with replacement (R deff = "replace")
  double total_deff = 0.0;
  double total_deff_replace = 0.0;
  double variance = 0.0;      // estimated population variance (R svyvar, n/(n-1) form)
  double n_eff = 0.0;         // Kish effective sample size of the domain
  double df = 0.0;            // df used for ci
};

MeanEstimate estimate_mean(const Design& design, std::span<const double> values,
                           DomainMask domain = {}, const EstimateOptions& options = {});

// svyratio(numerator, denominator): ratio of the two domain totals. Rows where either value is
// NaN leave the domain.
struct RatioEstimate {
  int n = 0;
  double ratio = 0.0;
  double ratio_se = 0.0;
  Interval ci;
  double numerator_total = 0.0;
  double denominator_total = 0.0;
  double df = 0.0;
};

RatioEstimate estimate_ratio(const Design& design, std::span<const double> numerator,
                             std::span<const double> denominator, DomainMask domain = {},
                             const EstimateOptions& options = {});

}  // namespace ankieta::analysis
