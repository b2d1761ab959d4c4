// Trimming of the final weights to [low, high]: R survey 4.1-1 trimWeights(strict = TRUE). Weights
// outside are set to the bound and the weight cut (or added) is shared equally among the rows
// inside; the rounds repeat until every weight is within the bounds. The calibration of the
// variance is kept, as R keeps a design's postStrata when it trims.
#include <cmath>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"
#include "weighting_detail.hpp"

namespace ankieta::analysis::detail {

namespace {

constexpr int kMaxTrimRounds = 10000;

}  // namespace

void trim(WeightingResult& result, double low, double high) {
  std::vector<double>& w = result.weights;
  const std::size_t n = w.size();
  if (!(low <= high))
    throw usage_error(fmt::format("--trim {},{}: the lower bound must not exceed the upper",
                                  survey::format_number(low), survey::format_number(high)));
  long double total = 0.0L;
  for (double value : w) total += value;
  const double mean = static_cast<double>(total) / static_cast<double>(n);
  if (mean < low || mean > high)
    throw data_error(fmt::format(
        "cannot trim to [{}, {}]: the mean weight is {:.6g}, so the weights cannot all lie "
        "within the bounds and still sum to {:.6g}; widen --trim",
        survey::format_number(low), survey::format_number(high), mean,
        static_cast<double>(total)));
  result.trimmed = true;
  for (int round = 0;; ++round) {
    std::size_t outside = 0;
    long double trimmings = 0.0L;
    std::vector<std::uint8_t> is_outside(n, 0);
    for (std::size_t row = 0; row < n; ++row) {
      if (w[row] < low || w[row] > high) {
        is_outside[row] = 1;
        ++outside;
      }
    }
    if (outside == 0) break;
    if (outside == n || round >= kMaxTrimRounds)
      throw data_error(fmt::format(
          "trimming to [{}, {}] does not settle: {} weights stay outside; widen --trim",
          survey::format_number(low), survey::format_number(high), outside));
    if (round == 0) result.trimmed_rows = static_cast<int>(outside);
    for (std::size_t row = 0; row < n; ++row) {
      if (!is_outside[row]) continue;
      const double bounded = std::min(std::max(w[row], low), high);
      const double cut = w[row] - bounded;
      if (cut > 0) result.trimmed_mass += cut;
      else result.raised_mass -= cut;
      trimmings += cut;
      w[row] = bounded;
    }
    const double share = static_cast<double>(trimmings / static_cast<long double>(n - outside));
    for (std::size_t row = 0; row < n; ++row)
      if (!is_outside[row]) w[row] += share;
    result.trim_rounds = round + 1;
  }
}

}  // namespace ankieta::analysis::detail
