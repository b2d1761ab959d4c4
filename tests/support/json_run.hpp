// End-to-end checks that read a command's JSON output: run `ankieta`, require success, parse.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "json.hpp"
#include "run_ankieta.hpp"

namespace ankieta::testing {

inline test::Json run_json(const std::vector<std::string>& arguments) {
  auto result = run_ankieta(arguments);
  INFO(result.err);
  REQUIRE(result.status == 0);
  return test::Json::parse(result.out);
}

// The element of the JSON array `rows` whose `key` reads `value`; the test fails when none does.
inline const test::Json& row_with(const test::Json& rows, const std::string& key, const std::string& value) {
  for (std::size_t idx = 0; idx < rows.size(); ++idx)
    if (rows[idx][key].str() == value) return rows[idx];
  FAIL("no row with " << key << " = " << value);
  return rows[0];
}

}  // namespace ankieta::testing
