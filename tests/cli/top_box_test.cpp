// End to end against R: top-2 and bottom-2 boxes follow the options' scores, not the order of
// their codes (issue 9). `rating` is coded 1 = high (score 3) ... 4 = not experienced (score 0),
// 9 = hard to say (missing); `tied` has scores 2, 1, 1, 0, so both boxes take in the tied pair.
// R values: tests/reference/expected/top_box.json (svymean of the box indicator), made with
// tests/reference/data/top_box.csv by tests/reference/r/make_stats_expected.R.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "json.hpp"
#include "run_ankieta.hpp"
#include "top_box_survey.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

std::string reference(const std::string& relative) { return std::string(ANKIETA_TEST_DATA) + "/reference/" + relative; }

Json run_json(const std::vector<std::string>& arguments) {
  auto result = run_ankieta(arguments);
  INFO(result.err);
  REQUIRE(result.status == 0);
  return Json::parse(result.out);
}

const Json& row_of(const Json& rows, const std::string& variable, const std::string& group) {
  for (std::size_t idx = 0; idx < rows.size(); ++idx)
    if (rows[idx]["variable"].str() == variable && (group.empty() ? rows[idx]["group"].is_null() : rows[idx]["group"].str() == group))
      return rows[idx];
  FAIL("no row " << variable << " " << group);
  return rows[0];
}

}  // namespace

TEST_CASE("top-2 and bottom-2 boxes follow the scores, highest first, ties included", "[top_box]") {
  const Json expected = Json::load(reference("expected/top_box.json"));
  TopBoxSurvey survey;
  const std::string& db = survey.db;

  struct Case {
    const char* variable;
    const char* group;  // of --by stype; "" = everyone
    const char* key;    // top2 or bottom2
    const char* r;      // entry of top_box.json
  };
  const Case cases[] = {
      {"rating", "", "top2", "rating_top2"},       {"rating", "", "bottom2", "rating_bottom2"},
      {"tied", "", "top2", "tied_top2"},           {"tied", "", "bottom2", "tied_bottom2"},
      {"rating", "H", "top2", "rating_top2_H"},
  };
  const Json all = run_json({"means", "rating", "tied", "--format", "json", "--db", db});
  const Json by = run_json({"means", "rating", "--by", "stype", "--format", "json", "--db", db});
  // A reading command stores the columns it read in the column cache; once every column is there,
  // reading leaves the file as it is.
  const std::string before = read_file(db);
  for (const Case& c : cases) {
    const Json& row = row_of(std::string(c.group).empty() ? all["rows"] : by["rows"], c.variable, c.group);
    const Json& want = expected[c.r];
    INFO(c.variable << " " << c.group << " " << c.key << ": " << want["call"].str());
    CHECK(row[c.key].number() == Approx(want["estimate"].number()).epsilon(1e-9));
    CHECK(row[std::string(c.key) + "_se"].number() == Approx(want["se"].number()).epsilon(1e-9));
  }
  CHECK(row_of(all["rows"], "rating", "")["mean"].number() == Approx(expected["rating_mean"]["estimate"].number()).epsilon(1e-9));

  auto text = run_ankieta({"means", "rating", "--lang", "en", "--db", db});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("42.9 / 57.1") != std::string::npos);
  CHECK(text.out.find("scored highest / lowest") != std::string::npos);
  CHECK((read_file(db) == before));
}
