// End to end: the small-base flag follows the base of the estimate - the denominator of the
// percentage - never the category's own count (issue 9: 51.4 % of a valid base of 64 firms was
// flagged). apiclus1 has equal weights, so every Kish effective base equals its count (14 high
// schools, 25 middle, 144 elementary; 183 in all) and the expected flags follow from the counts.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "json.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

std::string reference(const std::string& relative) { return std::string(ANKIETA_TEST_DATA) + "/reference/" + relative; }

const char* kQuestionnaire =
    "id: api\nrespondent_id: cds\ndesign:\n  clusters: [dnum]\n  weight: pw\n  fpc: fpc\n"
    "sections:\n"
    "  - id: main\n"
    "    questions:\n"
    "      - {id: stype, type: single, options: [{value: \"E\", label: E}, {value: \"H\", label: H}, {value: \"M\", label: M}]}\n"
    "      - {id: sch_wide, column: sch.wide, type: single, options: [{value: \"No\", label: \"No\"}, {value: \"Yes\", label: \"Yes\"}]}\n"
    "      - {id: api00, type: numeric}\n"
    "      - {id: pw, type: numeric}\n"
    "      - {id: fpc, type: numeric}\n"
    "      - {id: dnum, type: numeric, integer: true}\n";

Json run_json(const std::vector<std::string>& arguments) {
  auto result = run_ankieta(arguments);
  INFO(result.err);
  REQUIRE(result.status == 0);
  return Json::parse(result.out);
}

}  // namespace

TEST_CASE("the small-base flag follows the base of the estimate, and the legend says which", "[small_base]") {
  TempDir dir;
  const std::string db = dir / "api.db";
  write_file(dir / "api.yaml", kQuestionnaire);
  REQUIRE(run_ankieta({"init", dir / "api.yaml", "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", reference("data/apiclus1.csv"), "--ignore-extra", "--db", db}).status == 0);

  struct FreqCase {
    std::string where;
    bool flagged;  // every row of the table, or none
  };
  // 14 high schools of 183 (a share with 14 rows) on a base of 183: not small. In the domain of
  // the 39 high and middle schools nothing is small either; among the 14 high schools all is.
  const FreqCase freq_cases[] = {{"", false}, {"stype != \"E\"", false}, {"stype == \"H\"", true}};
  for (const FreqCase& c : freq_cases) {
    std::vector<std::string> arguments = {"freq", "sch_wide", "--format", "json", "--db", db};
    if (!c.where.empty()) arguments.insert(arguments.end(), {"--where", c.where});
    const Json table = run_json(arguments);
    INFO("--where " << c.where);
    for (std::size_t idx = 0; idx < table["rows"].size(); ++idx)
      if (!table["rows"][idx]["missing"].boolean()) CHECK(table["rows"][idx]["small_base"].boolean() == c.flagged);
  }
  auto text = run_ankieta({"freq", "sch_wide", "--where", "stype == \"H\"", "--lang", "en", "--db", db});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("! effective base of the table (valid answers) below 30: read with caution") != std::string::npos);
  auto big = run_ankieta({"freq", "stype", "--lang", "en", "--db", db});
  REQUIRE(big.status == 0);
  CHECK(big.out.find(" !") == std::string::npos);
  CHECK(big.out.find("effective base") == std::string::npos);

  // Crosstab: column percentages take the column's base, row percentages the row's.
  const Json crosstab = run_json({"crosstab", "sch_wide", "--by", "stype", "--format", "json", "--db", db});
  const std::pair<const char*, bool> columns[] = {{"E", false}, {"H", true}, {"M", true}};
  for (std::size_t col = 0; col < 3; ++col) {
    const Json& column = crosstab["columns"][col];
    CHECK(column["value"].str() == columns[col].first);
    CHECK(column["small_base"].boolean() == columns[col].second);
  }
  CHECK(crosstab["columns"][1]["n_eff"].number() == Approx(14).epsilon(1e-12));
  for (std::size_t idx = 0; idx < crosstab["cells"].size(); ++idx) {
    const Json& cell = crosstab["cells"][idx];
    CHECK(cell["small_base"].boolean() == (cell["column"].str() != "E"));
    CHECK(cell["row_small_base"].boolean() == (cell["row"].str() == "No"));  // 23 schools without sch.wide
  }
  auto col_text = run_ankieta({"crosstab", "sch_wide", "--by", "stype", "--lang", "en", "--db", db});
  REQUIRE(col_text.status == 0);
  CHECK(col_text.out.find("! effective base of the column below 30: read with caution") != std::string::npos);
  auto row_text = run_ankieta({"crosstab", "sch_wide", "--by", "stype", "--show", "row", "--lang", "en", "--db", db});
  REQUIRE(row_text.status == 0);
  CHECK(row_text.out.find("! effective base of the row below 30: read with caution") != std::string::npos);

  // Means: the group's base.
  const Json means = run_json({"means", "api00", "--by", "stype", "--format", "json", "--db", db});
  for (std::size_t idx = 0; idx < means["rows"].size(); ++idx)
    CHECK(means["rows"][idx]["small_base"].boolean() == (means["rows"][idx]["group"].str() != "E"));
  auto means_text = run_ankieta({"means", "api00", "--by", "stype", "--lang", "en", "--db", db});
  CHECK(means_text.out.find("! effective base of the group below 30: read with caution") != std::string::npos);
}
