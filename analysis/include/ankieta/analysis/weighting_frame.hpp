// Population frames for weighting (docs/weighting.md): reading frame CSV files into population
// figures, and matching those figures with the survey's variables to make a WeightingProblem.
// The figures are kept as survey::WeightTarget so that a stored weight set can be rebuilt from
// the database exactly as it was made.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ankieta/analysis/weighting.hpp"
#include "ankieta/survey/store.hpp"
#include "ankieta/survey/weight_sets.hpp"

namespace ankieta::analysis {

WeightingMethod parse_weighting_method(std::string_view name);  // usage_error when unknown
std::string_view to_string(WeightingMethod method);

// --collapse VAR=FROM:TO: category FROM of VAR is merged into TO, in the data and the frame.
struct CollapseRule {
  std::string variable, from, to;
};
CollapseRule parse_collapse_rule(std::string_view text);  // usage_error when malformed

// Reads the frame files. Formats:
//   variable,value,population   one margin per variable (rake, calibrate; poststratify with one
//                               variable); an empty value gives the total of a numeric variable
//                               and the variable `_total` the population size (calibrate);
//   VAR1,...,VARk,population    one table of cells per file (the post-strata, or one margin).
// Throws data_error "FILE:LINE: ..." for a bad header, a short row, a population that is not a
// number >= 0; Error(missing_input) for a file that cannot be read.
std::vector<survey::WeightTarget> read_frames(const std::vector<std::string>& paths, WeightingMethod method);

// The variables the targets name.
std::vector<std::string> target_variables(const std::vector<survey::WeightTarget>& targets);

// Matches the targets with the data. `column_of` returns a loaded column by variable name.
// Throws data_error "ORIGIN: ..." for an unknown variable or value, a text variable.
WeightingProblem build_problem(WeightingMethod method, const std::vector<survey::WeightTarget>& targets,
                               const std::vector<CollapseRule>& collapse, const survey::Questionnaire& questionnaire,
                               const std::function<const survey::Column&(const std::string&)>& column_of);

// The parameters of a weight set as stored (survey::WeightSet::parameters), and back.
std::vector<std::pair<std::string, std::string>> weighting_parameters(const WeightingOptions& options,
                                                                      const std::vector<CollapseRule>& collapse);
WeightingOptions weighting_options(const survey::WeightSet& set);
std::vector<CollapseRule> collapse_rules(const survey::WeightSet& set);

}  // namespace ankieta::analysis
