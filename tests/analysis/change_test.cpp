// The link design's derived columns (link_design.hpp) against those in the stacked reference files
// (tests/reference/waves/data, made by waves_lib.R link_columns() and add_pair_links()): the
// derivation checked on its own, before any estimate.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

#include "ankieta/analysis/link_design.hpp"
#include "support/csv.hpp"

using namespace ankieta::analysis;
using ankieta::test::CsvTable;

namespace {

std::string waves_data(const std::string& name) { return std::string(ANKIETA_TEST_DATA) + "/reference/waves/data/" + name; }

// Derives the link columns of the rows of `waves` (wave numbers) from the stacked file and
// compares them with its columns `stratum_column` and `fpc_column`; returns the values compared.
int check_links(const CsvTable& table, const std::vector<int>& waves, const std::string& stratum_column,
                const std::string& fpc_column) {
  const auto wave = table.integer("wave");
  const auto& firm = table.text("firm_id");
  const auto& stratum = table.text("stratum");
  const auto sampled = table.numeric("n_sample");
  const auto population = table.numeric("n_population");
  std::map<std::string, std::int32_t> firms, strata;
  std::vector<std::string> stratum_names;
  std::vector<LinkRow> rows;
  std::vector<std::size_t> source;
  for (std::size_t row = 0; row < table.rows(); ++row) {
    auto at = std::find(waves.begin(), waves.end(), wave[row]);
    if (at == waves.end()) continue;
    LinkRow link;
    link.wave = static_cast<int>(at - waves.begin());
    link.psu = firms.try_emplace(firm[row], static_cast<std::int32_t>(firms.size())).first->second;
    auto [it, inserted] = strata.try_emplace(stratum[row], static_cast<std::int32_t>(stratum_names.size()));
    if (inserted) stratum_names.push_back(stratum[row]);
    link.stratum = it->second;
    link.sampled = sampled[row];
    link.population = population[row];
    rows.push_back(link);
    source.push_back(row);
  }
  const LinkColumns columns = link_columns(rows, static_cast<int>(waves.size()));
  const auto& want_stratum = table.text(stratum_column);
  const auto want_fpc = table.numeric(fpc_column);
  int compared = 0;
  for (std::size_t idx = 0; idx < rows.size(); ++idx) {
    const std::size_t row = source[idx];
    const std::int32_t got = columns.link_stratum[idx];
    const std::string name = got == columns.partial ? "partial" : got == columns.partial_census ? "partial-census"
                                                                                                : stratum_names[static_cast<std::size_t>(got)];
    INFO(firm[row] << " wave " << wave[row] << " " << stratum_column);
    CHECK(name == want_stratum[row]);
    CHECK(std::fabs(columns.link_fpc[idx] - want_fpc[row]) <= 1e-12 * std::max(1.0, std::fabs(want_fpc[row])));
    compared += 2;
  }
  return compared;
}

}  // namespace

TEST_CASE("link columns of two waves match waves_lib.R link_columns()", "[change]") {
  const CsvTable table = CsvTable::load(waves_data("shared_stacked_w12.csv"));
  CHECK(check_links(table, {1, 2}, "link_stratum", "link_fpc") == 2 * 414);
  // in_all_waves and the count of linked firms (157 of the 257, METHOD.md)
  std::vector<LinkRow> rows;
  std::map<std::string, std::int32_t> firms, strata;
  const auto wave = table.integer("wave");
  for (std::size_t row = 0; row < table.rows(); ++row)
    rows.push_back({static_cast<int>(wave[row] - 1), firms.try_emplace(table.text("firm_id")[row], static_cast<std::int32_t>(firms.size())).first->second,
                    strata.try_emplace(table.text("stratum")[row], static_cast<std::int32_t>(strata.size())).first->second,
                    table.numeric("n_sample")[row], table.numeric("n_population")[row]});
  const LinkColumns columns = link_columns(rows, 2);
  CHECK(columns.units_in_all_waves == 157);
  const auto in_all = table.integer("in_all_waves");
  for (std::size_t row = 0; row < table.rows(); ++row) CHECK(static_cast<std::int64_t>(columns.in_all_waves[row]) == in_all[row]);
}

TEST_CASE("link columns of three waves and of each pair match waves_lib.R add_pair_links()", "[change]") {
  const CsvTable table = CsvTable::load(waves_data("shared_stacked_w123.csv"));
  CHECK(check_links(table, {1, 2, 3}, "link_stratum", "link_fpc") == 2 * 628);
  CHECK(check_links(table, {1, 2}, "link_stratum_12", "link_fpc_12") == 2 * 414);
  CHECK(check_links(table, {1, 3}, "link_stratum_13", "link_fpc_13") == 2 * 416);
  CHECK(check_links(table, {2, 3}, "link_stratum_23", "link_fpc_23") == 2 * 426);
}

TEST_CASE("link columns: census strata, lonely linked strata and strata missing in a wave", "[change]") {
  // Unit 0 and 1 linked in stratum 0 (n 2 of N 10 both waves); unit 2 linked alone in stratum 1
  // (phi < 1: joins partial); unit 3 in wave 1 only in a census stratum; unit 4 linked in
  // stratum 3 that wave 2 lacks (it moved to stratum 4 there): phi 1.
  std::vector<LinkRow> rows = {
      {0, 0, 0, 2, 10}, {1, 0, 0, 2, 10}, {0, 1, 0, 2, 10}, {1, 1, 0, 2, 10},
      {0, 2, 1, 1, 50}, {1, 2, 1, 1, 50},
      {0, 3, 2, 1, 1},
      {0, 4, 3, 1, 5}, {1, 4, 4, 1, 5},
  };
  const LinkColumns columns = link_columns(rows, 2);
  CHECK(columns.units_in_all_waves == 4);
  CHECK(columns.link_stratum[0] == 0);
  CHECK(columns.link_fpc[0] == Approx(2.0 * 2.0 / (10.0 * 2.0)));
  CHECK(columns.link_stratum[4] == columns.partial);
  CHECK(columns.link_fpc[4] == 0.0);
  CHECK(columns.link_stratum[6] == columns.partial_census);
  CHECK(columns.link_fpc[6] == 1.0);
  CHECK(columns.link_stratum[7] == 3);
  CHECK(columns.link_fpc[7] == 1.0);
}
