// Weighting: checks shared by the methods, the dispatch, and the diagnostics of the report
// (margins before and after, Kish design effect due to weighting, effective sample size).
#include "ankieta/analysis/weighting.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"
#include "weighting_detail.hpp"

namespace ankieta::analysis {
namespace detail {

std::string describe_row(const WeightingProblem& problem, std::size_t row) {
  if (problem.describe_row) return problem.describe_row(row);
  return fmt::format("row {}", row + 1);
}

std::string table_label(const WeightingProblem& problem, const PopulationTable& table) {
  std::string label;
  for (std::size_t idx = 0; idx < table.variables.size(); ++idx)
    label += (idx ? " x " : "") + problem.variables[static_cast<std::size_t>(table.variables[idx])].name;
  return label;
}

namespace {

std::string categories_label(const WeightingProblem& problem, const PopulationTable& table,
                             const std::vector<std::int32_t>& categories) {
  std::string label;
  for (std::size_t idx = 0; idx < table.variables.size(); ++idx) {
    const WeightingVariable& variable = problem.variables[static_cast<std::size_t>(table.variables[idx])];
    label += fmt::format("{}{}={}", idx ? ", " : "", variable.name,
                         variable.labels[static_cast<std::size_t>(categories[idx])]);
  }
  return label;
}

std::string collapse_hint(const WeightingProblem& problem, const PopulationTable& table,
                          const std::vector<std::int32_t>& categories) {
  const WeightingVariable& variable = problem.variables[static_cast<std::size_t>(table.variables.back())];
  return fmt::format("--collapse {}={}:<neighbouring value>", variable.name,
                     variable.labels[static_cast<std::size_t>(categories.back())]);
}

}  // namespace

std::string cell_label(const WeightingProblem& problem, const PopulationTable& table,
                       const PopulationCell& cell) {
  return categories_label(problem, table, cell.categories);
}

std::vector<std::int32_t> assign_cells(const WeightingProblem& problem, const PopulationTable& table,
                                       const std::vector<double>& base_weights) {
  const std::size_t n = base_weights.size();
  std::map<std::vector<std::int32_t>, std::int32_t> index;
  for (std::size_t cell_idx = 0; cell_idx < table.cells.size(); ++cell_idx) {
    const PopulationCell& cell = table.cells[cell_idx];
    if (!std::isfinite(cell.population) || cell.population < 0)
      throw data_error(fmt::format("{}: population {} is not a number >= 0", cell.origin,
                                   survey::format_number(cell.population)));
    if (!index.emplace(cell.categories, static_cast<std::int32_t>(cell_idx)).second)
      throw data_error(fmt::format("{}: cell {} appears twice in the frame; give each cell once",
                                   cell.origin, cell_label(problem, table, cell)));
  }
  std::vector<std::int32_t> cell_of_row(n, -1);
  std::map<std::vector<std::int32_t>, int> unknown;  // data values the frame lacks, with counts
  std::vector<std::int32_t> key(table.variables.size());
  for (std::size_t row = 0; row < n; ++row) {
    for (std::size_t idx = 0; idx < table.variables.size(); ++idx) {
      const WeightingVariable& variable = problem.variables[static_cast<std::size_t>(table.variables[idx])];
      key[idx] = variable.codes[row];
      if (key[idx] < 0)
        throw data_error(fmt::format(
            "{}: '{}' has no value (blank or a missing code); weighting needs it for every "
            "respondent: fill it in or recode it, then import again",
            describe_row(problem, row), variable.name));
    }
    auto it = index.find(key);
    if (it == index.end()) ++unknown[key];
    else cell_of_row[row] = it->second;
  }
  if (!unknown.empty()) {
    const auto& [categories, count] = *unknown.begin();
    throw data_error(fmt::format(
        "{} has {} respondent{} but no population figure in {}; add the cell to the frame or "
        "merge it into a neighbouring one ({})",
        categories_label(problem, table, categories), count, count == 1 ? "" : "s", table.origin,
        collapse_hint(problem, table, categories)));
  }
  std::vector<int> respondents(table.cells.size(), 0);
  for (std::int32_t cell : cell_of_row) ++respondents[static_cast<std::size_t>(cell)];
  const std::vector<double> sums = cell_sums(cell_of_row, table.cells.size(), base_weights);
  for (std::size_t cell_idx = 0; cell_idx < table.cells.size(); ++cell_idx) {
    const PopulationCell& cell = table.cells[cell_idx];
    if (cell.population > 0 && respondents[cell_idx] == 0)
      throw data_error(fmt::format(
          "frame cell {} ({}) has population {} but no respondents; merge it into a "
          "neighbouring cell ({}) or in the frame",
          cell_label(problem, table, cell), cell.origin, survey::format_number(cell.population),
          collapse_hint(problem, table, cell.categories)));
    if (cell.population > 0 && sums[cell_idx] <= 0)
      throw data_error(fmt::format(
          "frame cell {} ({}) has respondents but all their base weights are 0; merge it into a "
          "neighbouring cell ({})",
          cell_label(problem, table, cell), cell.origin,
          collapse_hint(problem, table, cell.categories)));
    if (cell.population == 0 && respondents[cell_idx] > 0)
      throw data_error(fmt::format(
          "frame cell {} ({}) has population 0 but {} respondent{}; correct the frame or merge "
          "the cell into a neighbouring one ({})",
          cell_label(problem, table, cell), cell.origin, respondents[cell_idx],
          respondents[cell_idx] == 1 ? "" : "s", collapse_hint(problem, table, cell.categories)));
  }
  return cell_of_row;
}

std::vector<double> cell_sums(const std::vector<std::int32_t>& cell_of_row, std::size_t n_cells,
                              const std::vector<double>& weights) {
  std::vector<long double> sums(n_cells, 0.0L);
  for (std::size_t row = 0; row < weights.size(); ++row)
    if (cell_of_row[row] >= 0) sums[static_cast<std::size_t>(cell_of_row[row])] += weights[row];
  return std::vector<double>(sums.begin(), sums.end());
}

CalibrationStep poststratify_step(const std::vector<std::int32_t>& cell_of_row,
                                  const std::vector<double>& populations,
                                  std::vector<double>& weights, bool rake_form) {
  // R postStratify.survey.design: sample total per cell (xtabs of the weights), reweight =
  // population / sample; new weights = old * reweight of the row's cell.
  const std::size_t n = weights.size();
  const std::size_t n_cells = populations.size();
  const std::vector<double> sample = cell_sums(cell_of_row, n_cells, weights);
  std::vector<double> old_sum(n_cells, 0.0);
  std::vector<int> count(n_cells, 0);
  std::vector<double> reweight(n_cells, 0.0);
  for (std::size_t cell = 0; cell < n_cells; ++cell)
    reweight[cell] = sample[cell] > 0 ? populations[cell] / sample[cell] : 0.0;
  CalibrationStep step;
  step.columns = static_cast<int>(n_cells);
  step.category = cell_of_row;
  step.z_value.assign(n, 0.0);
  step.a_value.assign(n, 0.0);
  std::vector<double> old_weights = weights;
  for (std::size_t row = 0; row < n; ++row) {
    const auto cell = static_cast<std::size_t>(cell_of_row[row]);
    weights[row] = old_weights[row] * reweight[cell];
    old_sum[cell] += old_weights[row];
    ++count[cell];
  }
  for (std::size_t row = 0; row < n; ++row) {
    const auto cell = static_cast<std::size_t>(cell_of_row[row]);
    const double psw = weights[row];
    if (rake_form) {
      // svyrecvar, "raking": x <- x - psw * ave(x / psw, margin). A row of weight 0 (R: NaN)
      // takes no part.
      if (psw != 0) {
        step.z_value[row] = 1.0 / (psw * count[cell]);
        step.a_value[row] = psw;
      }
    } else {
      // svyrecvar, post-strata: psmeans = rowsum(x oldw / psw) / sum(oldw); x <- x - psmeans psw,
      // with psw = 1 where both weights are 0.
      const double oldw = old_weights[row];
      if (psw == 0 && oldw == 0) {
        step.a_value[row] = 1.0;
      } else {
        step.z_value[row] = oldw / psw / old_sum[cell];
        step.a_value[row] = psw;
      }
    }
  }
  return step;
}

void check_totals_agree(const WeightingProblem& problem,
                        const std::vector<const PopulationTable*>& tables) {
  if (tables.empty()) return;
  auto total = [](const PopulationTable& table) {
    long double sum = 0.0L;
    for (const auto& cell : table.cells) sum += cell.population;
    return static_cast<double>(sum);
  };
  const double first = total(*tables.front());
  for (const PopulationTable* table : tables) {
    const double sum = total(*table);
    if (std::fabs(sum - first) > 1e-9 * std::max(std::fabs(sum), std::fabs(first)))
      throw data_error(fmt::format(
          "the margins do not add up: {} totals {} ({}) but {} totals {} ({}); every margin must "
          "describe the same population",
          table_label(problem, *tables.front()), survey::format_number(first),
          tables.front()->origin, table_label(problem, *table), survey::format_number(sum),
          table->origin));
  }
  if (problem.population_size) {
    const double n = *problem.population_size;
    if (std::fabs(n - first) > 1e-9 * std::max(std::fabs(n), std::fabs(first)))
      throw data_error(fmt::format(
          "the totals do not add up: population size {} but {} totals {} ({})",
          survey::format_number(n), table_label(problem, *tables.front()),
          survey::format_number(first), tables.front()->origin));
  }
}

}  // namespace detail

std::vector<WeightSummary> summarize_weights(const Design& design,
                                             const std::vector<double>& weights) {
  auto summarize = [&](const std::string& group, auto in_group) {
    WeightSummary s;
    s.group = group;
    long double sum = 0.0L, squares = 0.0L;
    s.min = std::numeric_limits<double>::infinity();
    s.max = -std::numeric_limits<double>::infinity();
    for (std::size_t row = 0; row < weights.size(); ++row) {
      if (!in_group(row)) continue;
      ++s.n;
      sum += weights[row];
      squares += static_cast<long double>(weights[row]) * weights[row];
      s.min = std::min(s.min, weights[row]);
      s.max = std::max(s.max, weights[row]);
    }
    s.sum = static_cast<double>(sum);
    s.mean = s.sum / s.n;
    s.kish_deff = static_cast<double>(s.n * squares / (sum * sum));
    s.cv = std::sqrt(std::max(0.0, s.kish_deff - 1.0));
    s.n_eff = static_cast<double>(sum * sum / squares);
    return s;
  };
  std::vector<WeightSummary> out;
  out.push_back(summarize("all", [](std::size_t) { return true; }));
  if (design.n_strata() > 1) {
    const std::vector<std::int32_t>& strata = design.row_stratum();
    for (int stratum = 0; stratum < design.n_strata(); ++stratum)
      out.push_back(summarize(design.stratum_label(stratum),
                              [&](std::size_t row) { return strata[row] == stratum; }));
  }
  return out;
}

Design weighted_design(const Design& base, const WeightingResult& result) {
  return base.reweighted(result.weights, result.calibration);
}

WeightingResult compute_weights(const Design& base, const WeightingProblem& problem,
                                const WeightingOptions& options) {
  const std::size_t n = base.n();
  for (const auto& variable : problem.variables)
    if (variable.codes.size() != n)
      throw usage_error(fmt::format("weighting: '{}' has {} values for {} rows", variable.name,
                                    variable.codes.size(), n));
  if (problem.tables.empty() && problem.numeric_totals.empty())
    throw data_error("weighting: the frame gives no population figures");
  WeightingResult result;
  switch (problem.method) {
    case WeightingMethod::poststratify:
      if (problem.tables.size() != 1 || !problem.numeric_totals.empty())
        throw data_error("post-stratification takes one table of cells (one column per variable "
                         "and a population column)");
      result = detail::poststratify(base, problem);
      break;
    case WeightingMethod::rake:
      if (!problem.numeric_totals.empty())
        throw data_error("raking takes categorical margins only; use --method calibrate for "
                         "totals of numeric variables");
      result = detail::rake(base, problem, options);
      break;
    case WeightingMethod::calibrate:
      result = detail::calibrate(base, problem, options);
      break;
  }
  result.calibrated_weights = result.weights;
  if (options.trim_low || options.trim_high) {
    const double low = options.trim_low.value_or(-std::numeric_limits<double>::infinity());
    const double high = options.trim_high.value_or(std::numeric_limits<double>::infinity());
    detail::trim(result, low, high);
  }

  // Margins before and after, against the frame.
  const std::vector<double>& before = base.weights();
  for (const PopulationTable& table : problem.tables) {
    const std::vector<std::int32_t> cells = detail::assign_cells(problem, table, before);
    const std::vector<double> sum_before = detail::cell_sums(cells, table.cells.size(), before);
    const std::vector<double> sum_after = detail::cell_sums(cells, table.cells.size(), result.weights);
    std::vector<int> count(table.cells.size(), 0);
    for (std::int32_t cell : cells) ++count[static_cast<std::size_t>(cell)];
    for (std::size_t cell_idx = 0; cell_idx < table.cells.size(); ++cell_idx)
      result.margins.push_back({detail::table_label(problem, table),
                                detail::cell_label(problem, table, table.cells[cell_idx]),
                                count[cell_idx], table.cells[cell_idx].population,
                                sum_before[cell_idx], sum_after[cell_idx]});
  }
  for (const NumericTotal& total : problem.numeric_totals) {
    long double sum_before = 0.0L, sum_after = 0.0L;
    for (std::size_t row = 0; row < n; ++row) {
      sum_before += before[row] * total.values[row];
      sum_after += result.weights[row] * total.values[row];
    }
    result.margins.push_back({total.name + " (total)", "", static_cast<int>(n), total.total,
                              static_cast<double>(sum_before), static_cast<double>(sum_after)});
  }
  result.summaries = summarize_weights(base, result.weights);
  return result;
}

}  // namespace ankieta::analysis
