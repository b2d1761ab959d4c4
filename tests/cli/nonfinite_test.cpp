// End to end: absurd magnitudes are refused with a message naming where they are, exit 65, and
// the database is left as it was (issue 9: a population of 1.7e308 was accepted and tables lost
// their standard errors). The bound is analysis::kMaxMagnitude (1e15, docs/analysis.md).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

const char* kQuestionnaire =
    "id: big\nrespondent_id: id\ndesign:\n  weight: w\n"
    "sections:\n"
    "  - id: main\n"
    "    questions:\n"
    "      - {id: g, type: single, options: [{value: 1, label: a}, {value: 2, label: b}]}\n"
    "      - {id: x, type: numeric}\n"
    "      - {id: w, type: numeric}\n";

}  // namespace

TEST_CASE("weights, frame figures and answers beyond 1e15 are refused with a message", "[nonfinite]") {
  struct Case {
    const char* what;
    std::string csv;                     // responses
    std::vector<std::string> arguments;  // the command, without --db
    std::string message;                 // expected in stderr
  };
  const std::string good = "id,g,x,w\n1,1,5,2\n2,2,7,3\n3,1,1,2\n4,2,2,1\n";
  TempDir dir;
  write_file(dir / "huge.csv", "g,population\n1,1.7e308\n2,10\n");
  const Case cases[] = {
      {"a frame population of 1.7e308", good, {"weight", "--frame", dir / "huge.csv", "--method", "poststratify", "--name", "ps"},
       "huge.csv:2: population 1.7e308 is beyond 1e+15; expected a count of population units"},
      {"a weight of 1e300", "id,g,x,w\n1,1,5,2\n2,2,7,1e300\n3,1,1,2\n4,2,2,1\n", {"freq", "g"},
       "design: row 2: weight 1e+300 is beyond 1e+15"},
      {"an answer of 1.7e308", "id,g,x,w\n1,1,5,2\n2,2,1.7e308,3\n3,1,1,2\n4,2,2,1\n", {"means", "x"},
       "variable 'x', row 2: value 1.7e+308 is beyond ±1e+15"},
  };
  for (const Case& c : cases) {
    SECTION(c.what) {
      const std::string db = dir / (std::string(c.what).substr(2, 6) + ".db");
      write_file(dir / "big.yaml", kQuestionnaire);
      write_file(dir / "responses.csv", c.csv);
      REQUIRE(run_ankieta({"init", dir / "big.yaml", "--db", db}).status == 0);
      auto imported = run_ankieta({"import", dir / "responses.csv", "--db", db});
      INFO(imported.err);
      REQUIRE(imported.status == 0);
      const std::string before = read_file(db);
      std::vector<std::string> arguments = c.arguments;
      arguments.insert(arguments.end(), {"--db", db});
      auto run = run_ankieta(arguments);
      INFO(run.err);
      CHECK(run.status == 65);
      CHECK(run.err.find(c.message) != std::string::npos);
      CHECK((read_file(db) == before));
    }
  }
}
