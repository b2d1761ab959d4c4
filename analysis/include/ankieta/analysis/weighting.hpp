// Weighting a sample to known population figures: post-stratification, raking (iterative
// proportional fitting), linear (GREG) and bounded calibration, and trimming of the final weights.
// Each method follows the R survey 4.1-1 function named beside it, and returns, besides the
// weights, the calibration description that makes every later standard error the one R gives for
// the weighted design (Design::reweighted; Lumley 2010 ch. 7; Deville & Särndal 1992).
//
// Weights start from the base design's weights. Every failure is a data_error naming the cell,
// margin or row and saying what to do (collapse cells, fix the frame, widen bounds).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ankieta/analysis/design.hpp"

namespace ankieta::analysis {

// A categorical variable of the data used for weighting.
struct WeightingVariable {
  std::string name;
  std::vector<std::int32_t> codes;  // category of each row (0..labels.size()-1); -1 = no value
  std::vector<std::string> labels;  // each category's value as the frame writes it
};

// One cell of a population table: a category of each of the table's variables.
struct PopulationCell {
  std::vector<std::int32_t> categories;
  double population = 0.0;
  std::string origin;  // "frame.csv:4": where the figure was read
};

// The post-strata, one raking margin, or one categorical calibration margin.
struct PopulationTable {
  std::vector<int> variables;  // indexes into WeightingProblem::variables
  std::vector<PopulationCell> cells;
  std::string origin;  // the frame file
};

// calibrate: the population total of a numeric variable.
struct NumericTotal {
  std::string name;
  std::vector<double> values;  // per row; NaN is an error (every row needs a value)
  double total = 0.0;
  std::string origin;
};

enum class WeightingMethod { poststratify, rake, calibrate };
enum class CalibrationFunction { linear, logit };  // R calibrate calfun
enum class RakeStop {
  margins,       // every margin cell within `tolerance` (relative) of its population
  r_table_change // R rake(): max change of the joint table between passes < epsilon
};

struct WeightingOptions {
  // rake
  double tolerance = 1e-10;  // relative: |estimate - population| <= tolerance * population
  int max_iter = 100;        // passes
  RakeStop stop = RakeStop::margins;
  double r_epsilon = 1.0;    // R control$epsilon: >= 1 absolute, < 1 times the base weight sum
  // calibrate (R calibrate / grake)
  CalibrationFunction calfun = CalibrationFunction::linear;
  double lower = -std::numeric_limits<double>::infinity();  // bounds on g = w_final / w_base
  double upper = std::numeric_limits<double>::infinity();
  int calibrate_max_iter = 50;
  double epsilon = 1e-7;
  // Trimming of the final weights to [low, high] (R trimWeights(strict = TRUE)).
  std::optional<double> trim_low;
  std::optional<double> trim_high;
};

struct WeightingProblem {
  WeightingMethod method = WeightingMethod::poststratify;
  std::vector<WeightingVariable> variables;
  // poststratify: one table over all its variables; rake: one per margin; calibrate: one per
  // categorical margin (each adds its cells to the model, with one intercept).
  std::vector<PopulationTable> tables;
  std::vector<NumericTotal> numeric_totals;  // calibrate only
  // calibrate: the population size (the intercept's total) when no categorical margin gives it.
  std::optional<double> population_size;
  // Names a row in messages, e.g. "respondent 'F0001'". Default: "row N".
  std::function<std::string(std::size_t)> describe_row;
};

// A population figure before and after weighting.
struct MarginCheck {
  std::string table;  // "size_class x subregion", "employees (total)"
  std::string cell;   // "size_class=1, subregion=2"
  int n = 0;          // respondents in the cell
  double population = 0.0;
  double before = 0.0;  // with the base weights
  double after = 0.0;   // with the final weights
};

struct RakePass {
  int pass = 0;
  double max_error = 0.0;   // largest |estimate - population| / population over every margin cell
  std::string worst;        // that cell: "subregion=2"
  double table_change = 0.0;  // R's criterion: max change of the joint table since the last pass
};

// Weights of a group of rows (all, or a design stratum).
struct WeightSummary {
  std::string group;
  int n = 0;
  double sum = 0, min = 0, max = 0, mean = 0;
  double cv = 0;         // standard deviation / mean (population form, divisor n)
  double kish_deff = 0;  // 1 + cv^2 = n sum w^2 / (sum w)^2 (Kish 1965)
  double n_eff = 0;      // (sum w)^2 / sum w^2
};

struct WeightingResult {
  std::vector<double> weights;             // final weights (after trimming)
  std::vector<double> calibrated_weights;  // before trimming
  // What the variance needs (R postStrata); trimming keeps it, as R trimWeights does.
  std::shared_ptr<const CalibrationVariance> calibration;
  std::vector<MarginCheck> margins;
  std::vector<RakePass> passes;  // rake
  bool converged = true;
  int iterations = 0;            // rake passes or calibrate Newton steps
  // Trimming
  bool trimmed = false;
  int trimmed_rows = 0;        // rows outside the bounds at the first round
  double trimmed_mass = 0.0;   // weight cut above the upper bound, summed over rounds
  double raised_mass = 0.0;    // weight added below the lower bound, summed over rounds
  int trim_rounds = 0;
  std::vector<WeightSummary> summaries;  // overall, then per stratum of the base design
};

// Weights for `problem` starting from the base design's weights (R postStratify, rake,
// calibrate; then trimWeights when options ask). Throws data_error naming the problem.
WeightingResult compute_weights(const Design& base, const WeightingProblem& problem,
                                const WeightingOptions& options = {});

// The design weighted by `result`: R's calibrated design object.
Design weighted_design(const Design& base, const WeightingResult& result);

// Summaries of the weights: overall ("all") and per stratum of the design.
std::vector<WeightSummary> summarize_weights(const Design& design,
                                             const std::vector<double>& weights);

}  // namespace ankieta::analysis
