// End to end against R: the API samples (tests/reference/data, R survey 4.1.1 results in
// tests/reference/expected) go through `ankieta init` and `import` with their dotted R column
// names, and every number that freq, crosstab and means print as JSON is compared with R's.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "json_run.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

std::string reference(const std::string& relative) { return std::string(ANKIETA_TEST_DATA) + "/reference/" + relative; }

// A definition for the API data: R's dotted names read through `column:`.
std::string api_questionnaire(const std::string& design) {
  std::string yes_no = "options: [{value: \"No\", label: \"No\"}, {value: \"Yes\", label: \"Yes\"}]";
  return "id: api\n"
         "respondent_id: cds\n"
         "design:\n" + design +
         "sections:\n"
         "  - id: main\n"
         "    questions:\n"
         "      - {id: stype, type: single, options: [{value: \"E\", label: Elementary}, {value: \"H\", label: High}, {value: \"M\", label: Middle}]}\n"
         "      - {id: sch_wide, column: sch.wide, type: single, " + yes_no + "}\n"
         "      - {id: awards, type: single, " + yes_no + "}\n"
         "      - {id: both, type: single, " + yes_no + "}\n"
         "      - {id: yr_rnd, column: yr.rnd, type: single, " + yes_no + "}\n"
         "      - {id: api00, type: numeric}\n"
         "      - {id: enroll, type: numeric}\n"
         "      - {id: api99, type: numeric}\n"
         "      - {id: pw, type: numeric}\n"
         "      - {id: fpc, type: numeric}\n"
         "      - {id: dnum, type: numeric, integer: true}\n";
}

struct Reference {
  const char* name;
  const char* data;
  std::string design;
};

const Reference kDesigns[] = {
    {"dsrs", "apisrs.csv", "  fpc: fpc\n"},
    {"dstrat", "apistrat.csv", "  strata: stype\n  weight: pw\n  fpc: fpc\n"},
    {"dclus1", "apiclus1.csv", "  clusters: [dnum]\n  weight: pw\n  fpc: fpc\n"},
};

class Comparison {
 public:
  void close(const std::string& what, double got, double want, double rel = 1e-9) {
    ++count_;
    if (std::isnan(want)) return;
    bool ok = std::isinf(want) ? got == want : std::fabs(got - want) <= rel * std::fabs(want) + 1e-12;
    if (!ok) FAIL_CHECK(what << ": ankieta " << got << ", R " << want);
  }
  int count() const { return count_; }

 private:
  int count_ = 0;
};

const Json& cell(const Json& table, const std::string& row, const std::string& column) {
  const Json& cells = table["cells"];
  for (std::size_t idx = 0; idx < cells.size(); ++idx)
    if (cells[idx]["row"].str() == row && cells[idx]["column"].str() == column) return cells[idx];
  FAIL("no cell " << row << ", " << column);
  return cells[0];
}

const Json& test_named(const Json& table, const std::string& name) { return row_with(table["tests"], "name", name); }

}  // namespace

TEST_CASE("freq, crosstab and means agree with R survey on the API designs", "[reference]") {
  for (const auto& design : kDesigns) {
    SECTION(design.name) {
      Json expected = Json::load(reference(std::string("expected/") + design.name + ".json"));
      TempDir dir;
      std::string db = dir / "api.db";
      write_file(dir / "api.yaml", api_questionnaire(design.design));
      REQUIRE(run_ankieta({"init", dir / "api.yaml", "--db", db}).status == 0);
      auto imported = run_ankieta({"import", reference(std::string("data/") + design.data), "--ignore-extra", "--db", db});
      INFO(imported.err);
      REQUIRE(imported.status == 0);
      Comparison check;

      for (const auto& [r_name, block] : expected["oneway"].object()) {
        std::string variable = r_name == "sch.wide" ? "sch_wide" : r_name == "yr.rnd" ? "yr_rnd" : r_name;
        Json table = run_json({"freq", variable, "--format", "json", "--db", db});
        Json wald = run_json({"freq", variable, "--format", "json", "--ci-method", "wald", "--db", db});
        const auto levels = block["levels"].strings();
        for (std::size_t level_idx = 0; level_idx < levels.size(); ++level_idx) {
          const std::string& level = levels[level_idx];
          if (block["svytotal"]["names"].strings().size() <= level_idx) continue;
          const Json& row = row_with(table["rows"], "value", level);
          std::string at = std::string(design.name) + " " + variable + "=" + level;
          check.close(at + " total", row["total"].number(), block["svytotal"]["estimate"].numbers()[level_idx]);
          check.close(at + " total_se", row["total_se"].number(), block["svytotal"]["se"].numbers()[level_idx]);
          check.close(at + " prop", row["prop"].number(), block["svymean"]["estimate"].numbers()[level_idx]);
          check.close(at + " prop_se", row["prop_se"].number(), block["svymean"]["se"].numbers()[level_idx]);
          double deff = block["svymean"]["deff"].numbers()[level_idx];
          if (std::isfinite(deff)) check.close(at + " deff", row["deff"].number(), deff);
          double deff_replace = block["svymean"]["deff_replace"].numbers()[level_idx];
          if (std::isfinite(deff_replace)) check.close(at + " deff_replace", row["deff_replace"].number(), deff_replace);
          const Json& wald_row = row_with(wald["rows"], "value", level);
          check.close(at + " ci t lower", wald_row["ci"][0].number(), block["confint_svymean_t_degf"]["lower"].numbers()[level_idx]);
          check.close(at + " ci t upper", wald_row["ci"][1].number(), block["confint_svymean_t_degf"]["upper"].numbers()[level_idx]);
        }
        const Json& ciprop = block["svyciprop"];
        std::string tested = ciprop["level_tested"].str();
        for (const char* method : {"logit", "beta", "xlogit", "mean"}) {
          const Json& want = ciprop[method];
          if (want.has("error") || want["ci_lower"].is_null()) continue;
          Json with_method = run_json({"freq", variable, "--format", "json", "--ci-method",
                                       std::string(method) == "mean" ? "wald" : method, "--db", db});
          const Json& row = row_with(with_method["rows"], "value", tested);
          std::string at = std::string(design.name) + " " + variable + "=" + tested + " svyciprop " + method;
          check.close(at + " lower", row["ci"][0].number(), want["ci_lower"].number());
          check.close(at + " upper", row["ci"][1].number(), want["ci_upper"].number());
        }
      }

      for (const auto& [key, block] : expected["twoway"].object()) {
        std::string row_var = block["row_var"].str() == "sch.wide" ? "sch_wide" : block["row_var"].str();
        std::string col_var = block["col_var"].str();
        Json table = run_json({"crosstab", row_var, "--by", col_var, "--format", "json", "--db", db});
        std::string at = std::string(design.name) + " " + key;
        const Json& svytable = block["svytable"];
        auto rows = svytable["row_names"].strings();
        auto cols = svytable["col_names"].strings();
        auto totals = svytable["values"].matrix();
        for (std::size_t r = 0; r < rows.size(); ++r)
          for (std::size_t c = 0; c < cols.size(); ++c)
            check.close(at + " total " + rows[r] + "," + cols[c], cell(table, rows[r], cols[c])["total"].number(), totals[r][c]);
        const Json& by = block["svyby_rowprop"];
        auto by_levels = by["by_levels"].strings();
        auto names = by["names"].strings();
        auto estimates = by["estimate"].matrix();
        auto ses = by["se"].matrix();
        for (std::size_t c = 0; c < by_levels.size(); ++c)
          for (std::size_t k = 0; k < names.size(); ++k) {
            std::string level = names[k].substr(block["row_var"].str().size());
            const Json& got = cell(table, level, by_levels[c]);
            check.close(at + " col_prop " + level + "," + by_levels[c], got["col_prop"].number(), estimates[c][k]);
            check.close(at + " col_prop_se " + level + "," + by_levels[c], got["col_prop_se"].number(), ses[c][k]);
          }
        const Json& cp = block["cell_proportions"];
        std::string prefix = "interaction(" + block["row_var"].str() + ", " + col_var + ")";
        auto cp_names = cp["names"].strings();
        for (std::size_t k = 0; k < cp_names.size(); ++k) {
          std::string rest = cp_names[k].substr(prefix.size());
          std::string row_level = rest.substr(0, rest.find('.'));
          std::string col_level = rest.substr(rest.find('.') + 1);
          const Json& got = cell(table, row_level, col_level);
          check.close(at + " prop " + rest, got["prop"].number(), cp["estimate"].numbers()[k]);
          check.close(at + " prop_se " + rest, got["prop_se"].number(), cp["se"].numbers()[k]);
        }
        const Json& chisq = block["svychisq"];
        for (auto [r_name, ours] : {std::pair{"F", "rao-scott-f"}, std::pair{"Wald", "wald"}, std::pair{"adjWald", "adjusted-wald"}}) {
          const Json& got = test_named(table, ours);
          check.close(at + " " + r_name + " statistic", got["statistic"].number(), chisq[r_name]["statistic"].number());
          check.close(at + " " + r_name + " df1", got["df1"].number(), chisq[r_name]["parameter"][0].number());
          check.close(at + " " + r_name + " df2", got["df2"].number(), chisq[r_name]["parameter"][1].number());
          check.close(at + " " + r_name + " p", got["p"].number(), chisq[r_name]["p_value"].number(), 1e-8);
        }
        const Json& first_order = test_named(table, "rao-scott-chisq");
        check.close(at + " Chisq statistic", first_order["statistic"].number(), chisq["Chisq"]["statistic"].number());
        check.close(at + " Chisq p", first_order["p"].number(), chisq["Chisq"]["p_value"].number(), 1e-8);
      }

      const Json& continuous = expected["continuous"];
      Json api00 = run_json({"means", "api00", "--quantiles", "0.25,0.5,0.75", "--format", "json", "--db", db});
      const Json& row = api00["rows"][0];
      std::string at = std::string(design.name) + " api00";
      check.close(at + " mean", row["mean"].number(), continuous["svymean_api00"]["estimate"].number());
      check.close(at + " mean_se", row["mean_se"].number(), continuous["svymean_api00"]["se"].number());
      check.close(at + " deff", row["deff"].number(), continuous["svymean_api00"]["deff"].number());
      const Json& quantiles = continuous["svyquantile_api00"]["default"];
      for (std::size_t k = 0; k < 3; ++k) {
        const Json& got = row["quantiles"][k];
        check.close(at + " quantile", got["quantile"].number(), quantiles["estimate"].numbers()[k]);
        check.close(at + " quantile lower", got["ci"][0].number(), quantiles["ci_lower"].numbers()[k]);
        check.close(at + " quantile upper", got["ci"][1].number(), quantiles["ci_upper"].numbers()[k]);
        check.close(at + " quantile se", got["se"].number(), quantiles["se"].numbers()[k]);
      }
      Json enroll = run_json({"means", "enroll", "--format", "json", "--db", db});
      check.close(std::string(design.name) + " enroll mean", enroll["rows"][0]["mean"].number(), continuous["svymean_enroll"]["estimate"].number());
      check.close(std::string(design.name) + " enroll mean_se", enroll["rows"][0]["mean_se"].number(), continuous["svymean_enroll"]["se"].number());
      check.close(std::string(design.name) + " enroll total", enroll["rows"][0]["total"].number(), continuous["svytotal_enroll"]["estimate"].number());
      check.close(std::string(design.name) + " enroll total_se", enroll["rows"][0]["total_se"].number(), continuous["svytotal_enroll"]["se"].number());
      Json by_type = run_json({"means", "api00", "--by", "stype", "--format", "json", "--db", db});
      const Json& svyby = continuous["svyby_api00_stype"];
      auto groups = svyby["by_levels"].strings();
      for (std::size_t g = 0; g < groups.size(); ++g) {
        const Json& got = row_with(by_type["rows"], "group", groups[g]);
        check.close(std::string(design.name) + " api00 | " + groups[g], got["mean"].number(), svyby["estimate"].matrix()[g][0]);
        check.close(std::string(design.name) + " api00 se | " + groups[g], got["mean_se"].number(), svyby["se"].matrix()[g][0]);
      }
      CHECK(check.count() > 100);
    }
  }
}

TEST_CASE("with the weights taken as frequencies the classic tests agree with GNU PSPP", "[reference]") {
  Json expected = Json::load(reference("expected/pspp_apistrat.json"));
  TempDir dir;
  std::string db = dir / "api.db";
  write_file(dir / "api.yaml", api_questionnaire("  strata: stype\n  weight: pw\n  fpc: fpc\n"));
  REQUIRE(run_ankieta({"init", dir / "api.yaml", "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", reference("data/apistrat.csv"), "--ignore-extra", "--db", db}).status == 0);
  Json table = run_json({"crosstab", "sch_wide", "--by", "stype", "--format", "json", "--db", db});
  const Json& printed = expected["pspp_printed"];
  double pearson = std::stod(printed["chi_square_tests"]["pearson_chi_square"]["value"].str());
  double likelihood = std::stod(printed["chi_square_tests"]["likelihood_ratio"]["value"].str());
  double cramers_v = std::stod(printed["symmetric_measures"]["cramers_v"].str());
  // PSPP prints 15 decimals: compare to that precision.
  CHECK(test_named(table, "pearson-weighted")["statistic"].number() == Approx(pearson).epsilon(1e-12));
  CHECK(test_named(table, "pearson-weighted")["df"].number() == 2);
  CHECK(test_named(table, "likelihood-ratio-weighted")["statistic"].number() == Approx(likelihood).epsilon(1e-12));
  CHECK(table["cramers_v"].number() == Approx(cramers_v).epsilon(1e-12));
  auto counts = expected["pspp_numeric"]["count"].matrix();
  std::vector<std::string> rows = {"No", "Yes"}, cols = {"E", "H", "M"};
  for (std::size_t r = 0; r < 2; ++r)
    for (std::size_t c = 0; c < 3; ++c) CHECK(cell(table, rows[r], cols[c])["total"].number() == Approx(counts[r][c]).epsilon(1e-12));
}

TEST_CASE("means --ratio agrees with R svyratio, overall and in a domain", "[reference]") {
  Json expected = Json::load(reference("expected/extra.json"))["ratio"];
  TempDir dir;
  std::string db = dir / "api.db";
  write_file(dir / "api.yaml", api_questionnaire("  clusters: [dnum]\n  weight: pw\n  fpc: fpc\n"));
  REQUIRE(run_ankieta({"init", dir / "api.yaml", "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", reference("data/apiclus1.csv"), "--ignore-extra", "--db", db}).status == 0);
  Json whole = run_json({"means", "--ratio", "api00/api99", "--format", "json", "--db", db});
  CHECK(whole["kind"].str() == "ratios");
  CHECK(whole["rows"][0]["ratio"].number() == Approx(expected["whole"]["ratio"].number()).epsilon(1e-9));
  CHECK(whole["rows"][0]["ratio_se"].number() == Approx(expected["whole"]["se"].number()).epsilon(1e-9));
  Json domain = run_json({"means", "--ratio", "api00/api99", "--where", "stype == \"E\"", "--format", "json", "--db", db});
  CHECK(domain["rows"][0]["ratio"].number() == Approx(expected["domain"]["ratio"].number()).epsilon(1e-9));
  CHECK(domain["rows"][0]["ratio_se"].number() == Approx(expected["domain"]["se"].number()).epsilon(1e-9));
  auto bad = run_ankieta({"means", "--ratio", "api00", "--db", db});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("--ratio 'api00': expected NUMERATOR/DENOMINATOR") != std::string::npos);
}

namespace {

// A definition for tests/reference/data/*_large.csv: single questions a and b with codes 1..n.
std::string large_table_questionnaire(const std::string& id, const std::string& design, int a_codes, int b_codes,
                                      const std::string& design_questions) {
  auto options = [](int n) {
    std::string list = "[";
    for (int code = 1; code <= n; ++code) list += (code > 1 ? ", " : "") + std::to_string(code);
    return list + "]";
  };
  return "id: large\nrespondent_id: " + id + "\ndesign:\n" + design +
         "sections:\n  - id: main\n    questions:\n" + design_questions +
         "      - {id: a, type: single, options: " + options(a_codes) + "}\n"
         "      - {id: b, type: single, options: " + options(b_codes) + "}\n";
}

// A database of one of those files: init with the definition, import, and its path.
std::string large_table_db(const TempDir& dir, const std::string& definition, const std::string& csv) {
  const std::string db = dir / "large.db";
  write_file(dir / "large.yaml", definition);
  REQUIRE(run_ankieta({"init", dir / "large.yaml", "--db", db}).status == 0);
  auto imported = run_ankieta({"import", csv, "--db", db});
  INFO(imported.err);
  REQUIRE(imported.status == 0);
  return db;
}

// The synthetic design of data/synthetic_large.csv (or a file of the same columns).
std::string synthetic_large_db(const TempDir& dir, const std::string& csv) {
  return large_table_db(dir,
                        large_table_questionnaire("id", "  strata: stratum\n  clusters: [cluster]\n  weight: w\n", 100, 3,
                                                  "      - {id: stratum, type: numeric, integer: true}\n"
                                                  "      - {id: cluster, type: numeric, integer: true}\n"
                                                  "      - {id: w, type: numeric}\n"),
                        csv);
}

// data/synthetic_large.csv with its 40 clusters per stratum folded into `clusters` (fewer PSUs,
// so fewer design degrees of freedom); returns the new file's path.
std::string folded_synthetic_csv(const TempDir& dir, int clusters) {
  std::istringstream lines(read_file(reference("data/synthetic_large.csv")));
  std::string line;
  std::getline(lines, line);
  std::string folded = line + "\n";
  while (std::getline(lines, line)) {
    // id,stratum,cluster,w,a,b
    std::vector<std::string> fields;
    std::istringstream split(line);
    for (std::string field; std::getline(split, field, ',');) fields.push_back(field);
    REQUIRE(fields.size() == 6);
    const int stratum = std::stoi(fields[1]);
    fields[2] = std::to_string((stratum - 1) * clusters + std::stoi(fields[2]) % clusters + 1);
    for (std::size_t idx = 0; idx < fields.size(); ++idx) folded += (idx ? "," : "") + fields[idx];
    folded += "\n";
  }
  const std::string path = dir / "folded.csv";
  write_file(path, folded);
  return path;
}

// Every observed cell of `a` by `b` against R (tests/reference/r/make_large_table_expected.R).
void check_large_table(const Json& table, const Json& expected) {
  Comparison check;
  const Json& cells = expected["cells"];
  for (std::size_t idx = 0; idx < cells.size(); ++idx) {
    const Json& want = cells[idx];
    const std::string a = std::to_string(static_cast<int>(want["a"].number()));
    const std::string b = std::to_string(static_cast<int>(want["b"].number()));
    const Json& got = cell(table, a, b);
    const std::string at = "a=" + a + " b=" + b;
    check.close(at + " total", got["total"].number(), want["total"].number());
    check.close(at + " total_se", got["total_se"].number(), want["total_se"].number());
    check.close(at + " col_prop", got["col_prop"].number(), want["col_prop"].number());
    check.close(at + " col_prop_se", got["col_prop_se"].number(), want["col_prop_se"].number());
  }
  CHECK(check.count() == 4 * static_cast<int>(cells.size()));
  CHECK(cells.size() > 150);
  const Json& pearson = test_named(table, "pearson");
  check.close("pearson statistic", pearson["statistic"].number(), expected["pearson"]["statistic"].number());
  CHECK(pearson["df"].number() == expected["pearson"]["df"].number());
  check.close("pearson p", pearson["p"].number(), expected["pearson"]["p"].number());
  test_named(table, "pearson-weighted");
  test_named(table, "likelihood-ratio-weighted");
}

}  // namespace

TEST_CASE("a crosstab of more than 400 df gives every cell as R does and the classic tests", "[reference]") {
  // apistrat with a (101 categories) by b (6): (86 - 1) x (6 - 1) = 425 df over the observed
  // rows and columns. No Rao-Scott or Wald, but Pearson on the counts as R's chisq.test, and the
  // frequency-weighted classics.
  Json expected = Json::load(reference("expected/large_table.json"));
  TempDir dir;
  const std::string db = large_table_db(dir,
                                        large_table_questionnaire("cds", "  strata: stype\n  weight: pw\n  fpc: fpc\n", 101, 6,
                                                                  "      - {id: stype, type: single, options: [E, H, M]}\n"
                                                                  "      - {id: pw, type: numeric}\n"
                                                                  "      - {id: fpc, type: numeric}\n"),
                                        reference("data/apistrat_large.csv"));
  Json table = run_json({"crosstab", "a", "--by", "b", "--format", "json", "--db", db});
  check_large_table(table, expected["apistrat_a_by_b"]);
  CHECK(table["tests_skipped"].boolean());
  CHECK(table["tests"].size() == 3);

  auto text = run_ankieta({"crosstab", "a", "--by", "b", "--lang", "en", "--db", db});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("a x b: no design-based tests of independence (Rao-Scott, Wald): the table has 425 degrees of "
                      "freedom, more than 400;") != std::string::npos);
  CHECK(table["tests_skipped_reason"].str() == "the table has 425 degrees of freedom, more than 400");
}

TEST_CASE("a crosstab of 300 cells in a clustered design agrees with R, tests of independence included", "[reference]") {
  // More cells than ankieta hands to the design in one piece, with the design-based tests, which
  // need the covariance of every cell.
  const Json expected = Json::load(reference("expected/large_table.json"))["synthetic_a_by_b"];
  TempDir dir;
  const std::string db = synthetic_large_db(dir, reference("data/synthetic_large.csv"));
  Json table = run_json({"crosstab", "a", "--by", "b", "--format", "json", "--db", db});
  check_large_table(table, expected);
  CHECK_FALSE(table["tests_skipped"].boolean());
  Comparison check;
  const Json& f = test_named(table, "rao-scott-f");
  const Json& wald = test_named(table, "wald");
  for (const char* field : {"statistic", "df1", "df2", "p"}) {
    check.close(std::string("F ") + field, f[field].number(), expected["F"][field].number());
    check.close(std::string("Wald ") + field, wald[field].number(), expected["Wald"][field].number());
  }
}

TEST_CASE("a Wald test with more cells than the design has degrees of freedom is not computed, as in R", "[reference]") {
  // The synthetic design folded to 15 clusters per stratum: 150 PSUs - 10 strata = 140 df for a
  // 100 x 3 table's 198. R's svychisq(statistic = "Wald") stops ("computationally singular");
  // ankieta gives no statistic, says why, and still gives the other tests.
  TempDir dir;
  const std::string db = synthetic_large_db(dir, folded_synthetic_csv(dir, 15));
  Json table = run_json({"crosstab", "a", "--by", "b", "--format", "json", "--db", db});
  for (const char* name : {"wald", "adjusted-wald"}) {
    const Json& wald = test_named(table, name);
    CHECK(wald["statistic"].is_null());
    CHECK(wald["p"].is_null());
    CHECK(wald["note"].str().find("singular (the design has 140 degrees of freedom)") != std::string::npos);
  }
  CHECK(std::isfinite(test_named(table, "rao-scott-f")["statistic"].number()));
  CHECK(std::isfinite(test_named(table, "pearson")["statistic"].number()));
  auto text = run_ankieta({"crosstab", "a", "--by", "b", "--lang", "en", "--db", db});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("wald: not computed: the covariance of the 198 tested cells is singular") != std::string::npos);
}

TEST_CASE("a multi question by a column variable gives each column's shares as R svyby, with letters", "[reference]") {
  // The bundled sample; tests/reference/r/make_multiple_response_banner_expected.R.
  const Json expected = Json::load(reference("expected/multiple_response_banner.json"));
  const std::string source = std::string(ANKIETA_SOURCE_DIR) + "/";
  TempDir dir;
  const std::string db = dir / "survey.db";
  REQUIRE(run_ankieta({"init", source + "questionnaires/podlasie-metal/questionnaire.yaml", "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", source + "data/sample.csv", "--db", db}).status == 0);
  Json table = run_json({"crosstab", "q12_prod_innov_types", "--by", "size_class", "--format", "json", "--db", db});
  CHECK(table["multiple_response"].boolean());
  CHECK(table["tests"].size() == 0);
  Comparison check;
  for (int option = 1; option <= 6; ++option) {
    const std::string item = "q12_prod_innov_types_" + std::to_string(option);
    const auto shares = expected[item]["share"].numbers();
    const auto ses = expected[item]["se"].numbers();
    for (int size = 1; size <= 4; ++size) {
      const Json& got = cell(table, std::to_string(option), std::to_string(size));
      const auto at = static_cast<std::size_t>(size - 1);
      const std::string what = item + " size_class=" + std::to_string(size);
      check.close(what + " share", got["col_prop"].number(), shares[at]);
      check.close(what + " se", got["col_prop_se"].number(), ses[at]);
    }
  }
  CHECK(check.count() == 48);
  // R: the large firms' share of option 1 exceeds the micro firms' by 0.417 (SE 0.127, p 0.0011):
  // column D carries the letter A; the reverse never holds.
  CHECK(expected["difference_item1_size4_minus_size1"]["p"].number() < 0.05);
  CHECK(cell(table, "1", "4")["letters"].str().find('A') != std::string::npos);
  CHECK(cell(table, "1", "1")["letters"].str().find('D') == std::string::npos);

  auto text = run_ankieta({"crosstab", "q12_prod_innov_types", "--by", "size_class", "--lang", "en", "--db", db});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("multiple response by size_class") != std::string::npos);
  CHECK(text.out.find("percentages add up to more than 100") != std::string::npos);
  auto shown = run_ankieta({"crosstab", "q12_prod_innov_types", "--by", "size_class", "--show", "row", "--db", db});
  CHECK(shown.status == 2);
  CHECK(shown.err == "ankieta crosstab: 'q12_prod_innov_types' is a multiple-response question: its crosstab shows column "
                     "percentages only (leave out --show)\n");
}

TEST_CASE("means --by with more groups than the design has degrees of freedom gives no equality test", "[reference]") {
  // Folded to 5 clusters per stratum: 50 PSUs - 10 strata = 40 df for 100 groups' 99 contrasts.
  // The group means and their pairwise tests stand; the Wald F of equal means cannot be formed.
  TempDir dir;
  const std::string db = synthetic_large_db(dir, folded_synthetic_csv(dir, 5));
  Json table = run_json({"means", "w", "--by", "a", "--format", "json", "--db", db});
  const Json& tests = table["tests"];
  REQUIRE(tests.size() == 1);
  const Json& equality = tests[0]["equality"];
  CHECK(equality["statistic"].is_null());
  CHECK(equality["p"].is_null());
  CHECK(equality["note"].str() == "not computed: the covariance of the group means is singular");
  CHECK(std::isfinite(table["rows"][0]["mean_se"].number()));
  auto text = run_ankieta({"means", "w", "--by", "a", "--lang", "en", "--db", db});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("w: equal means across a: not computed: the covariance of the group means is singular") !=
        std::string::npos);
}
