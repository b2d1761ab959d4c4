// The top_box.csv sample (tests/reference/data, made from apiclus1 by
// tests/reference/r/make_stats_expected.R) in a fresh database: one-stage clusters of districts,
// `rating` a scale whose codes run against its scores, `tied` a scale with tied scores. The top-box
// and nets tests compare with R on it.
#pragma once

#include <string>

#include <catch2/catch.hpp>

#include "run_ankieta.hpp"

namespace ankieta::testing {

inline const char* kTopBoxQuestionnaire =
    "id: boxes\nrespondent_id: cds\ndesign:\n  clusters: [dnum]\n  weight: pw\n  fpc: fpc\n"
    "sections:\n"
    "  - id: main\n"
    "    questions:\n"
    "      - {id: stype, type: single, options: [{value: \"E\", label: E}, {value: \"H\", label: H}, {value: \"M\", label: M}]}\n"
    "      - id: rating\n"
    "        type: scale\n"
    "        options: [{value: 1, label: high, score: 3}, {value: 2, label: medium, score: 2}, {value: 3, label: low, score: 1},\n"
    "                  {value: 4, label: not experienced, score: 0}]\n"
    "        missing: {9: hard to say}\n"
    "      - id: tied\n"
    "        type: scale\n"
    "        options: [{value: 1, label: a, score: 2}, {value: 2, label: b, score: 1}, {value: 3, label: c, score: 1},\n"
    "                  {value: 4, label: d, score: 0}]\n"
    "      - {id: api00, type: numeric}\n"
    "      - {id: pw, type: numeric}\n"
    "      - {id: fpc, type: numeric}\n"
    "      - {id: dnum, type: numeric, integer: true}\n";

struct TopBoxSurvey {
  TempDir dir;
  std::string db = dir / "boxes.db";
  TopBoxSurvey() {
    write_file(dir / "boxes.yaml", kTopBoxQuestionnaire);
    REQUIRE(run_ankieta({"init", dir / "boxes.yaml", "--db", db}).status == 0);
    auto imported = run_ankieta({"import", std::string(ANKIETA_TEST_DATA) + "/reference/data/top_box.csv", "--ignore-extra", "--db", db});
    INFO(imported.err);
    REQUIRE(imported.status == 0);
  }
};

}  // namespace ankieta::testing
