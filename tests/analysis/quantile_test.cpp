// Quantiles against R survey 4.1.1 svyquantile (qrule math, school, hf7; Woodruff intervals).
#include <catch2/catch.hpp>

#include "ankieta/analysis/quantile.hpp"
#include "support/extra.hpp"

using namespace ankieta::analysis;
using ankieta::test::Json;
using ankieta::test::reference_design;
using ankieta::test::reference_design_names;

namespace {

void check_quantiles(const std::vector<QuantileEstimate>& ours, const Json& r) {
  const auto estimate = r["estimate"].numbers();
  const auto lower = r["ci_lower"].numbers();
  const auto upper = r["ci_upper"].numbers();
  const auto se = r["se"].numbers();
  REQUIRE(ours.size() == estimate.size());
  for (std::size_t idx = 0; idx < ours.size(); ++idx) {
    INFO("p = " << ours[idx].p);
    CHECK_CLOSE(ours[idx].quantile, estimate[idx]);
    CHECK_CLOSE(ours[idx].ci.lower, lower[idx]);
    CHECK_CLOSE(ours[idx].ci.upper, upper[idx]);
    CHECK_CLOSE(ours[idx].se, se[idx]);
  }
}

}  // namespace

TEST_CASE("quantiles match R svyquantile", "[quantile]") {
  const std::vector<double> probabilities = {0.25, 0.5, 0.75};
  for (const std::string& name : reference_design_names()) {
    const auto& ref = reference_design(name);
    const Json& expected = ref.expected["continuous"]["svyquantile_api00"];
    for (const char* rule : {"default", "school", "hf7"}) {
      INFO(name << " " << rule);
      QuantileOptions options;
      if (std::string(rule) != "default") options.rule = parse_quantile_rule(rule);
      check_quantiles(estimate_quantiles(ref.design, ref.data.numeric("api00"), probabilities, {},
                                         options),
                      expected[rule]);
    }
  }
}

TEST_CASE("quantiles in a domain use the domain's df and R's NaN bounds", "[quantile][domain]") {
  const auto& ref = reference_design("dclus1");
  const Json& expected = ankieta::test::extra_expected()["domain"];
  std::vector<std::uint8_t> middle;
  for (std::int32_t s : ref.data.factor("stype", {"E", "H", "M"})) middle.push_back(s == 2);
  CHECK(ref.design.domain_df(middle) == expected["degf_subset"]["value"].number());
  check_quantiles(estimate_quantiles(ref.design, ref.data.numeric("api00"), std::vector{0.25, 0.5},
                                     middle),
                  expected["quantile_in_subset"]);
}
