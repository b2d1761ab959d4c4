// `ankieta simulate --follow`: a panel wave after the bundled wave 1 (data/sample.csv, the wave-1
// frame data/frame.csv) with the version-2 definition, its frame, its import after `amend`, and
// the bad options and files it refuses.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

const std::string kSource = std::string(ANKIETA_SOURCE_DIR) + "/";
const std::string kV1 = kSource + "questionnaires/podlasie-metal/questionnaire.yaml";
const std::string kV2 = kSource + "questionnaires/podlasie-metal/questionnaire-v2.yaml";
const std::string kWave1 = kSource + "data/sample.csv";
const std::string kFrame = kSource + "data/frame.csv";

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      else if (c == ',' && !quoted) {
        fields.push_back(field);
        field.clear();
      } else {
        field += c;
      }
    }
    fields.push_back(field);
    rows.push_back(std::move(fields));
  }
  return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t idx = 0; idx < header.size(); ++idx)
    if (header[idx] == name) return idx;
  FAIL("no column " << name);
  return 0;
}

}  // namespace

TEST_CASE("simulate --follow writes a panel wave that keeps firms' ids and a frame after births and deaths", "[simulate]") {
  TempDir dir;
  auto result = run_ankieta({"simulate", kV2, "--n", "300", "--seed", "5", "--frame", kFrame, "--follow", kWave1, "--frame-out",
                             dir / "frame2.csv", "--out", dir / "wave2.csv"});
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK(result.err.find("(wave 2: ") != std::string::npos);
  const auto wave1 = csv_rows(read_file(kWave1));
  const auto wave2 = csv_rows(read_file(dir / "wave2.csv"));
  REQUIRE(wave2.size() == 301);
  // The module asked from wave 2 has its columns; wave 1 has none.
  CHECK(std::find(wave2[0].begin(), wave2[0].end(), "q33_cluster_member") != wave2[0].end());
  CHECK(std::find(wave1[0].begin(), wave1[0].end(), "q33_cluster_member") == wave1[0].end());

  std::map<std::string, std::vector<std::string>> first;
  for (std::size_t row = 1; row < wave1.size(); ++row) first[wave1[row][0]] = wave1[row];
  const std::size_t size1 = column(wave1[0], "size_class"), size2 = column(wave2[0], "size_class");
  const std::size_t employees1 = column(wave1[0], "q01_employees"), employees2 = column(wave2[0], "q01_employees");
  std::set<std::string> ids;
  int returning = 0, same_class = 0, close_employment = 0, with_employment = 0;
  for (std::size_t row = 1; row < wave2.size(); ++row) {
    const std::string& id = wave2[row][0];
    CHECK(ids.insert(id).second);  // no id twice
    auto found = first.find(id);
    if (found == first.end()) {
      CHECK(id > "F0000300");  // new firms are numbered after the wave-1 ones
      continue;
    }
    ++returning;
    same_class += found->second[size1] == wave2[row][size2];
    const std::string& before = found->second[employees1];
    const std::string& after = wave2[row][employees2];
    if (before.empty() || after.empty() || before.size() > 4 || after.size() > 4 || found->second[size1] != wave2[row][size2]) continue;
    ++with_employment;
    const double ratio = std::stod(after) / std::max(1.0, std::stod(before));
    close_employment += ratio > 0.5 && ratio < 2.0;
  }
  // About 60% of the ~95% survivors answer again; about 6% of them moved to another size class.
  CHECK(returning > 120);
  CHECK(returning < 200);
  CHECK(same_class > returning * 8 / 10);
  CHECK(same_class < returning);
  // A returning firm's employment follows its wave-1 answer (latent size carried over).
  CHECK(close_employment > with_employment * 7 / 10);

  // The frame: every stratum, the population after deaths, births and moves (about +1% overall).
  const auto frame = csv_rows(read_file(dir / "frame2.csv"));
  REQUIRE(frame.size() == 13);
  CHECK(frame[0] == std::vector<std::string>{"size_class", "subregion", "population"});
  long total = 0;
  for (std::size_t row = 1; row < frame.size(); ++row) total += std::stol(frame[row][2]);
  CHECK(total > 1600);
  CHECK(total < 1650);

  // It imports as wave 2 after the amendment, weights to its frame, and the waves compare.
  const std::string db = dir / "panel.db";
  REQUIRE(run_ankieta({"init", kV1, "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", kWave1, "--db", db}).status == 0);
  REQUIRE(run_ankieta({"amend", kV2, "--db", db}).status == 0);
  auto imported = run_ankieta({"import", dir / "wave2.csv", "--wave", "2", "--db", db});
  INFO(imported.err);
  REQUIRE(imported.status == 0);
  REQUIRE(run_ankieta({"weight", "--frame", dir / "frame2.csv", "--method", "poststratify", "--name", "f2", "--wave", "2", "--db", db}).status == 0);
  auto change = run_ankieta({"change", "q21_trainings", "--waves", "1,2", "--lang", "en", "--db", db});
  INFO(change.err);
  REQUIRE(change.status == 0);
  CHECK(change.out.find("SE accounts for " + std::to_string(returning) + " firms in both waves") != std::string::npos);
}

TEST_CASE("simulate --follow refuses what it cannot follow, naming the option or FILE:LINE", "[simulate]") {
  TempDir dir;
  write_file(dir / "no-id.csv", "size_class,subregion\n1,1\n");
  write_file(dir / "twice.csv", "firm_id,size_class,subregion\nF1,1,1\nF1,1,2\n");
  write_file(dir / "stratum.csv", "firm_id,size_class,subregion\nF1,7,1\n");
  struct Bad {
    std::vector<std::string> arguments;
    int status;
    std::string message;
  };
  const std::vector<Bad> cases = {
      {{"--follow", kWave1}, 2, "--follow needs --frame: the previous wave's population frame"},
      {{"--keep", "0.5", "--frame", kFrame}, 2, "--keep applies with --follow"},
      {{"--frame-out", dir / "f.csv"}, 2, "--frame-out needs --frame"},
      {{"--frame", kFrame, "--follow", dir / "no-id.csv"}, 65, "no-id.csv:1: missing column 'firm_id' (the respondent id)"},
      {{"--frame", kFrame, "--follow", dir / "twice.csv"}, 65, "twice.csv:3: respondent 'F1' is listed twice (also at line 2)"},
      {{"--frame", kFrame, "--follow", dir / "stratum.csv"}, 65, "stratum.csv:2: '7' is not a value of the stratum variable 'size_class'"},
      {{"--frame", kFrame, "--follow", dir / "missing.csv"}, 66, "missing.csv"},
      {{"--frame", kFrame, "--follow", kWave1, "--keep", "1.5"}, 2, "--keep"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> arguments = {"simulate", kV2, "--n", "100", "--out", dir / "out.csv"};
    arguments.insert(arguments.end(), c.arguments.begin(), c.arguments.end());
    auto result = run_ankieta(arguments);
    INFO(c.message);
    INFO(result.err);
    CHECK(result.status == c.status);
    CHECK(result.err.find(c.message) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "out.csv"));
    CHECK_FALSE(std::filesystem::exists(dir / "f.csv"));
  }
}
