// End to end: the bundled needs-identification report built from the bundled sample in every
// format; its Markdown against a golden copy; the XLSX read back (sheet XML) and compared with the
// JSON of the same table; the HTML opened in headless Chromium.
//
// Golden copy: tests/data/report/podlasie-report.md. After an intended change of the report's
// layout, wording or the bundled spec, regenerate it with
//   ANKIETA_UPDATE_GOLDEN=1 ./build/tests/report_tests "the bundled report*"
// and review the diff before committing it.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <map>

#include "json.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

const std::string kSource = ANKIETA_SOURCE_DIR;
const std::string kSpec = kSource + "/questionnaires/podlasie-metal/report.yaml";

// The bundled questionnaire with the bundled sample (300 simulated firms), via the CLI.
struct Sample {
  TempDir dir;
  std::string db = dir / "survey.db";
  Sample() {
    RunResult init = run_ankieta({"init", kSource + "/questionnaires/podlasie-metal/questionnaire.yaml", "--db", db});
    INFO(init.err);
    REQUIRE(init.status == 0);
    RunResult import = run_ankieta({"import", kSource + "/data/sample.csv", "--db", db});
    INFO(import.err);
    REQUIRE(import.status == 0);
  }
  RunResult report(const std::string& out, const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> arguments = {"report", kSpec, "--db", db, "--out", out, "--date", "2025-01-31"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_ankieta(arguments);
  }
};

RunResult shell(const std::string& command) {
  TempDir capture;
  std::string full = command + " >" + shell_quote(capture / "out") + " 2>" + shell_quote(capture / "err");
  int raw = std::system(full.c_str());
  RunResult result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  result.out = read_file(capture / "out");
  result.err = read_file(capture / "err");
  return result;
}

// Cells of a worksheet's XML: reference ("B5") to the text of its <v> (numbers as written, shared
// strings as their index).
std::map<std::string, std::string> sheet_cells(const std::string& xml) {
  std::map<std::string, std::string> cells;
  std::size_t at = 0;
  while ((at = xml.find("<c r=\"", at)) != std::string::npos) {
    std::size_t ref_end = xml.find('"', at + 6);
    std::string ref = xml.substr(at + 6, ref_end - at - 6);
    std::size_t close = xml.find('>', ref_end);
    if (xml[close - 1] == '/') {
      at = close;
      continue;
    }
    std::size_t value = xml.find("<v>", close);
    std::size_t end = xml.find("</c>", close);
    if (value != std::string::npos && value < end) cells[ref] = xml.substr(value + 3, xml.find("</v>", value) - value - 3);
    at = end;
  }
  return cells;
}

double cell_number(const std::map<std::string, std::string>& cells, const std::string& ref) {
  auto found = cells.find(ref);
  INFO("cell " << ref);
  REQUIRE(found != cells.end());
  return std::stod(found->second);
}

}  // namespace

TEST_CASE("the bundled report builds from the bundled sample in every format", "[report]") {
  Sample sample;
  for (const char* extension : {".md", ".html", ".xlsx"}) {
    std::string out = sample.dir / (std::string("raport") + extension);
    RunResult result = sample.report(out);
    INFO(extension << ": " << result.err);
    CHECK(result.status == 0);
    CHECK(result.err.empty());
    CHECK(std::filesystem::file_size(out) > 10000);
  }
  RunResult english = sample.report(sample.dir / "report-en.md", {"--lang", "en"});
  REQUIRE(english.status == 0);
  std::string text = read_file(sample.dir / "report-en.md");
  CHECK(text.find("# Needs identification of metalworking firms in the Podlaskie voivodeship") == 0);
  CHECK(text.find("## Methodology") != std::string::npos);
  CHECK(text.find("Białystok University of Technology") != std::string::npos);  // Polish letters in English labels
}

TEST_CASE("the bundled report's Markdown equals its golden copy", "[report]") {
  Sample sample;
  std::string out = sample.dir / "raport.md";
  RunResult result = sample.report(out);
  INFO(result.err);
  REQUIRE(result.status == 0);
  std::string golden_path = std::string(ANKIETA_TEST_DATA) + "/data/report/podlasie-report.md";
  std::string actual = read_file(out);
  if (const char* update = std::getenv("ANKIETA_UPDATE_GOLDEN"); update && *update == '1') write_file(golden_path, actual);
  std::string golden = read_file(golden_path);
  REQUIRE_FALSE(golden.empty());
  // Compared line by line so that a failure shows the first line that differs.
  std::istringstream actual_lines(actual), golden_lines(golden);
  std::string actual_line, golden_line;
  int line = 0;
  while (std::getline(golden_lines, golden_line)) {
    ++line;
    INFO("line " << line << " of podlasie-report.md (ANKIETA_UPDATE_GOLDEN=1 regenerates it)");
    REQUIRE(std::getline(actual_lines, actual_line));
    REQUIRE(actual_line == golden_line);
  }
  CHECK_FALSE(std::getline(actual_lines, actual_line));
}

TEST_CASE("XLSX cells are numbers equal to the JSON of the same table", "[report]") {
  Sample sample;
  std::string out = sample.dir / "raport.xlsx";
  // Without disclosure control, so that every cell of the commands' JSON is there to compare
  // (report_disclosure_test.cpp checks the protected report).
  RunResult result = sample.report(out, {"--no-protect"});
  INFO(result.err);
  REQUIRE(result.status == 0);

  // Sheets: contents, methodology, then T1, T2, ...; table 11 is freq q06_revenue_trend with
  // statistics [n, percent, se, ci, deff]: title, question id, blank, header, then the categories.
  RunResult sheet = shell("unzip -p " + shell_quote(out) + " xl/worksheets/sheet13.xml");
  REQUIRE(sheet.status == 0);
  std::map<std::string, std::string> cells = sheet_cells(sheet.out);
  RunResult freq = run_ankieta({"freq", "q06_revenue_trend", "--format", "json", "--db", sample.db});
  REQUIRE(freq.status == 0);
  Json table = Json::parse(freq.out);
  const Json& rows = table["rows"];
  int row = 5;
  for (std::size_t idx = 0; idx < rows.size(); ++idx) {
    if (rows[idx]["missing"].boolean()) continue;
    std::string r = std::to_string(row++);
    INFO("category " << rows[idx]["value"].str());
    CHECK(cell_number(cells, "B" + r) == rows[idx]["n"].number());
    CHECK(cell_number(cells, "C" + r) == Approx(rows[idx]["prop"].number()).epsilon(1e-14));
    CHECK(cell_number(cells, "D" + r) == Approx(rows[idx]["prop_se"].number()).epsilon(1e-14));
    CHECK(cell_number(cells, "E" + r) == Approx(rows[idx]["ci"][0].number()).epsilon(1e-14));
    CHECK(cell_number(cells, "F" + r) == Approx(rows[idx]["ci"][1].number()).epsilon(1e-14));
    CHECK(cell_number(cells, "G" + r) == Approx(rows[idx]["deff"].number()).epsilon(1e-14));
  }
  row += 2;  // the spec's two nets (rose, fell) after the answers
  CHECK(cell_number(cells, "B" + std::to_string(row)) == table["base"]["n"].number());  // the valid base

  // The banner of table 12 (q06 by size class and subregion): column percentages equal
  // crosstab's col_prop, and significance letters sit in their own column.
  RunResult banner_sheet = shell("unzip -p " + shell_quote(out) + " xl/worksheets/sheet14.xml");
  REQUIRE(banner_sheet.status == 0);
  std::map<std::string, std::string> banner = sheet_cells(banner_sheet.out);
  RunResult crosstab = run_ankieta({"crosstab", "q06_revenue_trend", "--by", "size_class", "--format", "json", "--db", sample.db});
  REQUIRE(crosstab.status == 0);
  Json cross = Json::parse(crosstab.out);
  // Row 4 is the group header, row 5 the column headers; category 1 in row 6: A answer, B total,
  // C (micro) and its letters column D, E (small) and its letters column F, ...
  const Json& micro = cross["cells"][0];
  const Json& small = cross["cells"][1];
  CHECK(micro["row"].str() == "1");
  CHECK(micro["column"].str() == "1");
  CHECK(small["column"].str() == "2");
  CHECK(cell_number(banner, "C6") == Approx(micro["col_prop"].number()).epsilon(1e-14));
  CHECK(cell_number(banner, "E6") == Approx(small["col_prop"].number()).epsilon(1e-14));

  // Polish letters survive in the shared strings.
  RunResult strings = shell("unzip -p " + shell_quote(out) + " xl/sharedStrings.xml");
  REQUIRE(strings.status == 0);
  CHECK(strings.out.find("Identyfikacja potrzeb przedsiębiorstw branży obróbki metali w województwie podlaskim") != std::string::npos);
  CHECK(strings.out.find("łomżyński") != std::string::npos);
  RunResult contents = shell("unzip -p " + shell_quote(out) + " xl/workbook.xml");
  CHECK(contents.out.find("name=\"Spis treści\"") != std::string::npos);
}

TEST_CASE("the HTML report renders in headless Chromium without console errors", "[report]") {
  Sample sample;
  std::string out = sample.dir / "raport.html";
  RunResult result = sample.report(out);
  INFO(result.err);
  REQUIRE(result.status == 0);
  std::string html = read_file(out);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));  // no link out but the SVG namespace
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("@page") != std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);

  REQUIRE(shell("command -v chromium").status == 0);  // scripts/install-deps.sh installs it
  std::string profile = sample.dir / "chromium-profile";
  std::string chromium = "chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
                         "--disable-sync --no-first-run --user-data-dir=" + shell_quote(profile) + " --enable-logging=stderr --v=0 ";
  RunResult dom = shell(chromium + "--dump-dom " + shell_quote("file://" + out));
  INFO(dom.err);
  REQUIRE(dom.status == 0);
  CHECK(dom.out.find("Identyfikacja potrzeb przedsiębiorstw") != std::string::npos);
  CHECK(dom.out.find("Spis treści") != std::string::npos);
  CHECK(dom.out.find("</html>") != std::string::npos);
  CHECK(dom.err.find("Uncaught") == std::string::npos);
  CHECK(dom.err.find("CONSOLE") == std::string::npos);

  std::string png = sample.dir / "raport.png";
  RunResult shot = shell(chromium + "--hide-scrollbars --window-size=1000,1400 --screenshot=" + shell_quote(png) + " " +
                         shell_quote("file://" + out));
  INFO(shot.err);
  REQUIRE(shot.status == 0);
  std::string image = read_file(png);
  REQUIRE(image.size() > 20000);  // a blank page is a few kilobytes
  CHECK(image.substr(1, 3) == "PNG");
}
