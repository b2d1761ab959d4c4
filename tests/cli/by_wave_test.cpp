// `crosstab VAR --by wave` and `means VAR --by wave`: the waves side by side on the three-wave firm
// sample of tests/reference/waves (copied from the shared reference/waves set). Each wave's
// estimate and SE are those of `change` (whose numbers tests/cli/change_test.cpp checks against R
// survey), and a wave's letters name exactly the waves it is significantly above, by the p of the
// linked difference.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "json_run.hpp"
#include "run_ankieta.hpp"
#include "waves_survey.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

// The letters a wave's cell must carry: those of the waves whose estimate it is significantly above.
std::string expected_letters(const Json& change_row, std::int64_t wave) {
  std::string letters;
  const Json& differences = change_row["differences"];
  const std::vector<std::int64_t> waves = {1, 2, 3};
  for (std::int64_t other : waves) {
    if (other == wave) continue;
    for (std::size_t idx = 0; idx < differences.size(); ++idx) {
      const Json& d = differences[idx];
      const auto from = static_cast<std::int64_t>(d["from"].number()), to = static_cast<std::int64_t>(d["to"].number());
      if (!(d["p"].number() < 0.05)) continue;
      const bool above = (to == wave && from == other && d["estimate"].number() > 0) || (from == wave && to == other && d["estimate"].number() < 0);
      if (above) letters += static_cast<char>('A' + (other - 1));
    }
  }
  return letters;
}

void require_same_as_change(const Json& by_wave, const Json& change, const std::string& statistic, int& letters_seen) {
  REQUIRE(by_wave["kind"].str() == "by_wave");
  CHECK(by_wave["waves"].numbers() == std::vector<double>{1, 2, 3});
  std::size_t shown = 0;
  for (std::size_t row_idx = 0; row_idx < change["rows"].size(); ++row_idx) {
    const Json& expected = change["rows"][row_idx];
    if (expected["statistic"].str() != statistic) continue;
    const Json& row = by_wave["rows"][shown++];
    for (std::size_t idx = 0; idx < 3; ++idx) {
      const Json& got = row["per_wave"][idx];
      const Json& want = expected["per_wave"][idx];
      CHECK(got["n"].number() == want["n"].number());
      CHECK(got["estimate"].number() == Approx(want["estimate"].number()).epsilon(1e-12));
      CHECK(got["se"].number() == Approx(want["se"].number()).epsilon(1e-12));
      CHECK(got["letters"].str() == expected_letters(expected, static_cast<std::int64_t>(idx + 1)));
      letters_seen += static_cast<int>(got["letters"].str().size());
    }
  }
  CHECK(shown == by_wave["rows"].size());
}

}  // namespace

TEST_CASE("by wave: means and crosstab put the waves side by side with letters from the linked differences", "[waves][by_wave]") {
  WavesSurvey survey;
  int letters_seen = 0;
  auto means = run_json({"means", "q01_employees", "--by", "wave", "--format", "json", "--db", survey.db});
  auto change = run_json({"change", "q01_employees", "--waves", "1,2,3", "--format", "json", "--db", survey.db});
  require_same_as_change(means, change, "mean", letters_seen);
  auto crosstab = run_json({"crosstab", "q24_info_exchange", "--by", "wave", "--format", "json", "--db", survey.db});
  auto change_categories = run_json({"change", "q24_info_exchange", "--waves", "1,2,3", "--format", "json", "--db", survey.db});
  require_same_as_change(crosstab, change_categories, "prop", letters_seen);
  CHECK(letters_seen > 0);  // the sample's employment grows: some difference is significant

  // The text says what the letters rest on, in Polish too.
  auto text = run_ankieta({"means", "q01_employees", "--by", "wave", "--db", survey.db});
  CHECK(text.status == 0);
  CHECK(text.out.find("fala 1 (A) średnia") != std::string::npos);
  CHECK(text.out.find("we wszystkich falach (schemat łączący") != std::string::npos);
}

TEST_CASE("by wave: a crosstab of a scale shows its categories and means its mean", "[waves][by_wave]") {
  WavesSurvey survey;
  auto crosstab = run_json({"crosstab", "q07_financial", "--by", "wave", "--format", "json", "--db", survey.db});
  REQUIRE(crosstab["rows"].size() == 5);  // the five points of the scale, not its mean
  for (std::int64_t wave = 1; wave <= 3; ++wave) {
    // Each wave's share is the one-wave frequency table's (its own design).
    auto freq = run_json({"freq", "q07_financial", "--wave", std::to_string(wave), "--format", "json", "--db", survey.db});
    for (std::size_t idx = 0; idx < 5; ++idx) {
      const Json& row = crosstab["rows"][idx];
      CHECK(row["statistic"].str() == "prop");
      const Json& want = row_with(freq["rows"], "value", row["value"].str());
      const Json& got = row["per_wave"][static_cast<std::size_t>(wave - 1)];
      CHECK(got["estimate"].number() == Approx(want["prop"].number()).epsilon(1e-12));
      CHECK(got["se"].number() == Approx(want["prop_se"].number()).epsilon(1e-9));
    }
  }
  auto means = run_json({"means", "q07_financial", "--by", "wave", "--format", "json", "--db", survey.db});
  REQUIRE(means["rows"].size() == 1);
  CHECK(means["rows"][0]["statistic"].str() == "mean");
}

TEST_CASE("by wave: --by wave,COL puts the waves side by side within each category of COL", "[waves][by_wave]") {
  WavesSurvey survey;
  auto nested = run_json({"crosstab", "q24_info_exchange", "--by", "wave,size_class", "--format", "json", "--db", survey.db});
  REQUIRE(nested.size() == 4);  // one table per size class
  for (std::size_t category = 0; category < 4; ++category) {
    const std::string code = std::to_string(category + 1);
    const Json& table = nested[category];
    CHECK(table["by"]["variable"].str() == "size_class");
    CHECK(table["by"]["value"].str() == code);
    // The same as the waves side by side in that domain.
    auto domain = run_json({"crosstab", "q24_info_exchange", "--by", "wave", "--where", "size_class == " + code, "--format", "json",
                            "--db", survey.db});
    for (std::size_t row = 0; row < domain["rows"].size(); ++row)
      for (std::size_t wave = 0; wave < 3; ++wave) {
        const Json& got = table["rows"][row]["per_wave"][wave];
        const Json& want = domain["rows"][row]["per_wave"][wave];
        CHECK(got["estimate"].number() == Approx(want["estimate"].number()).epsilon(1e-12));
        CHECK(got["se"].number() == Approx(want["se"].number()).epsilon(1e-12));
        CHECK(got["letters"].str() == want["letters"].str());
      }
  }
}

TEST_CASE("by wave: refusals name what is wrong", "[waves][by_wave]") {
  WavesSurvey survey;
  auto with_wave = run_ankieta({"means", "q01_employees", "--by", "wave", "--wave", "2", "--db", survey.db});
  CHECK(with_wave.status == 2);
  CHECK(with_wave.err.find("--by wave puts the waves side by side: leave out --wave") != std::string::npos);
  auto three = run_ankieta({"crosstab", "q24_info_exchange", "--by", "wave,size_class,subregion", "--db", survey.db});
  CHECK(three.status == 2);
  CHECK(three.err.find("--by wave takes at most one other column variable") != std::string::npos);
  auto numeric = run_ankieta({"crosstab", "q24_info_exchange", "--by", "wave,q01_employees", "--db", survey.db});
  CHECK(numeric.status == 2);
  CHECK(numeric.err.find("--by 'q01_employees' is a numeric question; --by wave,COL takes a single-choice or scale variable") != std::string::npos);

  WavesSurvey one(1);
  auto single = run_ankieta({"means", "q01_employees", "--by", "wave", "--db", one.db});
  CHECK(single.status == 65);
  CHECK(single.err.find("--by wave needs two waves that ask q01_employees") != std::string::npos);
}
