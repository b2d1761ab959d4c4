// The design: structure against R (degf, PSUs, strata), the inputs that must fail with their
// messages, and every lonely-PSU policy against R survey 4.1.1 on a hand-made design.
#include <catch2/catch.hpp>

#include "ankieta/analysis/estimators.hpp"
#include "ankieta/survey/error.hpp"
#include "support/extra.hpp"

using namespace ankieta::analysis;
using ankieta::test::Json;
using ankieta::test::reference_design;
using ankieta::test::reference_design_names;

TEST_CASE("design structure matches R svydesign", "[design]") {
  for (const std::string& name : reference_design_names()) {
    const auto& ref = reference_design(name);
    const Json& expected = ref.expected["design"];
    INFO(name);
    CHECK(ref.design.n() == expected["n"].number());
    CHECK(ref.design.df() == expected["degf"].number());
    CHECK(ref.design.n_psu() == expected["n_psu"].number());
    CHECK(ref.design.n_strata() == expected["n_strata"].number());
    const auto per_stratum = expected["psu_per_stratum"].numbers();
    const auto ours = ref.design.psu_per_stratum();
    REQUIRE(ours.size() == per_stratum.size());
    for (std::size_t idx = 0; idx < ours.size(); ++idx) CHECK(ours[idx] == per_stratum[idx]);
    CHECK_CLOSE(ref.design.weight_sum(), expected["weights_sum"].number());
    const auto& w = ref.design.weights();
    CHECK_CLOSE(*std::min_element(w.begin(), w.end()), expected["weights_min"].number());
    CHECK_CLOSE(*std::max_element(w.begin(), w.end()), expected["weights_max"].number());
    const auto first10 = expected["weights_first10"].numbers();
    for (std::size_t idx = 0; idx < first10.size(); ++idx) CHECK_CLOSE(w[idx], first10[idx]);
  }
}

TEST_CASE("design rejects bad input with a message naming the problem", "[design]") {
  struct Case {
    const char* what;
    DesignSpec spec;
    const char* message;
  };
  auto spec = [](std::vector<double> weights) {
    DesignSpec s;
    s.weights = std::move(weights);
    return s;
  };
  std::vector<Case> cases;
  cases.push_back({"negative weight", spec({1, -2, 3}),
                   "design: row 2: weight -2 is not a finite number >= 0"});
  cases.push_back({"missing weight", spec({1, std::nan(""), 3}),
                   "design: row 2: weight nan is not a finite number >= 0"});
  {
    DesignSpec s = spec({1, 1, 1});
    s.stratum_idx = {0, 1};
    cases.push_back({"short strata", s, "design: stratum has 2 values for 3 rows"});
  }
  {
    DesignSpec s = spec({1, 1, 1, 1});
    s.stratum_idx = {0, 0, 1, 1};
    s.stratum_labels = {"north", "south"};
    s.fpc = {{10, 12, 20, 20}};
    cases.push_back({"fpc varies in a stratum", s,
                     "design: row 2: stage-1 fpc 12 differs from 10 earlier in stratum 'north'; "
                     "fpc must be constant within it"});
  }
  {
    DesignSpec s = spec({1, 1, 1});
    s.fpc = {{2, 2, 2}};
    cases.push_back({"more sampled than the population", s,
                     "design: stage-1 fpc implies more than 100% sampling in stratum '0': 3 "
                     "units sampled of 2"});
  }
  {
    DesignSpec s = spec({1, 1, 1});
    s.fpc = {{100, 0.5, 100}};
    cases.push_back({"population sizes mixed with fractions", s,
                     "design: row 2: stage-1 fpc 0.5 is not valid; expected all population "
                     "sizes (1 to 1e15) or all sampling fractions (0..1)"});
  }
  {
    DesignSpec s = spec({1, 1, 1});
    s.fpc = {{100, 1e300, 100}};
    cases.push_back({"a population size beyond 1e15", s,
                     "design: row 2: stage-1 fpc 1e+300 is not valid; expected all population "
                     "sizes (1 to 1e15) or all sampling fractions (0..1)"});
  }
  {
    DesignSpec s;
    cases.push_back({"no rows", s, "design has no rows: give weights, strata, cluster ids or fpc"});
  }
  for (const Case& c : cases) {
    INFO(c.what);
    try {
      Design design(c.spec);
      FAIL("no error");
    } catch (const ankieta::Error& error) {
      CHECK(error.kind() == ankieta::ErrorKind::data);
      CHECK(std::string(error.what()) == c.message);
    }
  }
  try {
    parse_lonely_psu("skip");
    FAIL("no error");
  } catch (const ankieta::Error& error) {
    CHECK(error.kind() == ankieta::ErrorKind::usage);
    CHECK(std::string(error.what()) ==
          "unknown lonely-psu policy 'skip'; expected fail, remove, adjust, certainty or average");
  }
}

TEST_CASE("lonely PSU policies match R survey.lonely.psu", "[design]") {
  const Json& expected = ankieta::test::extra_expected()["lonely"];
  const auto& data = ankieta::test::lonely_data();
  const std::vector<double> y = data.numeric("y");
  const std::vector<double> g = data.numeric("g");
  const std::vector<std::int32_t> stratum = data.factor("stratum", {"A", "B", "C"});
  std::vector<std::uint8_t> in_g1, not_b;
  for (std::size_t row = 0; row < y.size(); ++row) {
    in_g1.push_back(g[row] == 1);
    not_b.push_back(stratum[row] != 1);
  }

  SECTION("fail names the stratum and the choices") {
    // R: "Stratum (B) has only one PSU at stage 1".
    CHECK(expected["fail_message"].str() == "Stratum (B) has only one PSU at stage 1");
    const Design design(ankieta::test::lonely_spec(LonelyPsu::fail));
    try {
      estimate_mean(design, y);
      FAIL("no error");
    } catch (const ankieta::Error& error) {
      CHECK(error.kind() == ankieta::ErrorKind::data);
      CHECK(std::string(error.what()) ==
            "stratum 'B' has only one PSU; choose --lonely-psu remove|adjust|certainty|average");
    }
    // As in R, a domain without rows in stratum B needs no policy.
    const MeanEstimate m = estimate_mean(design, y, not_b);
    CHECK_CLOSE(m.mean_se, expected["remove"]["domain_not_B_se"].number());
  }

  for (const char* policy : {"remove", "adjust", "certainty", "average"}) {
    INFO(policy);
    const Json& r = expected[policy];
    const Design design(ankieta::test::lonely_spec(parse_lonely_psu(policy)));
    const MeanEstimate whole = estimate_mean(design, y);
    CHECK_CLOSE(whole.mean, r["mean"].number());
    CHECK_CLOSE(whole.mean_se, r["mean_se"].number());
    CHECK_CLOSE(whole.total, r["total"].number());
    CHECK_CLOSE(whole.total_se, r["total_se"].number());
    const MeanEstimate domain = estimate_mean(design, y, in_g1);
    CHECK_CLOSE(domain.mean, r["domain_g1_mean"].number());
    CHECK_CLOSE(domain.mean_se, r["domain_g1_se"].number());
    CHECK_CLOSE(estimate_mean(design, y, not_b).mean_se, r["domain_not_B_se"].number());
  }
}

TEST_CASE("two-stage design with fpc at both stages matches R", "[design]") {
  const auto& data = ankieta::test::clus2_data();
  const Json& expected = ankieta::test::extra_expected()["multistage"];
  DesignSpec spec;  // svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
  spec.cluster_ids = {data.integer("dnum"), data.integer("snum")};
  spec.fpc = {data.numeric("fpc1"), data.numeric("fpc2")};
  const Design design(spec);
  CHECK(design.df() == expected["degf"].number());
  CHECK(design.stages() == 2);
  const MeanEstimate api00 = estimate_mean(design, data.numeric("api00"));
  CHECK_CLOSE(api00.mean, expected["mean_api00"]["estimate"].number());
  CHECK_CLOSE(api00.mean_se, expected["mean_api00"]["se"].number());
  CHECK_CLOSE(api00.deff, ankieta::test::extra_expected()["ratio"]["multistage_mean_deff"]["deff"].number());
  const MeanEstimate enroll = estimate_mean(design, data.numeric("enroll"));
  CHECK_CLOSE(enroll.total, expected["total_enroll"]["estimate"].number());
  CHECK_CLOSE(enroll.total_se, expected["total_enroll"]["se"].number());

  // Without fpc the first stage is with replacement and the second stage adds nothing.
  DesignSpec with_replacement;  // svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)
  with_replacement.weights = data.numeric("pw");
  with_replacement.cluster_ids = spec.cluster_ids;
  const MeanEstimate wr = estimate_mean(Design(with_replacement), data.numeric("api00"));
  CHECK_CLOSE(wr.mean_se, expected["mean_api00_with_replacement"]["se"].number());
}
