// ankieta weight end to end: the bundled sample weighted to the bundled frame (R values from
// tests/reference/expected/weighting.json, block "podlasie"), the stored set used by default and
// named in the notes, stale detection, a frame cell without respondents merged by --collapse, and
// every error with its message, exit status and an unchanged database.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "run_ankieta.hpp"

using ankieta::testing::read_file;
using ankieta::testing::run_ankieta;
using ankieta::testing::TempDir;
using ankieta::testing::write_file;

namespace {

std::string source(const std::string& relative) { return std::string(ANKIETA_SOURCE_DIR) + "/" + relative; }

std::string make_database(const TempDir& dir) {
  const std::string db = dir / "survey.db";
  REQUIRE(run_ankieta({"init", source("questionnaires/podlasie-metal/questionnaire.yaml"), "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", source("data/sample.csv"), "--db", db}).status == 0);
  return db;
}

const char* kMargins =
    "variable,value,population\n"
    "size_class,1,1220\nsize_class,2,295\nsize_class,3,73\nsize_class,4,12\n"
    "subregion,1,816\nsubregion,2,431\nsubregion,3,353\n";

// A number after `"key":` in a JSON text.
double json_number(const std::string& text, const std::string& key) {
  const auto at = text.find("\"" + key + "\":");
  REQUIRE(at != std::string::npos);
  return std::stod(text.substr(at + key.size() + 3));
}

}  // namespace

TEST_CASE("weight: the bundled frame post-stratifies and rakes the bundled sample as R does", "[weight]") {
  TempDir dir;
  const std::string db = make_database(dir);
  auto ps = run_ankieta({"weight", "--frame", source("data/frame.csv"), "--method", "poststratify", "--name", "ps", "--db", db});
  INFO(ps.err);
  REQUIRE(ps.status == 0);
  CHECK(ps.out.find("size_class x subregion   size_class=4, subregion=3        2         3.00         3.00         3.00") !=
        std::string::npos);
  // R: svymean(~q03_years, postStratify(dpodlasie, ~size_class + subregion, pop), na.rm = TRUE)
  auto means = run_ankieta({"means", "q03_years", "--format", "json", "--db", db});
  REQUIRE(means.status == 0);
  CHECK(json_number(means.out, "mean") == Approx(12.962310103619128).epsilon(1e-9));
  CHECK(json_number(means.out, "mean_se") == Approx(0.49428348895096974).epsilon(1e-9));
  CHECK(means.out.find("\"weight\":\"ps\"") != std::string::npos);

  write_file(dir / "margins.csv", kMargins);
  auto rake = run_ankieta({"weight", "--frame", dir / "margins.csv", "--method", "rake", "--name", "rk", "--format", "json", "--db", db});
  INFO(rake.err);
  REQUIRE(rake.status == 0);
  CHECK(rake.out.find("\"kind\":\"weight\"") != std::string::npos);
  // The most recent set is the default, and the notes say so.
  auto text = run_ankieta({"means", "q03_years", "--db", db});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("design: weight set 'rk' (rake to margins.csv") != std::string::npos);
  auto freq = run_ankieta({"freq", "q04_exporter", "--weight", "ps", "--db", db});
  REQUIRE(freq.status == 0);
  CHECK(freq.out.find("weight set 'ps' (poststratify to frame.csv") != std::string::npos);
  // R: svymean(~q03_years, rake(dpodlasie, ...), na.rm = TRUE)
  auto raked = run_ankieta({"means", "q03_years", "--format", "json", "--weight", "rk", "--db", db});
  CHECK(json_number(raked.out, "mean") == Approx(12.962310103619128).epsilon(1e-9));
  CHECK(json_number(raked.out, "mean_se") == Approx(0.4942834889509698).epsilon(1e-9));
  auto info = run_ankieta({"info", "--db", db});
  CHECK(info.out.find("weight sets:\n  ps poststratify to ") != std::string::npos);
  CHECK(info.out.find("  rk (default) rake to ") != std::string::npos);
}

TEST_CASE("weight: trimming bounds hold and margins are reproduced", "[weight]") {
  TempDir dir;
  const std::string db = make_database(dir);
  write_file(dir / "margins.csv", kMargins);
  auto run = run_ankieta({"weight", "--frame", dir / "margins.csv", "--method", "rake", "--name", "t", "--trim", "2,5.5",
                          "--format", "json", "--db", db});
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK(json_number(run.out, "min") >= 2 - 1e-12);
  CHECK(json_number(run.out, "max") <= 5.5 + 1e-12);
  CHECK(json_number(run.out, "trimmed_mass") > 0);
}

TEST_CASE("weight: errors name the cell and the remedy, exit 65, database unchanged", "[weight]") {
  TempDir dir;
  const std::string db = make_database(dir);
  struct Case {
    const char* what;
    const char* frame;
    const char* method;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"a frame value the survey lacks", "size_class,subregion,population\n1,1,620\n1,2,330\n1,3,270\n2,1,150\n2,2,80\n"
       "2,3,65\n3,1,40\n3,2,18\n3,3,15\n4,1,6\n4,2,3\n4,3,3\n4,4,5\n", "poststratify",
       "FRAME:14: 'subregion' has no value '4'; its values are 1, 2, 3\n"},
      {"a data value the frame lacks", "size_class,subregion,population\n1,1,620\n1,2,330\n1,3,270\n2,1,150\n2,2,80\n"
       "2,3,65\n3,1,40\n3,2,18\n3,3,15\n4,1,6\n4,2,3\n", "poststratify",
       "size_class=4, subregion=3 has 2 respondents but no population figure in FRAME; add the cell to the frame or "
       "merge it into a neighbouring one (--collapse subregion=3:<neighbouring value>)\n"},
      {"margins that do not add up", "variable,value,population\nsize_class,1,1220\nsize_class,2,295\nsize_class,3,73\n"
       "size_class,4,12\nsubregion,1,816\nsubregion,2,431\nsubregion,3,300\n", "rake",
       "the margins do not add up: size_class totals 1600 (FRAME) but subregion totals 1547 (FRAME); every margin must "
       "describe the same population\n"},
      {"a bad population", "size_class,subregion,population\n1,1,abc\n", "poststratify",
       "FRAME:2: population 'abc' is not a number\n"},
      {"a short row", "variable,value,population\nsize_class,1\n", "rake",
       "FRAME:2: expected 3 fields (variable,value,population), found 2\n"},
      {"an unknown variable", "variable,value,population\nsector,1,1600\n", "rake",
       "FRAME:2: unknown variable 'sector'; 'ankieta codebook' lists them\n"},
  };
  const std::string before = read_file(db);
  for (const Case& c : cases) {
    INFO(c.what);
    const std::string frame = dir / "frame.csv";
    write_file(frame, c.frame);
    auto run = run_ankieta({"weight", "--frame", frame, "--method", c.method, "--name", "w", "--db", db});
    std::string expected = c.message;
    for (auto at = expected.find("FRAME"); at != std::string::npos; at = expected.find("FRAME"))
      expected.replace(at, 5, frame);
    CHECK(run.err == "ankieta weight: " + expected);
    CHECK(run.status == 65);
    CHECK(read_file(db) == before);
  }
  // An existing name needs --replace.
  REQUIRE(run_ankieta({"weight", "--frame", source("data/frame.csv"), "--method", "poststratify", "--name", "w", "--db", db}).status == 0);
  auto again = run_ankieta({"weight", "--frame", source("data/frame.csv"), "--method", "poststratify", "--name", "w", "--db", db});
  CHECK(again.status == 2);
  CHECK(again.err == "ankieta weight: weight set 'w' already exists; add --replace to recompute it, or choose another --name\n");
  CHECK(run_ankieta({"weight", "--frame", source("data/frame.csv"), "--method", "poststratify", "--name", "w", "--replace",
                     "--db", db}).status == 0);
}

TEST_CASE("weight: a set made before new responses is stale", "[weight]") {
  TempDir dir;
  const std::string db = make_database(dir);
  REQUIRE(run_ankieta({"weight", "--frame", source("data/frame.csv"), "--method", "poststratify", "--name", "ps", "--db", db}).status == 0);
  // One more respondent: the first data row of the sample under a new id.
  std::string sample = read_file(source("data/sample.csv"));
  const auto header_end = sample.find('\n');
  const auto row_end = sample.find('\n', header_end + 1);
  std::string row = sample.substr(header_end + 1, row_end - header_end - 1);
  row.replace(0, row.find(','), "F9999999");
  write_file(dir / "more.csv", sample.substr(0, header_end + 1) + row + "\n");
  auto added = run_ankieta({"import", dir / "more.csv", "--db", db});
  INFO(added.err);
  REQUIRE(added.status == 0);
  auto means = run_ankieta({"means", "q03_years", "--db", db});
  CHECK(means.status == 65);
  CHECK(means.err == "ankieta means: weight set 'ps' is stale: responses changed after it was computed (300 rows then, 301 now; "
                     "last import #1 then, #2 now); re-run 'ankieta weight ... --name ps --replace', or analyse with "
                     "--unweighted or --weight VARIABLE\n");
  CHECK(run_ankieta({"means", "q03_years", "--weight", "w_design", "--db", db}).status == 0);
}

TEST_CASE("weight: a frame cell without respondents fails until --collapse merges it, then agrees with R", "[weight]") {
  // The bundled sample without its two firms of size 4 in subregion 3; the bundled frame still
  // has that cell (population 3).
  TempDir dir;
  std::string kept;
  std::istringstream lines(read_file(source("data/sample.csv")));
  for (std::string line; std::getline(lines, line);) {
    // firm_id,q01_employees,size_class,subregion,...: the first four fields are never quoted.
    std::size_t at = 0;
    std::vector<std::string> fields;
    for (int field = 0; field < 4; ++field) {
      const std::size_t comma = line.find(',', at);
      fields.push_back(line.substr(at, comma - at));
      at = comma + 1;
    }
    if (fields[2] == "4" && fields[3] == "3") continue;
    kept += line + "\n";
  }
  write_file(dir / "sample.csv", kept);
  const std::string db = dir / "survey.db";
  REQUIRE(run_ankieta({"init", source("questionnaires/podlasie-metal/questionnaire.yaml"), "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", dir / "sample.csv", "--db", db}).status == 0);

  const std::string frame = source("data/frame.csv");
  const std::string before = read_file(db);
  auto failed = run_ankieta({"weight", "--frame", frame, "--method", "poststratify", "--name", "ps", "--db", db});
  CHECK(failed.status == 65);
  CHECK(failed.err == "ankieta weight: frame cell size_class=4, subregion=3 (" + frame +
                          ":13) has population 3 but no respondents; merge it into a neighbouring cell "
                          "(--collapse subregion=3:<neighbouring value>) or in the frame\n");
  CHECK(read_file(db) == before);

  auto collapsed = run_ankieta({"weight", "--frame", frame, "--method", "poststratify", "--name", "ps", "--collapse",
                                "size_class=4:3", "--db", db});
  INFO(collapsed.err);
  REQUIRE(collapsed.status == 0);
  CHECK(collapsed.out.find("size_class=3, subregion=3        3        18.00") != std::string::npos);
  // R: postStratify(d, ~sc + subregion, xtabs(population ~ sc + subregion, frame)) with
  // sc = size_class, 4 read as 3, in data and frame; svymean(~q03_years, ., na.rm = TRUE).
  auto means = run_ankieta({"means", "q03_years", "--format", "json", "--db", db});
  REQUIRE(means.status == 0);
  CHECK(json_number(means.out, "mean") == Approx(12.928588550719324).epsilon(1e-9));
  CHECK(json_number(means.out, "mean_se") == Approx(0.49496387801235442).epsilon(1e-9));
}
