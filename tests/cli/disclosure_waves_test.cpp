// Disclosure control of the tables across waves (issue 14): a change table withholds each wave's
// estimate exactly where that wave's own table withholds it, and every difference with a withheld
// estimate. On the three-wave reference sample (tests/support/waves_survey.hpp).
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "json.hpp"
#include "json_run.hpp"
#include "run_ankieta.hpp"
#include "waves_survey.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

bool withheld(const Json& entry) { return entry.has("suppressed") && !entry["suppressed"].is_null(); }

// A command's --format json output (json_run.hpp).
Json json_of(std::vector<std::string> arguments) {
  arguments.insert(arguments.end(), {"--format", "json"});
  return run_json(arguments);
}

}  // namespace

TEST_CASE("change withholds each wave's shares where that wave's frequency table withholds them", "[disclosure][change]") {
  WavesSurvey survey(2);
  const Json change = json_of({"change", "size_class", "--waves", "1,2", "--db", survey.db, "--threshold", "9"});
  std::map<std::int64_t, std::map<std::string, bool>> own;  // wave -> category -> withheld
  for (const char* wave : {"1", "2"}) {
    const Json freq = json_of({"freq", "size_class", "--wave", wave, "--db", survey.db, "--threshold", "9"});
    for (std::size_t idx = 0; idx < freq["rows"].size(); ++idx)
      own[std::stoi(wave)][freq["rows"][idx]["value"].str()] = withheld(freq["rows"][idx]);
  }
  int hidden = 0;
  const Json& rows = change["rows"];
  for (std::size_t idx = 0; idx < rows.size(); ++idx) {
    const Json& row = rows[idx];
    bool any = false;
    for (std::size_t entry = 0; entry < row["per_wave"].size(); ++entry) {
      const Json& estimate = row["per_wave"][entry];
      const bool expected = own[static_cast<std::int64_t>(estimate["wave"].number())][row["value"].str()];
      INFO(row["value"].str() << " " << row["statistic"].str() << " wave " << estimate["wave"].number());
      CHECK(withheld(estimate) == expected);
      if (expected) {
        CHECK(estimate["estimate"].is_null());
        CHECK(estimate["n"].is_null());
        ++hidden;
      }
      any |= expected;
    }
    // A change with a withheld level is the level's difference from a published one: withheld too.
    const Json& difference = row["differences"][0];
    CHECK(withheld(difference) == any);
    if (any) CHECK(difference["estimate"].is_null());
  }
  CHECK(hidden >= 4);  // small and large firms of wave 1, each a share and a total
}

TEST_CASE("crosstab --by wave --protect shows withheld wave columns as # with no letters", "[disclosure][change]") {
  WavesSurvey survey(2);
  auto result = run_ankieta({"crosstab", "size_class", "--by", "wave", "--db", survey.db, "--threshold", "9", "--lang", "en"});
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK(result.out.find("#") != std::string::npos);
  const Json table = json_of({"crosstab", "size_class", "--by", "wave", "--db", survey.db, "--threshold", "9"});
  for (std::size_t idx = 0; idx < table["rows"].size(); ++idx)
    for (std::size_t entry = 0; entry < table["rows"][idx]["per_wave"].size(); ++entry) {
      const Json& estimate = table["rows"][idx]["per_wave"][entry];
      if (withheld(estimate)) CHECK(estimate["letters"].str().empty());
    }
}

TEST_CASE("change --panel refuses --protect rather than print unprotected panel estimates", "[disclosure][change]") {
  WavesSurvey survey(2);
  auto result = run_ankieta({"change", "q07_financial", "--waves", "1,2", "--panel", "--protect", "--db", survey.db});
  CHECK(result.status == 2);
  CHECK(result.err.find("panel tables (--panel) are not covered by disclosure control yet") != std::string::npos);
}
