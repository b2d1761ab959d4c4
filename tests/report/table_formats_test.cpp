// Every table format on every result kind, end to end (a table of cases): the terminal commands'
// tables through report/layouts.hpp and report/table_format.hpp. The tidy CSV is read back with a
// CSV parser and its numbers compared with the JSON's.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "csv.hpp"
#include "json.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::test::CsvTable;
using ankieta::test::Json;

namespace {

// firms.yaml + good.csv and three more firms, so that every region has two PSUs.
struct Survey {
  TempDir dir;
  std::string db = dir / "survey.db";
  Survey() {
    REQUIRE(run_ankieta({"init", test_data("import/firms.yaml"), "--db", db}).status == 0);
    REQUIRE(run_ankieta({"import", test_data("import/good.csv"), "--db", db}).status == 0);
    write_file(dir / "more.csv",
               "firm_id,region,employees,revenue,exporter,export_share,mood,channels_1,channels_2,barriers,benefits_a,benefits_b,contact,visited,w\n"
               "F4,2,30,200,1,10,2,1,1,2,5,5,,2024-01-02,20\n"
               "F5,2,7,50,2,,1,0,1,,1,1,,2024-01-03,20\n"
               "F6,1,3,,1,55,3,1,0,3,5,,,2024-01-04,12.5\n");
    REQUIRE(run_ankieta({"import", dir / "more.csv", "--db", db}).status == 0);
  }

  RunResult run(std::vector<std::string> arguments, const std::string& format, std::vector<std::string> extra = {}) const {
    arguments.insert(arguments.end(), {"--format", format, "--lang", "en", "--db", db});
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_ankieta(arguments);
  }
};

struct KindCase {
  const char* name;
  std::vector<std::string> arguments;
  const char* text_has;  // a line fragment the text and md outputs show
  const char* json_kind;
};

const std::vector<KindCase>& kind_cases() {
  static const std::vector<KindCase> cases = {
      {"frequency", {"freq", "region"}, "total (valid base)", "freq"},
      {"multiple response", {"freq", "barriers"}, "% of respondents", "multi"},
      {"grid", {"freq", "benefits"}, "wiedza", "grid"},
      {"banner", {"crosstab", "exporter", "--by", "region"}, "n (unweighted)", "crosstab"},
      {"multiple-response banner", {"crosstab", "barriers", "--by", "region"}, "weighted base", "crosstab"},
      {"means", {"means", "employees", "--by", "region"}, "equal means across region", "means"},
      {"ratios", {"means", "--ratio", "revenue/employees"}, "Ratios of totals", "ratios"},
  };
  return cases;
}

Json first_object(const Json& json) { return json.kind() == Json::Kind::array ? json[0] : json; }

CsvTable csv_of(const Survey& survey, const RunResult& run, const std::string& name) {
  write_file(survey.dir / name, run.out);
  return CsvTable::load(survey.dir / name);
}

int shell_status(const std::string& command) {
  int raw = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

bool same(double csv, double json) {
  if (std::isnan(json)) return std::isnan(csv);
  return csv == json;  // full precision: the shortest text that reads back to the same double
}

}  // namespace

TEST_CASE("every table format writes every result kind", "[formats]") {
  Survey survey;
  for (const auto& kind : kind_cases()) {
    for (const char* format : {"text", "csv", "md", "json", "html"}) {
      DYNAMIC_SECTION(kind.name << " as " << format) {
        RunResult run = survey.run(kind.arguments, format);
        INFO(run.err);
        REQUIRE(run.status == 0);
        REQUIRE_FALSE(run.out.empty());
        std::string name = format;
        if (name == "text" || name == "md") CHECK(run.out.find(kind.text_has) != std::string::npos);
        if (name == "md") CHECK(run.out.find("|---") != std::string::npos);
        if (name == "json") CHECK(first_object(Json::parse(run.out))["kind"].str() == kind.json_kind);
        if (name == "html") {
          CHECK(run.out.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
          CHECK(run.out.find(kind.text_has) != std::string::npos);
          CHECK(run.out.find("<script") == std::string::npos);
          CHECK(run.out.find("</table>") != std::string::npos);
          CHECK(run.out.find("</html>\n") == run.out.size() - 8);
        }
        if (name == "csv") {
          CsvTable table = csv_of(survey, run, "t.csv");
          CHECK(table.rows() > 0);
          CHECK(run.out.find("±") == std::string::npos);  // headers are keys, not screen headings
        }
      }
    }
  }
}

TEST_CASE("the tidy CSV of a frequency table holds the JSON's numbers in full precision", "[formats]") {
  Survey survey;
  Json json = Json::parse(survey.run({"freq", "region"}, "json").out);
  CsvTable csv = csv_of(survey, survey.run({"freq", "region"}, "csv"), "f.csv");
  const Json& rows = json["rows"];
  std::vector<std::string> type = csv.text("row_type");
  std::vector<double> prop = csv.numeric("prop"), prop_se = csv.numeric("prop_se"), total = csv.numeric("total");
  std::vector<double> lower = csv.numeric("ci_lower"), upper = csv.numeric("ci_upper"), deff = csv.numeric("deff");
  std::size_t json_row = 0;
  for (std::size_t row = 0; row < csv.rows(); ++row) {
    if (type[row] != "category") continue;
    const Json& expected = rows[json_row++];
    CHECK(csv.text("value")[row] == expected["value"].str());
    CHECK(same(prop[row], expected["prop"].number()));
    CHECK(same(prop_se[row], expected["prop_se"].number()));
    CHECK(same(total[row], expected["total"].number()));
    CHECK(same(lower[row], expected["ci"][0].number()));
    CHECK(same(upper[row], expected["ci"][1].number()));
    CHECK(same(deff[row], expected["deff"].number()));
    CHECK(csv.text("small_base")[row] == (expected["small_base"].boolean() ? "true" : "false"));
  }
  CHECK(json_row > 0);
}

TEST_CASE("the tidy CSV of a banner keeps letters and flags apart from the percentages", "[formats]") {
  Survey survey;
  Json json = Json::parse(survey.run({"crosstab", "exporter", "--by", "region"}, "json").out);
  CsvTable csv = csv_of(survey, survey.run({"crosstab", "exporter", "--by", "region"}, "csv"), "b.csv");
  const Json& cells = json["cells"];
  std::size_t checked = 0;
  for (std::size_t idx = 0; idx < cells.size(); ++idx) {
    const Json& cell = cells[idx];
    std::string key = "region." + cell["column"].str();
    for (std::size_t row = 0; row < csv.rows(); ++row) {
      if (csv.text("row_type")[row] != "category" || csv.text("value")[row] != cell["row"].str()) continue;
      CHECK(same(csv.numeric(key)[row], cell["col_prop"].number()));
      CHECK(csv.text(key + "_letters")[row] == cell["letters"].str());
      CHECK(csv.text(key + "_small_base")[row] == (cell["small_base"].boolean() ? "true" : "false"));
      ++checked;
    }
  }
  CHECK(checked == cells.size());
}

TEST_CASE("the tidy CSV of means holds the JSON's numbers; --decimals rounds them", "[formats]") {
  Survey survey;
  Json json = Json::parse(survey.run({"means", "employees", "revenue"}, "json").out);
  CsvTable csv = csv_of(survey, survey.run({"means", "employees", "revenue"}, "csv"), "m.csv");
  REQUIRE(csv.rows() == json["rows"].size());
  for (std::size_t row = 0; row < csv.rows(); ++row) {
    const Json& expected = json["rows"][row];
    CHECK(csv.text("variable")[row] == expected["variable"].str());
    CHECK(same(csv.numeric("mean")[row], expected["mean"].number()));
    CHECK(same(csv.numeric("mean_se")[row], expected["mean_se"].number()));
    CHECK(same(csv.numeric("ci_lower")[row], expected["ci"][0].number()));
    CHECK(same(csv.numeric("ci_upper")[row], expected["ci"][1].number()));
  }
  RunResult rounded = survey.run({"means", "employees"}, "csv", {"--decimals", "2"});
  REQUIRE(rounded.status == 0);
  CsvTable two = csv_of(survey, rounded, "m2.csv");
  std::string mean = two.text("mean")[0];
  CHECK(mean.size() - mean.find('.') - 1 == 2);
  CHECK(two.numeric("mean")[0] == Approx(json["rows"][0]["mean"].number()).margin(0.005));
  RunResult bad = survey.run({"means", "employees"}, "csv", {"--decimals", "-1"});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("--decimals must be between 0 and 17; got -1") != std::string::npos);
}

TEST_CASE("a command that writes several tables gives the tidy CSV a table column and unique headers", "[formats]") {
  Survey survey;
  RunResult run = survey.run({"freq", "region", "exporter"}, "csv");
  REQUIRE(run.status == 0);
  CsvTable csv = csv_of(survey, run, "several.csv");
  std::vector<std::string> tables = csv.text("table");
  CHECK(std::find(tables.begin(), tables.end(), "region") != tables.end());
  CHECK(std::find(tables.begin(), tables.end(), "exporter") != tables.end());
  std::string header = run.out.substr(0, run.out.find('\n'));
  CHECK(header == "table,row_type,value,label,n,total,total_se,prop,prop_se,ci_lower,ci_upper,deff,small_base,n_eff");
  RunResult both = survey.run({"means", "employees", "--ratio", "revenue/employees"}, "csv");
  REQUIRE(both.status == 0);
  CsvTable mixed = csv_of(survey, both, "mixed.csv");
  CHECK(mixed.text("table").front() == "means");
  CHECK(mixed.text("table").back() == "ratios");
}

TEST_CASE("a chart file (--chart) is a standalone SVG drawn by the report's chart code", "[formats][chart]") {
  Survey survey;
  struct ChartCase {
    std::vector<std::string> arguments;
    const char* shows;  // a label or number the chart shows
  };
  const std::vector<ChartCase> cases = {
      {{"freq", "region"}, "north"},
      {{"crosstab", "exporter", "--by", "region"}, "north (A)"},
      {{"means", "employees", "--by", "region"}, "north (A)"},
  };
  for (const auto& chart : cases) {
    DYNAMIC_SECTION(chart.arguments.front()) {
      std::string path = survey.dir / "chart.svg";
      std::vector<std::string> arguments = chart.arguments;
      arguments.insert(arguments.end(), {"--chart", path});
      RunResult run = survey.run(arguments, "text");
      INFO(run.err);
      REQUIRE(run.status == 0);
      std::string svg = read_file(path);
      CHECK(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
      CHECK(svg.find(chart.shows) != std::string::npos);
      CHECK(svg.find("</svg>\n") == svg.size() - 7);
      // Well-formed XML (xmllint ships with libxml2, which libxlsxwriter's build pulls in).
      if (shell_status("command -v xmllint") == 0) CHECK(shell_status("xmllint --noout " + shell_quote(path)) == 0);
    }
  }
}

TEST_CASE("a chart file (--chart) is refused when it cannot be drawn, and none is left", "[formats][chart]") {
  Survey survey;
  RunResult png = survey.run({"freq", "region", "--chart", survey.dir / "c.png"}, "text");
  CHECK(png.status == 2);
  CHECK(png.err.find("the chart is written as SVG; give a file name ending in .svg") != std::string::npos);
  RunResult none = survey.run({"means", "--ratio", "revenue/employees", "--chart", survey.dir / "r.svg"}, "text");
  CHECK(none.status == 2);
  CHECK(none.err.find("these tables have no chart") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(survey.dir / "r.svg"));
  std::filesystem::create_symlink(survey.db, survey.dir / "link.svg");
  RunResult over_db = survey.run({"freq", "region", "--chart", survey.dir / "link.svg"}, "text");
  CHECK(over_db.status == 73);
  CHECK(over_db.err.find("refusing to write the output over the survey database") != std::string::npos);
}

TEST_CASE("the xlsx format writes a workbook of typed tidy columns for every result kind, never to stdout", "[formats][xlsx]") {
  Survey survey;
  for (const auto& kind : kind_cases()) {
    DYNAMIC_SECTION(kind.name) {
      std::string path = survey.dir / "t.xlsx";
      std::vector<std::string> arguments = kind.arguments;
      arguments.insert(arguments.end(), {"--out", path});
      RunResult run = survey.run(arguments, "xlsx");
      INFO(run.err);
      REQUIRE(run.status == 0);
      CHECK(read_file(path).substr(0, 2) == "PK");
      if (shell_status("command -v unzip") == 0) {
        std::string unpacked = survey.dir / "unpacked";
        REQUIRE(shell_status("unzip -o -q " + shell_quote(path) + " xl/worksheets/sheet1.xml -d " + shell_quote(unpacked)) == 0);
        std::string xml = read_file(unpacked + "/xl/worksheets/sheet1.xml");
        CHECK(xml.find("<v>") != std::string::npos);  // numbers stored as numbers
      }
    }
  }
  RunResult to_stdout = survey.run({"freq", "region"}, "xlsx");
  CHECK(to_stdout.status == 2);
  CHECK(to_stdout.err.find("--format xlsx writes a workbook: give --out FILE.xlsx") != std::string::npos);
}

TEST_CASE("a chart that cannot be written leaves the tables' output file as it was", "[formats][chart]") {
  Survey survey;
  std::string out = survey.dir / "t.txt";
  write_file(out, "old\n");
  RunResult run = survey.run({"freq", "region", "--out", out, "--chart", survey.dir / "missing/c.svg"}, "text");
  CHECK(run.status == 73);
  CHECK(read_file(out) == "old\n");
  RunResult none = survey.run({"means", "--ratio", "revenue/employees", "--out", out, "--chart", survey.dir / "r.svg"}, "text");
  CHECK(none.status == 2);
  CHECK(read_file(out) == "old\n");
}
