// Nets against R survey (issue 12): answers of a scale taken together as one row of a frequency
// table and of a banner, each its own domain share with its own SE and interval, and the top-2 of a
// scale by its scores. R values: tests/reference/expected/nets.json, made with
// tests/reference/data/top_box.csv by tests/reference/r/make_nets_expected.R.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "json.hpp"
#include "json_run.hpp"
#include "run_ankieta.hpp"
#include "top_box_survey.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

std::string reference(const std::string& relative) { return std::string(ANKIETA_TEST_DATA) + "/reference/" + relative; }

// A command's --format json output (json_run.hpp).
Json json_of(std::vector<std::string> arguments) {
  arguments.insert(arguments.end(), {"--format", "json"});
  return run_json(arguments);
}

}  // namespace

TEST_CASE("a net of two answers is its own domain share with R's SE, total and logit interval", "[nets]") {
  TopBoxSurvey survey;
  const Json expected = Json::load(reference("expected/nets.json"));
  const Json table = json_of({"freq", "rating", "--db", survey.db, "--net", "high or low=1,3"});
  REQUIRE(table["nets"].size() == 1);
  const Json& net = table["nets"][0];
  CHECK(net["label"].str() == "high or low");
  CHECK(net["values"][0].str() == "1");
  CHECK(net["values"][1].str() == "3");
  CHECK(net["prop"].number() == Approx(expected["net13_prop"].number()).epsilon(1e-9));
  CHECK(net["prop_se"].number() == Approx(expected["net13_prop_se"].number()).epsilon(1e-9));
  CHECK(net["total"].number() == Approx(expected["net13_total"].number()).epsilon(1e-9));
  CHECK(net["total_se"].number() == Approx(expected["net13_total_se"].number()).epsilon(1e-9));
  CHECK(net["ci"][0].number() == Approx(expected["net13_ci"][0].number()).epsilon(1e-9));
  CHECK(net["ci"][1].number() == Approx(expected["net13_ci"][1].number()).epsilon(1e-9));
  // Its own SE, not the categories' added up: high and low have SEs whose sum is larger.
  double categories_se = 0;
  for (std::size_t idx = 0; idx < table["rows"].size(); ++idx)
    if (table["rows"][idx]["value"].str() == "1" || table["rows"][idx]["value"].str() == "3") categories_se += table["rows"][idx]["prop_se"].number();
  CHECK(categories_se > net["prop_se"].number() * 1.01);
}

TEST_CASE("a top-2 net follows the scores, tied answers included", "[nets]") {
  TopBoxSurvey survey;
  const Json expected = Json::load(reference("expected/nets.json"));
  const Json table = json_of({"freq", "tied", "--db", survey.db, "--net", "top2"});
  const Json& net = table["nets"][0];
  CHECK(net["values"].size() == 3);  // scores 2, 1, 1: the two highest scores take in the tie
  CHECK(net["prop"].number() == Approx(expected["tied_top2_prop"].number()).epsilon(1e-9));
  CHECK(net["prop_se"].number() == Approx(expected["tied_top2_prop_se"].number()).epsilon(1e-9));
}

TEST_CASE("a net in a banner: each column's share with R's SE, and letters as any row", "[nets]") {
  TopBoxSurvey survey;
  const Json expected = Json::load(reference("expected/nets.json"));
  const Json table = json_of({"crosstab", "rating", "--by", "stype", "--db", survey.db, "--net", "high or low=1,3"});
  const Json& cells = table["nets"][0]["cells"];
  REQUIRE(cells.size() == 3);
  for (std::size_t idx = 0; idx < cells.size(); ++idx) {
    const std::string column = cells[idx]["column"].str();
    INFO("stype " << column);
    CHECK(cells[idx]["col_prop"].number() == Approx(expected["net13_by_stype"][column]["prop"].number()).epsilon(1e-9));
    CHECK(cells[idx]["col_prop_se"].number() == Approx(expected["net13_by_stype"][column]["se"].number()).epsilon(1e-9));
  }
  CHECK(table["nets"][0]["total"]["prop"].number() == Approx(expected["net13_prop"].number()).epsilon(1e-9));
  auto text = run_ankieta({"crosstab", "rating", "--by", "stype", "--db", survey.db, "--net", "high or low=1,3", "--lang", "en"});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("high or low") != std::string::npos);
  auto csv = run_ankieta({"freq", "rating", "--db", survey.db, "--net", "high or low=1,3", "--format", "csv"});
  CHECK(csv.out.find("net,1+3,high or low,") != std::string::npos);
}

TEST_CASE("bad nets are refused naming the variable and the code", "[nets]") {
  TopBoxSurvey survey;
  auto refused = [&](std::vector<std::string> arguments, const std::string& message) {
    arguments.insert(arguments.end(), {"--db", survey.db});
    auto result = run_ankieta(arguments);
    INFO(result.err);
    CHECK(result.status == 2);
    CHECK(result.err.find(message) != std::string::npos);
  };
  refused({"freq", "rating", "--net", "x=1,7"}, "net 'x' of 'rating': no answer '7'; its answers: 1, 2, 3, 4");
  refused({"freq", "rating", "--net", "x=1,9"}, "net 'x' of 'rating': '9' is a missing code");
  refused({"freq", "stype", "--net", "top2"}, "'stype' has no top-2");
  refused({"freq", "rating", "--net", "1,2"}, "--net '1,2': expected LABEL=CODE,CODE");
  refused({"freq", "api00", "--net", "x=1"}, "means");
}

TEST_CASE("a net of a multiple-response question is the share mentioning any of its options, as R has it", "[nets]") {
  const Json expected = Json::load(reference("expected/nets.json"));
  TempDir dir;
  const std::string db = dir / "sample.db";
  REQUIRE(run_ankieta({"init", std::string(ANKIETA_SOURCE_DIR) + "/questionnaires/podlasie-metal/questionnaire.yaml", "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", std::string(ANKIETA_SOURCE_DIR) + "/data/sample.csv", "--db", db}).status == 0);
  const Json table = json_of({"freq", "q12_prod_innov_types", "--db", db, "--net", "new products or technologies=1,2"});
  const Json& net = table["nets"][0];
  CHECK(net["prop"].number() == Approx(expected["multi_any12_prop"].number()).epsilon(1e-9));
  CHECK(net["prop_se"].number() == Approx(expected["multi_any12_prop_se"].number()).epsilon(1e-9));
  // By size class: each column's share mentioning either, as svyby has it.
  const Json banner = json_of({"crosstab", "q12_prod_innov_types", "--by", "size_class", "--db", db, "--net", "new products or technologies=1,2"});
  const Json& cells = banner["nets"][0]["cells"];
  REQUIRE(cells.size() == 4);
  for (std::size_t idx = 0; idx < cells.size(); ++idx) {
    const Json& want = expected["multi_any12_by_size_class"][cells[idx]["column"].str()];
    INFO("size class " << cells[idx]["column"].str());
    CHECK(cells[idx]["col_prop"].number() == Approx(want["prop"].number()).epsilon(1e-9));
    CHECK(cells[idx]["col_prop_se"].number() == Approx(want["se"].number()).epsilon(1e-9));
  }
  auto refused = run_ankieta({"freq", "q12_prod_innov_types", "--db", db, "--net", "top2"});
  CHECK(refused.status == 2);
  CHECK(refused.err.find("'q12_prod_innov_types' is a multiple-response question: it has no top-2") != std::string::npos);
}
