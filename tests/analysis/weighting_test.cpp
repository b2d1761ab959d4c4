// Weighting against R survey 4.1.1: every weight and the estimates with standard errors after
// postStratify, rake, calibrate (linear, bounded, logit) and trimWeights, on the reference designs
// (expected/poststratify.json, rake.json, calibrate.json from the shared reference;
// expected/weighting.json from r/make_weighting_expected.R). Then the inputs that must fail, with
// their messages.
#include <catch2/catch.hpp>

#include "ankieta/analysis/crosstab.hpp"
#include "ankieta/analysis/estimators.hpp"
#include "ankieta/analysis/frequency.hpp"
#include "ankieta/analysis/weighting.hpp"
#include "ankieta/survey/error.hpp"
#include "support/reference.hpp"

using namespace ankieta::analysis;
using ankieta::test::CsvTable;
using ankieta::test::Json;
using ankieta::test::levels_of;
using ankieta::test::reference_design;
using ankieta::test::reference_path;

namespace {

const Json& expected_file(const std::string& name) {
  static std::map<std::string, Json> cache;
  auto it = cache.find(name);
  if (it == cache.end())
    it = cache.emplace(name, Json::load(reference_path("expected/" + name + ".json"))).first;
  return it->second;
}

WeightingVariable factor_variable(const CsvTable& data, const std::string& name) {
  return {name, data.factor(name, levels_of(name)), levels_of(name)};
}

// A one-way table over problem.variables[variable] with R's level order.
PopulationTable one_way(int variable, const std::vector<double>& counts) {
  PopulationTable table;
  table.variables = {variable};
  table.origin = "test";
  for (std::size_t level = 0; level < counts.size(); ++level)
    table.cells.push_back({{static_cast<std::int32_t>(level)}, counts[level],
                           fmt::format("test:{}", level + 2)});
  return table;
}

// rows x columns counts of variables (a, b), R's matrix layout.
PopulationTable two_way(int a, int b, const std::vector<std::vector<double>>& counts) {
  PopulationTable table;
  table.variables = {a, b};
  table.origin = "test";
  for (std::size_t row = 0; row < counts.size(); ++row)
    for (std::size_t col = 0; col < counts[row].size(); ++col)
      table.cells.push_back({{static_cast<std::int32_t>(row), static_cast<std::int32_t>(col)},
                             counts[row][col], "test"});
  return table;
}

void check_weights(const std::vector<double>& ours, const Json& expected, double tolerance) {
  const std::vector<double> r = expected.numbers();
  REQUIRE(ours.size() == r.size());
  for (std::size_t row = 0; row < r.size(); ++row) {
    INFO("row " << row + 1);
    CHECK_CLOSE_TOL(ours[row], r[row], tolerance);
  }
}

std::vector<std::uint8_t> mask_of(const CsvTable& data, const std::string& variable,
                                  const std::string& value) {
  std::vector<std::uint8_t> mask;
  for (const auto& field : data.text(variable)) mask.push_back(field == value ? 1 : 0);
  return mask;
}

// svymean / svytotal of a numeric variable, in a domain when given.
void check_numeric(const Design& design, const CsvTable& data, const std::string& variable,
                   const Json& expected, bool total, double tolerance,
                   const std::vector<std::uint8_t>& domain = {}) {
  INFO(expected["call"].str());
  const MeanEstimate estimate = estimate_mean(design, data.numeric(variable), domain);
  if (total) {
    const double r_total = expected["estimate"].numbers()[0];
    const double r_se = expected["se"].numbers()[0];
    CHECK_CLOSE_TOL(estimate.total, r_total, tolerance);
    if (r_se < 1e-9 * std::fabs(r_total)) {
      // A total the weighting fixes: R's SE is rounding noise, as ours must be.
      INFO(fmt::format("total_se = {:.17g}, R = {:.17g}", estimate.total_se, r_se));
      CHECK(estimate.total_se <= 1e-9 * std::fabs(r_total));
    } else {
      CHECK_CLOSE_TOL(estimate.total_se, r_se, tolerance);
    }
  } else {
    CHECK_CLOSE_TOL(estimate.mean, expected["estimate"].numbers()[0], tolerance);
    CHECK_CLOSE_TOL(estimate.mean_se, expected["se"].numbers()[0], tolerance);
  }
}

// svymean / svytotal of a factor. SEs that R gives as exact zeros or rounding noise (a margin that
// the weighting fixes) are compared with an absolute floor relative to the estimate.
void check_factor(const Design& design, const CsvTable& data, const std::string& variable,
                  const Json& expected, bool total, double tolerance) {
  INFO(expected["call"].str());
  const std::vector<std::string> levels = levels_of(variable);
  const FrequencyTable table =
      frequency(design, data.factor(variable, levels), static_cast<int>(levels.size()));
  const std::vector<double> estimate = expected["estimate"].numbers();
  const std::vector<double> se = expected["se"].numbers();
  for (std::size_t level = 0; level < levels.size(); ++level) {
    const FrequencyRow& row = table.rows[level];
    const double ours = total ? row.total : row.prop;
    const double ours_se = total ? row.total_se : row.prop_se;
    CHECK_CLOSE_TOL(ours, estimate[level], tolerance);
    const double noise = 1e-9 * std::fabs(estimate[level]);
    if (se[level] < noise) {
      INFO(fmt::format("{} se = {:.17g}, R = {:.17g}", levels[level], ours_se, se[level]));
      CHECK(ours_se <= noise);
    } else {
      CHECK_CLOSE_TOL(ours_se, se[level], tolerance);
    }
  }
}

struct Problem {
  WeightingProblem problem;
};

WeightingProblem stype_problem(const CsvTable& data, WeightingMethod method) {
  WeightingProblem problem;
  problem.method = method;
  problem.variables = {factor_variable(data, "stype")};
  problem.tables = {one_way(0, {4421, 755, 1018})};
  return problem;
}

WeightingProblem rake_problem(const CsvTable& data) {
  WeightingProblem problem;
  problem.method = WeightingMethod::rake;
  problem.variables = {factor_variable(data, "stype"), factor_variable(data, "sch.wide")};
  problem.tables = {one_way(0, {4421, 755, 1018}), one_way(1, {1072, 5122})};
  return problem;
}

WeightingProblem calibrate_api99_problem(const CsvTable& data, const Json& population) {
  WeightingProblem problem;
  problem.method = WeightingMethod::calibrate;
  problem.variables = {factor_variable(data, "stype")};
  problem.tables = {one_way(0, population["stype"].numbers())};
  problem.numeric_totals = {{"api99", data.numeric("api99"), population["api99_total"].number(), "test"}};
  return problem;
}

}  // namespace

TEST_CASE("post-stratification matches R postStratify: weights and SEs", "[weighting]") {
  const Json& expected = expected_file("poststratify");
  for (const char* name : {"dstrat", "dclus1"}) {
    const auto& ref = reference_design(name);
    const Json& block = expected[std::string(name) + "_ps"];
    INFO(block["r_call"].str());
    const WeightingResult result =
        compute_weights(ref.design, stype_problem(ref.data, WeightingMethod::poststratify));
    check_weights(result.weights, block["weights"]["all"], 1e-9);
    const Design weighted = weighted_design(ref.design, result);
    check_numeric(weighted, ref.data, "api00", block["svymean_api00"], false, 1e-9);
    check_factor(weighted, ref.data, "sch.wide", block["svymean_sch.wide"], false, 1e-9);
    check_factor(weighted, ref.data, "stype", block["svytotal_stype"], true, 1e-9);
    if (block.has("svytotal_enroll"))
      check_numeric(weighted, ref.data, "enroll", block["svytotal_enroll"], true, 1e-9);
  }
}

TEST_CASE("post-stratification on two variables and domains matches R", "[weighting]") {
  const Json& expected = expected_file("weighting");
  const auto& ref = reference_design("dclus1");
  WeightingProblem problem;
  problem.method = WeightingMethod::poststratify;
  problem.variables = {factor_variable(ref.data, "stype"), factor_variable(ref.data, "sch.wide")};
  problem.tables = {two_way(0, 1, expected["population"]["stype_by_sch.wide"].matrix())};
  const Json& block = expected["poststratify_two"];
  INFO(block["call"].str());
  const WeightingResult result = compute_weights(ref.design, problem);
  check_weights(result.weights, block["weights"], 1e-9);
  const Design weighted = weighted_design(ref.design, result);
  check_numeric(weighted, ref.data, "api00", block["svymean_api00"], false, 1e-9);
  check_numeric(weighted, ref.data, "enroll", block["svytotal_enroll"], true, 1e-9);
  check_factor(weighted, ref.data, "awards", block["svymean_awards"], false, 1e-9);
  check_numeric(weighted, ref.data, "api00", block["domain_mean_api00_yr.rnd_No"], false, 1e-9,
                mask_of(ref.data, "yr.rnd", "No"));
  check_numeric(weighted, ref.data, "enroll", block["domain_total_enroll_awards_Yes"], true, 1e-9,
                mask_of(ref.data, "awards", "Yes"));

  const Json& domains = expected["poststratify_domains"];
  const WeightingResult one =
      compute_weights(ref.design, stype_problem(ref.data, WeightingMethod::poststratify));
  const Design ps = weighted_design(ref.design, one);
  check_numeric(ps, ref.data, "api00", domains["domain_mean_api00_sch.wide_Yes"], false, 1e-9,
                mask_of(ref.data, "sch.wide", "Yes"));
  check_numeric(ps, ref.data, "api00", domains["domain_mean_api00_stype_H"], false, 1e-9,
                mask_of(ref.data, "stype", "H"));
  check_factor(ps, ref.data, "awards", domains["svymean_awards"], false, 1e-9);
}

TEST_CASE("raking with R's stopping rule reproduces R rake() defaults", "[weighting]") {
  const Json& expected = expected_file("rake");
  const auto& ref = reference_design("dclus1");
  const Json& block = expected["default"];
  INFO(block["r_call"].str());
  WeightingOptions options;
  options.stop = RakeStop::r_table_change;
  options.r_epsilon = block["control"]["epsilon"].number();
  options.max_iter = static_cast<int>(block["control"]["maxit"].number());
  const WeightingResult result = compute_weights(ref.design, rake_problem(ref.data), options);
  CHECK(result.iterations == block["passes"].number());
  const std::vector<double> deltas = block["deltas_per_pass"].numbers();
  REQUIRE(result.passes.size() == deltas.size());
  for (std::size_t pass = 0; pass < deltas.size(); ++pass)
    CHECK_CLOSE_TOL(result.passes[pass].table_change, deltas[pass], 1e-6);
  check_weights(result.weights, block["weights"]["all"], 1e-6);
  const Design weighted = weighted_design(ref.design, result);
  check_numeric(weighted, ref.data, "api00", block["svymean_api00"], false, 1e-6);
  check_numeric(weighted, ref.data, "enroll", block["svytotal_enroll"], true, 1e-6);
  check_factor(weighted, ref.data, "stype", block["svytotal_stype"], true, 1e-6);
  check_factor(weighted, ref.data, "sch.wide", block["svytotal_sch.wide"], true, 1e-6);
}

TEST_CASE("raking to convergence matches R's tightly converged rake()", "[weighting]") {
  const Json& expected = expected_file("rake");
  const auto& ref = reference_design("dclus1");
  const Json& block = expected["tight"];
  INFO(block["r_call"].str());
  for (RakeStop stop : {RakeStop::margins, RakeStop::r_table_change}) {
    WeightingOptions options;
    options.stop = stop;
    options.r_epsilon = 1e-10;
    const WeightingResult result = compute_weights(ref.design, rake_problem(ref.data), options);
    if (stop == RakeStop::r_table_change) CHECK(result.iterations == block["passes"].number());
    check_weights(result.weights, block["weights"]["all"], 1e-6);
    const Design weighted = weighted_design(ref.design, result);
    check_numeric(weighted, ref.data, "api00", block["svymean_api00"], false, 1e-6);
    check_numeric(weighted, ref.data, "enroll", block["svytotal_enroll"], true, 1e-6);
  }
}

TEST_CASE("raking a stratified design matches R", "[weighting]") {
  const Json& expected = expected_file("weighting");
  const auto& ref = reference_design("dstrat");
  const Json& block = expected["rake_stratified"];
  INFO(block["call"].str());
  WeightingProblem problem;
  problem.method = WeightingMethod::rake;
  problem.variables = {factor_variable(ref.data, "sch.wide"), factor_variable(ref.data, "awards")};
  problem.tables = {one_way(0, expected["population"]["sch.wide"].numbers()),
                    one_way(1, expected["population"]["awards"].numbers())};
  const WeightingResult result = compute_weights(ref.design, problem);
  check_weights(result.weights, block["weights"], 1e-6);
  const Design weighted = weighted_design(ref.design, result);
  check_numeric(weighted, ref.data, "api00", block["svymean_api00"], false, 1e-6);
  check_numeric(weighted, ref.data, "enroll", block["svytotal_enroll"], true, 1e-6);
  check_factor(weighted, ref.data, "stype", block["svymean_stype"], false, 1e-6);
  check_numeric(weighted, ref.data, "api00", block["domain_mean_api00_stype_M"], false, 1e-6,
                mask_of(ref.data, "stype", "M"));
}

TEST_CASE("trimming matches R trimWeights(strict = TRUE) after raking", "[weighting]") {
  const Json& expected = expected_file("weighting");
  const auto& ref = reference_design("dclus1");
  const Json& block = expected["rake_trimmed"];
  INFO(block["call"].str());
  WeightingOptions options;
  options.trim_low = 31;
  options.trim_high = 60;
  const WeightingResult result = compute_weights(ref.design, rake_problem(ref.data), options);
  check_weights(result.weights, block["weights"], 1e-6);
  for (double w : result.weights) {
    CHECK(w >= 31 - 1e-9);
    CHECK(w <= 60 + 1e-9);
  }
  CHECK(result.trimmed_rows > 0);
  CHECK(result.trimmed_mass > 0);
  const Design weighted = weighted_design(ref.design, result);
  check_numeric(weighted, ref.data, "api00", block["svymean_api00"], false, 1e-6);
  check_numeric(weighted, ref.data, "enroll", block["svytotal_enroll"], true, 1e-6);
}

TEST_CASE("linear calibration matches R calibrate()", "[weighting]") {
  const Json& expected = expected_file("calibrate");
  const auto& ref = reference_design("dclus1");
  INFO(expected["r_call"].str());
  const WeightingResult result =
      compute_weights(ref.design, stype_problem(ref.data, WeightingMethod::calibrate));
  check_weights(result.weights, expected["weights"]["all"], 1e-9);
  const Design weighted = weighted_design(ref.design, result);
  check_numeric(weighted, ref.data, "api00", expected["svymean_api00"], false, 1e-9);
  check_numeric(weighted, ref.data, "enroll", expected["svytotal_enroll"], true, 1e-9);
  check_factor(weighted, ref.data, "stype", expected["svytotal_stype"], true, 1e-9);
}

TEST_CASE("calibration to a numeric total, bounded and logit, matches R", "[weighting]") {
  const Json& expected = expected_file("weighting");
  const auto& ref = reference_design("dclus1");
  const Json& population = expected["population"];
  struct Case {
    const char* block;
    CalibrationFunction calfun;
    double lower, upper, tolerance;
  };
  const double inf = std::numeric_limits<double>::infinity();
  for (const Case& c : {Case{"calibrate_numeric", CalibrationFunction::linear, -inf, inf, 1e-9},
                        Case{"calibrate_bounded_linear", CalibrationFunction::linear, 0.5, 1.7, 1e-6},
                        Case{"calibrate_logit", CalibrationFunction::logit, 0.4, 2, 1e-6}}) {
    const Json& block = expected[c.block];
    INFO(block["call"].str());
    WeightingOptions options;
    options.calfun = c.calfun;
    options.lower = c.lower;
    options.upper = c.upper;
    const WeightingResult result =
        compute_weights(ref.design, calibrate_api99_problem(ref.data, population), options);
    check_weights(result.weights, block["weights"], c.tolerance);
    const Design weighted = weighted_design(ref.design, result);
    check_numeric(weighted, ref.data, "api00", block["svymean_api00"], false, c.tolerance);
    check_numeric(weighted, ref.data, "enroll", block["svytotal_enroll"], true, c.tolerance);
    if (block.has("svymean_sch.wide")) {
      check_numeric(weighted, ref.data, "api99", block["svytotal_api99"], true, c.tolerance);
      check_factor(weighted, ref.data, "sch.wide", block["svymean_sch.wide"], false, c.tolerance);
      check_numeric(weighted, ref.data, "api00", block["domain_mean_api00_sch.wide_No"], false,
                    c.tolerance, mask_of(ref.data, "sch.wide", "No"));
    }
    // Every margin and total reproduced (bounds permitting: these converge).
    for (const MarginCheck& margin : result.margins) {
      INFO(margin.table << " " << margin.cell);
      CHECK_CLOSE_TOL(margin.after, margin.population, c.tolerance);
    }
  }
  const Json& block = expected["calibrate_stratified"];
  INFO(block["call"].str());
  const auto& strat = reference_design("dstrat");
  WeightingProblem problem;
  problem.method = WeightingMethod::calibrate;
  problem.population_size = 6194;
  problem.numeric_totals = {{"api99", strat.data.numeric("api99"), population["api99_total"].number(), "test"}};
  const WeightingResult result = compute_weights(strat.design, problem);
  check_weights(result.weights, block["weights"], 1e-9);
  const Design weighted = weighted_design(strat.design, result);
  check_numeric(weighted, strat.data, "api00", block["svymean_api00"], false, 1e-9);
  check_numeric(weighted, strat.data, "enroll", block["svytotal_enroll"], true, 1e-9);
}

TEST_CASE("weighting reproduces the margins and reports the weights", "[weighting]") {
  const auto& ref = reference_design("dclus1");
  const WeightingResult ps =
      compute_weights(ref.design, stype_problem(ref.data, WeightingMethod::poststratify));
  REQUIRE(ps.margins.size() == 3);
  for (const MarginCheck& margin : ps.margins) CHECK_CLOSE_TOL(margin.after, margin.population, 1e-12);
  CHECK(ps.margins[0].cell == "stype=E");
  CHECK(ps.margins[0].n == 144);
  double before = 0;
  for (std::size_t row = 0; row < ref.design.n(); ++row)
    if (ref.data.text("stype")[row] == "E") before += ref.design.weights()[row];
  CHECK_CLOSE_TOL(ps.margins[0].before, before, 1e-12);
  WeightingOptions options;
  const WeightingResult raked = compute_weights(ref.design, rake_problem(ref.data), options);
  for (const MarginCheck& margin : raked.margins) CHECK_CLOSE_TOL(margin.after, margin.population, 1e-10);
  CHECK(raked.passes.back().max_error <= options.tolerance);
  // Kish: n sum w^2 / (sum w)^2 and (sum w)^2 / sum w^2.
  const WeightSummary& all = raked.summaries.front();
  double sum = 0, squares = 0;
  for (double w : raked.weights) {
    sum += w;
    squares += w * w;
  }
  CHECK(all.n == 183);
  CHECK_CLOSE_TOL(all.kish_deff, 183 * squares / (sum * sum), 1e-12);
  CHECK_CLOSE_TOL(all.n_eff, sum * sum / squares, 1e-12);
  CHECK_CLOSE_TOL(all.kish_deff, 1 + all.cv * all.cv, 1e-12);
}

TEST_CASE("weighting problems fail with a message naming the cell and the remedy", "[weighting]") {
  const auto& ref = reference_design("dclus1");
  struct Case {
    const char* what;
    WeightingProblem problem;
    WeightingOptions options;
    const char* message;
  };
  std::vector<Case> cases;
  {
    WeightingProblem p = stype_problem(ref.data, WeightingMethod::poststratify);
    p.tables[0].cells.pop_back();
    cases.push_back({"a data value the frame lacks", p, {},
                     "stype=M has 25 respondents but no population figure in test; add the cell "
                     "to the frame or merge it into a neighbouring one (--collapse "
                     "stype=M:<neighbouring value>)"});
  }
  {
    WeightingProblem p = stype_problem(ref.data, WeightingMethod::poststratify);
    p.variables[0].labels.push_back("X");
    p.tables[0].cells.push_back({{3}, 10, "test:9"});
    cases.push_back({"a frame cell with no respondents", p, {},
                     "frame cell stype=X (test:9) has population 10 but no respondents; merge "
                     "it into a neighbouring cell (--collapse stype=X:<neighbouring value>) or in "
                     "the frame"});
  }
  {
    WeightingProblem p = stype_problem(ref.data, WeightingMethod::poststratify);
    p.tables[0].cells[1].population = 0;
    cases.push_back({"population 0 with respondents", p, {},
                     "frame cell stype=H (test:3) has population 0 but 14 respondents; correct "
                     "the frame or merge the cell into a neighbouring one (--collapse "
                     "stype=H:<neighbouring value>)"});
  }
  {
    WeightingProblem p = stype_problem(ref.data, WeightingMethod::poststratify);
    p.tables[0].cells.push_back(p.tables[0].cells[0]);
    cases.push_back({"a cell twice", p, {},
                     "test:2: cell stype=E appears twice in the frame; give each cell once"});
  }
  {
    WeightingProblem p = stype_problem(ref.data, WeightingMethod::poststratify);
    p.variables[0].codes[4] = -1;
    p.describe_row = [](std::size_t row) { return fmt::format("respondent 'R{}'", row + 1); };
    cases.push_back({"a row without a value", p, {},
                     "respondent 'R5': 'stype' has no value (blank or a missing code); weighting "
                     "needs it for every respondent: fill it in or recode it, then import again"});
  }
  {
    WeightingProblem p = rake_problem(ref.data);
    p.tables[1].cells[1].population = 5000;
    cases.push_back({"margins that do not add up", p, {},
                     "the margins do not add up: stype totals 6194 (test) but sch.wide totals "
                     "6072 (test); every margin must describe the same population"});
  }
  {
    WeightingOptions o;
    o.max_iter = 2;
    cases.push_back({"raking that does not converge", rake_problem(ref.data), o,
                     "raking did not converge in 2 passes: margin cell stype=M is still off by "
                     "0.00421 of its population (tolerance 1e-10); raise --max-iter, relax "
                     "--tolerance, or collapse sparse cells (--collapse) so that the margins can "
                     "be met together"});
  }
  {
    WeightingOptions o;
    o.trim_low = 40;
    o.trim_high = 60;
    cases.push_back({"trimming bounds that cannot hold", rake_problem(ref.data), o,
                     "cannot trim to [40, 60]: the mean weight is 33.847, so the weights cannot "
                     "all lie within the bounds and still sum to 6194; widen --trim"});
  }
  {
    WeightingOptions o;
    o.lower = 0.9;
    o.upper = 1.1;
    cases.push_back({"bounds calibration cannot meet",
                     calibrate_api99_problem(ref.data, expected_file("weighting")["population"]), o,
                     "calibration did not converge in 50 steps (largest misfit 0.381 of a "
                     "total); the bounds 0.9,1.1 on g cannot be met: widen --bounds, or collapse "
                     "sparse cells"});
  }
  for (const Case& c : cases) {
    INFO(c.what);
    try {
      compute_weights(ref.design, c.problem, c.options);
      FAIL("no error");
    } catch (const ankieta::Error& error) {
      CHECK(std::string(error.what()) == c.message);
      CHECK(error.kind() == ankieta::ErrorKind::data);
    }
  }
}

namespace {

// A crosstab of a calibrated design against R (expected/crosstab_weighted.json, made by
// r/make_crosstab_weighted_expected.R): the cells' SEs come from the calibration residuals.
void check_weighted_crosstab(const Design& design, const CsvTable& data, const Json& expected,
                             double tolerance) {
  INFO(expected["call"].str());
  const std::string row_var = expected["row"].str();
  const std::string col_var = expected["col"].str();
  const auto row_levels = levels_of(row_var);
  const auto col_levels = levels_of(col_var);
  const Crosstab table = crosstab(design, data.factor(row_var, row_levels), static_cast<int>(row_levels.size()),
                                  data.factor(col_var, col_levels), static_cast<int>(col_levels.size()));
  auto close = [&](double ours, double theirs, double scale) {
    // An SE that R computes as rounding noise (a calibrated margin's) must be noise here too.
    if (std::fabs(theirs) < 1e-9 * scale) CHECK(std::fabs(ours) <= 1e-9 * scale);
    else CHECK_CLOSE_TOL(ours, theirs, tolerance);
  };
  const Json& cells = expected["cells"];
  REQUIRE(cells.size() == row_levels.size() * col_levels.size());
  for (std::size_t idx = 0; idx < cells.size(); ++idx) {
    const Json& want = cells[idx];
    const CrosstabCell& got = table.cell(static_cast<int>(want["row"].number()), static_cast<int>(want["col"].number()));
    INFO("cell " << want["row"].number() << "," << want["col"].number());
    close(got.total, want["total"].number(), 1.0);
    close(got.total_se, want["total_se"].number(), want["total"].number());
    close(got.prop, want["prop"].number(), 1.0);
    close(got.prop_se, want["prop_se"].number(), 1.0);
    close(got.row_prop, want["row_prop"].number(), 1.0);
    close(got.row_prop_se, want["row_prop_se"].number(), 1.0);
    close(got.col_prop, want["col_prop"].number(), 1.0);
    close(got.col_prop_se, want["col_prop_se"].number(), 1.0);
  }
  for (const char* name : {"F", "Wald"}) {
    const TableTest* test = nullptr;
    for (const TableTest& candidate : table.tests)
      if (candidate.name == (std::string(name) == "F" ? "rao-scott-f" : "wald")) test = &candidate;
    REQUIRE(test != nullptr);
    CHECK_CLOSE_TOL(test->statistic, expected[name]["statistic"].number(), tolerance);
    CHECK_CLOSE_TOL(test->df1, expected[name]["df1"].number(), tolerance);
    CHECK_CLOSE_TOL(test->df2, expected[name]["df2"].number(), tolerance);
    CHECK_CLOSE_TOL(test->p, expected[name]["p"].number(), tolerance);
  }
}

}  // namespace

TEST_CASE("crosstabs of post-stratified and raked designs match R", "[weighting][crosstab]") {
  const Json& expected = expected_file("crosstab_weighted");
  {
    const auto& ref = reference_design("dclus1");
    const WeightingResult result =
        compute_weights(ref.design, stype_problem(ref.data, WeightingMethod::poststratify));
    check_weighted_crosstab(weighted_design(ref.design, result), ref.data, expected["poststratified"], 1e-9);
  }
  {
    const auto& ref = reference_design("dstrat");
    const Json& population = expected_file("weighting")["population"];
    WeightingProblem problem;
    problem.method = WeightingMethod::rake;
    problem.variables = {factor_variable(ref.data, "sch.wide"), factor_variable(ref.data, "awards")};
    problem.tables = {one_way(0, population["sch.wide"].numbers()), one_way(1, population["awards"].numbers())};
    const WeightingResult result = compute_weights(ref.design, problem);
    check_weighted_crosstab(weighted_design(ref.design, result), ref.data, expected["raked"], 1e-6);
  }
}
