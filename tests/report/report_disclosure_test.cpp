// Disclosure control in reports (issue 14, docs/disclosure.md): on by default with the statutory
// rules, the same cells withheld as the commands' --protect, the methodology's counts, turning it
// off explicitly (and the report saying so), and the spec's errors with their positions.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "disclosure_survey.hpp"
#include "json.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

const char* kTables =
    "sections:\n"
    "  - title: Firms\n"
    "    tables:\n"
    "      - {freq: size}\n"
    "      - {means: [turnover], by: size}\n"
    "      - {crosstab: size, by: [region]}\n";

std::string spec_file(const DisclosureSurvey& survey, const std::string& head) {
  const std::string path = survey.dir / "spec.yaml";
  write_file(path, "title: Test\nlanguage: en\n" + head + kTables);
  return path;
}

RunResult report(const DisclosureSurvey& survey, const std::string& spec, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> arguments{"report", spec, "--db", survey.db, "--out", survey.dir / "out.md", "--date", "2026-12-04"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  RunResult result = run_ankieta(arguments);
  if (result.status == 0) result.out = read_file(survey.dir / "out.md");
  return result;
}

// The Markdown row of a table whose first cell is `label`, within the section after `heading`.
std::string row_after(const std::string& text, const std::string& heading, const std::string& label) {
  const std::size_t from = text.find(heading);
  REQUIRE(from != std::string::npos);
  const std::size_t at = text.find("| " + label + " |", from);
  REQUIRE(at != std::string::npos);
  return text.substr(at, text.find('\n', at) - at);
}

}  // namespace

TEST_CASE("a report withholds the cells the rules name by default and its methodology counts them", "[report][disclosure]") {
  DisclosureSurvey survey;
  RunResult result = report(survey, spec_file(survey, ""));
  INFO(result.err);
  REQUIRE(result.status == 0);
  // freq size: large (2 firms) by the threshold, small as its complement.
  CHECK(row_after(result.out, "### Table 1.", "large").find("#") != std::string::npos);
  CHECK(row_after(result.out, "### Table 1.", "small").find("#") != std::string::npos);
  CHECK(row_after(result.out, "### Table 1.", "micro").find("#") == std::string::npos);
  // means of turnover by size: dominance, p% and threshold.
  for (const char* group : {"micro (A)", "small (B)", "large (C)"})
    CHECK(row_after(result.out, "### Table 2.", "turnover | " + std::string(group)).find("#") != std::string::npos);
  CHECK(result.out.find("### Disclosure control") != std::string::npos);
  CHECK(result.out.find("- tables protected: 3") != std::string::npos);
  CHECK(result.out.find("- withheld, dominated by the largest firms: 1") != std::string::npos);
  CHECK(result.out.find("- withheld, p% rule: 1") != std::string::npos);
}

TEST_CASE("the report's crosstab withholds the cells crosstab --protect withholds", "[report][disclosure]") {
  DisclosureSurvey survey;
  RunResult result = report(survey, spec_file(survey, ""));
  REQUIRE(result.status == 0);
  auto crosstab = run_ankieta({"crosstab", "size", "--by", "region", "--protect", "--format", "json", "--db", survey.db});
  REQUIRE(crosstab.status == 0);
  const Json cells = Json::parse(crosstab.out)["cells"];
  for (const char* row : {"1", "2", "3"}) {
    const std::string label = row[0] == '1' ? "micro" : row[0] == '2' ? "small" : "large";
    const std::string line = row_after(result.out, "### Table 3.", label);
    int withheld = 0;
    for (std::size_t idx = 0; idx < cells.size(); ++idx)
      if (cells[idx]["row"].str() == row && !cells[idx]["suppressed"].is_null()) ++withheld;
    int marks = 0;
    for (char ch : line) marks += ch == '#' ? 1 : 0;
    INFO(line);
    // The row's withheld cells, and its total when that is withheld too.
    CHECK(marks >= withheld);
    CHECK(marks <= withheld + 1);
  }
}

TEST_CASE("disclosure: off prints every cell and the methodology says the tables are not fit to publish", "[report][disclosure]") {
  DisclosureSurvey survey;
  RunResult result = report(survey, spec_file(survey, "disclosure: off\n"));
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK(row_after(result.out, "### Table 1.", "large").find("#") == std::string::npos);
  CHECK(result.out.find("Disclosure control is turned off in the report spec") != std::string::npos);
  RunResult option = report(survey, spec_file(survey, ""), {"--no-protect"});
  REQUIRE(option.status == 0);
  CHECK(row_after(option.out, "### Table 1.", "large").find("#") == std::string::npos);
  CHECK(option.out.find("Disclosure control is turned off") != std::string::npos);
}

TEST_CASE("a report spec's disclosure rules are read, and a holding merges firms", "[report][disclosure]") {
  DisclosureSurvey survey;
  // A threshold of 2 publishes the large firms' share; the 1-firm cells of the crosstab still go.
  RunResult relaxed = report(survey, spec_file(survey, "disclosure: {threshold: 2, dominance: off, p_rule: off}\n"));
  INFO(relaxed.err);
  REQUIRE(relaxed.status == 0);
  CHECK(row_after(relaxed.out, "### Table 1.", "large").find("#") == std::string::npos);
  CHECK(row_after(relaxed.out, "### Table 2.", "turnover | micro (A)").find("#") == std::string::npos);
  CHECK(relaxed.out.find("- withheld, too few firms: ") != std::string::npos);
  RunResult held = report(survey, spec_file(survey, "disclosure: {holding: hold, p_rule: off}\n"));
  INFO(held.err);
  REQUIRE(held.status == 0);
  CHECK(held.out.find("Firms with the same value of hold count as one firm") != std::string::npos);
  CHECK(row_after(held.out, "### Table 2.", "turnover | small (B)").find("#") != std::string::npos);  // dominance through the holding
}

TEST_CASE("bad disclosure keys in a report spec are refused with their position", "[report][disclosure]") {
  DisclosureSurvey survey;
  auto refused = [&](const std::string& head, const std::string& message) {
    RunResult result = report(survey, spec_file(survey, head));
    INFO(result.err);
    CHECK(result.status != 0);
    CHECK(result.err.find(message) != std::string::npos);
  };
  refused("disclosure: {dominance: 75}\n", "spec.yaml:3:25: disclosure dominance must be [n, k]");
  refused("disclosure: {treshold: 3}\n", "spec.yaml:3:14: unknown key 'treshold' in disclosure");
  refused("disclosure: {holding: nosuch}\n", "spec.yaml:3:23: disclosure holding: unknown variable 'nosuch'");
  refused("disclosure: {p_rule: 0}\n", "spec.yaml:3:22: disclosure p_rule (percent) must be a number");
  refused("disclosure: maybe\n", "spec.yaml:3:13: disclosure must be off or a mapping");
  refused("disclosure: {secondary: sometimes}\n", "disclosure secondary must be true or false");
}
