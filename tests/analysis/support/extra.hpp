// The extra R fixtures (tests/reference/expected/extra.json, made by
// tests/reference/r/make_extra_expected.R) and their small data sets.
#pragma once

#include "reference.hpp"

namespace ankieta::test {

inline const Json& extra_expected() {
  static const Json json = Json::load(reference_path("expected/extra.json"));
  return json;
}

inline const CsvTable& lonely_data() {
  static const CsvTable table = CsvTable::load(reference_path("data/lonely.csv"));
  return table;
}

// svydesign(id = ~psu, strata = ~stratum, weights = ~w, data = lonely)
inline analysis::DesignSpec lonely_spec(analysis::LonelyPsu policy) {
  const CsvTable& data = lonely_data();
  analysis::DesignSpec spec;
  spec.weights = data.numeric("w");
  spec.stratum_idx = data.factor("stratum", {"A", "B", "C"});
  spec.stratum_labels = {"A", "B", "C"};
  spec.cluster_ids = {data.integer("psu")};
  spec.lonely_psu = policy;
  return spec;
}

inline const CsvTable& clus2_data() {
  static const CsvTable table = CsvTable::load(reference_path("data/apiclus2.csv"));
  return table;
}

}  // namespace ankieta::test
