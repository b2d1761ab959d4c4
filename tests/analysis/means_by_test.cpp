// Means by group against R survey 4.1.1: svyby(~api00, ~stype, design, svymean), the joint
// covariance and differences from svyglm(api00 ~ stype), and regTermTest's Wald F.
#include <catch2/catch.hpp>

#include "ankieta/analysis/means_by.hpp"
#include "support/extra.hpp"

using namespace ankieta::analysis;
using ankieta::test::Json;
using ankieta::test::reference_design;
using ankieta::test::reference_design_names;

TEST_CASE("group means match R svyby(svymean)", "[means_by]") {
  for (const std::string& name : reference_design_names()) {
    const auto& ref = reference_design(name);
    const Json& expected = ref.expected["continuous"]["svyby_api00_stype"];
    INFO(name);
    const MeansByGroup result = means_by_group(ref.design, ref.data.numeric("api00"),
                                               ref.data.factor("stype", {"E", "H", "M"}), 3);
    REQUIRE(result.groups.size() == 3);
    for (std::size_t g = 0; g < 3; ++g) {
      CHECK_CLOSE(result.groups[g].estimate.mean, expected["estimate"].matrix()[g][0]);
      CHECK_CLOSE(result.groups[g].estimate.mean_se, expected["se"].matrix()[g][0]);
    }
  }
}

TEST_CASE("group differences use the joint covariance, as R svyglm", "[means_by]") {
  const auto& ref = reference_design("dclus1");
  const Json& expected = ankieta::test::extra_expected()["means_by"];
  const MeansByGroup result = means_by_group(ref.design, ref.data.numeric("api00"),
                                             ref.data.factor("stype", {"E", "H", "M"}), 3);
  const auto vcov = expected["group_means"]["vcov"].matrix();
  for (Eigen::Index a = 0; a < 3; ++a)
    for (Eigen::Index b = 0; b < 3; ++b)
      CHECK_CLOSE(result.mean_vcov(a, b),
                  vcov[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)]);
  // svyglm's coefficients stypeH, stypeM are mean_H - mean_E and mean_M - mean_E.
  const Json& diff = expected["differences_from_E"];
  for (std::size_t other = 1; other <= 2; ++other) {
    const MeanDifference& d = result.differences[other - 1];  // (E, H), (E, M)
    REQUIRE(d.group_a == 0);
    REQUIRE(d.group_b == static_cast<int>(other));
    CHECK_CLOSE(-d.difference, diff["estimate"].numbers()[other]);
    CHECK_CLOSE(d.se, diff["se"].numbers()[other]);
    CHECK_CLOSE(d.p, diff["p_t_degf"].numbers()[other]);
  }
  const Json& wald = expected["wald"];
  CHECK_CLOSE(result.equality.statistic, wald["F"].number());
  CHECK_CLOSE(result.equality.df1, wald["df"].number());
  CHECK_CLOSE(result.equality.df2, wald["ddf"].number());
  CHECK_CLOSE(result.equality.p, wald["p"].number());
}
