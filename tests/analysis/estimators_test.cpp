// Means, totals, variances and ratios of numeric variables against R survey 4.1.1: the
// reference designs' "continuous" block, domains (subset() versus dropping rows), equal
// weights, and svyratio.
#include <catch2/catch.hpp>

#include "ankieta/analysis/estimators.hpp"
#include "ankieta/analysis/frequency.hpp"
#include "support/extra.hpp"

using namespace ankieta::analysis;
using ankieta::test::Json;
using ankieta::test::reference_design;
using ankieta::test::reference_design_names;

TEST_CASE("means and totals match R svymean, svytotal and svyvar", "[estimators]") {
  for (const std::string& name : reference_design_names()) {
    const auto& ref = reference_design(name);
    const Json& expected = ref.expected["continuous"];
    INFO(name);
    const MeanEstimate api00 = estimate_mean(ref.design, ref.data.numeric("api00"));
    CHECK_CLOSE(api00.mean, expected["svymean_api00"]["estimate"].number());
    CHECK_CLOSE(api00.mean_se, expected["svymean_api00"]["se"].number());
    CHECK_CLOSE(api00.mean_se * api00.mean_se, expected["svymean_api00"]["vcov"].number());
    CHECK_CLOSE(api00.deff, expected["svymean_api00"]["deff"].number());
    CHECK_CLOSE(api00.variance, expected["svyvar_api00"]["estimate"].number());
    // enroll has missing values: na.rm = TRUE.
    const MeanEstimate enroll = estimate_mean(ref.design, ref.data.numeric("enroll"));
    CHECK_CLOSE(enroll.mean, expected["svymean_enroll"]["estimate"].number());
    CHECK_CLOSE(enroll.mean_se, expected["svymean_enroll"]["se"].number());
    CHECK_CLOSE(enroll.total, expected["svytotal_enroll"]["estimate"].number());
    CHECK_CLOSE(enroll.total_se, expected["svytotal_enroll"]["se"].number());
  }
}

TEST_CASE("a domain keeps the full design: R subset(), not dropping rows", "[estimators][domain]") {
  const auto& ref = reference_design("dclus1");
  const Json& expected = ankieta::test::extra_expected()["domain"];
  const auto stype = ref.data.factor("stype", {"E", "H", "M"});
  std::vector<std::uint8_t> high_schools;
  for (std::int32_t s : stype) high_schools.push_back(s == 1);

  const MeanEstimate in_domain = estimate_mean(ref.design, ref.data.numeric("api00"), high_schools);
  CHECK_CLOSE(in_domain.mean, expected["mean_in_subset"]["estimate"].number());
  CHECK_CLOSE(in_domain.mean_se, expected["mean_in_subset"]["se"].number());
  CHECK_CLOSE(in_domain.deff, expected["mean_in_subset"]["deff"].number());
  const MeanEstimate enroll = estimate_mean(ref.design, ref.data.numeric("enroll"), high_schools);
  CHECK_CLOSE(enroll.total, expected["total_in_subset"]["estimate"].number());
  CHECK_CLOSE(enroll.total_se, expected["total_in_subset"]["se"].number());

  // Dropping the other rows first loses the PSUs without high schools: a different (wrong) SE.
  const double dropped_se = expected["mean_after_dropping_rows"]["se"].number();
  CHECK_FALSE(ankieta::test::close(in_domain.mean_se, dropped_se, 1e-3));
  DesignSpec dropped;
  std::vector<double> dropped_api00;
  const auto pw = ref.data.numeric("pw");
  const auto fpc = ref.data.numeric("fpc");
  const auto dnum = ref.data.integer("dnum");
  const auto api00 = ref.data.numeric("api00");
  dropped.fpc.emplace_back();
  dropped.cluster_ids.emplace_back();
  for (std::size_t row = 0; row < stype.size(); ++row) {
    if (stype[row] != 1) continue;
    dropped.weights.push_back(pw[row]);
    dropped.fpc[0].push_back(fpc[row]);
    dropped.cluster_ids[0].push_back(dnum[row]);
    dropped_api00.push_back(api00[row]);
  }
  CHECK_CLOSE(estimate_mean(Design(dropped), dropped_api00).mean_se, dropped_se);
}

TEST_CASE("equal weights without clusters give the unweighted formulas", "[estimators]") {
  const auto data = ankieta::test::CsvTable::load(ankieta::test::reference_path("data/apisrs.csv"));
  const Json& expected = ankieta::test::extra_expected()["equal_weights"];
  DesignSpec spec;  // svydesign(id = ~1, weights = ~rep(1, 200), data = apisrs)
  spec.weights.assign(data.rows(), 1.0);
  const Design design(spec);
  const MeanEstimate api00 = estimate_mean(design, data.numeric("api00"));
  CHECK_CLOSE(api00.mean_se, expected["mean_api00"]["se"].number());
  // The unweighted standard error of a mean: sd / sqrt(n).
  const auto y = data.numeric("api00");
  double sum = 0, squares = 0;
  for (double v : y) sum += v;
  const double mean = sum / static_cast<double>(y.size());
  for (double v : y) squares += (v - mean) * (v - mean);
  const double n = static_cast<double>(y.size());
  CHECK_CLOSE(expected["mean_api00"]["se"].number(), std::sqrt(squares / (n - 1) / n));

  const FrequencyTable table = frequency(design, data.factor("sch.wide", {"No", "Yes"}), 2);
  for (std::size_t level = 0; level < 2; ++level) {
    CHECK_CLOSE(table.rows[level].prop, expected["mean_sch_wide"]["estimate"].numbers()[level]);
    CHECK_CLOSE(table.rows[level].prop_se, expected["mean_sch_wide"]["se"].numbers()[level]);
    // N equals n: the without-replacement SRS variance is 0, so deff is infinite, as in R.
    CHECK(std::isinf(table.rows[level].deff));
    CHECK(std::isinf(expected["mean_sch_wide"]["deff"].numbers()[level]));
    CHECK(table.rows[level].n_eff == table.rows[level].n);
  }
}

TEST_CASE("ratios match R svyratio", "[estimators]") {
  const auto& ref = reference_design("dclus1");
  const Json& expected = ankieta::test::extra_expected()["ratio"];
  const auto api00 = ref.data.numeric("api00");
  const auto api99 = ref.data.numeric("api99");
  const RatioEstimate whole = estimate_ratio(ref.design, api00, api99);
  CHECK_CLOSE(whole.ratio, expected["whole"]["ratio"].number());
  CHECK_CLOSE(whole.ratio_se, expected["whole"]["se"].number());
  std::vector<std::uint8_t> elementary;
  for (std::int32_t s : ref.data.factor("stype", {"E", "H", "M"})) elementary.push_back(s == 0);
  const RatioEstimate domain = estimate_ratio(ref.design, api00, api99, elementary);
  CHECK_CLOSE(domain.ratio, expected["domain"]["ratio"].number());
  CHECK_CLOSE(domain.ratio_se, expected["domain"]["se"].number());
}
