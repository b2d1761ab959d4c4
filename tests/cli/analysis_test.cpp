// End to end: freq, crosstab and means on the small test survey — bases, missing codes and filters,
// domains, output formats, and every kind of bad request with its message and exit status.
#include <catch2/catch.hpp>

#include "json.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

// firms.yaml + good.csv (3 firms: F1 and F3 in region 1, F2 alone in region 2) and three more firms
// so that every region has two PSUs.
struct Survey {
  TempDir dir;
  std::string db = dir / "survey.db";
  explicit Survey(bool lonely = false) {
    REQUIRE(run_ankieta({"init", test_data("import/firms.yaml"), "--db", db}).status == 0);
    REQUIRE(run_ankieta({"import", test_data("import/good.csv"), "--db", db}).status == 0);
    if (lonely) return;
    write_file(dir / "more.csv",
               "firm_id,region,employees,revenue,exporter,export_share,mood,channels_1,channels_2,barriers,benefits_a,benefits_b,contact,visited,w\n"
               "F4,2,30,200,1,10,2,1,1,2,5,5,,2024-01-02,20\n"
               "F5,2,7,50,2,,1,0,1,,1,1,,2024-01-03,20\n"
               "F6,1,3,,1,55,3,1,0,3,5,,,2024-01-04,12.5\n");
    REQUIRE(run_ankieta({"import", dir / "more.csv", "--db", db}).status == 0);
  }
};

Json json_of(const RunResult& result) {
  INFO(result.err);
  REQUIRE(result.status == 0);
  return Json::parse(result.out);
}

}  // namespace

TEST_CASE("a frequency table keeps missing codes and those not asked apart from the valid base", "[analysis]") {
  Survey survey;
  Json table = json_of(run_ankieta({"freq", "exporter", "--format", "json", "--db", survey.db}));
  CHECK(table["kind"].str() == "freq");
  CHECK(table["base"]["n"].number() == 5);                  // F3 answered 9 = don't know
  CHECK(table["base"]["total"].number() == Approx(72.5));  // 10 + 10 + 20 + 20 + 12.5
  CHECK(table["base"]["all_n"].number() == 6);
  const Json& rows = table["rows"];
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["value"].str() == "1");
  CHECK(rows[0]["n"].number() == 3);
  CHECK(rows[0]["total"].number() == Approx(42.5));
  CHECK(rows[0]["prop"].number() == Approx(42.5 / 72.5));
  CHECK(rows[2]["value"].str() == "9");
  CHECK(rows[2]["missing"].boolean());
  CHECK_FALSE(rows[0]["missing"].boolean());
  CHECK(rows[2]["n"].number() == 1);

  // export_share was asked only of exporters: F2, F3 and F5 were not asked.
  Json means = json_of(run_ankieta({"means", "export_share", "--format", "json", "--db", survey.db}));
  CHECK(means["rows"][0]["n"].number() == 3);
  CHECK(means["rows"][0]["mean"].number() == Approx((40 * 10 + 10 * 20 + 55 * 12.5) / 42.5));
}

TEST_CASE("unweighted tables give the classic counts and percentages", "[analysis]") {
  Survey survey;
  Json table = json_of(run_ankieta({"freq", "region", "--unweighted", "--format", "json", "--db", survey.db}));
  CHECK(table["weighted"].kind() == Json::Kind::boolean);
  CHECK_FALSE(table["weighted"].boolean());
  CHECK(table["rows"][0]["total"].number() == 3);
  CHECK(table["rows"][0]["prop"].number() == Approx(0.5));
  CHECK(table["design"]["strata"].number() == 1);
}

TEST_CASE("multiple-response and grid questions", "[analysis]") {
  Survey survey;
  Json multi = json_of(run_ankieta({"freq", "barriers", "--format", "json", "--db", survey.db}));
  CHECK(multi["kind"].str() == "multi");
  // Answered: F1 (1|3), F4 (2), F6 (3); F3 refused (99), F2 and F5 blank.
  CHECK(multi["base"]["n"].number() == 3);
  CHECK(multi["base"]["total"].number() == Approx(42.5));
  CHECK(multi["rows"][2]["prop"].number() == Approx(22.5 / 42.5));     // "przepisy": F1 and F6
  CHECK(multi["rows"][2]["prop_of_responses"].number() == Approx(22.5 / 52.5));
  Json grid = json_of(run_ankieta({"freq", "benefits", "--format", "json", "--db", survey.db}));
  CHECK(grid["kind"].str() == "grid");
  REQUIRE(grid["items"].size() == 2);
  CHECK(grid["items"][0]["variable"].str() == "benefits_a");
}

TEST_CASE("a --where domain keeps the whole design for the variance", "[analysis]") {
  Survey survey;
  Json all = json_of(run_ankieta({"means", "revenue", "--format", "json", "--db", survey.db}));
  Json domain = json_of(run_ankieta({"means", "revenue", "--where", "region == 1", "--format", "json", "--db", survey.db}));
  CHECK(domain["where"].str() == "region == 1");
  CHECK(domain["design"]["n"].number() == all["design"]["n"].number());
  CHECK(domain["rows"][0]["n"].number() == 2);  // F1 and F3; F6 has no revenue
  CHECK(domain["rows"][0]["mean"].number() == Approx((1500.5 * 10 + 800 * 12.5) / 22.5));
}

TEST_CASE("output formats", "[analysis]") {
  Survey survey;
  auto csv = run_ankieta({"freq", "region", "--format", "csv", "--lang", "en", "--db", survey.db});
  CHECK(csv.status == 0);
  // Tidy (issue 10): keys as headers, one value per cell (docs/output-formats.md).
  CHECK(csv.out.rfind("row_type,value,label,n,total,total_se,prop,prop_se,ci_lower,ci_upper,deff,small_base,n_eff\ncategory,1,north,", 0) == 0);
  auto md = run_ankieta({"crosstab", "exporter", "--by", "region", "--format", "md", "--db", survey.db});
  CHECK(md.status == 0);
  CHECK(md.out.find("| odpowiedź | ogółem | północ (A) | południe (B) |") != std::string::npos);
  auto text = run_ankieta({"means", "employees", "--by", "region", "--db", survey.db});
  CHECK(text.status == 0);
  CHECK(text.out.find("design: stratified by region; weight w;") != std::string::npos);
  TempDir out;
  auto to_file = run_ankieta({"freq", "region", "--out", out / "t.txt", "--db", survey.db});
  CHECK(to_file.status == 0);
  CHECK(read_file(out / "t.txt").find("północ") != std::string::npos);
  auto bad_out = run_ankieta({"freq", "region", "--out", out / "missing/dir/t.txt", "--db", survey.db});
  CHECK(bad_out.status == 73);
  CHECK(bad_out.err.find("t.txt: cannot create output file: No such file or directory") != std::string::npos);
}

TEST_CASE("bad analysis requests name the problem", "[analysis]") {
  Survey survey;
  struct Case {
    const char* what;
    std::vector<std::string> arguments;
    int status;
    std::string message;
  };
  const Case cases[] = {
      {"unknown variable", {"freq", "nope"}, 2, "unknown variable 'nope'; 'ankieta info' lists the questions"},
      {"numeric in freq", {"freq", "employees"}, 2,
       "'employees' is a numeric question; freq takes single-choice, scale, multi and grid questions (use 'ankieta means employees')"},
      {"categorical in means", {"means", "region"}, 2, "'region' is a single question; means takes numeric, scale and grid items (use 'ankieta freq region')"},
      {"where syntax", {"freq", "region", "--where", "region = 1"}, 2, "--where:8: '=' is not an operator; use '=='"},
      {"where impossible value", {"freq", "region", "--where", "region == 3"}, 2, "--where:11: 'region' cannot take the value 3 (its codes are 1, 2)"},
      {"where selects no one", {"freq", "region", "--where", "region == 1 and employees > 900"}, 65,
       "--where 'region == 1 and employees > 900' selects no respondents (of 6)"},
      {"numeric column variable", {"crosstab", "region", "--by", "employees"}, 2,
       "column variable 'employees' is a numeric question; crosstab takes single-choice and scale variables"},
      {"multi column variable", {"crosstab", "region", "--by", "channels"}, 2,
       "column variable 'channels' is a multi question; a column variable needs exclusive categories: put it in the row, "
       "or use one of its items (channels_1, channels_2)"},
      {"grid row variable", {"crosstab", "benefits", "--by", "region"}, 2,
       "row variable 'benefits' is a grid question; use one of its items (benefits_a, benefits_b)"},
      {"multi row with --show", {"crosstab", "channels", "--by", "region", "--show", "cell"}, 2,
       "'channels' is a multiple-response question: its crosstab shows column percentages only (leave out --show)"},
      {"bad ci method", {"freq", "region", "--ci-method", "exact"}, 2,
       "unknown confidence interval method 'exact'; expected wald, logit, beta, xlogit, asin or mean"},
      {"bad lonely-psu", {"freq", "region", "--lonely-psu", "drop"}, 2, "drop"},
      {"bad format", {"freq", "region", "--format", "xml"}, 2, "unknown --format 'xml'; expected text, csv, md, json, html or xlsx"},
      {"weight and unweighted", {"freq", "region", "--weight", "w", "--unweighted"}, 2, "--weight and --unweighted cannot be used together"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    std::vector<std::string> arguments = c.arguments;
    arguments.push_back("--db");
    arguments.push_back(survey.db);
    auto result = run_ankieta(arguments);
    CHECK(result.status == c.status);
    CHECK(result.err.find(c.message) != std::string::npos);
  }
}

TEST_CASE("a stratum with one PSU fails by default and each lonely-PSU option answers", "[analysis]") {
  Survey survey(true);  // region 2 holds F2 alone
  auto failed = run_ankieta({"freq", "exporter", "--db", survey.db});
  CHECK(failed.status == 65);
  CHECK(failed.err.find("stratum 'region=2' has only one PSU; choose --lonely-psu remove|adjust|certainty|average") != std::string::npos);
  for (const char* option : {"remove", "adjust", "certainty", "average"}) {
    INFO(option);
    CHECK(run_ankieta({"freq", "exporter", "--lonely-psu", option, "--db", survey.db}).status == 0);
  }
}

TEST_CASE("scale means come with top-2 and bottom-2 box shares", "[analysis]") {
  Survey survey;
  Json means = json_of(run_ankieta({"means", "mood", "--format", "json", "--db", survey.db}));
  const Json& row = means["rows"][0];
  // Valid answers (F2 said 9 = hard to say): F1 3 (w 10), F3 2 (12.5), F4 2 (20), F5 1 (20), F6 3 (12.5).
  CHECK(row["mean"].number() == Approx((3 * 10 + 2 * 12.5 + 2 * 20 + 1 * 20 + 3 * 12.5) / 75.0));
  CHECK(row["top2"].number() == Approx(55.0 / 75.0));
  CHECK(row["bottom2"].number() == Approx(52.5 / 75.0));
  CHECK(row["top2_se"].number() > 0);
}

TEST_CASE("weight sets are exported as columns and can be the case weight", "[analysis]") {
  Survey survey;
  write_file(survey.dir / "frame.csv", "region,population\n1,100\n2,200\n");
  auto weighted = run_ankieta({"weight", "--frame", survey.dir / "frame.csv", "--method", "poststratify", "--name", "ps", "--db", survey.db});
  INFO(weighted.err);
  REQUIRE(weighted.status == 0);
  auto exported = run_ankieta({"export", "--out", survey.dir / "data.csv", "--weight", "ps", "--db", survey.db});
  INFO(exported.err);
  REQUIRE(exported.status == 0);
  std::string csv = read_file(survey.dir / "data.csv");
  std::string header = csv.substr(0, csv.find('\n'));
  CHECK(header.substr(header.rfind(',') + 1) == "w_ps");
  // F1 is in region 1 with base weight 10; region 1's base weights add up to 10 + 12.5 + 12.5.
  std::string first = csv.substr(csv.find('\n') + 1);
  first = first.substr(0, first.find('\n'));
  CHECK(std::stod(first.substr(first.rfind(',') + 1)) == Approx(10.0 * 100.0 / 35.0).epsilon(1e-12));
}
