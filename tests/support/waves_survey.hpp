// The three-wave firm sample of tests/reference/waves (copied from the shared reference/waves set,
// whose R values the change and pooled-wave tests compare with), its waves imported one by one into
// a fresh database. The by-wave, pooled-wave and report-across-waves tests start from it.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "run_ankieta.hpp"

namespace ankieta::testing {

inline std::string waves_dir(const std::string& relative) { return std::string(ANKIETA_TEST_DATA) + "/reference/waves/" + relative; }

struct WavesSurvey {
  TempDir dir;
  std::string db = dir / "waves.db";

  explicit WavesSurvey(int waves = 3) {
    REQUIRE(run_ankieta({"init", waves_dir("questionnaire.yaml"), "--db", db}).status == 0);
    for (int wave = 1; wave <= waves; ++wave) {
      const std::string number = std::to_string(wave);
      REQUIRE(run_ankieta({"import", waves_dir("data/shared_wave" + number + ".csv"), "--wave", number, "--db", db}).status == 0);
    }
  }
};

}  // namespace ankieta::testing
