// Disclosure control in reports (issue 14, docs/disclosure.md): on by default with the statutory
// rules, the same cells withheld as the commands' --protect, the methodology's counts, turning it
// off explicitly (and the report saying so), and the spec's errors with their positions.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <fmt/format.h>

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
  // Without the dominance and p% rules the micro firms' mean is published; with a threshold of 2
  // the 1-firm cells of the crosstab still go (and their totals, in the frequency table too).
  RunResult relaxed = report(survey, spec_file(survey, "disclosure: {threshold: 2, dominance: off, p_rule: off}\n"));
  INFO(relaxed.err);
  REQUIRE(relaxed.status == 0);
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

TEST_CASE("a total one table of a report withholds is withheld in every table that shows it", "[report][disclosure]") {
  // Sector by region: 15 3 9 / 1 3 0 / 3 9 4 firms. On its own the crosstab withholds the total of
  // plastics (the single firm's cell needs complements that take in its row total), while the
  // frequency table of sector alone publishes it: printed there, it would undo the crosstab's
  // protection. In one report both withhold it.
  TempDir dir;
  const std::string db = dir / "shared.db";
  write_file(dir / "q.yaml",
             "id: shared\nrespondent_id: id\nsections:\n  - id: main\n    questions:\n"
             "      - {id: sector, type: single, options: [{value: 1, label: metal}, {value: 2, label: plastics}, {value: 3, label: wood}]}\n"
             "      - {id: region, type: single, options: [{value: 1, label: north}, {value: 2, label: south}, {value: 3, label: east}]}\n");
  std::string csv = "id,sector,region\n";
  const int counts[3][3] = {{15, 3, 9}, {1, 3, 0}, {3, 9, 4}};
  int id = 0;
  for (int sector = 0; sector < 3; ++sector)
    for (int region = 0; region < 3; ++region)
      for (int firm = 0; firm < counts[sector][region]; ++firm) csv += fmt::format("f{},{},{}\n", ++id, sector + 1, region + 1);
  write_file(dir / "d.csv", csv);
  REQUIRE(run_ankieta({"init", dir / "q.yaml", "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", dir / "d.csv", "--db", db}).status == 0);

  auto alone = [&](std::vector<std::string> command) {
    command.insert(command.end(), {"--db", db, "--protect", "--format", "json"});
    auto result = run_ankieta(command);
    REQUIRE(result.status == 0);
    return Json::parse(result.out);
  };
  const Json freq = alone({"freq", "sector"});
  const Json crosstab = alone({"crosstab", "sector", "--by", "region"});
  const auto withheld = [](const Json& rows, const std::string& value) {
    for (std::size_t idx = 0; idx < rows.size(); ++idx)
      if (rows[idx]["value"].str() == value) return !rows[idx]["suppressed"].is_null();
    FAIL("no row " << value);
    return false;
  };
  REQUIRE_FALSE(withheld(freq["rows"], "2"));            // published on its own ...
  REQUIRE(withheld(crosstab["row_margins"], "2"));       // ... withheld by the crosstab

  write_file(dir / "spec.yaml", "title: T\nlanguage: en\nsections:\n  - title: S\n    tables:\n"
                                "      - {freq: sector}\n      - {crosstab: sector, by: [region]}\n");
  auto result = run_ankieta({"report", dir / "spec.yaml", "--db", db, "--out", dir / "r.md", "--date", "2026-12-04"});
  INFO(result.err);
  REQUIRE(result.status == 0);
  const std::string text = read_file(dir / "r.md");
  CHECK(row_after(text, "### Table 1.", "plastics").find("#") != std::string::npos);
  CHECK(row_after(text, "### Table 2.", "plastics").find("| # |") != std::string::npos);
  CHECK(text.find("a total withheld in another table of the report is withheld here too") != std::string::npos);
}
