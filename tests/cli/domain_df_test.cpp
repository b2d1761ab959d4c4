// End to end against R: the degrees of freedom of a --where domain (issue 9). R computes a table
// in a domain on subset(design, where): its intervals and t tests use degf() of that subset (the
// domain's PSUs minus strata), and svychisq uses the PSUs minus strata of the subset's rows,
// which for a calibrated design (postStratify, rake) are the whole design's, because subset()
// keeps every row of a calibrated design with weight 0. R values: tests/reference/expected/
// domain_df.json, made by tests/reference/r/make_stats_expected.R.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "json_run.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

std::string reference(const std::string& relative) { return std::string(ANKIETA_TEST_DATA) + "/reference/" + relative; }

std::string api_questionnaire(const std::string& design) {
  const std::string yes_no = "options: [{value: \"No\", label: \"No\"}, {value: \"Yes\", label: \"Yes\"}]";
  return "id: api\nrespondent_id: cds\ndesign:\n" + design +
         "sections:\n"
         "  - id: main\n"
         "    questions:\n"
         "      - {id: stype, type: single, options: [{value: \"E\", label: E}, {value: \"H\", label: H}, {value: \"M\", label: M}]}\n"
         "      - {id: sch_wide, column: sch.wide, type: single, " + yes_no + "}\n"
         "      - {id: comp_imp, column: comp.imp, type: single, " + yes_no + "}\n"
         "      - {id: awards, type: single, " + yes_no + "}\n"
         "      - {id: api00, type: numeric}\n"
         "      - {id: enroll, type: numeric}\n"
         "      - {id: pw, type: numeric}\n"
         "      - {id: fpc, type: numeric}\n"
         "      - {id: dnum, type: numeric, integer: true}\n";
}

void close(const std::string& what, double got, double want, double rel) {
  INFO(what << ": ankieta " << got << ", R " << want);
  CHECK(std::fabs(got - want) <= rel * std::fabs(want) + 1e-300);
}

const Json& named(const Json& list, const std::string& key, const std::string& value) {
  for (std::size_t idx = 0; idx < list.size(); ++idx)
    if (list[idx][key].str() == value) return list[idx];
  FAIL("no entry with " << key << " = " << value);
  return list[0];
}

}  // namespace

TEST_CASE("a --where domain's tests, letters and intervals use the degrees of freedom R uses", "[domain_df]") {
  const Json expected = Json::load(reference("expected/domain_df.json"));
  TempDir dir;
  const std::string clus = dir / "clus.db", strat = dir / "strat.db";
  write_file(dir / "clus.yaml", api_questionnaire("  clusters: [dnum]\n  weight: pw\n  fpc: fpc\n"));
  write_file(dir / "strat.yaml", api_questionnaire("  strata: stype\n  weight: pw\n  fpc: fpc\n"));
  REQUIRE(run_ankieta({"init", dir / "clus.yaml", "--db", clus}).status == 0);
  REQUIRE(run_ankieta({"import", reference("data/apiclus1.csv"), "--ignore-extra", "--db", clus}).status == 0);
  REQUIRE(run_ankieta({"init", dir / "strat.yaml", "--db", strat}).status == 0);
  REQUIRE(run_ankieta({"import", reference("data/apistrat.csv"), "--ignore-extra", "--db", strat}).status == 0);
  write_file(dir / "ps.csv", "stype,population\nE,4421\nH,755\nM,1018\n");
  write_file(dir / "rk.csv", "variable,value,population\nstype,E,4421\nstype,H,755\nstype,M,1018\nsch_wide,No,1460\nsch_wide,Yes,4734\n");
  REQUIRE(run_ankieta({"weight", "--frame", dir / "ps.csv", "--method", "poststratify", "--name", "ps", "--db", clus}).status == 0);
  REQUIRE(run_ankieta({"weight", "--frame", dir / "rk.csv", "--method", "rake", "--name", "rk", "--tolerance", "1e-13",
                       "--max-iter", "100", "--db", clus}).status == 0);

  struct Case {
    const char* name;      // block of domain_df.json
    std::string db;
    std::string weight;    // --weight: the design's variable or a weight set
    double rel;            // 1e-9, 1e-6 for raking (iterative)
    const char* df_from;   // tests_design_df_from
  };
  const Case cases[] = {
      {"dclus1", clus, "pw", 1e-9, "domain"},
      {"dstrat", strat, "pw", 1e-9, "domain"},
      {"dclus1_ps", clus, "ps", 1e-9, "calibrated-design"},
      {"dclus1_rake", clus, "rk", 1e-6, "calibrated-design"},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      const Json& want = expected[c.name];
      const std::vector<std::string> common = {"--where", "enroll > 500", "--weight", c.weight, "--format", "json", "--db", c.db};
      auto with = [&](std::vector<std::string> arguments) {
        arguments.insert(arguments.end(), common.begin(), common.end());
        return arguments;
      };
      const Json table = run_json(with({"crosstab", "comp_imp", "--by", "awards"}));
      CHECK(table["domain_df"].number() == want["degf"].number());
      CHECK(table["design"]["df"].number() == want["design_degf"].number());
      CHECK(table["tests_design_df_from"].str() == c.df_from);
      const std::pair<const char*, const char*> tests[] = {
          {"rao-scott-f", "F"}, {"wald", "Wald"}, {"adjusted-wald", "adjWald"}};
      for (const auto& [ours, theirs] : tests) {
        const Json& test = named(table["tests"], "name", ours);
        const std::string at = std::string(c.name) + " " + ours;
        close(at + " statistic", test["statistic"].number(), want[theirs]["statistic"].number(), c.rel);
        close(at + " df1", test["df1"].number(), want[theirs]["df1"].number(), c.rel);
        close(at + " df2", test["df2"].number(), want[theirs]["df2"].number(), c.rel);
        close(at + " p", test["p"].number(), want[theirs]["p"].number(), c.rel);
      }
      const Json& chisq = named(table["tests"], "name", "rao-scott-chisq");
      close(std::string(c.name) + " chisq statistic", chisq["statistic"].number(), want["Chisq"]["statistic"].number(), c.rel);
      close(std::string(c.name) + " chisq p", chisq["p"].number(), want["Chisq"]["p"].number(), c.rel);
      // Letters: the t test of the two columns' shares on degf(subset); awards Yes beats No.
      CHECK(table["column_tests"]["df"].number() == want["degf"].number());
      const Json& cells = table["cells"];
      for (std::size_t idx = 0; idx < cells.size(); ++idx)
        if (cells[idx]["row"].str() == "Yes" && cells[idx]["column"].str() == "Yes")
          CHECK(cells[idx]["letters"].str() == (want["awards_difference"]["p"].number() < 0.05 ? "A" : ""));

      const Json freq = run_json(with({"freq", "comp_imp"}));
      CHECK(freq["df"].number() == want["degf"].number());
      const Json& yes = named(freq["rows"], "value", "Yes");
      // svyciprop's logit interval comes from R's iterative glm fit (converged to 1e-8).
      const double glm_rel = std::max(c.rel, 1e-8);
      close(std::string(c.name) + " svyciprop lower", yes["ci"][0].number(), want["comp_imp_yes_ci"]["lower"].number(), glm_rel);
      close(std::string(c.name) + " svyciprop upper", yes["ci"][1].number(), want["comp_imp_yes_ci"]["upper"].number(), glm_rel);

      const Json means = run_json(with({"means", "api00"}));
      CHECK(means["df"].number() == want["degf"].number());
      close(std::string(c.name) + " mean", means["rows"][0]["mean"].number(), want["api00"]["mean"].number(), c.rel);
      close(std::string(c.name) + " mean lower", means["rows"][0]["ci"][0].number(), want["api00"]["lower"].number(), c.rel);
      close(std::string(c.name) + " mean upper", means["rows"][0]["ci"][1].number(), want["api00"]["upper"].number(), c.rel);

      // A reading command stores the columns it read in the column cache; once every column is
      // there, reading leaves the file as it is.
      const std::string before = read_file(c.db);
      // The text says which df each number uses.
      auto text = run_ankieta({"crosstab", "comp_imp", "--by", "awards", "--where", "enroll > 500", "--weight", c.weight,
                               "--lang", "en", "--db", c.db});
      REQUIRE(text.status == 0);
      const std::string degf = std::to_string(static_cast<int>(want["degf"].number()));
      const std::string nu = std::to_string(static_cast<int>(want["F"]["df2"].number()));
      CHECK(text.out.find("df = " + degf + ": PSUs − strata among the domain's respondents") != std::string::npos);
      CHECK(text.out.find("two domain proportions, " + degf + " df") != std::string::npos);
      CHECK(text.out.find("denominator df come from " + nu + " = PSUs − strata of " +
                          (std::string(c.df_from) == "domain" ? "the domain's respondents" : "the whole calibrated design")) !=
            std::string::npos);
      CHECK((read_file(c.db) == before));
    }
  }
}
