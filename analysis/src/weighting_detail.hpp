// Pieces shared by the weighting methods (poststratify.cpp, rake.cpp, calibrate.cpp, trim.cpp):
// which population cell each row falls in, with the errors that name a cell and its remedy.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ankieta/analysis/weighting.hpp"

namespace ankieta::analysis::detail {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The cell of `table` each row falls in. Throws data_error for a row without a value, a row whose
// values the table lacks, a cell with a population but no respondents (or only zero base weights),
// a cell with population 0 but respondents, and a negative or non-finite population.
std::vector<std::int32_t> assign_cells(const WeightingProblem& problem, const PopulationTable& table,
                                       const std::vector<double>& base_weights);

std::string table_label(const WeightingProblem& problem, const PopulationTable& table);
std::string cell_label(const WeightingProblem& problem, const PopulationTable& table,
                       const PopulationCell& cell);
std::string describe_row(const WeightingProblem& problem, std::size_t row);

// Sum of the weights of the rows in each cell.
std::vector<double> cell_sums(const std::vector<std::int32_t>& cell_of_row, std::size_t n_cells,
                              const std::vector<double>& weights);

// One postStratify() on the cells: weights *= population / sample total of the row's cell.
// Returns the calibration step svyrecvar uses: postStratify's own (`rake_form` false) or the
// form of a raking margin (`rake_form` true).
CalibrationStep poststratify_step(const std::vector<std::int32_t>& cell_of_row,
                                  const std::vector<double>& populations,
                                  std::vector<double>& weights, bool rake_form);

// Checks that the tables describe the same population (raking margins, calibration margins).
void check_totals_agree(const WeightingProblem& problem,
                        const std::vector<const PopulationTable*>& tables);

WeightingResult poststratify(const Design& base, const WeightingProblem& problem);
WeightingResult rake(const Design& base, const WeightingProblem& problem,
                     const WeightingOptions& options);
WeightingResult calibrate(const Design& base, const WeightingProblem& problem,
                          const WeightingOptions& options);
// R trimWeights(strict = TRUE) on result.weights, recording what moved.
void trim(WeightingResult& result, double low, double high);

}  // namespace ankieta::analysis::detail
