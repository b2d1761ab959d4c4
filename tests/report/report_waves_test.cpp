// A report over several waves: change tables, the waves side by side (by: [wave]) and tables of a
// wave of their own (wave:), on the three reference waves of tests/reference/waves (copied from the
// shared reference/waves set). The numbers are those of `ankieta change`, which
// tests/cli/change_test.cpp checks against R; here the report must show the same.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "json.hpp"
#include "run_ankieta.hpp"
#include "waves_survey.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

const std::string kHead = "title: Fale\nlanguage: en\nsections:\n  - title: Zmiany\n    tables:\n";

}  // namespace

TEST_CASE("a report's change table shows the change command's numbers and the methodology its overlap", "[report][waves]") {
  WavesSurvey waves;
  write_file(waves.dir / "spec.yaml", kHead + "      - change: q01_employees\n        waves: [1, 2]\n"
                                              "      - change: q24_info_exchange\n        waves: [1, 2]\n");
  auto built = run_ankieta({"report", waves.dir / "spec.yaml", "--db", waves.db, "--out", waves.dir / "r.md"});
  INFO(built.err);
  REQUIRE(built.status == 0);
  const std::string md = read_file(waves.dir / "r.md");
  // shared_w12_change_linked.json: the mean of q01 changes by 2.709 (SE 0.408) with 157 firms in both.
  auto change = run_ankieta({"change", "q01_employees", "--waves", "1,2", "--format", "json", "--db", waves.db});
  REQUIRE(change.status == 0);
  const Json object = Json::parse(change.out);
  const Json& difference = object["rows"][0]["differences"][0];
  CHECK(difference["estimate"].number() == Approx(2.709265).epsilon(1e-6));
  CHECK(md.find("| 2.71 | 0.41 | 1.90–3.51 |") != std::string::npos);
  CHECK(md.find("SE accounts for 157 firms in both waves") != std::string::npos);
  CHECK(md.find("### Change between waves") != std::string::npos);
  CHECK(md.find("waves 1, 2: 157 firms in every wave; link design with 257 PSUs, 14 strata, 243 degrees of freedom") != std::string::npos);
  // A single-choice variable: shares in percent with the Rao-Scott test as a note; totals left out.
  CHECK(md.find("| 1 | never | share | 191 | 29.5 |") != std::string::npos);
  CHECK(md.find("equal distributions, Rao–Scott F, waves 1 and 2") != std::string::npos);
  CHECK(md.find("| total |") == std::string::npos);
  // The report is of the latest wave, and says so.
  CHECK(md.find("Wave: 3 (the latest of 3)") != std::string::npos);
  CHECK(md.find("These are the respondents of wave 3; the database holds 628 respondents of 3 waves in all.") != std::string::npos);
  CHECK(md.find("respondents analysed: 214 (of 214 in wave 3)") != std::string::npos);
}

TEST_CASE("a report shows the waves side by side and a table of a wave of its own", "[report][waves]") {
  WavesSurvey waves;
  write_file(waves.dir / "spec.yaml", kHead + "      - crosstab: q24_info_exchange\n        by: [wave]\n"
                                              "      - freq: q24_info_exchange\n        wave: 1\n"
                                              "      - freq: q33_cluster_member\n");
  auto built = run_ankieta({"report", waves.dir / "spec.yaml", "--db", waves.db, "--out", waves.dir / "r.md"});
  INFO(built.err);
  REQUIRE(built.status == 0);
  const std::string md = read_file(waves.dir / "r.md");
  // The crosstab --by wave letters: wave 3's "regularly" is above waves 1 and 2.
  CHECK(md.find("| 4 | regularly | 191 | 23.0 | 2.8 | 200 | 25.5 | 2.6 | 200 | 35.5 AB |") != std::string::npos);
  // Wave 1 on its own: the base of wave 1 (191 valid of 202), with a note naming the wave.
  CHECK(md.find("n = 191") != std::string::npos);
  CHECK(md.find("\nwave 1  \n") != std::string::npos);
  // q33 is asked from wave 2 only: the report's (latest) wave has it.
  CHECK(md.find("q33\\_cluster\\_member") != std::string::npos);
  CHECK(md.find("Table 3.") != std::string::npos);
}

TEST_CASE("a report's change and waves-side-by-side tables within each category of a variable", "[report][waves]") {
  WavesSurvey waves;
  write_file(waves.dir / "spec.yaml", kHead + "      - change: q01_employees\n        waves: [1, 2]\n        by: [size_class]\n"
                                              "      - crosstab: q24_info_exchange\n        by: [wave, size_class]\n");
  auto built = run_ankieta({"report", waves.dir / "spec.yaml", "--db", waves.db, "--out", waves.dir / "r.md"});
  INFO(built.err);
  REQUIRE(built.status == 0);
  const std::string md = read_file(waves.dir / "r.md");
  // Four change tables and four by-wave tables, one per size class, numbered 1 to 8.
  CHECK(md.find("### Table 8. q24\\_info\\_exchange") != std::string::npos);
  CHECK(md.find("q01\\_employees — size\\_class = 2 (małe)") != std::string::npos);
  // The change of the mean among small firms is the change command's for that domain.
  auto small = run_ankieta({"change", "q01_employees", "--waves", "1,2", "--where", "size_class == 2", "--lang", "en", "--db", waves.db});
  REQUIRE(small.status == 0);
  CHECK(small.out.find("-0.22") != std::string::npos);
  CHECK(md.find("| -0.22 | 1.11 |") != std::string::npos);
}

TEST_CASE("report specs across waves that must fail say where and why", "[report][waves]") {
  WavesSurvey waves;
  struct Bad {
    std::string spec;
    std::string message;
  };
  const std::vector<Bad> cases = {
      {kHead + "      - change: q24_info_exchange\n        waves: [1]\n", ":7:16: a change needs at least two waves, e.g. waves: [1, 2]"},
      {kHead + "      - change: q24_info_exchange\n        wave: 1\n", ":7:15: a change table compares waves: give them with 'waves', e.g. waves: [1, 2]"},
      {kHead + "      - freq: q24_info_exchange\n        waves: [1, 2]\n", ":7:16: 'waves' applies to change tables; a table of one wave takes 'wave'"},
      {kHead + "      - change: q24_info_exchange\n        by: [wave]\n",
       ":7:14: a change table compares waves already: 'by' names a variable to compare within"},
      {kHead + "      - change: q24_info_exchange\n        by: [size_class, subregion]\n",
       ":7:13: a change table takes one 'by' variable: the change within each of its categories"},
      {kHead + "      - means: q01_employees\n        by: [wave, size_class]\n", ":7:13: means takes one 'by' variable"},
      {kHead + "      - means: q24_info_exchange\n        by: [wave]\n",
       ":6:16: means 'q24_info_exchange' is a single question; means takes numeric, scale and grid items"},
      {kHead + "      - change: q24_info_exchange\n        statistics: [n]\n",
       ":7:21: a change table shows means or shares with their changes; statistics: [total] adds the totals"},
      {kHead + "      - crosstab: q24_info_exchange\n        by: [wave, size_class, subregion]\n",
       ":7:14: by: [wave, COL] takes one other variable: the waves side by side within each of its categories"},
      {kHead + "      - freq: q24_info_exchange\n        wave: 7\n", ":7:15: wave: wave 7 is not in the database (its waves: 1, 2, 3)"},
      {kHead + "      - change: q33_cluster_member\n        waves: [1, 2]\n", "'q33_cluster_member' is not asked in wave 1"},
      {kHead + "      - change: q99\n", ":6:17: unknown variable 'q99' (change); 'ankieta codebook' lists them"},
  };
  for (const auto& c : cases) {
    write_file(waves.dir / "bad.yaml", c.spec);
    auto result = run_ankieta({"report", waves.dir / "bad.yaml", "--db", waves.db, "--out", waves.dir / "bad.md"});
    INFO(c.spec);
    INFO(result.err);
    CHECK(result.status == 65);
    CHECK(result.err.find(c.message) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(waves.dir / "bad.md"));
  }
}
