// Test helpers for comparing with R survey 4.1.1: the reference designs (tests/reference, copied
// from the shared reference with attribution) and a relative-tolerance comparison.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "ankieta/analysis/design.hpp"
#include "csv.hpp"
#include "json.hpp"

namespace ankieta::test {

inline std::string reference_path(const std::string& relative) {
  return std::string(ANKIETA_TEST_DATA) + "/reference/" + relative;
}

// R's level order for the api factors (factor_levels.txt).
inline std::vector<std::string> levels_of(const std::string& variable) {
  if (variable == "stype") return {"E", "H", "M"};
  return {"No", "Yes"};
}

// Equal within a relative tolerance. NaN equals NaN (R NA), infinities must match. An expected
// exact zero accepts |actual| <= absolute_floor: R's zeros come from exact cancellation, ours may
// leave rounding noise of the order of 1e-16 of the inputs.
inline bool close(double actual, double expected, double relative = 1e-9,
                  double absolute_floor = 1e-12) {
  if (std::isnan(expected)) return std::isnan(actual);
  if (std::isinf(expected)) return actual == expected;
  if (std::isnan(actual) || std::isinf(actual)) return false;
  const double diff = std::fabs(actual - expected);
  if (expected == 0) return diff <= absolute_floor;
  return diff <= relative * std::max(std::fabs(actual), std::fabs(expected));
}

#define CHECK_CLOSE_TOL(actual, expected, relative)                                      \
  do {                                                                                   \
    const double check_actual_ = (actual);                                               \
    const double check_expected_ = (expected);                                           \
    INFO(fmt::format("{} = {:.17g}, R = {:.17g}", #actual, check_actual_, check_expected_)); \
    CHECK(::ankieta::test::close(check_actual_, check_expected_, (relative)));           \
  } while (false)

#define CHECK_CLOSE(actual, expected) CHECK_CLOSE_TOL(actual, expected, 1e-9)

// One of the reference designs: its data, the ankieta design built as the R call says, and the
// expected values computed by R.
struct ReferenceDesign {
  std::string name;
  CsvTable data;
  analysis::Design design;
  Json expected;
};

inline analysis::DesignSpec reference_spec(const std::string& name, const CsvTable& data) {
  analysis::DesignSpec spec;
  if (name == "dsrs") {
    // svydesign(id=~1, fpc=~fpc, data=apisrs): weights derived from the fpc.
    spec.fpc = {data.numeric("fpc")};
  } else if (name == "dstrat") {
    // svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc, data=apistrat)
    spec.weights = data.numeric("pw");
    spec.stratum_idx = data.factor("stype", levels_of("stype"));
    spec.stratum_labels = levels_of("stype");
    spec.fpc = {data.numeric("fpc")};
  } else if (name == "dclus1") {
    // svydesign(id=~dnum, weights=~pw, fpc=~fpc, data=apiclus1)
    spec.weights = data.numeric("pw");
    spec.cluster_ids = {data.integer("dnum")};
    spec.fpc = {data.numeric("fpc")};
  } else {
    throw std::runtime_error("unknown reference design " + name);
  }
  return spec;
}

inline std::string data_file_of(const std::string& name) {
  if (name == "dsrs") return "data/apisrs.csv";
  if (name == "dstrat") return "data/apistrat.csv";
  return "data/apiclus1.csv";
}

inline const ReferenceDesign& reference_design(const std::string& name) {
  static std::map<std::string, ReferenceDesign> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    CsvTable data = CsvTable::load(reference_path(data_file_of(name)));
    analysis::Design design(reference_spec(name, data));
    Json expected = Json::load(reference_path("expected/" + name + ".json"));
    it = cache.emplace(name, ReferenceDesign{name, std::move(data), std::move(design),
                                             std::move(expected)}).first;
  }
  return it->second;
}

inline const std::vector<std::string>& reference_design_names() {
  static const std::vector<std::string> names = {"dsrs", "dstrat", "dclus1"};
  return names;
}

// Column name in the CSV for an R variable name (R's dots are kept in the CSV header).
inline std::string column_of(const std::string& variable) { return variable; }

}  // namespace ankieta::test
