// Bad numeric options of every command: a usage error (exit 2) naming the option and its range,
// never a wrapped, truncated or NaN value used silently.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "run_ankieta.hpp"

using namespace ankieta::testing;

TEST_CASE("numeric options out of range are usage errors naming the option and the range", "[options]") {
  TempDir dir;
  const std::string db = dir / "s.db";
  const std::string q = test_data("import/hostile.yaml");
  REQUIRE(run_ankieta({"init", q, "--db", db}).status == 0);
  const std::string before = read_file(db);
  struct Case {
    std::vector<std::string> arguments;
    std::string message;
  };
  const Case cases[] = {
      {{"info", "--db", db, "--wave", "1e19"}, "--wave must be a whole number of at least 1; got '1e19'"},
      {{"info", "--db", db, "--wave", "0"}, "--wave must be a whole number of at least 1; got '0'"},
      {{"codebook", "--db", db, "--wave", "-3"}, "--wave must be a whole number of at least 1; got '-3'"},
      {{"export", "--db", db, "--format", "csv", "--out", dir / "o.csv", "--wave", "1.5"}, "--wave must be a whole number of at least 1; got '1.5'"},
      {{"freq", "n", "--db", db, "--wave", "nan"}, "--wave 'nan': 'nan' is not a wave number; expected N, a list such as 1,2, or all"},
      {{"means", "n", "--db", db, "--wave", "1,\x1b[2J"}, "--wave '1,\\x1b[2J': '\\x1b[2J' is not a wave number"},
      {{"import", dir / "x.csv", "--db", db, "--wave", "9223372036854775808"}, "--wave must be a whole number of at least 1"},
      {{"import", dir / "x.csv", "--db", db, "--max-errors", "-1"}, "--max-errors must be a whole number from 0 to 1000000000; got '-1'"},
      {{"simulate", q, "--n", "0"}, "--n must be a whole number from 1 to 1000000000; got '0'"},
      {{"simulate", q, "--n", "-5"}, "--n must be a whole number from 1 to 1000000000; got '-5'"},
      {{"simulate", q, "--n", "1e30"}, "--n must be a whole number from 1 to 1000000000; got '1e30'"},
      {{"simulate", q, "--n", "10", "--seed", "-1"}, "--seed must be a whole number of at least 0; got '-1'"},
      {{"freq", "n", "--db", db, "--ci-level", "1.5"}, "--ci-level must be a number strictly between 0 and 1; got '1.5'"},
      {{"freq", "n", "--db", db, "--ci-level", "0"}, "--ci-level must be a number strictly between 0 and 1; got '0'"},
      {{"means", "n", "--db", db, "--ci-level", "nan"}, "--ci-level must be a number strictly between 0 and 1; got 'nan'"},
      {{"freq", "n", "--db", db, "--small-base", "-3"}, "--small-base must be a number of at least 0; got '-3'"},
      {{"freq", "n", "--db", db, "--small-base", "inf"}, "--small-base must be a number of at least 0; got 'inf'"},
      {{"crosstab", "n", "--by", "x", "--db", db, "--sig-level", "1"}, "--sig-level must be a number strictly between 0 and 1; got '1'"},
      {{"weight", "--db", db, "--frame", dir / "f.csv", "--max-iter", "0"}, "--max-iter must be a whole number from 1 to 1000000; got '0'"},
      {{"weight", "--db", db, "--frame", dir / "f.csv", "--name", "t", "--method", "rake", "--trim", "-5,2"}, "--trim '-5,2': expected 0 <= LOW < HIGH"},
      {{"weight", "--db", db, "--frame", dir / "f.csv", "--name", "t", "--method", "rake", "--trim", "0,0"}, "--trim '0,0': expected 0 <= LOW < HIGH"},
      {{"weight", "--db", db, "--frame", dir / "f.csv", "--name", "t", "--method", "rake", "--trim", "1,inf"}, "--trim '1,inf': expected two finite numbers"},
      {{"weight", "--db", db, "--frame", dir / "f.csv", "--name", "t", "--method", "calibrate", "--bounds", "1.2,3"}, "--bounds '1.2,3': expected L < 1 < U"},
      {{"weight", "--db", db, "--frame", dir / "f.csv", "--name", "t", "--method", "calibrate", "--bounds", "nan,2"}, "--bounds 'nan,2': expected two finite numbers"},
      {{"weight", "--db", db, "--frame", dir / "f.csv", "--max-iter", "1e12"}, "--max-iter must be a whole number from 1 to 1000000; got '1e12'"},
      {{"weight", "--db", db, "--frame", dir / "f.csv", "--tolerance", "-1"}, "--tolerance must be a number strictly between 0 and 1; got '-1'"},
      {{"info", "--db", db, "--wave", "1\x1b[2J"}, "--wave must be a whole number of at least 1; got '1\\x1b[2J'"},
  };
  for (const auto& c : cases) {
    INFO(c.arguments[0] << " " << c.message);
    auto result = run_ankieta(c.arguments);
    CHECK(result.status == 2);
    CHECK(result.err.find(c.message) != std::string::npos);
    CHECK(result.err.find('\x1b') == std::string::npos);
  }
  CHECK(read_file(db) == before);
}
