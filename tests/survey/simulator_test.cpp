#include "ankieta/survey/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "ankieta/survey/csv_reader.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/importer.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"
#include "ankieta/survey/store.hpp"

namespace ankieta::survey {
namespace {

namespace fs = std::filesystem;

const std::string kBundled = std::string(ANKIETA_SOURCE_DIR) + "/questionnaires/podlasie-metal/questionnaire.yaml";
const std::string kFrame = std::string(ANKIETA_SOURCE_DIR) + "/data/frame.csv";

// Every question type, text and comma-holding codes, a delimited multi whose separator is ';',
// filters on earlier answers (including one that is unknown when its question is blank), a wave
// column and a two-variable design with clusters.
const char* const kSmallQuestionnaire = R"yaml(id: small-test
version: 1
languages: [pl, en]
respondent_id: resp
wave: fala
design:
  strata: [region]
  clusters: [school]
  weight: waga
  fpc: [pop]
sections:
  - id: main
    title: "Główna"
    questions:
      - id: region
        type: single
        text: "Region"
        options:
          - {value: N, label: "północ"}
          - {value: S, label: "południe"}
      - id: school
        type: numeric
        text: "Szkoła"
        integer: true
        min: 1
        max: 100000
      - id: staff_count
        type: numeric
        text: "Liczba pracowników"
        integer: true
        min: 1
        max: 5000
        missing: {-1: "odmowa"}
      - id: rating
        type: numeric
        text: "Ocena"
        min: 0
        max: 5
      - id: band
        type: single
        text: "Przedział"
        options:
          - {value: "(0,19]", label: "do 19"}
          - {value: "(19,39]", label: "20-39"}
          - {value: "(39,100]", label: "40 i więcej"}
      - id: exports
        type: single
        text: "Eksport"
        options: [{value: 1, label: "tak"}, {value: 2, label: "nie"}]
        missing: {9: "nie wiem"}
      - id: markets
        type: multi
        input: delimited
        separator: ";"
        text: "Rynki"
        options:
          - {value: 1, label: "UE"}
          - {value: 2, label: "Azja"}
          - {value: 3, label: {pl: "żadne z wymienionych", en: "none of these"}}
        missing: {99: "odmowa"}
        ask_if: "exports == 1"
      - id: tools
        type: multi
        text: "Narzędzia"
        options: [{value: a, label: "CAD"}, {value: b, label: "CAM"}]
        ask_if: "staff_count >= 10"
      - id: mood
        type: scale
        text: "Nastrój"
        options:
          - {value: 1, label: "zły"}
          - {value: 2, label: "raczej zły"}
          - {value: 3, label: "przeciętny"}
          - {value: 4, label: "raczej dobry"}
          - {value: 5, label: "dobry"}
        missing: {9: "nie wiem"}
      - id: items
        type: grid
        text: "Oceny"
        options: [{value: 1, label: "źle"}, {value: 2, label: "średnio"}, {value: 3, label: "dobrze"}]
        items: [{id: x, text: "X"}, {id: y, text: "Y"}]
        ask_if: "mood in (4, 5)"
      - id: note
        type: text
        text: "Uwagi"
        ask_if: "not missing(mood)"
      - id: contact
        type: text
        pii: true
        text: "Kontakt"
      - id: visited
        type: date
        text: "Data wywiadu"
      - id: pop
        type: numeric
        text: "Populacja warstwy"
        integer: true
        min: 1
      - id: waga
        type: numeric
        text: "Waga"
        min: 0
)yaml";

class TempDir {
 public:
  TempDir() {
    std::random_device device;
    path_ = fs::temp_directory_path() / ("ankieta-simulator-test-" + std::to_string(device()) + std::to_string(device()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
  }

 private:
  fs::path path_;
};

const Questionnaire& bundled() {
  static const Questionnaire questionnaire = load_questionnaire(kBundled);
  return questionnaire;
}

const Questionnaire& small() {
  static const TempDir dir;
  static const Questionnaire questionnaire = load_questionnaire(dir.write("small.yaml", kSmallQuestionnaire));
  return questionnaire;
}

SimulateOptions make_options(std::int64_t rows, std::uint64_t seed, std::string frame = "", char delimiter = ',') {
  SimulateOptions options;
  options.rows = rows;
  options.seed = seed;
  options.frame_path = std::move(frame);
  options.delimiter = delimiter;
  return options;
}

std::string simulate(const Questionnaire& questionnaire, const SimulateOptions& options) {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  try {
    write_simulated_csv(questionnaire, options, file);
  } catch (...) {
    std::fclose(file);
    throw;
  }
  std::string text;
  std::rewind(file);
  char buffer[65536];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, got);
  std::fclose(file);
  return text;
}

SimulationSummary summarize(const Questionnaire& questionnaire, const SimulateOptions& options) {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  SimulationSummary summary;
  try {
    summary = write_simulated_csv(questionnaire, options, file);
  } catch (...) {
    std::fclose(file);
    throw;
  }
  std::fclose(file);
  return summary;
}

// The message of the Error that simulating throws, with its kind.
std::pair<ErrorKind, std::string> simulate_error(const Questionnaire& questionnaire, const SimulateOptions& options) {
  try {
    simulate(questionnaire, options);
  } catch (const Error& error) {
    return {error.kind(), error.what()};
  }
  return {ErrorKind::internal, "(no error)"};
}

std::vector<std::vector<std::string>> read_csv(const std::string& path, char delimiter) {
  CsvOptions options;
  options.delimiter = delimiter;
  CsvReader reader(path, options);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string_view> fields;
  while (reader.next(fields)) records.emplace_back(fields.begin(), fields.end());
  return records;
}

// Imports a simulated file into a new database made from the same questionnaire.
struct Imported {
  ImportReport report;
  std::unique_ptr<Store> store;
};

Imported import_into_new_database(const TempDir& dir, const Questionnaire& questionnaire, const std::string& csv, char delimiter) {
  const std::string db = dir.file("survey.db");
  Store::create(db, questionnaire);
  Imported imported;
  imported.store = std::make_unique<Store>(db, true);
  ImportOptions options;
  options.path = csv;
  options.csv.delimiter = delimiter;
  imported.report = import_csv(*imported.store, options);
  return imported;
}

std::string joined(const std::vector<std::string>& messages) {
  std::string text;
  for (const auto& message : messages) text += message + "\n";
  return text;
}

std::string code_text(const Column& column, std::size_t row) {
  if (column.codes[row] < 0) return "";
  return column.variable->values[static_cast<std::size_t>(column.codes[row])].code.text;
}

}  // namespace

TEST_CASE("simulate: the same seed gives the same bytes, another seed other bytes", "[simulate]") {
  const std::string first = simulate(bundled(), make_options(300, 42, kFrame));
  const std::string again = simulate(bundled(), make_options(300, 42, kFrame));
  const std::string other = simulate(bundled(), make_options(300, 43, kFrame));
  CHECK(first == again);
  CHECK(first != other);
  CHECK(simulate(small(), make_options(200, 7)) == simulate(small(), make_options(200, 7)));
  CHECK(simulate(small(), make_options(200, 7)) != simulate(small(), make_options(200, 8)));
}

TEST_CASE("simulate: a header and one line per row with unique ids", "[simulate]") {
  TempDir dir;
  const std::string csv = dir.write("s.csv", simulate(small(), make_options(250, 1)));
  const auto records = read_csv(csv, ',');
  REQUIRE(records.size() == 251);
  const std::vector<std::string> header = {"resp", "fala", "region", "school", "staff_count", "rating", "band",
                                           "exports", "markets", "tools_a", "tools_b", "mood", "items_x", "items_y",
                                           "note", "contact", "visited", "pop", "waga"};
  CHECK(records.front() == header);
  CHECK(records[1][0] == "F0000001");
  CHECK(records[250][0] == "F0000250");
  std::set<std::string> ids;
  for (std::size_t row = 1; row < records.size(); ++row) {
    REQUIRE(records[row].size() == header.size());
    ids.insert(records[row][0]);
    CHECK(records[row][1] == "1");
  }
  CHECK(ids.size() == 250);
}

TEST_CASE("simulate: the bundled questionnaire imports cleanly", "[simulate]") {
  struct Case {
    std::int64_t rows;
    std::string frame;
    char delimiter;
  };
  for (const Case& test : {Case{400, kFrame, ','}, Case{1600, kFrame, ';'}, Case{3000, "", '\t'}, Case{500, "", '|'}}) {
    CAPTURE(test.rows, test.frame, test.delimiter);
    TempDir dir;
    const std::string csv = dir.write("s.csv", simulate(bundled(), make_options(test.rows, 5, test.frame, test.delimiter)));
    Imported imported = import_into_new_database(dir, bundled(), csv, test.delimiter);
    INFO(joined(imported.report.errors));
    CHECK(imported.report.error_count == 0);
    CHECK(imported.report.warning_count == 0);
    CHECK(imported.report.rows_loaded == test.rows);
    CHECK(imported.report.committed);
  }
}

TEST_CASE("simulate: every type of a small questionnaire imports cleanly with each delimiter", "[simulate]") {
  for (char delimiter : {',', ';', '\t', '|'}) {
    CAPTURE(delimiter);
    TempDir dir;
    const std::string text = simulate(small(), make_options(3000, 11, "", delimiter));
    const std::string csv = dir.write("s.csv", text);
    Imported imported = import_into_new_database(dir, small(), csv, delimiter);
    INFO(joined(imported.report.errors));
    CHECK(imported.report.error_count == 0);
    CHECK(imported.report.rows_loaded == 3000);
    // Codes holding the delimiter and contacts with a comma come out quoted.
    if (delimiter == ',') {
      CHECK(text.find("\"(19,39]\"") != std::string::npos);
      CHECK(text.find("@example.pl\"") != std::string::npos);
    }
    if (delimiter == ';') CHECK(text.find(";\"1;2\";") != std::string::npos);
  }
}

TEST_CASE("simulate: values are valid, missing codes and blanks are occasional", "[simulate]") {
  TempDir dir;
  const std::string csv = dir.write("s.csv", simulate(small(), make_options(4000, 3)));
  const auto records = read_csv(csv, ',');
  const auto& header = records.front();
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  std::map<std::string, int> blanks, missing;
  std::set<std::string> visited_days;
  for (std::size_t row = 1; row < records.size(); ++row) {
    const auto& record = records[row];
    for (const std::string name : {"staff_count", "exports", "mood", "contact", "visited", "region", "school", "pop", "waga"})
      if (record[column(name)].empty()) ++blanks[name];
    if (record[column("staff_count")] == "-1") ++missing["staff_count"];
    if (record[column("exports")] == "9") ++missing["exports"];
    if (record[column("mood")] == "9") ++missing["mood"];
    const std::string& rating = record[column("rating")];
    if (!rating.empty()) {
      CHECK(rating.size() <= 4);  // at most two decimals in a 0–5 range
      double value = std::stod(rating);
      CHECK(value >= 0);
      CHECK(value <= 5);
    }
    const std::string& contact = record[column("contact")];
    if (!contact.empty()) CHECK(contact.find("@example.pl") != std::string::npos);
    const std::string& visited = record[column("visited")];
    if (!visited.empty()) {
      CHECK(visited >= "2025-03-03");
      CHECK(visited <= "2025-06-27");
      visited_days.insert(visited);
    }
  }
  for (const std::string name : {"region", "school", "pop", "waga"}) CHECK(blanks[name] == 0);
  for (const std::string name : {"staff_count", "exports", "mood"}) {
    CAPTURE(name);
    CHECK(blanks[name] > 4000 * 0.005);
    CHECK(blanks[name] < 4000 * 0.04);
    CHECK(missing[name] > 4000 * 0.01);
    CHECK(missing[name] < 4000 * 0.06);
  }
  CHECK(visited_days.size() > 50);
  CHECK(visited_days.count("2025-05-01") == 0);  // a public holiday
  CHECK(visited_days.count("2025-03-08") == 0);  // a Saturday
}

TEST_CASE("simulate: questions whose filter is not true are left blank", "[simulate]") {
  TempDir dir;
  const std::string csv = dir.write("s.csv", simulate(small(), make_options(3000, 9)));
  const auto records = read_csv(csv, ',');
  const auto& header = records.front();
  auto at = [&](const std::vector<std::string>& record, const std::string& name) -> const std::string& {
    return record[static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin())];
  };
  int markets_asked = 0, markets_skipped = 0, tools_asked = 0, tools_skipped = 0, items_asked = 0, items_skipped = 0;
  int none_alone = 0;
  for (std::size_t row = 1; row < records.size(); ++row) {
    const auto& record = records[row];
    if (at(record, "exports") == "1") {
      ++markets_asked;
      const std::string& markets = at(record, "markets");
      if (markets.find('3') != std::string::npos && markets != "99") {
        CHECK(markets == "3");  // "none of these" is never ticked with another market
        ++none_alone;
      }
    } else {
      ++markets_skipped;
      CHECK(at(record, "markets").empty());
    }
    const std::string& staff = at(record, "staff_count");
    if (!staff.empty() && staff != "-1" && std::stoi(staff) >= 10) {
      ++tools_asked;
    } else {
      ++tools_skipped;
      CHECK(at(record, "tools_a").empty());
      CHECK(at(record, "tools_b").empty());
    }
    const std::string& mood = at(record, "mood");
    if (mood == "4" || mood == "5") {
      ++items_asked;
    } else {
      ++items_skipped;
      CHECK(at(record, "items_x").empty());
      CHECK(at(record, "items_y").empty());
    }
    if (mood.empty() || mood == "9") CHECK(at(record, "note").empty());
  }
  CHECK(markets_asked > 100);
  CHECK(markets_skipped > 100);
  CHECK(tools_asked > 100);
  CHECK(tools_skipped > 100);
  CHECK(items_asked > 100);
  CHECK(items_skipped > 100);
  CHECK(none_alone > 0);
}

TEST_CASE("simulate: rows are allocated to the frame's strata in proportion", "[simulate]") {
  TempDir dir;
  const std::string csv = dir.write("s.csv", simulate(bundled(), make_options(200, 1, kFrame)));
  Imported imported = import_into_new_database(dir, bundled(), csv, ',');
  REQUIRE(imported.report.error_count == 0);
  const ColumnSet columns = imported.store->load_columns({"size_class", "subregion", "n_population", "w_design"});
  REQUIRE(columns.rows == 200);
  // N_h of data/frame.csv; n_h: 2 for the four strata whose share is below 2, the other 192 rows
  // in proportion to N_h by largest remainders.
  const std::map<std::string, std::pair<double, std::int64_t>> expected = {
      {"1,1", {620, 76}}, {"1,2", {330, 40}}, {"1,3", {270, 33}}, {"2,1", {150, 18}}, {"2,2", {80, 10}}, {"2,3", {65, 8}},
      {"3,1", {40, 5}},   {"3,2", {18, 2}},   {"3,3", {15, 2}},   {"4,1", {6, 2}},    {"4,2", {3, 2}},   {"4,3", {3, 2}},
  };
  std::map<std::string, std::int64_t> counts;
  int stratum_changes = 0;
  std::string previous;
  for (std::size_t row = 0; row < columns.rows; ++row) {
    const std::string stratum = code_text(columns.columns[0], row) + "," + code_text(columns.columns[1], row);
    REQUIRE(expected.count(stratum) == 1);
    ++counts[stratum];
    const auto [population, sample] = expected.at(stratum);
    CHECK(columns.columns[2].numbers[row] == population);
    CHECK(columns.columns[3].numbers[row] == population / static_cast<double>(sample));
    if (stratum != previous) ++stratum_changes;
    previous = stratum;
  }
  for (const auto& [stratum, sizes] : expected) {
    CAPTURE(stratum);
    CHECK(counts[stratum] == sizes.second);
  }
  CHECK(stratum_changes > 100);  // shuffled, not written stratum by stratum

  const SimulationSummary summary = summarize(bundled(), make_options(200, 1, kFrame));
  REQUIRE(summary.strata.size() == 12);
  CHECK(summary.strata[0].values == std::vector<std::string>{"1", "1"});
  CHECK(summary.strata[0].population == 620);
  CHECK(summary.strata[0].sample == 76);
}

TEST_CASE("simulate: a full-population frame takes every unit", "[simulate]") {
  TempDir dir;
  const std::string csv = dir.write("s.csv", simulate(bundled(), make_options(1600, 2, kFrame)));
  Imported imported = import_into_new_database(dir, bundled(), csv, ',');
  REQUIRE(imported.report.error_count == 0);
  const ColumnSet columns = imported.store->load_columns({"n_population", "w_design"});
  for (std::size_t row = 0; row < columns.rows; ++row) CHECK(columns.columns[1].numbers[row] == 1.0);
}

TEST_CASE("simulate: without a frame the design is valid, with clusters nested in strata", "[simulate]") {
  TempDir dir;
  const std::string csv = dir.write("s.csv", simulate(small(), make_options(1000, 4)));
  Imported imported = import_into_new_database(dir, small(), csv, ',');
  REQUIRE(imported.report.error_count == 0);
  const ColumnSet columns = imported.store->load_columns({"region", "school", "pop", "waga"});
  std::map<std::string, std::int64_t> sample;
  std::map<std::string, std::set<double>> populations, weights;
  std::map<double, std::set<std::string>> strata_of_school;
  std::map<double, int> school_sizes;
  for (std::size_t row = 0; row < columns.rows; ++row) {
    const std::string region = code_text(columns.columns[0], row);
    ++sample[region];
    populations[region].insert(columns.columns[2].numbers[row]);
    weights[region].insert(columns.columns[3].numbers[row]);
    strata_of_school[columns.columns[1].numbers[row]].insert(region);
    ++school_sizes[columns.columns[1].numbers[row]];
  }
  REQUIRE(sample.size() == 2);
  CHECK(sample["N"] == 500);
  CHECK(sample["S"] == 500);
  for (const auto& [region, count] : sample) {
    CAPTURE(region);
    REQUIRE(populations[region].size() == 1);
    REQUIRE(weights[region].size() == 1);
    CHECK(*populations[region].begin() == 20.0 * static_cast<double>(count));
    CHECK(*weights[region].begin() == 20.0);
  }
  for (const auto& [school, regions] : strata_of_school) CHECK(regions.size() == 1);
  for (const auto& [school, size] : school_sizes) {
    CHECK(size >= 5);
    CHECK(size <= 20);
  }
  CHECK(school_sizes.size() >= 50);
  CHECK(school_sizes.size() <= 200);
  CHECK(school_sizes.begin()->first == 1);
}

TEST_CASE("simulate: a two-stage design from a frame with text and numeric strata", "[simulate]") {
  TempDir dir;
  const Questionnaire questionnaire = load_questionnaire(dir.write("two-stage.yaml", R"yaml(id: two-stage
version: 1
respondent_id: pupil
design:
  strata: [kind, size]
  clusters: [district, school]
  fpc: [n_districts, n_schools]
sections:
  - id: s
    questions:
      - {id: kind, type: text, text: "rodzaj gminy"}
      - {id: size, type: numeric, text: "wielkość", integer: true, min: 1, max: 9}
      - {id: district, type: text, text: "powiat"}
      - {id: school, type: numeric, text: "szkoła", integer: true, min: 100, max: 100000}
      - {id: n_districts, type: numeric, text: "powiaty w warstwie", integer: true, min: 1}
      - {id: n_schools, type: numeric, text: "szkoły w powiecie", integer: true, min: 1, max: 100}
      - {id: years, type: numeric, text: "staż nauczyciela w latach", min: 0, max: 60}
)yaml"));
  const std::string frame = dir.write("frame.csv", "kind;size;population\nmiasto;1;300\nwieś;1;500\nmiasto;3;100\n");
  const std::string csv = dir.write("s.csv", simulate(questionnaire, make_options(500, 6, frame)));
  Imported imported = import_into_new_database(dir, questionnaire, csv, ',');
  INFO(joined(imported.report.errors));
  REQUIRE(imported.report.error_count == 0);
  const auto records = read_csv(csv, ',');
  std::map<std::string, std::int64_t> sample;
  std::map<std::string, std::set<std::string>> stratum_of_district, district_of_school;
  std::map<std::string, std::set<std::string>> districts_of_stratum;
  for (std::size_t row = 1; row < records.size(); ++row) {
    const auto& record = records[row];
    const std::string stratum = record[1] + "/" + record[2];
    ++sample[stratum];
    stratum_of_district[record[3]].insert(stratum);
    district_of_school[record[4]].insert(record[3]);
    districts_of_stratum[stratum].insert(record[3]);
    CHECK(record[3].rfind("K1_", 0) == 0);
    CHECK(std::stoi(record[4]) >= 100);
    CHECK(record[5] == (stratum == "miasto/1" ? "300" : stratum == "wieś/1" ? "500" : "100"));
    CHECK(record[6] == "50");
  }
  CHECK(sample == std::map<std::string, std::int64_t>{{"miasto/1", 167}, {"wieś/1", 278}, {"miasto/3", 55}});
  for (const auto& [district, strata] : stratum_of_district) CHECK(strata.size() == 1);
  for (const auto& [school, districts] : district_of_school) CHECK(districts.size() == 1);
  for (const auto& [stratum, districts] : districts_of_stratum) CHECK(districts.size() >= 2);
}

TEST_CASE("simulate: answers follow the latent firm size", "[simulate]") {
  TempDir dir;
  const std::string csv = dir.write("s.csv", simulate(bundled(), make_options(6000, 12)));
  Imported imported = import_into_new_database(dir, bundled(), csv, ',');
  REQUIRE(imported.report.error_count == 0);
  const ColumnSet columns = imported.store->load_columns({"size_class", "q01_employees", "q04_exporter", "q11_prod_innovated", "q07_financial", "q27_sector_outlook"});
  struct Sums {
    double rows = 0, employees = 0, employees_rows = 0, exporters = 0, innovators = 0;
  };
  std::map<std::string, Sums> by_size;
  double n = 0, sum_x = 0, sum_y = 0, sum_xy = 0, sum_xx = 0, sum_yy = 0;
  for (std::size_t row = 0; row < columns.rows; ++row) {
    Sums& sums = by_size[code_text(columns.columns[0], row)];
    ++sums.rows;
    const double employees = columns.columns[1].numbers[row];
    if (!std::isnan(employees) && employees != 99999) {
      sums.employees += employees;
      ++sums.employees_rows;
    }
    sums.exporters += code_text(columns.columns[2], row) == "1";
    sums.innovators += code_text(columns.columns[3], row) == "1";
    const std::string financial = code_text(columns.columns[4], row), outlook = code_text(columns.columns[5], row);
    if (financial.empty() || financial == "9" || outlook.empty() || outlook == "9") continue;
    const double x = std::stod(financial), y = std::stod(outlook);
    ++n;
    sum_x += x;
    sum_y += y;
    sum_xy += x * y;
    sum_xx += x * x;
    sum_yy += y * y;
  }
  const Sums& micro = by_size["1"];
  const Sums& large = by_size["4"];
  CHECK(micro.employees / micro.employees_rows < 10);
  CHECK(large.employees / large.employees_rows > 150);
  CHECK(large.exporters / large.rows > micro.exporters / micro.rows + 0.4);
  CHECK(large.innovators / large.rows > micro.innovators / micro.rows + 0.3);
  const double correlation = (n * sum_xy - sum_x * sum_y) / std::sqrt((n * sum_xx - sum_x * sum_x) * (n * sum_yy - sum_y * sum_y));
  CHECK(correlation > 0.2);
}

TEST_CASE("simulate: bad frames are refused with their file and line", "[simulate]") {
  TempDir dir;
  struct Case {
    const char* name;
    std::string frame;
    std::string message;  // after "PATH"
  };
  const std::vector<Case> cases = {
      {"blank stratum cell", "size_class,subregion,population\n1,1,620\n1,,330\n",
       ":3: the stratum variable 'subregion' is blank; expected one of 1, 2, 3"},
      {"population not a number", "size_class,subregion,population\n1,1,dużo\n",
       ":2: population 'dużo' is not a whole number; expected the number of units in the stratum (0 or more)"},
      {"population not whole", "size_class,subregion,population\n1,1,12.5\n",
       ":2: population '12.5' is not a whole number; expected the number of units in the stratum (0 or more)"},
      {"population blank", "size_class,subregion,population\n1,1,\n",
       ":2: population is blank; expected a whole number of at least 0"},
      {"unknown code", "size_class,subregion,population\n5,1,10\n",
       ":2: '5' is not a value of the stratum variable 'size_class'; expected one of 1, 2, 3, 4"},
      {"missing column", "size_class,population\n1,10\n",
       ":1: missing column 'subregion'; a frame needs the columns size_class, subregion, population"},
      {"stratum twice", "size_class,subregion,population\n1,1,10\n2,1,10\n1,1,12\n",
       ":4: stratum size_class=1, subregion=1 is listed twice (also at line 2)"},
      {"short row", "size_class,subregion,population\n1,1\n", ":2: the row has 2 fields but the header has 3"},
      {"population of one", "size_class,subregion,population\n1,1,10\n4,3,1\n",
       ":3: stratum size_class=4, subregion=3 has a population of 1; every stratum needs at least 2 responses"},
      {"no strata", "size_class,subregion,population\n", ": the frame has a header but no strata"},
  };
  for (const Case& test : cases) {
    CAPTURE(test.name);
    const std::string path = dir.write("frame.csv", test.frame);
    const auto [kind, message] = simulate_error(bundled(), make_options(10, 1, path));
    CHECK(kind == ErrorKind::data);
    CHECK(message == path + test.message);
  }
  const auto [kind, message] = simulate_error(bundled(), make_options(10, 1, dir.file("no-such-frame.csv")));
  CHECK(kind == ErrorKind::missing_input);
}

TEST_CASE("simulate: impossible requests are usage errors", "[simulate]") {
  TempDir dir;
  const std::string no_strata = dir.write("plain.yaml", "id: plain\nversion: 1\nrespondent_id: id\nsections:\n"
                                                        "  - id: s\n    questions:\n      - {id: q1, type: numeric, text: x}\n");
  const Questionnaire plain = load_questionnaire(no_strata);
  struct Case {
    const char* name;
    const Questionnaire& questionnaire;
    SimulateOptions options;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"no rows", bundled(), make_options(0, 1), "cannot simulate 0 rows; expected at least 1"},
      {"bad delimiter", bundled(), make_options(10, 1, "", '.'), "unsupported delimiter '.'; expected ',', ';', tab or '|'"},
      {"more rows than the population", bundled(), make_options(1601, 1, kFrame),
       "cannot simulate 1601 rows: the frame " + kFrame + " has a population of 1600"},
      {"fewer than two per stratum", bundled(), make_options(23, 1, kFrame),
       "cannot allocate 23 rows to 12 strata: each stratum needs at least 2 (24 rows)"},
      {"fewer than two per stratum without a frame", small(), make_options(3, 1),
       "cannot allocate 3 rows to 2 strata: each stratum needs at least 2 (4 rows)"},
      {"a frame without strata", plain, make_options(10, 1, kFrame),
       kFrame + ": the questionnaire's design has no strata, so a frame cannot be used"},
  };
  for (const Case& test : cases) {
    CAPTURE(test.name);
    const auto [kind, message] = simulate_error(test.questionnaire, test.options);
    CHECK(kind == ErrorKind::usage);
    CHECK(message == test.message);
  }
  // The bundled fpc question takes at most 100000, so 2,000,000 rows in 12 strata cannot be
  // given a population without a frame.
  const auto [kind, message] = simulate_error(bundled(), make_options(2000000, 1));
  CHECK(kind == ErrorKind::data);
  CHECK(message == "stratum size_class=1, subregion=1 (N_h = 166667, n_h = 166667) needs the fpc N_h = 166667 in "
                   "'n_population', which takes whole numbers from 1 to 100000; simulate fewer rows");
}

TEST_CASE("simulate: a questionnaire without a design gets no design columns", "[simulate]") {
  TempDir dir;
  const Questionnaire plain = load_questionnaire(dir.write("plain.yaml",
      "id: plain\nversion: 1\nrespondent_id: id\nsections:\n  - id: s\n    questions:\n"
      "      - {id: q1, type: numeric, text: x}\n      - {id: q2, type: date, text: d}\n"));
  const std::string text = simulate(plain, make_options(1, 1));
  CHECK(text.rfind("id,q1,q2\nF0000001,", 0) == 0);
  const SimulationSummary summary = summarize(plain, make_options(5, 1));
  CHECK(summary.rows == 5);
  CHECK(summary.strata.empty());
}

}  // namespace ankieta::survey
