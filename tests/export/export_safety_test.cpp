// Exports that are safe to open (issue 9): a --where on a PII variable is named, not echoed, in the
// file's notes and codebook; CSV text cells that a spreadsheet would run as formulas get a leading
// ', numbers never, and --no-formula-guard writes them as they are. Written, then read back.
#include <catch2/catch.hpp>

#include "ankieta/export/formula_guard.hpp"
#include "firms_survey.hpp"

using namespace ankieta::testing;

TEST_CASE("formula guard: text that a spreadsheet would run gets a leading quote, numbers never", "[export][safety]") {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"}, {"+48 600 100 200", "'+48 600 100 200"},
      {"-2+3", "'-2+3"}, {"@SUM(A1)", "'@SUM(A1)"}, {"\tx", "'\tx"}, {"\rx", "'\rx"},
      {"-3.5", "-3.5"}, {"+1e3", "+1e3"}, {"-0,25", "-0,25"}, {"Kowalski", "Kowalski"}, {"", ""}, {"a=b", "a=b"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(ankieta::exports::guard_formula(c.text) == c.expected);
  }
}

TEST_CASE("export csv: formula cells are guarded unless --no-formula-guard, read back", "[export][safety]") {
  TempDir dir;
  std::string db = dir / "s.db";
  write_file(dir / "q.yaml", "id: t\nversion: 1\nrespondent_id: id\nsections:\n  - id: m\n    title: M\n    questions:\n"
                             "      - {id: note, type: text}\n      - {id: x, type: numeric}\n");
  write_file(dir / "r.csv", "id,note,x\nA,=1+2,-3.5\nB,@cmd,2\nC,plain,-1\n");
  REQUIRE(run_ankieta({"init", dir / "q.yaml", "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", dir / "r.csv", "--db", db}).status == 0);
  RunResult guarded = run_ankieta({"export", "--db", db, "--out", dir / "g.csv"});
  INFO(guarded.err);
  REQUIRE(guarded.status == 0);
  std::string text = read_file(dir / "g.csv");
  CHECK(text.find("A,1,'=1+2,-3.5\n") != std::string::npos);
  CHECK(text.find("B,1,'@cmd,2\n") != std::string::npos);
  CHECK(text.find("C,1,plain,-1\n") != std::string::npos);
  RunResult raw = run_ankieta({"export", "--db", db, "--out", dir / "n.csv", "--no-formula-guard"});
  REQUIRE(raw.status == 0);
  std::string plain = read_file(dir / "n.csv");
  CHECK(plain.find("A,1,=1+2,-3.5\n") != std::string::npos);
  CHECK(plain.find("B,1,@cmd,2\n") != std::string::npos);
}

TEST_CASE("export --where on a PII variable: named in the notes, its value not copied", "[export][safety]") {
  FirmsSurvey survey;
  for (const char* format : {"csv", "sav", "dta"}) {
    DYNAMIC_SECTION(format) {
      std::string out = survey.dir / (std::string("w.") + format);
      RunResult run = survey.export_command({"--out", out, "--where", "contact != 'Kowalski sekret'"});
      INFO(run.err);
      REQUIRE(run.status == 0);
      std::string written = read_file(out);
      if (std::string(format) == "csv") written += read_file(survey.dir / "w.codebook.md");
      CHECK(written.find("Kowalski sekret") == std::string::npos);
      CHECK(written.find("contact") != std::string::npos);
    }
  }
  SECTION("a --where on other variables is still shown") {
    std::string out = survey.dir / "r.csv";
    REQUIRE(survey.export_command({"--out", out, "--where", "region == 1"}).status == 0);
    CHECK(read_file(survey.dir / "r.codebook.md").find("region == 1") != std::string::npos);
  }
}
