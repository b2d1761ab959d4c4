// The panel form of a change (METHOD.md, "Panel-only analysis"): only respondents present in
// every wave compared, re-weighted to their earliest wave's strata (w = N_h / m_h, m_h panel
// respondents in stratum h, that stratum's fpc), and each difference the design mean of the
// within-respondent change d = y_b - y_a (R svymean(~d, svydesign(ids = ~firm, strata = ~stratum_1,
// fpc = ~N_1, weights = ~w_panel)), t on its df). A different estimand from the cross-sectional
// change: births, deaths and one-wave respondents are left out.
#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "ankieta/analysis/change.hpp"
#include "ankieta/analysis/estimators.hpp"
#include "ankieta/survey/error.hpp"
#include "distributions.hpp"

namespace ankieta::analysis {

ChangeTable compute_panel_change(const std::vector<const ChangeWave*>& waves, const std::string& name,
                                 const ChangeSettings& settings) {
  if (waves.size() < 2) throw usage_error("change needs at least two waves");
  const std::vector<ChangeItem> items = change_items(waves, name);
  const std::size_t k = waves.size();

  // Respondents in every wave, in the order of the earliest wave; their row in each wave.
  std::vector<std::unordered_map<std::string, std::size_t>> row_of(k);
  for (std::size_t t = 1; t < k; ++t) {
    const std::vector<std::string>& keys = waves[t]->respondent_keys;
    for (std::size_t row = 0; row < keys.size(); ++row) row_of[t].emplace(keys[row], row);
  }
  std::vector<std::vector<std::size_t>> panel_rows(k);
  for (std::size_t row = 0; row < waves[0]->respondent_keys.size(); ++row) {
    std::vector<std::size_t> found{row};
    for (std::size_t t = 1; t < k; ++t) {
      auto it = row_of[t].find(waves[0]->respondent_keys[row]);
      if (it == row_of[t].end()) break;
      found.push_back(it->second);
    }
    if (found.size() < k) continue;
    for (std::size_t t = 0; t < k; ++t) panel_rows[t].push_back(found[t]);
  }
  const std::size_t n = panel_rows[0].size();
  if (n < 2)
    throw data_error(fmt::format("only {} respondent(s) answered in every wave compared; a panel change needs more", n));

  // The panel design: the earliest wave's strata, w = N_h / m_h (w_a n_h / m_h when N_h is unknown).
  const Design& first = waves[0]->data->design();
  const std::vector<int> sampled = first.psu_per_stratum();
  std::vector<int> panel_per_stratum(static_cast<std::size_t>(first.n_strata()), 0);
  for (std::size_t row : panel_rows[0]) ++panel_per_stratum[static_cast<std::size_t>(first.row_stratum()[row])];
  const std::vector<double>& population = waves[0]->population;
  bool population_known = !population.empty();
  for (std::size_t row : panel_rows[0]) population_known = population_known && std::isfinite(population[row]);
  DesignSpec spec;
  spec.lonely_psu = settings.lonely_psu;
  spec.lonely_psu_hint = "choose --lonely-psu remove|adjust|certainty|average (in the panel design)";
  std::vector<double> fpc;
  for (std::size_t row : panel_rows[0]) {
    const auto stratum = static_cast<std::size_t>(first.row_stratum()[row]);
    const double m = panel_per_stratum[stratum];
    spec.stratum_idx.push_back(static_cast<std::int32_t>(stratum));
    spec.weights.push_back(population_known ? population[row] / m : first.weights()[row] * sampled[stratum] / m);
    if (population_known) fpc.push_back(population[row]);
  }
  for (int stratum = 0; stratum < first.n_strata(); ++stratum) spec.stratum_labels.push_back(first.stratum_label(stratum));
  if (population_known && settings.link_fpc) spec.fpc.push_back(std::move(fpc));
  const Design panel(std::move(spec));

  ChangeTable table;
  table.question = &waves.front()->data->questionnaire().questions[items.front().variable->question_index];
  if (table.question->type != survey::QuestionType::multi || waves.front()->data->questionnaire().find_variable(name))
    table.variable = items.front().variable;
  for (const ChangeWave* wave : waves) table.waves.push_back(wave->number);
  table.design = {settings.overlap, settings.link_fpc, true, panel.df(), panel.n_psu(), panel.n_strata(), static_cast<int>(n)};

  EstimateOptions options;
  options.level = settings.level;
  const double quantile = detail::t_quantile((1 + settings.level) / 2, panel.df());
  for (const ChangeItem& item : items) {
    auto panel_values = [&](std::size_t t) {
      std::vector<double> values(n);
      for (std::size_t p = 0; p < n; ++p) values[p] = item.values[t][panel_rows[t][p]];
      return values;
    };
    ChangeRow share{item.statistic, item.value_idx, item.variable, {}, {}, {}};
    ChangeRow total{"total", item.value_idx, item.variable, {}, {}, {}};
    std::vector<std::vector<double>> values;
    for (std::size_t t = 0; t < k; ++t) values.push_back(panel_values(t));
    // Each wave's mean over the respondents with a value in every wave, so that with two waves the
    // difference of the wave columns is the paired difference.
    std::vector<std::uint8_t> complete(n, 1);
    for (std::size_t t = 0; t < k; ++t)
      for (std::size_t p = 0; p < n; ++p)
        if (std::isnan(values[t][p])) complete[p] = 0;
    for (std::size_t t = 0; t < k; ++t) {
      const MeanEstimate e = estimate_mean(panel, values[t], complete, options);
      share.per_wave.push_back({waves[t]->number, e.n, e.mean, e.mean_se, e.ci, e.df});
      total.per_wave.push_back({waves[t]->number, e.n, e.total, e.total_se, wald_interval(e.total, e.total_se, e.df, settings.level), e.df});
    }
    for (std::size_t b = 1; b < k; ++b)
      for (std::size_t a = 0; a < b; ++a) {
        std::vector<double> d(n);
        for (std::size_t p = 0; p < n; ++p) d[p] = values[b][p] - values[a][p];  // NaN when either is missing
        const MeanEstimate e = estimate_mean(panel, d, {}, options);
        for (int part = 0; part < 2; ++part) {
          WaveDifference diff;
          diff.from = waves[a]->number;
          diff.to = waves[b]->number;
          diff.estimate = part == 0 ? e.mean : e.total;
          diff.se = part == 0 ? e.mean_se : e.total_se;
          diff.t = diff.estimate / diff.se;
          diff.df = panel.df();
          diff.p = detail::t_two_sided_p(diff.t, diff.df);
          diff.ci = {diff.estimate - quantile * diff.se, diff.estimate + quantile * diff.se};
          diff.se_independent = std::numeric_limits<double>::quiet_NaN();
          diff.psu_in_both = static_cast<int>(n);
          diff.psu_with_value_in_both = e.n;
          (part == 0 ? share : total).differences.push_back(diff);
        }
      }
    table.rows.push_back(std::move(share));
    table.rows.push_back(std::move(total));
  }
  return table;
}

}  // namespace ankieta::analysis
