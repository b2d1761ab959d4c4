// Weight sets stored in the survey database (docs/weighting.md): each set has a name, the method
// and its parameters, the population figures it was calibrated to (enough to rebuild the
// calibration for standard errors), the frame files with their SHA-256, when it was made, the
// diagnostics of its report as JSON, and the final weight of every response row (by _row).
// The tables are created on first use (CREATE TABLE IF NOT EXISTS); reading a database without
// them finds no sets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ankieta/survey/store.hpp"

namespace ankieta::survey {

// One population figure: a cell of table `table` (values of its variables), the total of a
// numeric variable ("total"), or the population size ("size").
struct WeightTarget {
  int table = 0;
  std::string kind;                     // "cell", "total" or "size"
  std::vector<std::string> variables;
  std::vector<std::string> values;      // cell only: one value per variable, as in the frame
  double population = 0.0;
  std::string origin;                   // "frame.csv:4"
};

struct WeightSet {
  std::int64_t id = 0;
  std::string name;
  std::string method;                   // poststratify, rake, calibrate
  std::vector<std::pair<std::string, std::string>> parameters;  // e.g. tolerance, trim, collapse
  std::string base_weight;              // variable of the base weights ("" = 1 or from fpc)
  std::vector<std::string> frame_files;
  std::vector<std::string> frame_sha256;
  std::optional<std::int64_t> wave;     // weighted rows: one wave, or all
  std::int64_t row_count = 0;           // responses when weighted (all waves)
  std::int64_t max_row = 0;             // largest responses._row then
  std::int64_t last_import = 0;         // largest imports.id then
  std::string created_at;
  std::string diagnostics;              // the report as JSON
  std::vector<WeightTarget> targets;

  std::string parameter(const std::string& key) const;  // "" when absent
};

// Sets in the order they were made (the most recent last).
std::vector<WeightSet> list_weight_sets(const Store& store);
std::optional<WeightSet> find_weight_set(const Store& store, const std::string& name);

// Stores `set` and its weights (one per row of Store::load_columns(..., set.wave), in that order)
// in one transaction; fills set.id, created_at and the response counters. A set of the same name
// is refused (usage error naming --replace) unless `replace`.
void save_weight_set(Store& store, WeightSet& set, const std::vector<double>& weights, bool replace);

// The weights of `set` for the rows of Store::load_columns(..., wave), in that order. Throws
// data_error when a row has no weight in the set.
std::vector<double> load_weights(const Store& store, const WeightSet& set, std::optional<std::int64_t> wave);

// Throws data_error when responses were imported, replaced or removed after the set was made.
void check_weight_set_current(const Store& store, const WeightSet& set);

}  // namespace ankieta::survey
