// Report specs that must fail, each with its exact message (FILE:LINE:COLUMN) and exit status;
// output files that cannot be written.
#include <catch2/catch.hpp>

#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

const std::string kSource = ANKIETA_SOURCE_DIR;

struct Survey {
  TempDir dir;
  std::string db = dir / "survey.db";
  Survey() {
    REQUIRE(run_ankieta({"init", kSource + "/questionnaires/podlasie-metal/questionnaire.yaml", "--db", db}).status == 0);
    REQUIRE(run_ankieta({"import", kSource + "/data/sample.csv", "--db", db}).status == 0);
  }
};

const std::string kHead = "title: T\nsections:\n  - title: S\n    tables:\n";

struct BadSpec {
  const char* name;
  std::string spec;
  int status;
  std::string message;  // after "ankieta report: SPEC"
};

}  // namespace

TEST_CASE("report specs that must fail say where and why", "[report]") {
  Survey survey;
  const std::vector<BadSpec> cases = {
      {"unknown table kind", kHead + "      - pie: q06_revenue_trend\n", 65,
       ":5:9: unknown table kind 'pie'; expected freq, crosstab, means or change\n"},
      {"unknown variable", kHead + "      - freq: q99_nothing\n", 65,
       ":5:15: unknown variable 'q99_nothing' (freq); 'ankieta codebook' lists them\n"},
      {"unknown banner variable", kHead + "      - crosstab: q06_revenue_trend\n        by: [size_class, region]\n", 65,
       ":6:26: unknown variable 'region' (banner column); 'ankieta codebook' lists them\n"},
      {"numeric banner column", kHead + "      - crosstab: q06_revenue_trend\n        by: [q01_employees]\n", 65,
       ":6:14: banner column 'q01_employees' is a numeric question; it needs a single-choice or scale variable\n"},
      {"multi banner column", kHead + "      - crosstab: q06_revenue_trend\n        by: [q20_cooperation]\n", 65,
       ":6:14: banner column 'q20_cooperation' is a multi question; it needs a single-choice or scale variable: use one of its "
       "items (q20_cooperation_1, q20_cooperation_2, q20_cooperation_3, q20_cooperation_4, q20_cooperation_5)\n"},
      {"means of a single-choice question", kHead + "      - means: [q22_cluster_heard]\n", 65,
       ":5:17: means 'q22_cluster_heard' is a single question; means takes numeric, scale and grid items\n"},
      {"bad YAML", "title: [unclosed\nsections:\n", 65, ":2:9: invalid YAML: end of sequence flow not found\n"},
      {"unknown chart", kHead + "      - freq: q06_revenue_trend\n        chart: pie\n", 65,
       ":6:16: unknown chart 'pie'; expected bar, stacked, dot or none\n"},
      {"unknown statistic", kHead + "      - freq: q06_revenue_trend\n        statistics: [n, median]\n", 65,
       ":6:21: unknown statistic 'median'; expected n, total, percent, col, row, cell, se, ci, deff or mean\n"},
      {"crosstab without a banner", kHead + "      - crosstab: q06_revenue_trend\n", 65,
       ":5:9: a crosstab needs 'by', a list of column variables (the banner)\n"},
      {"bad where", kHead + "      - freq: q06_revenue_trend\n        where: \"size_class = 1\"\n", 65,
       ":6:28: where: '=' is not an operator; use '=='\n"},
      {"no sections", "title: T\n", 65, ":1:1: a report spec needs 'sections', a non-empty list\n"},
      {"unknown weights", "title: T\nweights: raked\nsections:\n  - title: S\n    tables:\n      - freq: q06_revenue_trend\n", 65,
       ":2:10: weights: 'raked' is neither a weight set nor a variable; expected a weight set ('ankieta info' lists them), a numeric "
       "variable, design or unweighted\n"},
      {"a net of an unknown code", kHead + "      - freq: q06_revenue_trend\n        nets: [{label: x, codes: [1, 7]}]\n", 65,
       ":6:15: net 'x' of 'q06_revenue_trend': no answer '7'; its answers: 1, 2, 3, 4, 5\n"},
      {"a net of a means table", kHead + "      - means: [q01_employees]\n        nets: [top2]\n", 65,
       ":6:15: nets are rows of a freq or crosstab table of a single-choice, scale or multiple-response question (not by wave)\n"},
      {"a net without codes", kHead + "      - freq: q06_revenue_trend\n        nets: [{label: x}]\n", 65,
       ":6:16: a net needs codes: [...] (the answers it takes together) or box: top2|bottom2\n"},
      {"a disclosure rule misspelt", "title: T\ndisclosure: {treshold: 3}\n" + kHead.substr(9) + "      - freq: q06_revenue_trend\n", 65,
       ":2:14: unknown key 'treshold' in disclosure; expected one of threshold, dominance, p_rule, holding, secondary, reliability, "
       "cv_caution, cv_suppress\n"},
  };
  for (const auto& bad : cases) {
    SECTION(bad.name) {
      std::string spec = survey.dir / "spec.yaml";
      write_file(spec, bad.spec);
      RunResult result = run_ankieta({"report", spec, "--db", survey.db, "--out", survey.dir / "out.md"});
      CHECK(result.status == bad.status);
      CHECK(result.err == "ankieta report: " + spec + bad.message);
      CHECK_FALSE(std::filesystem::exists(survey.dir / "out.md"));
    }
  }
}

TEST_CASE("a report that cannot be written exits 73, one of another format 2", "[report]") {
  Survey survey;
  std::string spec = survey.dir / "spec.yaml";
  write_file(spec, kHead + "      - freq: q06_revenue_trend\n");
  for (const char* name : {"/no-such-folder/r.md", "/no-such-folder/r.html", "/no-such-folder/r.xlsx"}) {
    RunResult result = run_ankieta({"report", spec, "--db", survey.db, "--out", name});
    INFO(name);
    CHECK(result.status == 73);
    CHECK(result.err == "ankieta report: " + std::string(name) + ": cannot create the report: No such file or directory\n");
  }
  RunResult pdf = run_ankieta({"report", spec, "--db", survey.db, "--out", survey.dir / "r.pdf"});
  CHECK(pdf.status == 2);
  CHECK(pdf.err == "ankieta report: " + (survey.dir / "r.pdf") + ": unknown report format; --out must end in .html, .xlsx or .md\n");
  RunResult missing = run_ankieta({"report", survey.dir / "none.yaml", "--db", survey.db, "--out", survey.dir / "r.md"});
  CHECK(missing.status == 66);
}
