// Reports of designs the loader allows but the bundled survey does not use: numeric and text
// (pii) strata, fpc, clusters, weight sets, a stratum with one PSU taken through --lonely-psu or
// the spec's lonely_psu; the methodology states the design that was used (issue 9).
#include <catch2/catch.hpp>

#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

const char* kQuestionnaire = R"(id: strata-test
version: 1
respondent_id: firm_id
design:
  strata: zone
  weight: w
sections:
  - id: main
    title: {pl: "Firma", en: "Firm"}
    questions:
      - {id: zone, type: numeric}
      - {id: city, type: text, pii: true}
      - {id: psu, type: numeric}
      - {id: npop, type: numeric}
      - {id: w, type: numeric}
      - id: q1
        type: single
        options: [{value: 1, label: {pl: "tak", en: "yes"}}, {value: 2, label: {pl: "nie", en: "no"}}]
)";

struct DesignSurvey {
  TempDir dir;
  std::string db = dir / "s.db";
  std::string spec = dir / "spec.yaml";
  explicit DesignSurvey(bool lonely = false) {
    write_file(dir / "q.yaml", kQuestionnaire);
    std::string csv = "firm_id,zone,city,psu,npop,w,q1\n";
    for (int i = 0; i < 40; ++i)
      csv += "F" + std::to_string(i) + "," + (i < 20 ? "10" : "20") + "," + (i % 2 ? "Białystok" : "Łomża") + "," +
             std::to_string(i / 4) + "," + (i < 20 ? "100" : "200") + "," + (i < 20 ? "5" : "10") + "," + (i % 3 ? "1" : "2") + "\n";
    if (lonely) csv += "F99,30,Suwałki,99,5,5,1\n";
    write_file(dir / "r.csv", csv);
    REQUIRE(run_ankieta({"init", dir / "q.yaml", "--db", db}).status == 0);
    REQUIRE(run_ankieta({"import", dir / "r.csv", "--db", db}).status == 0);
    write_spec("");
  }
  void write_spec(const std::string& extra) const {
    write_file(spec, extra + "title: Test\nlanguage: en\nsections:\n  - title: S\n    tables:\n      - freq: q1\n");
  }
  RunResult report(const std::vector<std::string>& extra, const std::string& out_name = "r.md") const {
    std::vector<std::string> arguments = {"report", spec, "--db", db, "--out", dir / out_name, "--date", "2025-01-31"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_ankieta(arguments);
  }
};

}  // namespace

TEST_CASE("report: the methodology states the design used, for every variant", "[report][design]") {
  DesignSurvey survey;
  write_file(survey.dir / "frame.csv", "zone,population\n10,120\n20,180\n");
  struct Case {
    const char* name;
    std::vector<std::string> options;
    bool weight_set;
    std::vector<std::string> present, absent;
  };
  std::vector<Case> cases = {
      {"numeric strata, no fpc", {"--weight", "w"}, false,
       {"stratified sampling (zone)", "no finite population correction", "| 10 | 20 |", "No population figures per stratum",
        "without finite population correction"},
       {"Population N |", "with finite population correction"}},
      {"strata with fpc", {"--weight", "w", "--fpc", "npop"}, false,
       {"finite population correction: npop", "| 10 | 20 | 100 | 20.0 |", "Population N from the fpc variable npop",
        "with finite population correction from npop"},
       {"without finite population correction"}},
      {"no design", {"--weight", "w", "--strata", ""}, false,
       {"no strata", "unstratified sample of respondents"}, {"Sample and population per stratum", "stratified sampling ("}},
      {"clusters", {"--weight", "w", "--clusters", "psu"}, false,
       {"clusters: psu", "stratified cluster sample", "10 primary sampling units"}, {"each its own PSU"}},
      {"text pii strata", {"--weight", "w", "--strata", "city"}, false,
       {"| #1 |", "| #2 |", "numbered, not named"}, {"Białystok", "Łomża"}},
      {"unweighted", {"--unweighted"}, false,
       {"unweighted (simple random sample, weight 1)", "The tables are unweighted", "standard errors as for a simple random sample"},
       {"finite population correction", "Sample and population per stratum"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      RunResult run = survey.report(c.options);
      INFO(run.err);
      REQUIRE(run.status == 0);
      std::string md = read_file(survey.dir / "r.md");
      for (const auto& text : c.present) CHECK(md.find(text) != std::string::npos);
      for (const auto& text : c.absent) CHECK(md.find(text) == std::string::npos);
    }
  }
  SECTION("post-stratified weight set: its population N in the strata table") {
    RunResult weight = run_ankieta({"weight", "--frame", survey.dir / "frame.csv", "--method", "poststratify", "--name", "ps", "--db", survey.db});
    INFO(weight.err);
    REQUIRE(weight.status == 0);
    RunResult run = survey.report({});
    INFO(run.err);
    REQUIRE(run.status == 0);
    std::string md = read_file(survey.dir / "r.md");
    CHECK(md.find("| 10 | 20 | 120 | 16.7 |") != std::string::npos);
    CHECK(md.find("Population N from the frame counts of weight set 'ps' (frame.csv)") != std::string::npos);
    CHECK(md.find("post-stratification of the base weights (w)") != std::string::npos);
    CHECK(md.find("population figures of zone: 10 = 120; 20 = 180") != std::string::npos);
    CHECK(md.find("weights not trimmed") != std::string::npos);
    CHECK(md.find("the variance accounts for the post-stratification of weight set 'ps'") != std::string::npos);
  }
  SECTION("raked and trimmed weight set") {
    write_file(survey.dir / "margins.csv", "variable,value,population\nzone,10,120\nzone,20,180\nq1,1,200\nq1,2,100\n");
    RunResult weight = run_ankieta({"weight", "--frame", survey.dir / "margins.csv", "--method", "rake", "--name", "rk", "--trim", "0.5,30",
                                    "--db", survey.db});
    INFO(weight.err);
    REQUIRE(weight.status == 0);
    RunResult run = survey.report({});
    INFO(run.err);
    REQUIRE(run.status == 0);
    std::string md = read_file(survey.dir / "r.md");
    CHECK(md.find("Weight set 'rk': raking") != std::string::npos);
    CHECK(md.find("weights trimmed to") != std::string::npos);
    CHECK(md.find("| 10 | 20 | 120 |") != std::string::npos);
  }
}

TEST_CASE("report: a stratum with one PSU takes --lonely-psu or the spec's lonely_psu", "[report][design]") {
  DesignSurvey survey(true);
  std::string before = read_file(survey.db);
  struct Case {
    const char* name;
    std::string spec_key;
    std::vector<std::string> options;
    int status;
    std::vector<std::string> words;
  };
  std::vector<Case> cases = {
      {"no rule", "", {}, 65, {"stratum 'zone=30' has only one PSU", "--lonely-psu", "lonely_psu: in the report spec"}},
      {"option", "", {"--lonely-psu", "adjust"}, 0, {}},
      {"spec key", "lonely_psu: certainty\n", {}, 0, {}},
      {"option wins over the spec", "lonely_psu: fail\n", {"--lonely-psu", "remove"}, 0, {}},
      {"bad spec value", "lonely_psu: bogus\n", {}, 65, {"spec.yaml:1:13", "unknown lonely-psu policy 'bogus'"}},
      {"bad option value", "", {"--lonely-psu", "bogus"}, 2, {"unknown lonely-psu policy 'bogus'"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      survey.write_spec(c.spec_key);
      RunResult run = survey.report(c.options);
      INFO(run.err);
      CHECK(run.status == c.status);
      for (const auto& word : c.words) CHECK(run.err.find(word) != std::string::npos);
      if (c.status == 0) CHECK(read_file(survey.dir / "r.md").find("Strata with a single primary sampling unit: 1") != std::string::npos);
      // A failed report leaves the database as it was (a successful one may store its column cache).
      if (c.status != 0) CHECK((read_file(survey.db) == before));
    }
  }
}

TEST_CASE("report: Markdown shows labels as text, never as markup", "[report][markdown]") {
  DesignSurvey survey;
  survey.write_spec("");
  write_file(survey.spec, "title: \"<script>alert(1)</script> <b>x</b> | y\"\nlanguage: en\nsections:\n  - title: \"# 1. *z*\"\n    tables:\n      - freq: q1\n");
  RunResult run = survey.report({"--weight", "w"});
  INFO(run.err);
  REQUIRE(run.status == 0);
  std::string md = read_file(survey.dir / "r.md");
  CHECK(md.find("<script>") == std::string::npos);
  CHECK(md.find("<b>") == std::string::npos);
  CHECK(md.find("# \\<script\\>alert(1)\\</script\\> \\<b\\>x\\</b\\> \\| y") != std::string::npos);
  CHECK(md.find("- \\# 1. \\*z\\*") != std::string::npos);
}

TEST_CASE("a stratum of personal data with one PSU is numbered and not named in the error", "[report][design]") {
  DesignSurvey survey(/*lonely=*/true);
  for (const auto& arguments : std::vector<std::vector<std::string>>{
           {"freq", "q1", "--strata", "city", "--weight", "w", "--db", survey.db},
           {"report", survey.spec, "--strata", "city", "--weight", "w", "--db", survey.db, "--out", survey.dir / "r.md"}}) {
    RunResult run = run_ankieta(arguments);
    INFO(arguments[0] << ": " << run.err);
    CHECK(run.status == 65);
    CHECK(run.err.find("city=#3") != std::string::npos);
    CHECK(run.err.find("Suwa") == std::string::npos);
  }
}
