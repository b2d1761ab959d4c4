// `ankieta export` and `ankieta codebook` end to end: inputs that must fail, with their exit status
// and exact message, and no output file left behind.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "ankieta/export/dataset.hpp"
#include "ankieta/export/microdata.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "firms_survey.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

struct FailingCase {
  std::vector<std::string> arguments;  // after "export --db DB"
  int status;
  std::string message;  // stderr, whole
};

}  // namespace

TEST_CASE("export refuses bad arguments with a clear message and creates no file", "[export]") {
  FirmsSurvey firms;
  std::string out = firms.dir / "out.sav";
  const std::vector<FailingCase> cases = {
      {{"--format", "xlsx", "--out", out}, 2, "ankieta export: unknown --format 'xlsx'; expected sav, dta or csv\n"},
      {{"--out", firms.dir / "out.txt"}, 2,
       "ankieta export: cannot tell the format from '" + firms.dir / "out.txt" + "'; give --format sav, dta or csv\n"},
      {{"--format", "sav"}, 2, "ankieta export: the option '--out' is required but missing; see 'ankieta export --help'\n"},
      {{"--out", out, "--lang", "de"}, 2, "ankieta export: unknown --lang 'de'; expected pl or en\n"},
      {{"--out", out, "--where", "region = 1"}, 2,
       "ankieta export: --where:8: '=' is not an operator; use '=='\n  region = 1\n         ^\n"},
      {{"--out", out, "--where", "region == 2 and exporter == 1"}, 65,
       "ankieta export: --where 'region == 2 and exporter == 1' selects no respondents (of 3); check the codes with 'ankieta codebook'\n"},
      {{"--out", out, "--wave", "2"}, 65, "ankieta export: wave 2 has no respondents; the database holds waves 1 (3 respondents)\n"},
      {{"--out", out, "--weight", "size"}, 2, "ankieta export: --weight 'size' is not a variable of the survey; 'ankieta codebook' lists the variables\n"},
      {{"--out", out, "--weight", "contact"}, 2,
       "ankieta export: --weight 'contact' is not exported (it is a PII text question); 'ankieta codebook' lists the variables\n"},
      {{"--out", out, "--weight", "region"}, 2,
       "ankieta export: --weight 'region' must be a numeric variable without codes, such as the design weight\n"},
      {{"--out", out, "--weight", "employees"}, 2,
       "ankieta export: --weight 'employees' must be a numeric variable without codes, such as the design weight\n"},
  };
  for (const auto& failing : cases) {
    std::vector<std::string> arguments = {"export", "--db", firms.db};
    arguments.insert(arguments.end(), failing.arguments.begin(), failing.arguments.end());
    RunResult run = run_ankieta(arguments);
    INFO(failing.message);
    CHECK(run.status == failing.status);
    CHECK(run.err.substr(0, failing.message.size()) == failing.message);
    CHECK(run.out.empty());
    CHECK_FALSE(std::filesystem::exists(out));
  }
}

TEST_CASE("export to a file that cannot be created exits 73 naming the file", "[export]") {
  FirmsSurvey firms;
  for (std::string format : {"sav", "dta", "csv"}) {
    std::string out = firms.dir / "no-such-folder/data." + format;
    RunResult run = run_ankieta({"export", "--db", firms.db, "--format", format, "--out", out});
    INFO(format);
    CHECK(run.status == 73);
    CHECK(run.err == "ankieta export: " + out + ": cannot create output file: No such file or directory\n");
  }
  // The data file is writable but its codebook is not: neither is left behind.
  std::filesystem::create_directory(firms.dir / "blocked");
  std::filesystem::create_directory(firms.dir / "blocked/data.codebook.md");  // a folder in the codebook's place
  RunResult run = run_ankieta({"export", "--db", firms.db, "--out", firms.dir / "blocked/data.csv"});
  CHECK(run.status == 73);
  CHECK(run.err.rfind("ankieta export: " + firms.dir / "blocked/data.codebook.md" + ": cannot create output file: ", 0) == 0);
  CHECK_FALSE(std::filesystem::exists(firms.dir / "blocked/data.csv"));

  RunResult codebook = run_ankieta({"codebook", "--db", firms.db, "--out", firms.dir / "no-such-folder/c.md"});
  CHECK(codebook.status == 73);
  CHECK(codebook.err == "ankieta codebook: " + firms.dir / "no-such-folder/c.md" + ": cannot create output file: No such file or directory\n");
}

TEST_CASE("export and codebook need an existing database and known options", "[export]") {
  TempDir dir;
  RunResult missing = run_ankieta({"export", "--db", dir / "none.db", "--out", dir / "x.csv"});
  CHECK(missing.status == 66);
  CHECK(missing.err.find(dir / "none.db" + ": no such database") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "x.csv"));
  RunResult format = run_ankieta({"codebook", "--db", dir / "none.db", "--format", "pdf"});
  CHECK(format.status == 2);
  CHECK(format.err == "ankieta codebook: unknown --format 'pdf'; expected md or html\n");
  CHECK(run_ankieta({"export", "--help"}).status == 0);
  CHECK(run_ankieta({"codebook", "--help"}).status == 0);
}

TEST_CASE("extra weight columns are written after the questionnaire's variables", "[export]") {
  using namespace ankieta::exports;
  FirmsSurvey firms;
  ankieta::survey::Store store(firms.db, false);
  ExportOptions options;
  options.extra_weights.push_back({"w_rake", "waga kalibrowana", {1.5, 2.25, 3}});
  options.case_weight = "w_rake";
  options.where = "region == 1";
  Dataset dataset = build_dataset(store, options);
  REQUIRE(dataset.variables.back().name == "w_rake");
  CHECK(dataset.variables.back().role == VariableRole::weight);
  CHECK(dataset.variables.back().numbers == std::vector<double>{1.5, 3});  // rows F1 and F3
  CHECK(dataset.case_weight == "w_rake");
  write_csv(dataset, firms.dir / "weights.csv");
  std::string csv = read_file(firms.dir / "weights.csv");
  CHECK(csv.find(",visited,w,w_rake\n") != std::string::npos);
  CHECK(csv.find(",2024-03-12,10,1.5\n") != std::string::npos);
  CHECK(csv.find(",12.5,3\n") != std::string::npos);
  CHECK(read_file(firms.dir / "weights.codebook.md").find("| 18 | `w_rake` | liczba | waga kalibrowana | 2 |") != std::string::npos);

  options.extra_weights[0].values.pop_back();
  CHECK_THROWS_WITH(build_dataset(store, options), "weight column 'w_rake' has 2 values but the selection has 3 respondents");
  options.extra_weights[0] = {"region", "", {1, 1, 1}};
  options.case_weight.clear();
  CHECK_THROWS_WITH(build_dataset(store, options), "weight column 'region' has the name of another variable");
}

TEST_CASE("iso dates from day numbers and UTF-8 truncation", "[export]") {
  using namespace ankieta::exports;
  CHECK(iso_date_from_days(0) == "1970-01-01");
  CHECK(iso_date_from_days(19794) == "2024-03-12");
  CHECK(iso_date_from_days(19782) == "2024-02-29");
  CHECK(iso_date_from_days(-1) == "1969-12-31");
  CHECK(iso_date_from_days(std::nan("")).empty());
  CHECK(truncate_utf8("żółw", 3) == "ż");
  CHECK(truncate_utf8("żółw", 4) == "żó");
  CHECK(truncate_utf8("abc", 10) == "abc");
  CHECK(utf8_length("żółw") == 4);
}
