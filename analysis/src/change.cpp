// Change between waves (METHOD.md): per wave the estimate of its own design; per pair the
// difference b - a with the variance V_a + V_b - 2 C_ab of the pair's link design (R
// svycontrast(svyglm(y ~ wavef - 1, L), c(-1, 1)) and svycontrast(svytotal(~y_wa + y_wb, L), ...)),
// t on the link design's df; Rao-Scott tests of equal distributions (svychisq(~y + wavef, L)) and,
// over more than two waves, the omnibus tests on the k-wave link design.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include <fmt/format.h>

#include "ankieta/analysis/change.hpp"
#include "ankieta/analysis/estimators.hpp"
#include "ankieta/survey/error.hpp"
#include "distributions.hpp"

namespace ankieta::analysis {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// The values of one item in the waves of `stack`, found among all the waves compared.
std::vector<const std::vector<double>*> stack_values(const WaveStack& stack, const std::vector<const ChangeWave*>& waves,
                                                     const ChangeItem& item) {
  std::vector<const std::vector<double>*> out;
  for (std::size_t idx = 0; idx < stack.wave_count(); ++idx)
    for (std::size_t wave = 0; wave < waves.size(); ++wave)
      if (waves[wave] == &stack.wave(idx)) out.push_back(&item.values[wave]);
  return out;
}

// The wave means and totals of one item on a stack and their joint covariance: columns 0..K-1 the
// means (scores w (y - ybar_t) / W_t in wave t: svyglm(y ~ wavef - 1)), K..2K-1 the totals (w y).
struct StackMoments {
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;  // 2K x 2K
};

// Every item's moments in one variance pass: item i's columns are 2K i .. 2K i + 2K - 1.
std::vector<StackMoments> stack_moments(const WaveStack& stack, const std::vector<std::vector<const std::vector<double>*>>& values) {
  const auto k = static_cast<Eigen::Index>(stack.wave_count());
  const auto items = static_cast<Eigen::Index>(values.size());
  const std::vector<double>& weights = stack.weights();
  std::vector<StackMoments> out(values.size());
  Eigen::MatrixXd weight_sum(items, k);
  for (Eigen::Index i = 0; i < items; ++i) {
    out[static_cast<std::size_t>(i)].mean.resize(k);
    for (Eigen::Index t = 0; t < k; ++t) {
      const std::vector<double>& y = *values[static_cast<std::size_t>(i)][static_cast<std::size_t>(t)];
      const std::size_t offset = stack.offset(static_cast<std::size_t>(t));
      double w_sum = 0, wy_sum = 0;
      for (std::size_t row = 0; row < y.size(); ++row) {
        if (std::isnan(y[row])) continue;
        w_sum += weights[offset + row];
        wy_sum += weights[offset + row] * y[row];
      }
      weight_sum(i, t) = w_sum;
      out[static_cast<std::size_t>(i)].mean(t) = wy_sum / w_sum;
    }
  }
  std::vector<std::size_t> wave_of(stack.rows());
  for (std::size_t t = 0; t < stack.wave_count(); ++t)
    for (std::size_t row = stack.offset(t); row < stack.offset(t + 1); ++row) wave_of[row] = t;
  const Eigen::MatrixXd covariance = stack.covariance(2 * k * items, [&](std::size_t row, Eigen::RowVectorXd& scores) {
    const std::size_t t = wave_of[row];
    const auto col = static_cast<Eigen::Index>(t);
    const double w = weights[row];
    bool any = false;
    for (Eigen::Index i = 0; i < items; ++i) {
      const double y = (*values[static_cast<std::size_t>(i)][t])[row - stack.offset(t)];
      if (std::isnan(y)) continue;
      scores(2 * k * i + col) = w * (y - out[static_cast<std::size_t>(i)].mean(col)) / weight_sum(i, col);
      scores(2 * k * i + k + col) = w * y;
      any = true;
    }
    return any;
  });
  for (Eigen::Index i = 0; i < items; ++i)
    out[static_cast<std::size_t>(i)].covariance = covariance.block(2 * k * i, 2 * k * i, 2 * k, 2 * k);
  return out;
}

// Units (of the stack's numbering) with a row, or a value, in both waves a and b of the stack.
std::pair<int, int> units_in_both(const WaveStack& stack, const std::vector<const std::vector<double>*>& values) {
  std::vector<std::uint8_t> row_in(static_cast<std::size_t>(stack.unit_count()), 0);
  std::vector<std::uint8_t> value_in(row_in.size(), 0);
  for (std::size_t t = 0; t < 2; ++t) {
    const std::vector<std::uint8_t>& where = stack.wave(t).data->domain();
    const auto bit = static_cast<std::uint8_t>(1u << t);
    for (std::size_t row = 0; row < stack.offset(t + 1) - stack.offset(t); ++row) {
      const auto unit = static_cast<std::size_t>(stack.unit()[stack.offset(t) + row]);
      if (where.empty() || where[row]) row_in[unit] |= bit;
      if (!std::isnan((*values[t])[row])) value_in[unit] |= bit;
    }
  }
  return {static_cast<int>(std::count(row_in.begin(), row_in.end(), 3)),
          static_cast<int>(std::count(value_in.begin(), value_in.end(), 3))};
}

WaveDifference difference(double estimate, double variance, double df, double level) {
  WaveDifference d;
  d.estimate = estimate;
  d.se = std::sqrt(std::max(variance, 0.0));
  d.t = d.estimate / d.se;
  d.df = df;
  d.p = detail::t_two_sided_p(d.t, df);
  const double quantile = detail::t_quantile((1 + level) / 2, df);
  d.ci = {d.estimate - quantile * d.se, d.estimate + quantile * d.se};
  return d;
}

// Wald F of equal means over the stack's waves: W / (k - 1) on (k - 1, df) (R regTermTest(svyglm(y
// ~ wavef, L), ~wavef, df = degf(L))).
TableTest equal_means(const Eigen::VectorXd& means, const Eigen::MatrixXd& covariance, double df) {
  const Eigen::Index k = means.size();
  Eigen::MatrixXd contrast = Eigen::MatrixXd::Zero(k - 1, k);
  for (Eigen::Index g = 1; g < k; ++g) {
    contrast(g - 1, 0) = -1.0;
    contrast(g - 1, g) = 1.0;
  }
  const Eigen::VectorXd d = contrast * means;
  const Eigen::MatrixXd v = contrast * covariance * contrast.transpose();
  const Eigen::PartialPivLU<Eigen::MatrixXd> lu(v);
  TableTest test;
  test.name = "wald";
  test.df1 = static_cast<double>(k - 1);
  test.df2 = df;
  test.df = kNan;
  test.design_df = df;
  if (lu.rcond() >= std::numeric_limits<double>::epsilon()) {
    test.statistic = d.dot(lu.solve(d)) / test.df1;
    test.p = detail::f_upper_tail(test.statistic, test.df1, df);
  } else {
    test.statistic = test.p = kNan;
    test.note = "not computed: the covariance of the wave means is singular";
  }
  return test;
}

// Rao-Scott tests of equal distributions over the stack's waves: the table category x wave of the
// valid answers (R svychisq(~y + wavef, L, statistic = "F") and "Chisq").
std::vector<TableTest> equal_distributions(const WaveStack& stack, const std::vector<const ChangeWave*>& waves,
                                           const std::vector<ChangeItem>& items) {
  const std::size_t k = stack.wave_count();
  std::vector<std::vector<const std::vector<double>*>> values;  // per category, per stack wave
  for (const ChangeItem& item : items) values.push_back(stack_values(stack, waves, item));
  const std::vector<double>& weights = stack.weights();
  // Categories with a weighted total in some wave (R's table has only the observed levels).
  std::vector<double> cell_total(items.size() * k, 0.0);
  double valid_total = 0;
  for (std::size_t t = 0; t < k; ++t)
    for (std::size_t row = 0; row < stack.offset(t + 1) - stack.offset(t); ++row) {
      if (std::isnan((*values[0][t])[row])) continue;
      const double w = weights[stack.offset(t) + row];
      valid_total += w;
      for (std::size_t c = 0; c < items.size(); ++c)
        if ((*values[c][t])[row] == 1) cell_total[c * k + t] += w;
    }
  std::vector<std::size_t> used;
  for (std::size_t c = 0; c < items.size(); ++c) {
    double margin = 0;
    for (std::size_t t = 0; t < k; ++t) margin += cell_total[c * k + t];
    if (margin > 0) used.push_back(c);
  }
  const int n_rows = static_cast<int>(used.size());
  const int n_cols = static_cast<int>(k);
  if (n_rows < 2) return {};
  Eigen::VectorXd props(n_rows * n_cols);
  for (int col = 0; col < n_cols; ++col)
    for (int r = 0; r < n_rows; ++r)
      props(r + n_rows * col) = cell_total[used[static_cast<std::size_t>(r)] * k + static_cast<std::size_t>(col)] / valid_total;
  std::vector<std::size_t> wave_of(stack.rows());
  for (std::size_t t = 0; t < k; ++t)
    for (std::size_t row = stack.offset(t); row < stack.offset(t + 1); ++row) wave_of[row] = t;
  const Eigen::MatrixXd covariance = stack.covariance(n_rows * n_cols, [&](std::size_t row, Eigen::RowVectorXd& scores) {
    const std::size_t t = wave_of[row];
    const std::size_t at = row - stack.offset(t);
    if (std::isnan((*values[0][t])[at])) return false;
    const double w = weights[row] / valid_total;
    for (int r = 0; r < n_rows; ++r)
      for (int col = 0; col < n_cols; ++col) {
        const double in_cell = static_cast<std::size_t>(col) == t && (*values[used[static_cast<std::size_t>(r)]][t])[at] == 1 ? 1.0 : 0.0;
        scores(r + n_rows * col) = w * (in_cell - props(r + n_rows * col));
      }
    return true;
  });
  std::vector<std::vector<std::uint8_t>> where;
  for (std::size_t t = 0; t < k; ++t) where.push_back(stack.wave(t).data->domain());
  const DomainDegrees degrees = stack.test_degrees(where);
  RaoScott result = rao_scott(props, covariance, n_rows, n_cols, degrees.test_rows, degrees.test_df);
  result.f.design_df = result.chisq.design_df = degrees.test_df;
  return {result.f, result.chisq};
}

}  // namespace

ChangeTable compute_change(const std::vector<const ChangeWave*>& waves, const std::string& name,
                           const ChangeSettings& settings) {
  if (waves.size() < 2) throw usage_error("change needs at least two waves");
  const std::vector<ChangeItem> items = change_items(waves, name, settings.scale_categories);
  for (std::size_t t = 0; t < waves.size(); ++t) {
    const std::vector<double>& base = items.front().values[t];
    if (std::all_of(base.begin(), base.end(), [](double v) { return std::isnan(v); }))
      throw data_error(fmt::format("'{}' has no answers in wave {}{}; a change needs it in every wave compared", name,
                                   waves[t]->number, waves[t]->data->domain().empty() ? "" : " in the --where domain"));
  }

  const std::size_t k = waves.size();
  ChangeTable table;
  table.question = &waves.front()->data->questionnaire().questions[items.front().variable->question_index];
  if (table.question->type != survey::QuestionType::multi || waves.front()->data->questionnaire().find_variable(name))
    table.variable = items.front().variable;
  for (const ChangeWave* wave : waves) table.waves.push_back(wave->number);
  const WaveStack all(waves, settings);
  table.design = {settings.overlap, settings.link_fpc, false, all.df(), all.psu(), all.strata(), all.units_in_all_waves()};
  // Each difference on its pair's design (with two waves, the design of all).
  std::vector<std::unique_ptr<WaveStack>> pair_stacks;
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t b = 1; b < k; ++b)
    for (std::size_t a = 0; a < b; ++a) pairs.emplace_back(a, b);
  std::sort(pairs.begin(), pairs.end());
  for (const auto& [a, b] : pairs)
    pair_stacks.push_back(k == 2 ? nullptr : std::make_unique<WaveStack>(std::vector<const ChangeWave*>{waves[a], waves[b]}, settings));
  auto pair_stack = [&](std::size_t idx) -> const WaveStack& { return pair_stacks[idx] ? *pair_stacks[idx] : all; };

  // Every item's wave moments on each pair's design and on the design of all waves, one variance
  // pass per design.
  auto moments_on = [&](const WaveStack& stack) {
    std::vector<std::vector<const std::vector<double>*>> values;
    for (const ChangeItem& item : items) values.push_back(stack_values(stack, waves, item));
    return stack_moments(stack, values);
  };
  std::vector<std::vector<StackMoments>> pair_moments;
  for (std::size_t idx = 0; idx < pairs.size(); ++idx) pair_moments.push_back(moments_on(pair_stack(idx)));
  std::vector<StackMoments> all_moments;
  if (k > 2 && items.front().statistic == "mean") all_moments = moments_on(all);

  for (std::size_t item_idx = 0; item_idx < items.size(); ++item_idx) {
    const ChangeItem& item = items[item_idx];
    ChangeRow share{item.statistic, item.value_idx, item.variable, {}, {}, {}};
    ChangeRow total{"total", item.value_idx, item.variable, {}, {}, {}};
    std::vector<MeanEstimate> own;
    for (std::size_t t = 0; t < k; ++t) {
      const Design& design = waves[t]->data->design();
      EstimateOptions options;
      options.level = settings.level;
      options.df = design.domain_df(waves[t]->data->domain());
      own.push_back(estimate_mean(design, item.values[t], {}, options));
      const MeanEstimate& e = own.back();
      share.per_wave.push_back({waves[t]->number, e.n, e.mean, e.mean_se, e.ci, e.df});
      total.per_wave.push_back({waves[t]->number, e.n, e.total, e.total_se, wald_interval(e.total, e.total_se, e.df, settings.level), e.df});
    }
    for (std::size_t idx = 0; idx < pairs.size(); ++idx) {
      const auto [a, b] = pairs[idx];
      const WaveStack& stack = pair_stack(idx);
      const std::vector<const std::vector<double>*> values = stack_values(stack, waves, item);
      const StackMoments& moments = pair_moments[idx][item_idx];
      const auto [psu_in_both, psu_with_value] = units_in_both(stack, values);
      const Eigen::MatrixXd& v = moments.covariance;
      for (int part = 0; part < 2; ++part) {
        const Eigen::Index at = part * 2;
        const double estimate = part == 0 ? own[b].mean - own[a].mean : own[b].total - own[a].total;
        WaveDifference d = difference(estimate, v(at, at) + v(at + 1, at + 1) - 2 * v(at, at + 1), stack.df(), settings.level);
        d.from = waves[a]->number;
        d.to = waves[b]->number;
        d.se_independent = part == 0 ? std::hypot(own[a].mean_se, own[b].mean_se) : std::hypot(own[a].total_se, own[b].total_se);
        d.psu_in_both = stack.linked() ? psu_in_both : 0;
        d.psu_with_value_in_both = stack.linked() ? psu_with_value : 0;
        (part == 0 ? share : total).differences.push_back(d);
      }
    }
    if (k > 2 && item.statistic == "mean") {
      const StackMoments& moments = all_moments[item_idx];
      ChangeTest test{equal_means(moments.mean, moments.covariance.topLeftCorner(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)), all.df()),
                      table.waves};
      table.tests.push_back(test);
    }
    table.rows.push_back(std::move(share));
    table.rows.push_back(std::move(total));
  }

  // Equal distributions of a single-choice variable's categories (not of multiple responses, whose
  // options are not exclusive).
  if (table.variable && table.variable->kind == survey::VariableKind::categorical && items.front().statistic == "prop" &&
      table.question->type != survey::QuestionType::multi) {
    for (std::size_t idx = 0; idx < pairs.size(); ++idx)
      for (TableTest& test : equal_distributions(pair_stack(idx), waves, items))
        table.tests.push_back({test, {waves[pairs[idx].first]->number, waves[pairs[idx].second]->number}});
    if (k > 2)
      for (TableTest& test : equal_distributions(all, waves, items)) table.tests.push_back({test, table.waves});
  }
  return table;
}

}  // namespace ankieta::analysis
