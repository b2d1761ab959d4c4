// Timing of the estimation kernels on 1,000,000 rows, 10 strata, 5,000 PSUs (PRODUCT.md "Bars it
// must clear"): the arithmetic alone, without loading columns. Build with
//   cmake --build build --target bench_kernels && build/bench/bench_kernels
#include <chrono>
#include <cstdio>
#include <random>

#include "ankieta/analysis/crosstab.hpp"
#include "ankieta/analysis/estimators.hpp"
#include "ankieta/analysis/frequency.hpp"

using namespace ankieta::analysis;

int main() {
  constexpr std::size_t rows = 1'000'000;
  std::mt19937_64 random(42);
  std::uniform_real_distribution<double> weight(0.5, 3.0);
  std::uniform_int_distribution<int> category(0, 4);
  std::uniform_int_distribution<int> column(0, 5);
  DesignSpec spec;
  spec.weights.resize(rows);
  spec.stratum_idx.resize(rows);
  spec.cluster_ids.assign(1, std::vector<std::int64_t>(rows));
  std::vector<std::int32_t> row_cat(rows), col_cat(rows);
  std::vector<double> value(rows);
  for (std::size_t row = 0; row < rows; ++row) {
    const auto psu = static_cast<std::int64_t>(row % 5000);  // PSUs interleaved: worst case
    spec.cluster_ids[0][row] = psu;
    spec.stratum_idx[row] = static_cast<std::int32_t>(psu % 10);
    spec.weights[row] = weight(random);
    row_cat[row] = category(random);
    col_cat[row] = column(random);
    value[row] = weight(random) * 100;
  }
  auto clock = [] { return std::chrono::steady_clock::now(); };
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  const auto t0 = clock();
  const Design design(spec);
  const auto t1 = clock();
  const Crosstab table = crosstab(design, row_cat, 5, col_cat, 6);
  const auto t2 = clock();
  FrequencyOptions wald;
  wald.ci_method = CiMethod::wald;
  const FrequencyTable freq = frequency(design, row_cat, 5, {}, wald);
  const auto t3 = clock();
  const MeanEstimate mean = estimate_mean(design, value);
  const auto t4 = clock();
  const FrequencyTable freq_logit = frequency(design, row_cat, 5);
  const auto t5 = clock();
  auto r0 = clock();
  for (int repeat = 0; repeat < 5; ++repeat) (void)crosstab(design, row_cat, 5, col_cat, 6);
  auto r1 = clock();
  for (int repeat = 0; repeat < 5; ++repeat) (void)estimate_mean(design, value);
  auto r2 = clock();
  std::printf("warm: crosstab %.1f ms, mean %.1f ms\n", ms(r0, r1) / 5, ms(r1, r2) / 5);
  std::printf("design %.1f ms, crosstab 5x6 with tests %.1f ms, frequency (wald) %.1f ms, mean %.1f ms, frequency (logit) %.1f ms\n",
              ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), ms(t4, t5));
  // Use the results so that nothing is optimised away.
  std::printf("(%zu tests, %zu + %zu categories, n = %d)\n", table.tests.size(), freq.rows.size(), freq_logit.rows.size(), mean.n);
  return 0;
}
