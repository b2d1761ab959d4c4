// A survey of 30 firms built so that each disclosure rule fires in a known cell (issue 14), for
// the tests of the commands' and the report's disclosure control.
//
// The survey (30 firms, weight 2 unless said): size 1 (micro) has 20 firms, 19 with turnover 10 and
// one of turnover 2000 and weight 1 (x1 = 2000 > 75% of X = 2380: dominance); size 2 (small) has 8,
// two of turnover 500 and 450 with weight 1 and six of 3 (X = 986, X - x1 - x2 = 36 < 10% of 500:
// the p% rule; both in holding 7, which makes them one contribution of 950 > 75% of X: dominance);
// size 3 (large) has 2 firms (threshold). By region: micro 12 + 8, small 6 + 2, large 1 + 1.
#pragma once

#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "run_ankieta.hpp"

namespace ankieta::testing {

inline const char* kDisclosureQuestionnaire =
    "id: sdc\nrespondent_id: id\ndesign:\n  weight: w\n"
    "sections:\n"
    "  - id: main\n"
    "    questions:\n"
    "      - {id: size, type: single, options: [{value: 1, label: micro}, {value: 2, label: small}, {value: 3, label: large}]}\n"
    "      - {id: region, type: single, options: [{value: 1, label: north}, {value: 2, label: south}]}\n"
    "      - {id: certified, type: single, options: [{value: 1, label: yes}, {value: 2, label: no}]}\n"
    "      - {id: turnover, type: numeric}\n"
    "      - {id: hold, type: numeric, integer: true}\n"
    "      - {id: w, type: numeric}\n";

inline std::string disclosure_survey_csv() {
  std::string csv = "id,size,region,certified,turnover,hold,w\n";
  int id = 0;
  auto add = [&](int size, int region, double turnover, const std::string& hold, double weight) {
    csv += fmt::format("f{},{},{},1,{},{},{}\n", ++id, size, region, turnover, hold, weight);
  };
  for (int firm = 0; firm < 19; ++firm) add(1, firm < 12 ? 1 : 2, 10, "", 2);
  add(1, 2, 2000, "", 1);
  add(2, 1, 500, "7", 1);
  add(2, 1, 450, "7", 1);
  for (int firm = 0; firm < 6; ++firm) add(2, firm < 4 ? 1 : 2, 3, "", 2);
  add(3, 1, 800, "", 2);
  add(3, 2, 900, "", 2);
  return csv;
}

struct DisclosureSurvey {
  TempDir dir;
  std::string db = dir / "sdc.db";
  DisclosureSurvey() {
    write_file(dir / "q.yaml", kDisclosureQuestionnaire);
    write_file(dir / "data.csv", disclosure_survey_csv());
    REQUIRE(run_ankieta({"init", dir / "q.yaml", "--db", db}).status == 0);
    auto imported = run_ankieta({"import", dir / "data.csv", "--db", db});
    INFO(imported.err);
    REQUIRE(imported.status == 0);
  }
};

}  // namespace ankieta::testing
