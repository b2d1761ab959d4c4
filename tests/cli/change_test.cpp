// `ankieta change` end to end against R survey 4.1.1: the three-wave firm sample of
// tests/reference/waves (copied from the shared reference/waves set) imported wave by wave, and
// every value of its expected files the command prints as JSON - per-wave levels of each wave's
// own design, the linked, independent and no-fpc changes for two and three waves (pair designs
// and omnibus tests), the small-firm domain and the paired panel - compared to 1e-9 relative.
// Then the refusals: unknown variable, a wave not in the database, bad --waves, a question not
// asked in a wave.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "json.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

std::string waves_dir(const std::string& relative) { return std::string(ANKIETA_TEST_DATA) + "/reference/waves/" + relative; }

class Comparison {
 public:
  void close(const std::string& what, double got, double want, double rel = 1e-9) {
    ++count_;
    bool ok = std::fabs(got - want) <= rel * std::fabs(want) + 1e-13;
    if (!ok) FAIL_CHECK(what << ": ankieta " << got << ", R " << want);
  }
  void equal(const std::string& what, double got, double want) {
    ++count_;
    if (got != want) FAIL_CHECK(what << ": ankieta " << got << ", R " << want);
  }
  int count() const { return count_; }

 private:
  int count_ = 0;
};

// A database with the three waves imported, shared by the test cases.
const std::string& database() {
  static TempDir dir;
  static std::string db;
  if (db.empty()) {
    db = dir / "waves.db";
    REQUIRE(run_ankieta({"init", waves_dir("questionnaire.yaml"), "--db", db}).status == 0);
    for (const char* wave : {"1", "2", "3"}) {
      auto imported = run_ankieta({"import", waves_dir(std::string("data/shared_wave") + wave + ".csv"), "--wave", wave, "--db", db});
      INFO(imported.err);
      REQUIRE(imported.status == 0);
    }
  }
  return db;
}

Json change_json(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), "change");
  for (const std::string& extra : {std::string("--format"), std::string("json"), std::string("--db"), database()}) arguments.push_back(extra);
  auto result = run_ankieta(arguments);
  INFO(result.err);
  REQUIRE(result.status == 0);
  return Json::parse(result.out);
}

const std::vector<std::string> kVariables = {"q01_employees", "q20_cooperation_2", "q07_financial", "q24_info_exchange"};

// The change table of the R name ("q01", "q24_3"): its table in the JSON array and its row.
const Json& table_of(const Json& tables, const std::string& r_name) {
  const std::string prefix = r_name.substr(0, 3);
  for (std::size_t idx = 0; idx < tables.size(); ++idx)
    if (tables[idx]["variable"].str().rfind(prefix, 0) == 0) return tables[idx];
  FAIL("no table for " << r_name);
  return tables[0];
}

const Json& row_of(const Json& tables, const std::string& r_name, const std::string& statistic) {
  const Json& rows = table_of(tables, r_name)["rows"];
  const bool category = r_name.size() > 3 && r_name.rfind("q24_", 0) == 0;
  const std::string value = category ? r_name.substr(4) : "";
  const std::string wanted = statistic == "total" ? "total" : category ? "prop" : "mean";
  for (std::size_t idx = 0; idx < rows.size(); ++idx) {
    if (rows[idx]["statistic"].str() != wanted) continue;
    if (category ? rows[idx]["value"].str() == value : rows[idx]["value"].is_null()) return rows[idx];
  }
  FAIL("no " << wanted << " row for " << r_name);
  return rows[0];
}

const Json& difference_of(const Json& row, double from, double to) {
  const Json& differences = row["differences"];
  for (std::size_t idx = 0; idx < differences.size(); ++idx)
    if (differences[idx]["from"].number() == from && differences[idx]["to"].number() == to) return differences[idx];
  FAIL("no difference " << to << " - " << from);
  return differences[0];
}

// One R difference block against ankieta's.
void check_difference(Comparison& check, const std::string& at, const Json& got, const Json& want, bool counts) {
  check.close(at + " estimate", got["estimate"].number(), want["estimate"].number());
  check.close(at + " se", got["se"].number(), want["se"].number());
  check.close(at + " t", got["t"].number(), want["t"].number());
  check.equal(at + " df", got["df"].number(), want["df"].number());
  check.close(at + " p", got["p"].number(), want["p"].number());
  check.close(at + " ci lower", got["ci"][0].number(), want["ci"][0].number());
  check.close(at + " ci upper", got["ci"][1].number(), want["ci"][1].number());
  if (!counts) return;
  if (want.has("se_independent_own_designs"))
    check.close(at + " se_independent", got["se_independent"].number(), want["se_independent_own_designs"].number());
  check.equal(at + " psu_in_both", got["psu_in_both"].number(), want["n_psu_in_both_waves"].number());
  check.equal(at + " psu_with_value_in_both", got["psu_with_value_in_both"].number(), want["n_psu_with_value_in_both"].number());
}

const Json& test_of(const Json& table, const std::string& name, const std::vector<double>& waves) {
  const Json& tests = table["tests"];
  for (std::size_t idx = 0; idx < tests.size(); ++idx) {
    const Json& test = tests[idx];
    if (test["name"].str() != name) continue;
    std::vector<double> these = test.has("waves") ? test["waves"].numbers()
                                                  : std::vector<double>{test["from"].number(), test["to"].number()};
    if (these == waves) return test;
  }
  FAIL("no test " << name);
  return tests[0];
}

void check_distribution(Comparison& check, const std::string& at, const Json& table, const Json& want, const std::vector<double>& waves) {
  const Json& f = test_of(table, "rao-scott-f", waves);
  check.close(at + " F", f["statistic"].number(), want["F"]["statistic"].number());
  check.close(at + " F ndf", f["df1"].number(), want["F"]["parameter"][0].number());
  check.close(at + " F ddf", f["df2"].number(), want["F"]["parameter"][1].number());
  check.close(at + " F p", f["p"].number(), want["F"]["p_value"].number());
  const Json& chisq = test_of(table, "rao-scott-chisq", waves);
  check.close(at + " X2", chisq["statistic"].number(), want["Chisq"]["statistic"].number());
  check.equal(at + " X2 df", chisq["df"].number(), want["Chisq"]["parameter"][0].number());
  check.close(at + " X2 p", chisq["p"].number(), want["Chisq"]["p_value"].number());
}

const std::vector<std::string> kMeans = {"q01", "q20", "q07", "q24_1", "q24_2", "q24_3", "q24_4"};
const std::vector<std::string> kTotals = {"q01", "q20", "q24_1", "q24_2", "q24_3", "q24_4"};

// Every mean, total and distribution test of a change file (or a domain block of one).
void check_change(Comparison& check, const std::string& scenario, const Json& tables, const Json& expected, bool counts,
                  bool own_design) {
  for (const std::string& name : kMeans) {
    const Json& want = expected["means"][name];
    const Json& row = row_of(tables, name, "mean");
    const auto waves = want["waves"].numbers();
    if (own_design && want.has("own_design"))
      for (std::size_t t = 0; t < waves.size(); ++t) {
        const std::string at = scenario + " " + name + " wave " + std::to_string(t + 1);
        check.close(at + " estimate", row["per_wave"][t]["estimate"].number(), want["own_design"]["estimate"].numbers()[t]);
        check.close(at + " se", row["per_wave"][t]["se"].number(), want["own_design"]["se"].numbers()[t]);
        check.equal(at + " n", row["per_wave"][t]["n"].number(), want["n_valid_per_wave"].numbers()[t]);
      }
    const Json& differences = want["differences"];
    for (std::size_t idx = 0; idx < differences.size(); ++idx) {
      const Json& d = differences[idx];
      check_difference(check, scenario + " " + name + " " + d["contrast"].str(), difference_of(row, d["a"].number(), d["b"].number()), d,
                       counts);
    }
    if (want.has("equal_means_wald") && name.rfind("q24", 0) != 0) {
      const Json& wald = want["equal_means_wald"];
      const Json& test = test_of(table_of(tables, name), "wald", waves);
      check.close(scenario + " " + name + " equal means F", test["statistic"].number(), wald["F"].number());
      check.equal(scenario + " " + name + " equal means df1", test["df1"].number(), wald["df"].number());
      check.equal(scenario + " " + name + " equal means df2", test["df2"].number(), wald["ddf"].number());
      check.close(scenario + " " + name + " equal means p", test["p"].number(), wald["p"].number());
    }
  }
  for (const std::string& name : kTotals) {
    if (!expected["totals"].has(name)) continue;  // the domain files have the totals of q01 and q20
    const Json& want = expected["totals"][name];
    const Json& row = row_of(tables, name, "total");
    const Json& differences = want["differences"];
    for (std::size_t idx = 0; idx < differences.size(); ++idx) {
      const Json& d = differences[idx];
      check_difference(check, scenario + " total " + name + " " + d["contrast"].str(), difference_of(row, d["a"].number(), d["b"].number()),
                       d, false);
    }
  }
  const auto waves = expected["means"]["q24_1"]["waves"].numbers();
  check_distribution(check, scenario + " q24 distribution", table_of(tables, "q24"), expected["distribution_test"], waves);
}

std::vector<std::string> with_variables(std::vector<std::string> options) {
  std::vector<std::string> arguments = kVariables;
  arguments.insert(arguments.end(), options.begin(), options.end());
  return arguments;
}

}  // namespace

TEST_CASE("change of two waves matches R: levels, linked, independent and no-fpc", "[change][reference]") {
  Comparison check;
  const Json levels = Json::load(waves_dir("expected/shared_w12_levels.json"));
  const Json linked = change_json(with_variables({"--waves", "1,2"}));
  for (std::size_t t = 0; t < 2; ++t) {
    const Json& wave = levels["waves"][t];
    const std::string at = "wave " + std::to_string(t + 1);
    for (const std::string& name : {std::string("q01"), std::string("q20"), std::string("q07")}) {
      const Json& row = row_of(linked, name, "mean");
      check.close(at + " " + name + " mean", row["per_wave"][t]["estimate"].number(), wave[name + "_mean"]["estimate"][0].number());
      check.close(at + " " + name + " se", row["per_wave"][t]["se"].number(), wave[name + "_mean"]["se"][0].number());
      check.close(at + " " + name + " ci lower", row["per_wave"][t]["ci"][0].number(), wave[name + "_mean"]["ci_lower_t_degf"][0].number());
      check.close(at + " " + name + " ci upper", row["per_wave"][t]["ci"][1].number(), wave[name + "_mean"]["ci_upper_t_degf"][0].number());
    }
    for (const std::string& name : {std::string("q01"), std::string("q20")}) {
      const Json& row = row_of(linked, name, "total");
      check.close(at + " " + name + " total", row["per_wave"][t]["estimate"].number(), wave[name + "_total"]["estimate"][0].number());
      check.close(at + " " + name + " total se", row["per_wave"][t]["se"].number(), wave[name + "_total"]["se"][0].number());
    }
    for (int k = 1; k <= 4; ++k) {
      const std::string name = "q24_" + std::to_string(k);
      const Json& prop = row_of(linked, name, "prop");
      const Json& total = row_of(linked, name, "total");
      const auto idx = static_cast<std::size_t>(k - 1);
      check.close(at + " " + name + " prop", prop["per_wave"][t]["estimate"].number(), wave["q24f_prop"]["estimate"].numbers()[idx]);
      check.close(at + " " + name + " prop se", prop["per_wave"][t]["se"].number(), wave["q24f_prop"]["se"].numbers()[idx]);
      check.close(at + " " + name + " ci lower", prop["per_wave"][t]["ci"][0].number(), wave["q24f_prop"]["ci_lower_t_degf"].numbers()[idx]);
      check.close(at + " " + name + " ci upper", prop["per_wave"][t]["ci"][1].number(), wave["q24f_prop"]["ci_upper_t_degf"].numbers()[idx]);
      check.close(at + " " + name + " total", total["per_wave"][t]["estimate"].number(), wave["q24f_total"]["estimate"].numbers()[idx]);
      check.close(at + " " + name + " total se", total["per_wave"][t]["se"].number(), wave["q24f_total"]["se"].numbers()[idx]);
    }
  }

  const Json expected = Json::load(waves_dir("expected/shared_w12_change_linked.json"));
  check_change(check, "L12", linked, expected, true, true);
  const Json& design = table_of(linked, "q01")["design"];
  CHECK(design["overlap"].str() == "linked");
  check.equal("L12 df", design["df"].number(), expected["design"]["degf"].number());
  check.equal("L12 psu", design["psu"].number(), expected["design"]["n_psu"].number());
  check.equal("L12 strata", design["strata"].number(), expected["design"]["n_strata"].number());
  check.equal("L12 firms in both", design["psu_in_all_waves"].number(), expected["overlap"]["firms_in_all_waves"].number());

  const Json independent = change_json(with_variables({"--waves", "1,2", "--overlap", "independent"}));
  check_change(check, "IND12", independent, Json::load(waves_dir("expected/shared_w12_change_independent.json")), false, true);
  CHECK(table_of(independent, "q01")["design"]["overlap"].str() == "independent");

  const Json nofpc = change_json(with_variables({"--waves", "1,2", "--fpc", ""}));
  check_change(check, "LNF12", nofpc, Json::load(waves_dir("expected/shared_w12_change_linked_nofpc.json")), true, false);
  CHECK_FALSE(table_of(nofpc, "q01")["design"]["fpc"].boolean());
  INFO(check.count() << " values compared");
  CHECK(check.count() == 455);
}

TEST_CASE("change of three waves matches R: pair designs and omnibus tests", "[change][reference]") {
  Comparison check;
  const Json levels = Json::load(waves_dir("expected/shared_w123_levels.json"));
  const Json linked = change_json(with_variables({"--waves", "1,2,3"}));
  const Json& wave3 = levels["waves"][2];
  for (const std::string& name : {std::string("q01"), std::string("q20"), std::string("q07")}) {
    const Json& row = row_of(linked, name, "mean");
    check.close("wave 3 " + name + " mean", row["per_wave"][2]["estimate"].number(), wave3[name + "_mean"]["estimate"][0].number());
    check.close("wave 3 " + name + " se", row["per_wave"][2]["se"].number(), wave3[name + "_mean"]["se"][0].number());
  }
  const Json expected = Json::load(waves_dir("expected/shared_w123_change_linked.json"));
  check_change(check, "L123", linked, expected, true, true);
  check.equal("L123 df", table_of(linked, "q01")["design"]["df"].number(), expected["design"]["degf"].number());
  check.equal("L123 firms in all", table_of(linked, "q01")["design"]["psu_in_all_waves"].number(),
              expected["overlap"]["firms_in_all_waves"].number());
  const Json independent = change_json(with_variables({"--waves", "1,2,3", "--overlap", "independent"}));
  check_change(check, "IND123", independent, Json::load(waves_dir("expected/shared_w123_change_independent.json")), false, true);
  INFO(check.count() << " values compared");
  CHECK(check.count() == 718);
}

TEST_CASE("change in a domain (small firms, defined in each wave) matches R", "[change][reference]") {
  Comparison check;
  const Json expected = Json::load(waves_dir("expected/shared_w12_domain_small.json"));
  const Json linked = change_json(with_variables({"--waves", "1,2", "--where", "size_class == 2"}));
  check_change(check, "L12_small", linked, expected["L12_small"], true, true);
  const Json independent = change_json(with_variables({"--waves", "1,2", "--where", "size_class == 2", "--overlap", "independent"}));
  check_change(check, "IND12_small", independent, expected["IND12_small"], false, true);
  INFO(check.count() << " values compared");
  CHECK(check.count() == 203);
}

TEST_CASE("panel change (respondents in both waves, paired) matches R", "[change][reference]") {
  Comparison check;
  const Json expected = Json::load(waves_dir("expected/shared_w12_panel.json"))["paired"];
  const Json panel = change_json(with_variables({"--waves", "1,2", "--panel"}));
  for (const std::string& name : kMeans) {
    const Json& want = expected["d_" + name];
    const Json& row = row_of(panel, name, "mean");
    const Json& got = difference_of(row, 1, 2);
    const std::string at = "panel " + name;
    check.close(at + " estimate", got["estimate"].number(), want["estimate"].number());
    check.close(at + " se", got["se"].number(), want["se"].number());
    check.close(at + " t", got["t"].number(), want["t"].number());
    check.equal(at + " df", got["df"].number(), want["df"].number());
    check.close(at + " p", got["p"].number(), want["p"].number());
    check.close(at + " ci lower", got["ci"][0].number(), want["ci"][0].number());
    check.close(at + " ci upper", got["ci"][1].number(), want["ci"][1].number());
    check.equal(at + " n", got["psu_with_value_in_both"].number(), want["n_valid"].number());
    CHECK(table_of(panel, name)["panel"].boolean());
    check.equal(at + " firms", table_of(panel, name)["design"]["psu_in_all_waves"].number(), expected["n"].number());
  }
  INFO(check.count() << " values compared");
  CHECK(check.count() == 7 * 9);
}

TEST_CASE("change refuses a question not asked in a wave, naming the wave (pitfall)", "[change]") {
  auto result = run_ankieta({"change", "q33_cluster_member", "--waves", "1,2", "--db", database()});
  CHECK(result.status == 65);
  CHECK(result.err.find("'q33_cluster_member' is not asked in wave 1") != std::string::npos);
  // From wave 2 on it is asked: waves 2 and 3 compare.
  const Json later = change_json({"q33_cluster_member", "--waves", "2,3"});
  CHECK(later["rows"].size() == 4);
  CHECK(later["rows"][0]["per_wave"][0]["n"].number() > 0);
}

TEST_CASE("change refuses bad input with a message", "[change]") {
  struct Case {
    std::vector<std::string> arguments;
    int status;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"change", "q99_nothing", "--waves", "1,2"}, 2, "unknown variable 'q99_nothing'"},
      {{"change", "q01_employees", "--waves", "1,7"}, 65, "wave 7 is not in the database (its waves: 1, 2, 3)"},
      {{"change", "q01_employees", "--waves", "1;2"}, 2, "--waves '1;2'"},
      {{"change", "q01_employees", "--waves", "1"}, 2, "at least two waves"},
      {{"change", "q01_employees", "--waves", "1,1"}, 2, "names a wave twice"},
      {{"change", "q01_employees", "--waves", "a,b"}, 2, "'a' is not a wave number"},
      {{"change", "q01_employees"}, 2, "change needs --waves"},
      {{"change", "q01_employees", "--waves", "1,2", "--overlap", "sometimes"}, 2, "unknown --overlap 'sometimes'"},
      {{"change", "q01_employees", "--waves", "1,2", "--wave", "1"}, 2, "not --wave"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> arguments = c.arguments;
    arguments.push_back("--db");
    arguments.push_back(database());
    auto result = run_ankieta(arguments);
    INFO(c.arguments[1] << " " << (c.arguments.size() > 3 ? c.arguments[3] : ""));
    CHECK(result.status == c.status);
    CHECK(result.err.find(c.message) != std::string::npos);
    CHECK(result.out.empty());
  }
}

TEST_CASE("change text output says what the SE accounts for", "[change]") {
  auto result = run_ankieta({"change", "q01_employees", "--waves", "1,2", "--lang", "en", "--db", database()});
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK(result.out.find("SE accounts for 157 firms in both waves") != std::string::npos);
  CHECK(result.out.find("2 − 1") != std::string::npos);
  CHECK(result.out.find("2.71") != std::string::npos);  // the mean's change, shared_w12_change_linked.json: 2.70926
  auto polish = run_ankieta({"change", "q01_employees", "--waves", "1,2", "--lang", "pl", "--db", database()});
  CHECK(polish.out.find("uwzględnia 157 firm obecnych w obu falach") != std::string::npos);
  auto independent = run_ankieta({"change", "q01_employees", "--waves", "1,2", "--overlap", "independent", "--lang", "en", "--db", database()});
  CHECK(independent.out.find("independent samples") != std::string::npos);
  auto help = run_ankieta({"change", "--help"});
  CHECK(help.status == 0);
  CHECK(help.out.find("--waves") != std::string::npos);
}

TEST_CASE("change as tidy CSV: one number per cell in full precision under unique keys", "[change]") {
  auto result = run_ankieta({"change", "q01_employees", "--waves", "1,2", "--format", "csv", "--db", database()});
  INFO(result.err);
  REQUIRE(result.status == 0);
  std::istringstream lines(result.out);
  std::string header, mean;
  std::getline(lines, header);
  std::getline(lines, mean);
  CHECK(header.find("wave1_estimate") != std::string::npos);
  CHECK(header.find("change_1_2,change_1_2_se,change_1_2_ci_lower,change_1_2_ci_upper,change_1_2_p") != std::string::npos);
  // The mean's change of shared_w12_change_linked.json (2.709258...), not rounded.
  CHECK(mean.find(",2.7092") != std::string::npos);
}

TEST_CASE("change of a multiple-response question matches R (share of those who answered)", "[change][reference]") {
  // tests/reference/r/make_change_multi_expected.R: the waves 1-2 sample with a made-up multi question.
  TempDir dir;
  const std::string db = dir / "multi.db";
  write_file(dir / "multi.yaml",
             "id: waves-multi\nrespondent_id: firm_id\n"
             "design: {strata: [size_class, subregion], weight: w_design, fpc: n_population}\n"
             "sections:\n  - id: main\n    questions:\n"
             "      - {id: size_class, type: single, options: [1, 2, 3, 4]}\n"
             "      - {id: subregion, type: single, options: [1, 2, 3]}\n"
             "      - {id: q40_support, type: multi, options: [1, 2, 3]}\n"
             "      - {id: n_population, type: numeric}\n"
             "      - {id: w_design, type: numeric}\n");
  REQUIRE(run_ankieta({"init", dir / "multi.yaml", "--db", db}).status == 0);
  for (const char* wave : {"1", "2"}) {
    auto imported = run_ankieta({"import", std::string(ANKIETA_TEST_DATA) + "/reference/data/waves_multi_w" + wave + ".csv",
                                 "--wave", wave, "--db", db});
    INFO(imported.err);
    REQUIRE(imported.status == 0);
  }
  auto result = run_ankieta({"change", "q40_support", "--waves", "1,2", "--format", "json", "--db", db});
  INFO(result.err);
  REQUIRE(result.status == 0);
  const Json table = Json::parse(result.out);
  CHECK(table["tests"].size() == 0);  // options are not exclusive: no test of equal distributions
  const Json expected = Json::load(std::string(ANKIETA_TEST_DATA) + "/reference/expected/change_multi.json");
  Comparison check;
  for (std::size_t k = 0; k < expected["items"].size(); ++k) {
    const Json& want = expected["items"][k];
    const Json* row = nullptr;
    for (std::size_t idx = 0; idx < table["rows"].size(); ++idx)
      if (table["rows"][idx]["statistic"].str() == "prop" && table["rows"][idx]["value"].str() == want["option"].str()) row = &table["rows"][idx];
    REQUIRE(row != nullptr);
    const std::string at = "q40_support option " + want["option"].str();
    check.close(at + " wave 1", (*row)["per_wave"][0]["estimate"].number(), want["estimate"][0].number());
    check.close(at + " wave 2", (*row)["per_wave"][1]["estimate"].number(), want["estimate"][1].number());
    const Json& d = (*row)["differences"][0];
    check.close(at + " difference", d["estimate"].number(), want["difference"].number());
    check.close(at + " se", d["se"].number(), want["se"].number());
    check.equal(at + " df", d["df"].number(), want["df"].number());
    check.close(at + " p", d["p"].number(), want["p"].number());
  }
  CHECK(check.count() == 18);
  // One option alone gives the same numbers.
  auto one = run_ankieta({"change", "q40_support_2", "--waves", "1,2", "--format", "json", "--db", db});
  REQUIRE(one.status == 0);
  const Json single = Json::parse(one.out);
  REQUIRE(single["rows"].size() == 2);
  check.close("q40_support_2 alone", single["rows"][0]["differences"][0]["se"].number(), expected["items"][1]["se"].number());
}

TEST_CASE("a question asked from wave 2 on: wave 1 imports without its column, wave 2 needs it", "[change]") {
  TempDir dir;
  const std::string db = dir / "w.db";
  REQUIRE(run_ankieta({"init", waves_dir("questionnaire.yaml"), "--db", db}).status == 0);
  CHECK(run_ankieta({"import", waves_dir("data/shared_wave1.csv"), "--wave", "1", "--db", db}).status == 0);
  // The wave-1 file has no q33 column: as wave 2 it is refused for the missing column.
  auto refused = run_ankieta({"import", waves_dir("data/shared_wave1.csv"), "--wave", "2", "--force", "--db", db});
  CHECK(refused.status == 65);
  CHECK(refused.err.find("missing column 'q33_cluster_member'") != std::string::npos);
  // A bad waves value is reported at its position by validate.
  write_file(dir / "bad.yaml", "id: x\nrespondent_id: id\nsections:\n  - id: s\n    questions:\n      - {id: a, type: numeric, waves: [2, x]}\n");
  auto bad = run_ankieta({"validate", dir / "bad.yaml"});
  CHECK(bad.status == 65);
  CHECK(bad.err.find("'x' is not a wave number") != std::string::npos);
}

TEST_CASE("change of waves weighted by their own calibrations matches R (raked wave 1, post-stratified wave 2)", "[change][reference]") {
  // tests/reference/r/make_change_calibrated_expected.R: the link design L12 calibrated further on
  // each wave's rows as `ankieta weight` calibrated the wave, to the frames written beside it.
  TempDir dir;
  const std::string db = dir / "calibrated.db";
  REQUIRE(run_ankieta({"init", waves_dir("questionnaire.yaml"), "--db", db}).status == 0);
  for (const char* wave : {"1", "2"})
    REQUIRE(run_ankieta({"import", waves_dir(std::string("data/shared_wave") + wave + ".csv"), "--wave", wave, "--db", db}).status == 0);
  const std::string data = std::string(ANKIETA_SOURCE_DIR) + "/tests/reference/data/";
  auto raked = run_ankieta({"weight", "--frame", data + "waves_cal_w1_margins.csv", "--method", "rake", "--name", "rk1", "--wave", "1",
                            "--tolerance", "1e-12", "--db", db});
  INFO(raked.err);
  REQUIRE(raked.status == 0);
  REQUIRE(run_ankieta({"weight", "--frame", data + "waves_cal_w2_size.csv", "--method", "poststratify", "--name", "ps2", "--wave", "2",
                       "--db", db}).status == 0);
  auto result = run_ankieta({"change", "q01_employees", "q24_info_exchange", "--waves", "1,2", "--format", "json", "--db", db});
  INFO(result.err);
  REQUIRE(result.status == 0);
  const Json tables = Json::parse(result.out);
  const Json expected = Json::load(std::string(ANKIETA_SOURCE_DIR) + "/tests/reference/expected/change_calibrated.json");
  auto check = [&](const Json& row, const Json& r) {
    const Json& difference = row["differences"][0];
    CHECK(row["per_wave"][0]["estimate"].number() == Approx(r["estimate"][0].number()).epsilon(1e-9));
    CHECK(row["per_wave"][1]["estimate"].number() == Approx(r["estimate"][1].number()).epsilon(1e-9));
    CHECK(difference["estimate"].number() == Approx(r["difference"].number()).epsilon(1e-9));
    CHECK(difference["se"].number() == Approx(r["se"].number()).epsilon(1e-9));
    CHECK(difference["df"].number() == r["df"].number());
  };
  check(tables[0]["rows"][0], expected["rows"][0]);  // the mean of q01_employees
  bool found = false;
  for (std::size_t idx = 0; idx < tables[1]["rows"].size(); ++idx) {
    const Json& row = tables[1]["rows"][idx];
    if (row["statistic"].str() != "prop" || row["value"].str() != "4") continue;
    check(row, expected["rows"][1]);  // the share answering "regularly"
    found = true;
  }
  CHECK(found);
}

TEST_CASE("change --by gives the change within each category, as --where on that category does", "[change]") {
  // shared_w12_domain_small.json checks --where "size_class == 2" against R; --by size_class is
  // that domain for each category in turn.
  const Json by = change_json({"q01_employees", "--waves", "1,2", "--by", "size_class"});
  REQUIRE(by.size() == 4);
  for (std::size_t category = 0; category < 4; ++category) {
    const std::string code = std::to_string(category + 1);
    const Json& table = by[category];
    CHECK(table["by"]["variable"].str() == "size_class");
    CHECK(table["by"]["value"].str() == code);
    const Json where = change_json({"q01_employees", "--waves", "1,2", "--where", "size_class == " + code});
    for (std::size_t row = 0; row < 2; ++row) {
      const Json& got = table["rows"][row]["differences"][0];
      const Json& want = where["rows"][row]["differences"][0];
      CHECK(got["estimate"].number() == Approx(want["estimate"].number()).epsilon(1e-12));
      CHECK(got["se"].number() == Approx(want["se"].number()).epsilon(1e-12));
      CHECK(got["psu_in_both"].number() == want["psu_in_both"].number());
    }
  }
  auto text = run_ankieta({"change", "q01_employees", "--waves", "1,2", "--by", "size_class", "--lang", "en", "--db", database()});
  CHECK(text.out.find("q01_employees — size_class = 2 (małe)") != std::string::npos);
  auto numeric = run_ankieta({"change", "q01_employees", "--waves", "1,2", "--by", "q01_employees", "--db", database()});
  CHECK(numeric.status == 2);
  CHECK(numeric.err.find("--by 'q01_employees' is a numeric question; change --by takes a single-choice or scale variable") != std::string::npos);
}
