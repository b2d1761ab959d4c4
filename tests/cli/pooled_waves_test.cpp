// Waves pooled deliberately (`--wave 1,2`, `--wave all`): the stacked rows on the link design,
// each with its own wave's weight, the firm as the PSU across waves. R values:
// tests/reference/r/make_pooled_expected.R (svymean / svytotal on L12 of the shared reference/waves
// set, whose data tests/reference/waves holds).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "json.hpp"
#include "json_run.hpp"
#include "run_ankieta.hpp"
#include "waves_survey.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

TEST_CASE("pooled waves: freq and means of waves 1 and 2 match R on the link design", "[waves][pooled][reference]") {
  WavesSurvey survey;
  const Json expected = Json::load(std::string(ANKIETA_TEST_DATA) + "/reference/expected/pooled_w12.json");
  auto means = run_json({"means", "q01_employees", "--wave", "1,2", "--format", "json", "--db", survey.db});
  const Json& row = means["rows"][0];
  const Json& want = expected["q01_employees"];
  CHECK(row["mean"].number() == Approx(want["mean"].number()).epsilon(1e-9));
  CHECK(row["mean_se"].number() == Approx(want["mean_se"].number()).epsilon(1e-9));
  CHECK(row["total"].number() == Approx(want["total"].number()).epsilon(1e-9));
  CHECK(row["total_se"].number() == Approx(want["total_se"].number()).epsilon(1e-9));
  CHECK(means["design"]["df"].number() == expected["df"].number());
  CHECK(means["design"]["psu"].number() == expected["psu"].number());
  CHECK(means["pooled"].boolean());
  CHECK(means["waves"].numbers() == std::vector<double>{1, 2});

  auto freq = run_json({"freq", "q24_info_exchange", "--wave", "2,1", "--format", "json", "--db", survey.db});
  const std::vector<double> props = expected["q24_info_exchange"]["prop"].numbers();
  const std::vector<double> ses = expected["q24_info_exchange"]["prop_se"].numbers();
  for (std::size_t idx = 0; idx < 4; ++idx) {
    const Json& category = row_with(freq["rows"], "value", std::to_string(idx + 1));
    CHECK(category["prop"].number() == Approx(props[idx]).epsilon(1e-9));
    CHECK(category["prop_se"].number() == Approx(ses[idx]).epsilon(1e-9));
  }
}

TEST_CASE("pooled waves: --wave all pools every wave and says so, --wave N stays one wave", "[waves][pooled]") {
  WavesSurvey survey;
  auto all = run_json({"means", "q01_employees", "--wave", "all", "--format", "json", "--db", survey.db});
  CHECK(all["waves"].numbers() == std::vector<double>{1, 2, 3});
  CHECK(all["rows"][0]["n"].number() == 196 + 203 + 206);  // each wave's valid answers (change_test's per-wave n)
  auto text = run_ankieta({"means", "q01_employees", "--wave", "all", "--lang", "en", "--db", survey.db});
  CHECK(text.out.find("waves 1, 2, 3 pooled: each firm counts once per wave it answered in") != std::string::npos);
  auto one = run_json({"means", "q01_employees", "--wave", "2", "--format", "json", "--db", survey.db});
  CHECK(one["wave"].number() == 2);
  CHECK_FALSE(one.has("pooled"));
}

TEST_CASE("pooled waves: what cannot be pooled is refused", "[waves][pooled]") {
  WavesSurvey survey;
  struct Bad {
    std::vector<std::string> arguments;
    int status;
    std::string message;
  };
  const std::vector<Bad> cases = {
      {{"means", "q01_employees", "--wave", "1,x"}, 2, "--wave '1,x': 'x' is not a wave number; expected N, a list such as 1,2, or all"},
      {{"means", "q01_employees", "--wave", "1,1"}, 2, "--wave '1,1' names a wave twice"},
      {{"freq", "q33_cluster_member", "--wave", "1,2"}, 65, "'q33_cluster_member' is not asked in wave 1"},
      {{"means", "q01_employees", "--wave", "1,7"}, 65, "wave 7 is not in the database (its waves: 1, 2, 3)"},
      {{"change", "q01_employees", "--waves", "1,2", "--wave", "all"}, 2, "change compares waves: give them with --waves"},
      {{"crosstab", "q24_info_exchange", "--by", "wave", "--wave", "1,2"}, 2, "--by wave puts the waves side by side: leave out --wave"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> arguments = c.arguments;
    arguments.insert(arguments.end(), {"--db", survey.db});
    auto result = run_ankieta(arguments);
    INFO(c.message);
    INFO(result.err);
    CHECK(result.status == c.status);
    CHECK(result.err.find(c.message) != std::string::npos);
  }
}
