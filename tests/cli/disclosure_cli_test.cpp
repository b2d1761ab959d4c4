// Disclosure control through the commands (issue 14, docs/disclosure.md): which cells freq,
// crosstab and means withhold on a survey built so that each rule fires in a known cell, that
// their numbers appear in no output, and the errors of the options.
//
// The survey (30 firms, weight 2 unless said): size 1 (micro) has 20 firms, 19 with turnover 10 and
// one of turnover 2000 and weight 1 (x1 = 2000 > 75% of X = 2380: dominance); size 2 (small) has 8,
// two of turnover 500 and 450 with weight 1 and six of 3 (X = 986, X - x1 - x2 = 36 < 10% of 500:
// the p% rule; both in holding 7, which makes them one contribution of 950 > 75% of X: dominance);
// size 3 (large) has 2 firms (threshold). By region: micro 12 + 8, small 6 + 2, large 1 + 1.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "json.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

const char* kQuestionnaire =
    "id: sdc\nrespondent_id: id\ndesign:\n  weight: w\n"
    "sections:\n"
    "  - id: main\n"
    "    questions:\n"
    "      - {id: size, type: single, options: [{value: 1, label: micro}, {value: 2, label: small}, {value: 3, label: large}]}\n"
    "      - {id: region, type: single, options: [{value: 1, label: north}, {value: 2, label: south}]}\n"
    "      - {id: certified, type: single, options: [{value: 1, label: yes}, {value: 2, label: no}]}\n"
    "      - {id: turnover, type: numeric}\n"
    "      - {id: hold, type: numeric, integer: true}\n"
    "      - {id: w, type: numeric}\n";

std::string survey_csv() {
  std::string csv = "id,size,region,certified,turnover,hold,w\n";
  int id = 0;
  auto add = [&](int size, int region, double turnover, const std::string& hold, double weight) {
    csv += fmt::format("f{},{},{},1,{},{},{}\n", ++id, size, region, turnover, hold, weight);
  };
  for (int firm = 0; firm < 19; ++firm) add(1, firm < 12 ? 1 : 2, 10, "", 2);
  add(1, 2, 2000, "", 1);
  add(2, 1, 500, "7", 1);
  add(2, 1, 450, "7", 1);
  for (int firm = 0; firm < 6; ++firm) add(2, firm < 4 ? 1 : 2, 3, "", 2);
  add(3, 1, 800, "", 2);
  add(3, 2, 900, "", 2);
  return csv;
}

struct Survey {
  TempDir dir;
  std::string db = dir / "sdc.db";
  Survey() {
    write_file(dir / "q.yaml", kQuestionnaire);
    write_file(dir / "data.csv", survey_csv());
    REQUIRE(run_ankieta({"init", dir / "q.yaml", "--db", db}).status == 0);
    auto imported = run_ankieta({"import", dir / "data.csv", "--db", db});
    INFO(imported.err);
    REQUIRE(imported.status == 0);
  }
};

Json run_json(std::vector<std::string> arguments) {
  arguments.insert(arguments.end(), {"--format", "json"});
  auto result = run_ankieta(arguments);
  INFO(result.err);
  REQUIRE(result.status == 0);
  return Json::parse(result.out);
}

const Json& row_with(const Json& rows, const char* key, const std::string& value) {
  for (std::size_t idx = 0; idx < rows.size(); ++idx)
    if (rows[idx][key].str() == value) return rows[idx];
  FAIL("no row with " << key << " = " << value);
  return rows[0];
}

std::string reason(const Json& row) { return row["suppressed"].is_null() ? "" : row["suppressed"].str(); }

// The numbers of a JSON table cell as every format writes them in full precision.
std::vector<std::string> full_precision(const Json& cell, const std::vector<std::string>& keys) {
  std::vector<std::string> texts;
  for (const auto& key : keys)
    if (cell.has(key) && !cell[key].is_null()) texts.push_back(fmt::format("{}", cell[key].number()));
  return texts;
}

}  // namespace

TEST_CASE("freq --protect withholds a category of 2 firms and one complement and nothing else", "[disclosure]") {
  Survey survey;
  const Json table = run_json({"freq", "size", "--db", survey.db, "--protect"});
  const Json& rows = table["rows"];
  CHECK(reason(row_with(rows, "value", "3")) == "threshold");
  CHECK(reason(row_with(rows, "value", "2")) == "secondary");  // the cheapest partner in the one relation
  CHECK(reason(row_with(rows, "value", "1")).empty());
  CHECK(row_with(rows, "value", "3")["n"].is_null());
  CHECK(row_with(rows, "value", "3")["prop"].is_null());
  CHECK(row_with(rows, "value", "1")["n"].number() == 20);
  CHECK(table["base"]["n"].number() == 30);
  CHECK(table["disclosure"]["withheld"]["threshold"].number() == 1);
  CHECK(table["disclosure"]["withheld"]["secondary"].number() == 1);
  CHECK(table["disclosure"]["protected"].boolean());
}

TEST_CASE("freq without --protect withholds nothing and has no disclosure keys", "[disclosure]") {
  Survey survey;
  const Json table = run_json({"freq", "size", "--db", survey.db});
  CHECK_FALSE(table.has("disclosure"));
  CHECK_FALSE(table["rows"][0].has("suppressed"));
  CHECK(row_with(table["rows"], "value", "3")["n"].number() == 2);
}

TEST_CASE("a threshold of 2 publishes the 2-firm category", "[disclosure]") {
  Survey survey;
  const Json table = run_json({"freq", "size", "--db", survey.db, "--threshold", "2"});
  for (std::size_t idx = 0; idx < table["rows"].size(); ++idx) CHECK(reason(table["rows"][idx]).empty());
}

TEST_CASE("crosstab --protect: the threshold cells and margins and no row or column with a single withheld cell", "[disclosure]") {
  Survey survey;
  const Json table = run_json({"crosstab", "size", "--by", "region", "--db", survey.db, "--protect"});
  const Json& cells = table["cells"];
  auto cell = [&](const std::string& row, const std::string& column) -> const Json& {
    for (std::size_t idx = 0; idx < cells.size(); ++idx)
      if (cells[idx]["row"].str() == row && cells[idx]["column"].str() == column) return cells[idx];
    FAIL("no cell " << row << " x " << column);
    return cells[0];
  };
  CHECK(reason(cell("2", "2")) == "threshold");  // 2 small firms in the south
  CHECK(reason(cell("3", "1")) == "threshold");  // one large firm in each region
  CHECK(reason(cell("3", "2")) == "threshold");
  CHECK(reason(row_with(table["row_margins"], "value", "3")) == "threshold");  // 2 large firms
  // The single large firm of a column knows its own value: with only one other hidden cell in the
  // column it would learn that one by subtraction (the singleton check), so micro goes too.
  CHECK(reason(cell("1", "1")) == "secondary");
  CHECK(reason(row_with(table["row_margins"], "value", "1")).empty());
  CHECK(reason(row_with(table["col_margins"], "value", "1")).empty());
  // No published relation (a row or column with its total) may leave exactly one cell hidden: it
  // would be its total minus the others. Checked here by counting, independently of the audit.
  auto hidden = [&](const Json& entry) { return reason(entry).empty() ? 0 : 1; };
  for (const char* row : {"1", "2", "3"}) {
    int count = hidden(cell(row, "1")) + hidden(cell(row, "2")) + hidden(row_with(table["row_margins"], "value", row));
    CHECK(count != 1);
  }
  for (const char* column : {"1", "2"}) {
    int count = hidden(cell("1", column)) + hidden(cell("2", column)) + hidden(cell("3", column)) +
                hidden(row_with(table["col_margins"], "value", column));
    CHECK(count != 1);
  }
  for (std::size_t idx = 0; idx < cells.size(); ++idx)
    if (!reason(cells[idx]).empty()) {
      CHECK(cells[idx]["n"].is_null());
      CHECK(cells[idx]["total"].is_null());
      CHECK(cells[idx]["col_prop"].is_null());
      CHECK(cells[idx]["letters"].str().empty());
    }
}

TEST_CASE("means --protect: dominance in one group and the p% rule in another, holdings merge firms", "[disclosure]") {
  Survey survey;
  const Json plain = run_json({"means", "turnover", "--by", "size", "--db", survey.db, "--protect"});
  CHECK(reason(row_with(plain["rows"], "group", "1")) == "dominance");
  CHECK(reason(row_with(plain["rows"], "group", "2")) == "p%");
  CHECK(reason(row_with(plain["rows"], "group", "3")) == "threshold");
  CHECK(row_with(plain["rows"], "group", "1")["mean"].is_null());
  CHECK(row_with(plain["rows"], "group", "1")["total"].is_null());
  // The differences between groups would give a withheld mean back.
  const Json& differences = plain["tests"][0]["differences"];
  for (std::size_t idx = 0; idx < differences.size(); ++idx) CHECK(differences[idx]["difference"].is_null());

  const Json merged = run_json({"means", "turnover", "--by", "size", "--db", survey.db, "--holding", "hold"});
  CHECK(reason(row_with(merged["rows"], "group", "2")) == "dominance");  // 950 of 986 is one holding's
  CHECK(merged["disclosure"]["holding"].str() == "hold");
}

TEST_CASE("means --protect on the whole sample: the dominant firm makes the one cell unsafe only when it dominates", "[disclosure]") {
  Survey survey;
  // Everyone: X = 2380 + 986 + 3400 = 6766; the largest firm's 2000 is 30%: safe.
  const Json table = run_json({"means", "turnover", "--db", survey.db, "--protect"});
  CHECK(reason(table["rows"][0]).empty());
  CHECK(std::isfinite(table["rows"][0]["mean"].number()));
  // Micro firms alone: 2000 of 2380 is 84%.
  const Json micro = run_json({"means", "turnover", "--db", survey.db, "--protect", "--where", "size == 1"});
  CHECK(reason(micro["rows"][0]) == "dominance");
  // (1, 90): 84% is within it.
  const Json relaxed = run_json({"means", "turnover", "--db", survey.db, "--dominance", "1,90", "--p-rule", "off", "--where", "size == 1"});
  CHECK(reason(relaxed["rows"][0]).empty());
}

TEST_CASE("no withheld number appears in the CSV, JSON, Markdown or HTML of a protected table", "[disclosure]") {
  Survey survey;
  const Json open = run_json({"crosstab", "size", "--by", "region", "--db", survey.db});
  const Json shut = run_json({"crosstab", "size", "--by", "region", "--db", survey.db, "--protect"});
  std::vector<std::string> secrets;
  for (std::size_t idx = 0; idx < shut["cells"].size(); ++idx)
    if (!reason(shut["cells"][idx]).empty())
      for (auto& text : full_precision(open["cells"][idx], {"total", "col_prop", "row_prop", "prop", "total_se", "col_prop_se"}))
        if (text.size() > 4) secrets.push_back(text);  // long enough not to be part of another number by chance
  REQUIRE_FALSE(secrets.empty());
  for (const char* format : {"csv", "json", "md", "html"}) {
    auto result = run_ankieta({"crosstab", "size", "--by", "region", "--db", survey.db, "--protect", "--format", format, "--show", "col"});
    REQUIRE(result.status == 0);
    for (const auto& secret : secrets) {
      INFO(format << ": " << secret);
      CHECK(result.out.find(secret) == std::string::npos);
    }
  }
}

TEST_CASE("withheld cells print # on screen and their reason in the tidy CSV", "[disclosure]") {
  Survey survey;
  auto text = run_ankieta({"freq", "size", "--db", survey.db, "--protect", "--lang", "en"});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("#") != std::string::npos);
  CHECK(text.out.find("# withheld: 1 cell (too few firms), 1 cell (to protect other cells)") != std::string::npos);
  auto polish = run_ankieta({"freq", "size", "--db", survey.db, "--protect"});
  CHECK(polish.out.find("# ukryte: 1 komórka (za mało firm), 1 komórka (ochrona innych komórek)") != std::string::npos);
  auto csv = run_ankieta({"freq", "size", "--db", survey.db, "--protect", "--format", "csv"});
  REQUIRE(csv.status == 0);
  CHECK(csv.out.find("prop_suppressed") != std::string::npos);
  CHECK(csv.out.find(",threshold,") != std::string::npos);
  CHECK(csv.out.find(",secondary,") != std::string::npos);
}

TEST_CASE("a category every respondent chose is noted as a group disclosure", "[disclosure]") {
  Survey survey;
  auto result = run_ankieta({"freq", "certified", "--db", survey.db, "--protect", "--lang", "en"});
  REQUIRE(result.status == 0);
  CHECK(result.out.find("group disclosure: every respondent answered \"yes\"") != std::string::npos);
}

TEST_CASE("--reliability flags means by their CV against the published SE and mean", "[disclosure]") {
  Survey survey;
  const Json open = run_json({"means", "turnover", "--by", "region", "--db", survey.db});
  const Json flagged = run_json({"means", "turnover", "--by", "region", "--db", survey.db, "--reliability", "--cv-caution", "20", "--cv-suppress", "60"});
  for (std::size_t idx = 0; idx < open["rows"].size(); ++idx) {
    const double cv = open["rows"][idx]["mean_se"].number() / open["rows"][idx]["mean"].number();
    const Json& row = flagged["rows"][idx];
    INFO("cv " << cv);
    if (cv > 0.60) CHECK(reason(row) == "unreliable");
    else if (cv >= 0.20) CHECK(row["reliability"].str() == "caution");
    else CHECK(row["reliability"].is_null());
  }
  CHECK_FALSE(flagged["disclosure"]["confidentiality"].boolean());
}

TEST_CASE("bad disclosure options are refused naming the option", "[disclosure]") {
  Survey survey;
  auto refused = [&](std::vector<std::string> options, const std::string& message) {
    std::vector<std::string> arguments{"freq", "size", "--db", survey.db};
    arguments.insert(arguments.end(), options.begin(), options.end());
    auto result = run_ankieta(arguments);
    INFO(result.err);
    CHECK(result.status == 2);
    CHECK(result.err.find(message) != std::string::npos);
  };
  refused({"--dominance", "75"}, "--dominance '75': expected N,K");
  refused({"--dominance", "1,120"}, "--dominance '1,120'");
  refused({"--p-rule", "0"}, "--p-rule '0': expected a percentage");
  refused({"--holding", "nosuch"}, "--holding 'nosuch': unknown variable");
  refused({"--no-secondary"}, "--no-secondary needs the confidentiality rules");
  refused({"--cv-caution", "20"}, "add --reliability");
  refused({"--reliability", "--cv-caution", "60", "--cv-suppress", "50"}, "must not be below --cv-caution");
  refused({"--threshold", "0", "--dominance", "off", "--p-rule", "off"}, "every confidentiality rule is off");
  refused({"--threshold", "-1"}, "--threshold");
}
