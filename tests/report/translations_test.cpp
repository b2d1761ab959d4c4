// The one translation catalogue (report/translate.hpp): Polish plural forms, and a scan of the
// --lang pl output of every table command for fixed English text.
#include <catch2/catch.hpp>

#include <cctype>
#include <sstream>

#include "ankieta/report/translate.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::report::count_of;
using ankieta::report::PluralForm;
using ankieta::report::polish_plural;
using ankieta::survey::Language;

namespace {

// `word` as a word of `line`: not inside an identifier such as a test's name ("pearson-weighted")
// or an R function ("svyratio"), which stay as they are in every language.
bool has_word(const std::string& line, const std::string& word) {
  auto part_of_name = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; };
  for (std::size_t at = line.find(word); at != std::string::npos; at = line.find(word, at + 1)) {
    bool starts = at == 0 || !part_of_name(line[at - 1]);
    bool ends = at + word.size() >= line.size() || !part_of_name(line[at + word.size()]) || !part_of_name(word.back());
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("Polish plural forms: 1 wiersz, 3 wiersze, 5 wierszy", "[translations]") {
  struct Case {
    std::int64_t n;
    PluralForm form;
    const char* rows;
  };
  const std::vector<Case> cases = {
      {0, PluralForm::many, "0 wierszy"},   {1, PluralForm::one, "1 wiersz"},      {2, PluralForm::few, "2 wiersze"},
      {4, PluralForm::few, "4 wiersze"},    {5, PluralForm::many, "5 wierszy"},    {11, PluralForm::many, "11 wierszy"},
      {12, PluralForm::many, "12 wierszy"}, {14, PluralForm::many, "14 wierszy"},  {21, PluralForm::many, "21 wierszy"},
      {22, PluralForm::few, "22 wiersze"},  {112, PluralForm::many, "112 wierszy"}, {1001, PluralForm::many, "1001 wierszy"},
      {1003, PluralForm::few, "1003 wiersze"},
  };
  for (const auto& c : cases) {
    INFO(c.n);
    CHECK(polish_plural(c.n) == c.form);
    CHECK(count_of(Language::pl, c.n, "rows", "row") == c.rows);
  }
  CHECK(count_of(Language::en, 1, "rows", "row") == "1 row");
  CHECK(count_of(Language::en, 3, "rows", "row") == "3 rows");
  CHECK(count_of(Language::pl, 1, "tables", "table") == "1 tabela");
  CHECK(count_of(Language::pl, 5, "tables", "table") == "5 tabel");
}

TEST_CASE("no fixed English text in the --lang pl output of freq, crosstab and means", "[translations]") {
  TempDir dir;
  std::string db = dir / "survey.db";
  REQUIRE(run_ankieta({"init", test_data("import/firms.yaml"), "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", test_data("import/good.csv"), "--db", db}).status == 0);
  write_file(dir / "more.csv",  // every region with two PSUs
             "firm_id,region,employees,revenue,exporter,export_share,mood,channels_1,channels_2,barriers,benefits_a,benefits_b,contact,visited,w\n"
             "F4,2,30,200,1,10,2,1,1,2,5,5,,2024-01-02,20\n"
             "F5,2,7,50,2,,1,0,1,,1,1,,2024-01-03,20\n"
             "F6,1,3,,1,55,3,1,0,3,5,,,2024-01-04,12.5\n");
  REQUIRE(run_ankieta({"import", dir / "more.csv", "--db", db}).status == 0);
  const std::vector<std::vector<std::string>> commands = {
      {"freq", "region", "exporter", "barriers", "benefits", "--where", "region in (1, 2)", "--wave", "1"},
      {"crosstab", "exporter", "--by", "region", "--bonferroni"},
      {"crosstab", "exporter", "--by", "region", "--show", "row"},
      {"crosstab", "barriers", "--by", "region"},
      {"means", "employees", "mood", "--by", "region"},
      {"means", "employees", "--ratio", "revenue/employees", "--quantiles", "0.5"},
  };
  // Words of the layouts' fixed texts; the design line (the analysis library's description, in
  // English for now: docs/output-formats.md) is left out of the scan.
  const std::vector<std::string> english = {"answer", "total", "respondents", "percentages", "letters", "effective base",
                                            "asked only", "weighted", "unweighted", "domain", "wave", "mean", "group",
                                            "ratio", "base:", "on average", "missing", "not asked", "no answer", "item",
                                            "column", "row percentages", "read with caution", "differences", "declared",
                                            "Means", "Ratios", "multiple response", "by "};
  for (const auto& arguments : commands) {
    std::vector<std::string> full = arguments;
    full.insert(full.end(), {"--lang", "pl", "--small-base", "1000", "--db", db});
    RunResult run = run_ankieta(full);
    INFO(arguments.front() << " " << arguments[1] << "\n" << run.err);
    REQUIRE(run.status == 0);
    std::istringstream lines(run.out);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind("design: ", 0) == 0) continue;
      for (const auto& word : english) {
        INFO(line);
        CHECK_FALSE(has_word(line, word));
      }
    }
  }
}
