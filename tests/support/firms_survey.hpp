// The small end-to-end test survey: tests/data/import/firms.yaml with good.csv imported into a
// fresh database. The export and codebook tests start from it.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "run_ankieta.hpp"

namespace ankieta::testing {

struct FirmsSurvey {
  TempDir dir;
  std::string db = dir / "survey.db";

  FirmsSurvey() {
    REQUIRE(run_ankieta({"init", test_data("import/firms.yaml"), "--db", db}).status == 0);
    REQUIRE(run_ankieta({"import", test_data("import/good.csv"), "--db", db}).status == 0);
  }

  // `ankieta export --db DB EXTRA...`, whatever it returns.
  RunResult export_command(const std::vector<std::string>& extra) const {
    std::vector<std::string> arguments = {"export", "--db", db};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_ankieta(arguments);
  }

  // `ankieta export --out DIR/NAME EXTRA...`, which must succeed; the file's path.
  std::string export_file(const std::string& name, const std::vector<std::string>& extra = {}) const {
    std::string path = dir / name;
    std::vector<std::string> arguments = {"--out", path};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    RunResult run = export_command(arguments);
    INFO(run.err);
    REQUIRE(run.status == 0);
    return path;
  }
};

}  // namespace ankieta::testing
