// An export of several waves imports back as it is: the `wave` column gives each row its wave,
// columns named after variables stand in for the definition's CSV columns (yr_rnd for yr.rnd), and
// a delimited multi question read from its 0/1 item columns. The numbers of the new database are
// those of the old one.
#include <catch2/catch.hpp>

#include <string>

#include "json_run.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

const std::string kDefinition =
    "id: firms\n"
    "respondent_id: id\n"
    "sections:\n"
    "  - id: main\n"
    "    questions:\n"
    "      - {id: size_class, column: size.class, type: single, options: [{value: 1, label: small}, {value: 2, label: large}]}\n"
    "      - {id: staff, type: numeric}\n"
    "      - id: channels\n"
    "        type: multi\n"
    "        input: delimited\n"
    "        separator: '|'\n"
    "        options: [{value: 1, label: web}, {value: 2, label: fairs}, {value: 3, label: agents}]\n"
    "      - {id: member, type: single, waves: 2+, options: [{value: 1, label: 'yes'}, {value: 2, label: 'no'}]}\n";

}  // namespace

TEST_CASE("export: a database of two waves exported as CSV imports back as it is", "[export][waves]") {
  TempDir dir;
  write_file(dir / "q.yaml", kDefinition);
  const std::string db = dir / "s.db";
  REQUIRE(run_ankieta({"init", dir / "q.yaml", "--db", db}).status == 0);
  write_file(dir / "w1.csv", "id,size.class,staff,channels\nA,1,10,1|2\nB,2,200,3\nC,1,5,\n");
  write_file(dir / "w2.csv", "id,size.class,staff,channels,member\nA,1,12,1,1\nD,2,300,2|3,2\n");
  REQUIRE(run_ankieta({"import", dir / "w1.csv", "--wave", "1", "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", dir / "w2.csv", "--wave", "2", "--db", db}).status == 0);

  auto exported = run_ankieta({"export", "--format", "csv", "--out", dir / "all.csv", "--db", db});
  INFO(exported.err);
  REQUIRE(exported.status == 0);
  const std::string csv = read_file(dir / "all.csv");
  REQUIRE(csv.rfind("id,wave,size_class,staff,channels_1,channels_2,channels_3,member", 0) == 0);

  const std::string copy = dir / "copy.db";
  REQUIRE(run_ankieta({"init", dir / "q.yaml", "--db", copy}).status == 0);
  auto imported = run_ankieta({"import", dir / "all.csv", "--db", copy});
  INFO(imported.err);
  REQUIRE(imported.status == 0);
  CHECK(imported.err.find("5 loaded, 0 rejected (each row's wave from its column 'wave')") != std::string::npos);

  // The same JSON from both databases (they differ only in their file names, which JSON omits).
  auto json_of = [](std::vector<std::string> arguments) {
    auto result = run_ankieta(arguments);
    INFO(result.err);
    REQUIRE(result.status == 0);
    return result.out;
  };
  for (const std::string wave : {"1", "2"})
    for (const std::string name : {"size_class", "channels"}) {
      INFO(name << " in wave " << wave);
      const std::string before = json_of({"freq", name, "--wave", wave, "--format", "json", "--db", db});
      CHECK(before.find("\"n\":") != std::string::npos);
      CHECK(json_of({"freq", name, "--wave", wave, "--format", "json", "--db", copy}) == before);
    }
  auto member = run_json({"freq", "member", "--format", "json", "--db", copy});
  CHECK(member["wave"].number() == 2);
  CHECK(row_with(member["rows"], "value", "1")["n"].number() == 1);
  CHECK(json_of({"means", "staff", "--wave", "1", "--format", "json", "--db", copy}) ==
        json_of({"means", "staff", "--wave", "1", "--format", "json", "--db", db}));
  CHECK(run_json({"means", "staff", "--wave", "1", "--format", "json", "--db", copy})["rows"][0]["mean"].number() ==
        Approx(215.0 / 3));

  // The file says each row's wave: --wave as well is a contradiction.
  const std::string third = dir / "third.db";
  REQUIRE(run_ankieta({"init", dir / "q.yaml", "--db", third}).status == 0);
  auto both = run_ankieta({"import", dir / "all.csv", "--wave", "2", "--db", third});
  CHECK(both.status == 2);
  CHECK(both.err.find("the file has its own wave column 'wave'; --wave cannot be given") != std::string::npos);
}
