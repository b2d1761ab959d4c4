// Post-stratification to population cell counts: R survey 4.1-1 postStratify.survey.design
// (Lumley 2010 §7.2; Holt & Smith 1979). Each row's weight is multiplied by N_h / N^_h of its
// cell; the variance takes the residuals from the post-stratum means (svyrecvar's postStrata).
#include <memory>

#include "weighting_detail.hpp"

namespace ankieta::analysis::detail {

WeightingResult poststratify(const Design& base, const WeightingProblem& problem) {
  const PopulationTable& table = problem.tables.front();
  const std::vector<std::int32_t> cells = assign_cells(problem, table, base.weights());
  std::vector<double> populations;
  for (const auto& cell : table.cells) populations.push_back(cell.population);
  WeightingResult result;
  result.weights = base.weights();
  auto calibration = std::make_shared<CalibrationVariance>();
  calibration->steps.push_back(poststratify_step(cells, populations, result.weights, false));
  calibration->schedule = {0};
  result.calibration = std::move(calibration);
  result.iterations = 1;
  return result;
}

}  // namespace ankieta::analysis::detail
