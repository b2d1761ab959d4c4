// Disclosure control through the commands (issue 14, docs/disclosure.md): which cells freq,
// crosstab and means withhold on a survey built so that each rule fires in a known cell, that
// their numbers appear in no output, and the errors of the options.
//
// The survey: tests/support/disclosure_survey.hpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "disclosure_survey.hpp"
#include "json.hpp"
#include "json_run.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

std::string reason(const Json& row) { return row["suppressed"].is_null() ? "" : row["suppressed"].str(); }

// The numbers of a JSON table cell as every format writes them in full precision.
std::vector<std::string> full_precision(const Json& cell, const std::vector<std::string>& keys) {
  std::vector<std::string> texts;
  for (const auto& key : keys)
    if (cell.has(key) && !cell[key].is_null()) texts.push_back(fmt::format("{}", cell[key].number()));
  return texts;
}

// A command's --format json output (json_run.hpp).
Json json_of(std::vector<std::string> arguments) {
  arguments.insert(arguments.end(), {"--format", "json"});
  return run_json(arguments);
}

}  // namespace

TEST_CASE("freq --protect withholds a category of 2 firms and one complement and nothing else", "[disclosure]") {
  DisclosureSurvey survey;
  const Json table = json_of({"freq", "size", "--db", survey.db, "--protect"});
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
  DisclosureSurvey survey;
  const Json table = json_of({"freq", "size", "--db", survey.db});
  CHECK_FALSE(table.has("disclosure"));
  CHECK_FALSE(table["rows"][0].has("suppressed"));
  CHECK(row_with(table["rows"], "value", "3")["n"].number() == 2);
}

TEST_CASE("a threshold of 2 publishes the 2-firm category", "[disclosure]") {
  DisclosureSurvey survey;
  const Json table = json_of({"freq", "size", "--db", survey.db, "--threshold", "2"});
  for (std::size_t idx = 0; idx < table["rows"].size(); ++idx) CHECK(reason(table["rows"][idx]).empty());
}

TEST_CASE("crosstab --protect: the threshold cells and margins and no row or column with a single withheld cell", "[disclosure]") {
  DisclosureSurvey survey;
  const Json table = json_of({"crosstab", "size", "--by", "region", "--db", survey.db, "--protect"});
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
  // A chi-square or Cramér's V with the published cells could give a withheld one back.
  CHECK(table["tests"].size() == 0);
  CHECK(table["cramers_v"].is_null());
  for (std::size_t idx = 0; idx < cells.size(); ++idx)
    if (!reason(cells[idx]).empty()) {
      CHECK(cells[idx]["n"].is_null());
      CHECK(cells[idx]["total"].is_null());
      CHECK(cells[idx]["col_prop"].is_null());
      CHECK(cells[idx]["letters"].str().empty());
    }
}

TEST_CASE("means --protect: dominance in one group and the p% rule in another, holdings merge firms", "[disclosure]") {
  DisclosureSurvey survey;
  const Json plain = json_of({"means", "turnover", "--by", "size", "--db", survey.db, "--protect"});
  CHECK(reason(row_with(plain["rows"], "group", "1")) == "dominance");
  CHECK(reason(row_with(plain["rows"], "group", "2")) == "p%");
  CHECK(reason(row_with(plain["rows"], "group", "3")) == "threshold");
  CHECK(row_with(plain["rows"], "group", "1")["mean"].is_null());
  CHECK(row_with(plain["rows"], "group", "1")["total"].is_null());
  // The differences between groups would give a withheld mean back.
  const Json& differences = plain["tests"][0]["differences"];
  for (std::size_t idx = 0; idx < differences.size(); ++idx) CHECK(differences[idx]["difference"].is_null());
  CHECK(plain["tests"][0]["equality"]["statistic"].is_null());
  CHECK(plain["tests"][0]["equality"]["note"].str() == "not shown: with the published means it could give a withheld one back");

  const Json merged = json_of({"means", "turnover", "--by", "size", "--db", survey.db, "--holding", "hold"});
  CHECK(reason(row_with(merged["rows"], "group", "2")) == "dominance");  // 950 of 986 is one holding's
  CHECK(merged["disclosure"]["holding"].str() == "hold");
}

TEST_CASE("means --protect on the whole sample: the dominant firm makes the one cell unsafe only when it dominates", "[disclosure]") {
  DisclosureSurvey survey;
  // Everyone: X = 2380 + 986 + 3400 = 6766; the largest firm's 2000 is 30%: safe.
  const Json table = json_of({"means", "turnover", "--db", survey.db, "--protect"});
  CHECK(reason(table["rows"][0]).empty());
  CHECK(std::isfinite(table["rows"][0]["mean"].number()));
  // Micro firms alone: 2000 of 2380 is 84%.
  const Json micro = json_of({"means", "turnover", "--db", survey.db, "--protect", "--where", "size == 1"});
  CHECK(reason(micro["rows"][0]) == "dominance");
  // (1, 90): 84% is within it.
  const Json relaxed = json_of({"means", "turnover", "--db", survey.db, "--dominance", "1,90", "--p-rule", "off", "--where", "size == 1"});
  CHECK(reason(relaxed["rows"][0]).empty());
}

TEST_CASE("no withheld number appears in the CSV, JSON, Markdown, HTML or XLSX of a protected table", "[disclosure]") {
  DisclosureSurvey survey;
  const Json open = json_of({"crosstab", "size", "--by", "region", "--db", survey.db});
  const Json shut = json_of({"crosstab", "size", "--by", "region", "--db", survey.db, "--protect"});
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
  // The workbook writes numbers with 15 or more significant digits: their first 8 characters.
  const std::string workbook = survey.dir / "t.xlsx";
  REQUIRE(run_ankieta({"crosstab", "size", "--by", "region", "--db", survey.db, "--protect", "--format", "xlsx", "--out", workbook}).status == 0);
  const std::string sheet = survey.dir / "sheet.xml";
  REQUIRE(std::system(("unzip -p " + shell_quote(workbook) + " xl/worksheets/sheet1.xml > " + shell_quote(sheet)).c_str()) == 0);
  const std::string xml = read_file(sheet);
  REQUIRE(xml.find("<v>") != std::string::npos);
  int found_open = 0;
  for (const auto& secret : secrets) {
    INFO("xlsx: " << secret);
    CHECK(xml.find(">" + secret.substr(0, 8)) == std::string::npos);
  }
  // The same workbook unprotected has them: the search above finds what it looks for.
  REQUIRE(run_ankieta({"crosstab", "size", "--by", "region", "--db", survey.db, "--format", "xlsx", "--out", workbook}).status == 0);
  REQUIRE(std::system(("unzip -p " + shell_quote(workbook) + " xl/worksheets/sheet1.xml > " + shell_quote(sheet)).c_str()) == 0);
  const std::string open_xml = read_file(sheet);
  for (const auto& secret : secrets) found_open += open_xml.find(">" + secret.substr(0, 8)) != std::string::npos ? 1 : 0;
  CHECK(found_open > 0);
}

TEST_CASE("withheld cells print # on screen and their reason in the tidy CSV", "[disclosure]") {
  DisclosureSurvey survey;
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
  DisclosureSurvey survey;
  auto result = run_ankieta({"freq", "certified", "--db", survey.db, "--protect", "--lang", "en"});
  REQUIRE(result.status == 0);
  CHECK(result.out.find("group disclosure: every respondent answered \"yes\"") != std::string::npos);
}

TEST_CASE("the reliability option flags means by their CV against the published SE and mean", "[disclosure]") {
  DisclosureSurvey survey;
  const Json open = json_of({"means", "turnover", "--by", "region", "--db", survey.db});
  const Json flagged = json_of({"means", "turnover", "--by", "region", "--db", survey.db, "--reliability", "--cv-caution", "20", "--cv-suppress", "60"});
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
  DisclosureSurvey survey;
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

TEST_CASE("a protected table's chart draws withheld shares as a grey # and never their values", "[disclosure]") {
  DisclosureSurvey survey;
  const std::string chart = survey.dir / "chart.svg";
  auto result = run_ankieta({"crosstab", "size", "--by", "region", "--db", survey.db, "--protect", "--lang", "en", "--chart", chart});
  INFO(result.err);
  REQUIRE(result.status == 0);
  const std::string svg = read_file(chart);
  CHECK(svg.find("<title>#</title>") != std::string::npos);
  CHECK(svg.find("<title>micro: 68.4%</title>") != std::string::npos);  // the published total of micro firms
  for (const char* withheld : {"<title>small: ", "<title>large: "}) CHECK(svg.find(withheld) == std::string::npos);
  auto open = run_ankieta({"crosstab", "size", "--by", "region", "--db", survey.db, "--lang", "en", "--chart", chart});
  REQUIRE(open.status == 0);
  CHECK(read_file(chart).find("<title>small: ") != std::string::npos);  // the same chart unprotected shows them
}

TEST_CASE("a net is withheld when it would give a withheld answer back, published when it holds all of them", "[disclosure][nets]") {
  DisclosureSurvey survey;
  // Withheld: large (threshold) and small (its complement). small + large is the total minus micro,
  // which the table publishes anyway; micro + large would give large back from the published micro.
  const Json table = json_of({"freq", "size", "--db", survey.db, "--protect", "--net", "small or large=2,3", "--net", "micro or large=1,3"});
  const Json& nets = table["nets"];
  REQUIRE(nets.size() == 2);
  CHECK(nets[0]["suppressed"].is_null());
  CHECK(nets[0]["prop"].number() == Approx(1 - row_with(table["rows"], "value", "1")["prop"].number()).epsilon(1e-12));
  CHECK(reason(nets[1]) == "secondary");
  CHECK(nets[1]["prop"].is_null());
  CHECK(nets[1]["n"].is_null());
}
