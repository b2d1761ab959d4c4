// R svyciprop(method = "logit") fits svyglm(y ~ 1, family = quasibinomial): glm.fit's IRLS stops
// when the deviance changes by less than 1e-8 (relative), so its proportion differs from the
// svymean one in the ninth digit and its interval with it. This replays that IRLS (R 4.2 glm.fit
// with the logit link's C code) for an intercept-only model of a 0/1 variable, so intervals match
// R to ~1e-12 instead of ~1e-8. Only the first iteration needs the rows (R starts every row at
// its own mu = (w y + 0.5) / (w + 1)); later ones need only sum w y and sum w.
#pragma once

#include "ankieta/analysis/confidence_interval.hpp"

namespace ankieta::analysis::detail {

// Per-row terms of glm.fit's first iteration, summed. Weights are the prior weights svyglm
// passes to glm: sampling weights divided by their mean over the design's rows. A row's start
// depends only on its weight and y, and y = 0 mirrors y = 1 (mu0 = 1 - mu1, eta0 = -eta1,
// z0 = -z1, same working weight and deviance), so one set of terms serves both.
struct LogitRowTerms {
  double working_weight = 0.0;    // W = w mu.eta^2 / var(mu)
  double working_weight_z = 0.0;  // W z for y = 1 (minus that for y = 0)
  double deviance = 0.0;          // deviance residual at the start (either y)
};
LogitRowTerms logit_row_terms(double prior_weight);

struct LogitStart {
  long double working_weight_z = 0.0L;  // sum W_i z_i
  long double working_weight = 0.0L;    // sum W_i
  long double deviance = 0.0L;          // deviance at the starting values
  long double weight_y = 0.0L;          // sum w y
  long double weight = 0.0L;            // sum w
};

// The fitted intercept (logit scale) after glm.fit's iterations (epsilon 1e-8, maxit 25).
double fit_logit_intercept(const LogitStart& start);

// R's plogis as the logit link computes it (clamped to [eps, 1 - eps] like glm's linkinv).
double logit_link_inverse(double eta);

// The svyciprop "logit" interval: expit(beta +- t_df * se_beta), with
// se_beta = sqrt(V[sum w (y - mu)]) / (sum w * mu (1 - mu)) (svyglm's sandwich, svy.varcoef).
Interval logit_glm_interval(double intercept, double residual_total_variance, double weight_sum,
                            double df, double level);

}  // namespace ankieta::analysis::detail
