// Derived variables where a question is used (issue 12): as a weighting margin and in a report
// spec (a freq table and a banner column). On the survey of tests/support/disclosure_survey.hpp
// with a recode of its size classes appended.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "disclosure_survey.hpp"
#include "json.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

const char* kDerived =
    "derived:\n"
    "  - id: big\n"
    "    label: {pl: Duża firma, en: Large firm}\n"
    "    recode: size\n"
    "    options:\n"
    "      - {value: 1, label: {pl: nie, en: \"no\"}, from: [1, 2]}\n"
    "      - {value: 2, label: {pl: tak, en: \"yes\"}, from: 3}\n";

struct DerivedSurvey {
  TempDir dir;
  std::string db = dir / "derived.db";
  DerivedSurvey() {
    write_file(dir / "q.yaml", std::string(kDisclosureQuestionnaire) + kDerived);
    write_file(dir / "data.csv", disclosure_survey_csv());
    REQUIRE(run_ankieta({"init", dir / "q.yaml", "--db", db}).status == 0);
    REQUIRE(run_ankieta({"import", dir / "data.csv", "--db", db}).status == 0);
  }
};

}  // namespace

TEST_CASE("a derived variable is a weighting margin: post-stratified, its weighted counts are the frame's", "[derived]") {
  DerivedSurvey survey;
  write_file(survey.dir / "frame.csv", "big,population\n1,50\n2,10\n");
  auto weighted = run_ankieta({"weight", "--frame", survey.dir / "frame.csv", "--method", "poststratify", "--name", "frame", "--db", survey.db});
  INFO(weighted.err);
  REQUIRE(weighted.status == 0);
  auto result = run_ankieta({"freq", "big", "--db", survey.db, "--format", "json"});
  REQUIRE(result.status == 0);
  const Json table = Json::parse(result.out);
  CHECK(table["rows"][0]["total"].number() == Approx(50).epsilon(1e-12));
  CHECK(table["rows"][1]["total"].number() == Approx(10).epsilon(1e-12));
  // Post-stratified on it, the counts have no sampling variance.
  CHECK(table["rows"][0]["total_se"].number() == Approx(0).margin(1e-9));
  // And a question's weighted count follows the new weights: the 2 large firms now stand for 10.
  auto size = run_ankieta({"freq", "size", "--db", survey.db, "--format", "json"});
  CHECK(Json::parse(size.out)["rows"][2]["total"].number() == Approx(10).epsilon(1e-12));
  // A frame code the derived variable does not have is refused naming it.
  write_file(survey.dir / "bad.csv", "big,population\n1,50\n7,10\n");
  auto bad = run_ankieta({"weight", "--frame", survey.dir / "bad.csv", "--method", "poststratify", "--name", "bad", "--db", survey.db});
  CHECK(bad.status != 0);
  CHECK(bad.err.find("7") != std::string::npos);
}

TEST_CASE("a derived variable in a report spec: a frequency table and a banner column", "[derived]") {
  DerivedSurvey survey;
  write_file(survey.dir / "spec.yaml",
             "title: T\nlanguage: en\ndisclosure: off\nsections:\n  - title: S\n    tables:\n"
             "      - {freq: big}\n      - {crosstab: region, by: [big]}\n");
  auto result = run_ankieta({"report", survey.dir / "spec.yaml", "--db", survey.db, "--out", survey.dir / "r.md", "--date", "2026-12-04"});
  INFO(result.err);
  REQUIRE(result.status == 0);
  const std::string text = read_file(survey.dir / "r.md");
  CHECK(text.find("### Table 1. Large firm") != std::string::npos);
  CHECK(text.find("| yes | 2 |") != std::string::npos);  // the 2 large firms
  CHECK(text.find("yes (B)") != std::string::npos);      // the derived banner's second column
}
