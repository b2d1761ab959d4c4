// Building the design: validating the per-row arrays and numbering strata and sampling units so
// that each group's units are contiguous (the variance pass then works on contiguous blocks).
// Semantics follow R survey 4.1-1 `svydesign` and `as.fpc`.
#include "ankieta/analysis/design.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"

namespace ankieta::analysis {

LonelyPsu parse_lonely_psu(std::string_view name) {
  if (name == "fail") return LonelyPsu::fail;
  if (name == "remove") return LonelyPsu::remove;
  if (name == "adjust") return LonelyPsu::adjust;
  if (name == "certainty") return LonelyPsu::certainty;
  if (name == "average") return LonelyPsu::average;
  throw usage_error(fmt::format(
      "unknown lonely-psu policy '{}'; expected fail, remove, adjust, certainty or average", name));
}

std::string_view to_string(LonelyPsu policy) {
  switch (policy) {
    case LonelyPsu::fail: return "fail";
    case LonelyPsu::remove: return "remove";
    case LonelyPsu::adjust: return "adjust";
    case LonelyPsu::certainty: return "certainty";
    case LonelyPsu::average: return "average";
  }
  return "fail";
}

namespace {

std::size_t rows_of(const DesignSpec& spec) {
  if (!spec.weights.empty()) return spec.weights.size();
  if (!spec.stratum_idx.empty()) return spec.stratum_idx.size();
  for (const auto& ids : spec.cluster_ids)
    if (!ids.empty()) return ids.size();
  for (const auto& f : spec.fpc)
    if (!f.empty()) return f.size();
  throw data_error("design has no rows: give weights, strata, cluster ids or fpc");
}

struct UnitKey {
  std::int32_t parent;
  std::int64_t id;
  bool operator==(const UnitKey&) const = default;
};
// Provisional numbers of (parent, id) keys in order of first appearance: an open-addressing
// table (linear probing, kept at most half full), several times faster than a node-based map
// for the million lookups of a large file.
class UnitKeyTable {
 public:
  // The key's number, inserting it (as size() before the call) when it is new.
  std::int32_t number(const UnitKey& key) {
    if (2 * (keys_.size() + 1) > slots_.size()) grow();
    std::size_t slot = hash(key) & (slots_.size() - 1);
    while (slots_[slot] >= 0) {
      if (keys_[static_cast<std::size_t>(slots_[slot])] == key) return slots_[slot];
      slot = (slot + 1) & (slots_.size() - 1);
    }
    slots_[slot] = static_cast<std::int32_t>(keys_.size());
    keys_.push_back(key);
    return slots_[slot];
  }
  // A number for a key known to be new, without entering it in the hash (number() may still
  // find it later).
  std::int32_t add(const UnitKey& key) {
    keys_.push_back(key);
    return static_cast<std::int32_t>(keys_.size() - 1);
  }
  const std::vector<UnitKey>& keys() const { return keys_; }

 private:
  static std::size_t hash(const UnitKey& key) {
    // splitmix64 finaliser: ids are often consecutive numbers.
    auto x = static_cast<std::uint64_t>(key.id) * 0x9E3779B97F4A7C15ULL +
             static_cast<std::uint64_t>(static_cast<std::uint32_t>(key.parent));
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return static_cast<std::size_t>(x ^ (x >> 31));
  }
  void grow() {
    std::vector<std::int32_t> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(1024, 2 * old.size()), -1);
    for (std::size_t number = 0; number < keys_.size(); ++number) {
      std::size_t slot = hash(keys_[number]) & (slots_.size() - 1);
      while (slots_[slot] >= 0) slot = (slot + 1) & (slots_.size() - 1);
      slots_[slot] = static_cast<std::int32_t>(number);
    }
  }
  std::vector<std::int32_t> slots_;
  std::vector<UnitKey> keys_;
};

// Numbers the units of one stage: a unit is (parent, id); units are ordered by parent, then id,
// so each parent's units form a contiguous range. Returns the unit of each row and the units'
// parents and ids.
struct StageUnits {
  std::vector<std::int32_t> row_unit;
  std::vector<std::int32_t> unit_parent;
  std::vector<std::int64_t> unit_id;
};

StageUnits number_units(const std::vector<std::int32_t>& row_parent, std::int32_t n_parents,
                        const std::vector<std::int64_t>* ids) {
  const std::size_t n = row_parent.size();
  StageUnits out;
  out.row_unit.resize(n);
  if (ids == nullptr) {
    // Every row is its own unit: a stable counting sort of the rows by parent.
    std::vector<std::int32_t> next(static_cast<std::size_t>(n_parents) + 1, 0);
    for (std::int32_t parent : row_parent) ++next[static_cast<std::size_t>(parent) + 1];
    std::partial_sum(next.begin(), next.end(), next.begin());
    out.unit_parent.resize(n);
    out.unit_id.resize(n);
    for (std::size_t row = 0; row < n; ++row) {
      const std::int32_t unit = next[static_cast<std::size_t>(row_parent[row])]++;
      out.row_unit[row] = unit;
      out.unit_parent[static_cast<std::size_t>(unit)] = row_parent[row];
      out.unit_id[static_cast<std::size_t>(unit)] = static_cast<std::int64_t>(row) + 1;
    }
    return out;
  }
  UnitKeyTable provisional;
  // Cluster ids are usually numbers in a small range: the first unit seen with each id is found
  // by indexing an array; only an id repeated under another parent goes through the hash.
  std::vector<std::int32_t> first_with_id;
  std::int64_t lowest_id = 0;
  if (n > 0) {
    const auto [low, high] = std::minmax_element(ids->begin(), ids->end());
    const auto span = static_cast<std::uint64_t>(*high) - static_cast<std::uint64_t>(*low);
    if (span < 4 * static_cast<std::uint64_t>(n) + 1024) {
      lowest_id = *low;
      first_with_id.assign(static_cast<std::size_t>(span) + 1, -1);
    }
  }
  UnitKey previous{-1, 0};
  std::int32_t previous_unit = -1;
  for (std::size_t row = 0; row < n; ++row) {
    const UnitKey key{row_parent[row], (*ids)[row]};
    // Survey files usually list a cluster's respondents together: a run needs no lookup.
    if (previous_unit >= 0 && key == previous) {
      out.row_unit[row] = previous_unit;
      continue;
    }
    std::int32_t unit = -1;
    if (!first_with_id.empty()) {
      std::int32_t& first = first_with_id[static_cast<std::size_t>(key.id - lowest_id)];
      if (first < 0) first = unit = provisional.add(key);
      else if (provisional.keys()[static_cast<std::size_t>(first)].parent == key.parent) unit = first;
    }
    if (unit < 0) unit = provisional.number(key);
    out.row_unit[row] = previous_unit = unit;
    previous = key;
  }
  const std::vector<UnitKey>& keys = provisional.keys();
  std::vector<std::int32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
    const UnitKey& ka = keys[static_cast<std::size_t>(a)];
    const UnitKey& kb = keys[static_cast<std::size_t>(b)];
    return ka.parent != kb.parent ? ka.parent < kb.parent : ka.id < kb.id;
  });
  std::vector<std::int32_t> renumber(keys.size());
  out.unit_parent.resize(keys.size());
  out.unit_id.resize(keys.size());
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    const auto prov = static_cast<std::size_t>(order[rank]);
    renumber[prov] = static_cast<std::int32_t>(rank);
    out.unit_parent[rank] = keys[prov].parent;
    out.unit_id[rank] = keys[prov].id;
  }
  for (auto& unit : out.row_unit) unit = renumber[static_cast<std::size_t>(unit)];
  return out;
}

}  // namespace

void Design::check_lengths(const DesignSpec& spec) const {
  const std::size_t n = weights_.size();
  auto check = [n](std::size_t size, const std::string& what) {
    if (size != 0 && size != n)
      throw data_error(fmt::format("design: {} has {} values for {} rows", what, size, n));
  };
  check(spec.stratum_idx.size(), "stratum");
  for (std::size_t stage = 0; stage < spec.cluster_ids.size(); ++stage) {
    check(spec.cluster_ids[stage].size(), fmt::format("stage-{} cluster ids", stage + 1));
    if (spec.cluster_ids[stage].empty())
      throw data_error(fmt::format("design: stage-{} cluster ids are empty", stage + 1));
  }
  for (std::size_t stage = 0; stage < spec.fpc.size(); ++stage)
    check(spec.fpc[stage].size(), fmt::format("stage-{} fpc", stage + 1));
}

Design::Design(DesignSpec spec) : lonely_psu_(spec.lonely_psu), lonely_psu_hint_(spec.lonely_psu_hint) {
  const std::size_t n = rows_of(spec);
  weights_ = std::move(spec.weights);  // spec.weights is empty from here on
  const bool derive_weights = weights_.empty();
  if (derive_weights) weights_.assign(n, 1.0);
  check_lengths(spec);
  for (std::size_t row = 0; row < n; ++row) {
    const double w = weights_[row];
    if (!std::isfinite(w) || w < 0)
      throw data_error(fmt::format("design: row {}: weight {} is not a finite number >= 0",
                                   row + 1, w));
    if (w > kMaxMagnitude)
      throw data_error(fmt::format("design: row {}: weight {} is beyond {:g}; expected a number of population units",
                                   row + 1, w, kMaxMagnitude));
  }

  // Dense strata, ordered by code (R orders strata as sorted factor levels).
  row_stratum_.assign(n, 0);
  if (spec.stratum_idx.empty()) {
    stratum_code_ = {0};
  } else {
    // Codes are usually small numbers: a lookup table, else a sorted list and binary search.
    const auto [low_it, high_it] = std::minmax_element(spec.stratum_idx.begin(), spec.stratum_idx.end());
    const std::int64_t lowest = *low_it;
    const std::int64_t span = static_cast<std::int64_t>(*high_it) - lowest + 1;
    if (span <= std::max<std::int64_t>(1024, static_cast<std::int64_t>(n))) {
      std::vector<std::int32_t> dense(static_cast<std::size_t>(span), -1);
      for (std::int32_t code : spec.stratum_idx) dense[static_cast<std::size_t>(code - lowest)] = 0;
      for (std::int64_t offset = 0; offset < span; ++offset)
        if (dense[static_cast<std::size_t>(offset)] == 0) {
          dense[static_cast<std::size_t>(offset)] = static_cast<std::int32_t>(stratum_code_.size());
          stratum_code_.push_back(static_cast<std::int32_t>(lowest + offset));
        }
      for (std::size_t row = 0; row < n; ++row)
        row_stratum_[row] = dense[static_cast<std::size_t>(spec.stratum_idx[row] - lowest)];
    } else {
      std::unordered_set<std::int32_t> seen(spec.stratum_idx.begin(), spec.stratum_idx.end());
      stratum_code_.assign(seen.begin(), seen.end());
      std::sort(stratum_code_.begin(), stratum_code_.end());
      for (std::size_t row = 0; row < n; ++row)
        row_stratum_[row] = static_cast<std::int32_t>(
            std::lower_bound(stratum_code_.begin(), stratum_code_.end(), spec.stratum_idx[row]) -
            stratum_code_.begin());
    }
  }
  stratum_labels_ = spec.stratum_labels;
  n_strata_ = n == 0 ? 0 : static_cast<int>(stratum_code_.size());

  build_stages(spec, row_stratum_, derive_weights);

  // Without weights, build_stages derived them from the fpc as R svydesign does.
  count_weights();
}

void Design::count_weights() {
  long double sum = 0.0L;
  for (double w : weights_) sum += w;
  weight_sum_ = static_cast<double>(sum);
  // R degf(): distinct PSUs minus distinct strata among rows with nonzero weight.
  df_ = count_psu_minus_strata({}, true);
}

Design Design::reweighted(std::vector<double> weights,
                          std::shared_ptr<const CalibrationVariance> calibration) const {
  if (weights.size() != n())
    throw data_error(fmt::format("design: {} new weights for {} rows", weights.size(), n()));
  for (std::size_t row = 0; row < weights.size(); ++row)
    if (!std::isfinite(weights[row]) || weights[row] < 0)
      throw data_error(fmt::format("design: row {}: weight {} is not a finite number >= 0",
                                   row + 1, weights[row]));
  Design out = *this;
  out.weights_ = std::move(weights);
  out.count_weights();
  out.calibration_ = std::move(calibration);
  out.row_cell_.clear();
  out.n_cells_ = 0;
  if (out.calibration_) out.build_calibration_cells();
  return out;
}

namespace {

// Bytes of a calibration cell key: the unit and the row's calibration vector z.
struct CellKeyHash {
  std::size_t operator()(const std::string& key) const { return std::hash<std::string>()(key); }
};

}  // namespace

void Design::build_calibration_cells() {
  const CalibrationVariance& cal = *calibration_;
  const std::size_t n = weights_.size();
  step_offset_.assign(cal.steps.size() + 1, 0);
  for (std::size_t step = 0; step < cal.steps.size(); ++step) {
    const CalibrationStep& s = cal.steps[step];
    const bool categorical = !s.category.empty();
    if (categorical ? (s.category.size() != n || s.z_value.size() != n || s.a_value.size() != n)
                    : (static_cast<std::size_t>(s.z.rows()) != n ||
                       static_cast<std::size_t>(s.a.rows()) != n || s.z.cols() != s.columns ||
                       s.a.cols() != s.columns))
      throw data_error(fmt::format("design: calibration step {} does not match the {} rows",
                                   step + 1, n));
    if (s.b.size() != 0 && (s.b.rows() != s.columns || s.b.cols() != s.columns))
      throw data_error(fmt::format("design: calibration step {} has a bad matrix", step + 1));
    step_offset_[step + 1] = step_offset_[step] + s.columns;
  }
  for (int step : cal.schedule)
    if (step < 0 || static_cast<std::size_t>(step) >= cal.steps.size())
      throw data_error("design: calibration schedule names a step that does not exist");
  const auto q = static_cast<Eigen::Index>(step_offset_.back());
  const std::int32_t n_units_real = stages_.back().n_units;

  // z and a of one row, all steps side by side.
  Eigen::RowVectorXd z_row(q), a_row(q);
  auto fill = [&](std::size_t row) {
    z_row.setZero();
    a_row.setZero();
    for (std::size_t step = 0; step < cal.steps.size(); ++step) {
      const CalibrationStep& s = cal.steps[step];
      const Eigen::Index offset = step_offset_[step];
      if (!s.category.empty()) {
        const std::int32_t c = s.category[row];
        if (c < 0) continue;
        z_row(offset + c) = s.z_value[row];
        a_row(offset + c) = s.a_value[row];
      } else {
        z_row.segment(offset, s.columns) = s.z.row(static_cast<Eigen::Index>(row));
        a_row.segment(offset, s.columns) = s.a.row(static_cast<Eigen::Index>(row));
      }
    }
  };

  std::unordered_map<std::string, std::int32_t, CellKeyHash> cells;
  std::vector<Eigen::RowVectorXd> cell_z;
  row_cell_.assign(n, 0);
  cell_unit_.clear();
  unit_a_ = decltype(unit_a_)::Zero(n_units_real, q);
  cross_ = Eigen::MatrixXd::Zero(q, q);
  std::string key;
  for (std::size_t row = 0; row < n; ++row) {
    fill(row);
    const std::int32_t unit = row_unit_[row];
    key.assign(reinterpret_cast<const char*>(&unit), sizeof unit);
    key.append(reinterpret_cast<const char*>(z_row.data()),
               static_cast<std::size_t>(q) * sizeof(double));
    auto [it, inserted] = cells.try_emplace(key, static_cast<std::int32_t>(cell_z.size()));
    if (inserted) {
      cell_z.push_back(z_row);
      cell_unit_.push_back(unit);
    }
    row_cell_[row] = it->second;
    unit_a_.row(unit) += a_row;
    // Z' A: only the nonzero entries matter; categorical steps have one per step.
    for (Eigen::Index i = 0; i < q; ++i) {
      if (z_row(i) == 0) continue;
      for (Eigen::Index j = 0; j < q; ++j)
        if (a_row(j) != 0) cross_(i, j) += z_row(i) * a_row(j);
    }
  }
  n_cells_ = static_cast<std::int32_t>(cell_z.size());
  cell_z_.resize(n_cells_, q);
  for (std::int32_t cell = 0; cell < n_cells_; ++cell)
    cell_z_.row(cell) = cell_z[static_cast<std::size_t>(cell)];
}

void Design::build_stages(const DesignSpec& spec, const std::vector<std::int32_t>& row_stratum,
                          bool derive_weights) {
  const std::size_t n = weights_.size();
  const std::size_t id_stages = spec.cluster_ids.size();
  std::size_t fpc_stages = 0;
  for (std::size_t stage = 0; stage < spec.fpc.size(); ++stage) {
    if (spec.fpc[stage].empty()) continue;
    if (stage > 0 && spec.fpc[stage - 1].empty())
      throw data_error(fmt::format("design: fpc for stage {} needs fpc for stage {}", stage + 1,
                                   stage));
    fpc_stages = stage + 1;
  }
  // fpc at stage k needs cluster ids at stage k, except that the last stage may be the rows.
  if (fpc_stages > (id_stages == 0 ? 1 : id_stages + 1))
    throw data_error(fmt::format("design: fpc given for stage {} but cluster ids only for {} "
                                 "stage(s)", fpc_stages, id_stages));

  // R as.fpc: all fpc > 1 are population sizes (then all must be >= 1), else sampling fractions.
  bool population_sizes = false;
  for (std::size_t stage = 0; stage < fpc_stages; ++stage)
    for (double value : spec.fpc[stage])
      if (value > 1) population_sizes = true;
  for (std::size_t stage = 0; stage < fpc_stages; ++stage) {
    for (std::size_t row = 0; row < n; ++row) {
      const double value = spec.fpc[stage][row];
      if (std::isnan(value) || value < 0 || (population_sizes && value < 1) ||
          (std::isfinite(value) && value > kMaxMagnitude))
        throw data_error(fmt::format(
            "design: row {}: stage-{} fpc {} is not valid; expected all population sizes (1 to 1e15) "
            "or all sampling fractions (0..1)", row + 1, stage + 1, value));
    }
  }

  // Stage s is used when it is the first stage, or it exists (ids or fpc) and stage s-1 has an
  // fpc (R multistage recurses only below a stage sampled without replacement).
  std::size_t used = 1;
  while (used < std::max(id_stages, fpc_stages) && used - 1 < fpc_stages) ++used;

  std::vector<std::int32_t> row_parent = row_stratum;
  std::int32_t n_parents = static_cast<std::int32_t>(stratum_code_.size());
  std::vector<double> derived_weight;
  if (derive_weights) derived_weight.assign(n, 1.0);
  stages_.clear();
  parent_unit_.clear();
  for (std::size_t stage_idx = 0; stage_idx < used; ++stage_idx) {
    const std::vector<std::int64_t>* ids =
        stage_idx < id_stages ? &spec.cluster_ids[stage_idx] : nullptr;
    StageUnits units = number_units(row_parent, n_parents, ids);
    Stage stage;
    stage.n_units = static_cast<std::int32_t>(units.unit_parent.size());
    stage.group_first_unit.assign(static_cast<std::size_t>(n_parents) + 1, 0);
    for (std::int32_t parent : units.unit_parent)
      ++stage.group_first_unit[static_cast<std::size_t>(parent) + 1];
    std::partial_sum(stage.group_first_unit.begin(), stage.group_first_unit.end(),
                     stage.group_first_unit.begin());
    stage.unit_id = std::move(units.unit_id);
    const auto n_groups = static_cast<std::size_t>(n_parents);
    stage.group_fpc_factor.assign(n_groups, 1.0);
    stage.group_sampling_fraction.assign(n_groups, 0.0);
    stage.group_multiplier.assign(n_groups, 1.0);
    stage.has_fpc = stage_idx < fpc_stages;
    if (stage.has_fpc) {
      const std::vector<double>& fpc = spec.fpc[stage_idx];
      std::vector<double> group_fpc(n_groups, std::numeric_limits<double>::quiet_NaN());
      for (std::size_t row = 0; row < n; ++row) {
        const auto group = static_cast<std::size_t>(row_parent[row]);
        if (std::isnan(group_fpc[group])) {
          group_fpc[group] = fpc[row];
        } else if (group_fpc[group] != fpc[row]) {
          throw data_error(fmt::format("design: row {}: stage-{} fpc {} differs from {} earlier "
                                       "in {}; fpc must be constant within it",
                                       row + 1, stage_idx + 1, fpc[row], group_fpc[group],
                                       group_label(stage_idx, static_cast<std::int32_t>(group))));
        }
      }
      for (std::size_t group = 0; group < n_groups; ++group) {
        const double sampled =
            stage.group_first_unit[group + 1] - stage.group_first_unit[group];
        if (sampled == 0) continue;
        const double population = population_sizes ? group_fpc[group] : sampled / group_fpc[group];
        if (population < sampled)
          throw data_error(fmt::format("design: stage-{} fpc implies more than 100% sampling in "
                                       "{}: {} units sampled of {}",
                                       stage_idx + 1,
                                       group_label(stage_idx, static_cast<std::int32_t>(group)),
                                       sampled, population));
        if (std::isinf(population)) {
          stage.group_fpc_factor[group] = 1.0;
          stage.group_sampling_fraction[group] = 0.0;
        } else {
          stage.group_fpc_factor[group] = (population - sampled) / population;
          stage.group_sampling_fraction[group] = sampled / population;
        }
      }
      if (derive_weights)
        for (std::size_t row = 0; row < n; ++row) {
          const auto group = static_cast<std::size_t>(row_parent[row]);
          derived_weight[row] /= stage.group_sampling_fraction[group];
        }
    }
    if (stage_idx > 0) {
      // Multiplier of a group (a unit of the previous stage) = its ancestors' sampling fractions.
      const Stage& previous = stages_.back();
      const std::vector<std::int32_t>& previous_parent = parent_unit_.back();
      for (std::size_t group = 0; group < n_groups; ++group) {
        const auto grandparent = static_cast<std::size_t>(previous_parent[group]);
        stage.group_multiplier[group] = previous.group_multiplier[grandparent] *
                                        previous.group_sampling_fraction[grandparent];
      }
    }
    if (stage_idx == 0) {
      row_psu_ = units.row_unit;
      n_psu_ = stage.n_units;
    }
    row_parent = std::move(units.row_unit);
    n_parents = stage.n_units;
    parent_unit_.push_back(std::move(units.unit_parent));
    stages_.push_back(std::move(stage));
  }
  row_unit_ = std::move(row_parent);
  if (derive_weights && fpc_stages > 0) weights_ = std::move(derived_weight);
}

std::vector<int> Design::psu_per_stratum() const {
  std::vector<int> counts(stratum_code_.size(), 0);
  const Stage& first = stages_.front();
  for (std::size_t group = 0; group < counts.size(); ++group)
    counts[group] = first.group_first_unit[group + 1] - first.group_first_unit[group];
  return counts;
}

std::string Design::stratum_label(int stratum) const {
  const std::int32_t code = stratum_code_.at(static_cast<std::size_t>(stratum));
  if (code >= 0 && static_cast<std::size_t>(code) < stratum_labels_.size())
    return stratum_labels_[static_cast<std::size_t>(code)];
  return std::to_string(code);
}

std::string Design::group_label(std::size_t stage_idx, std::int32_t group) const {
  if (stage_idx == 0) return fmt::format("stratum '{}'", stratum_label(group));
  // A group at stage s is a unit of stage s-1; walk up to name its stratum.
  const Stage& parent_stage = stages_[stage_idx - 1];
  std::int32_t stratum = group;
  for (std::size_t level = stage_idx; level-- > 0;)
    stratum = parent_unit_[level][static_cast<std::size_t>(stratum)];
  return fmt::format("stage-{} unit '{}' of stratum '{}'", stage_idx,
                     parent_stage.unit_id[static_cast<std::size_t>(group)],
                     stratum_label(stratum));
}

void Design::fail_lonely(std::size_t stage_idx, std::int32_t group) const {
  if (stage_idx == 0)
    throw data_error(fmt::format(
        "{} has only one PSU; {}", group_label(0, group), lonely_psu_hint_));
  throw data_error(fmt::format(
      "{} has only one sampled stage-{} unit; {}", group_label(stage_idx, group), stage_idx + 1,
      lonely_psu_hint_));
}

int Design::domain_df(DomainMask domain) const {
  if (domain.empty()) return df_;
  return count_psu_minus_strata(domain, true);
}

int Design::domain_psu_minus_strata(DomainMask domain) const {
  if (domain.empty()) return n_psu_ - n_strata_;
  return count_psu_minus_strata(domain, false);
}

DomainDegrees Design::domain_degrees(DomainMask where) const {
  DomainDegrees degrees;
  degrees.df = domain_df(where);
  degrees.calibrated = calibrated() && !where.empty();
  if (where.empty() || calibrated()) {
    // R svychisq's nu and N read design$cluster, which subset() of a calibrated design keeps whole.
    degrees.test_df = n_psu_ - n_strata_;
    degrees.test_rows = static_cast<double>(n());
  } else {
    degrees.test_df = domain_psu_minus_strata(where);
    degrees.test_rows = static_cast<double>(std::count_if(where.begin(), where.end(), [](std::uint8_t in) { return in != 0; }));
  }
  return degrees;
}

int Design::count_psu_minus_strata(DomainMask domain, bool nonzero_weight_only) const {
  std::vector<std::uint8_t> psu_used(static_cast<std::size_t>(n_psu_), 0);
  std::vector<std::uint8_t> stratum_used(stratum_code_.size(), 0);
  for (std::size_t row = 0; row < weights_.size(); ++row) {
    if ((!domain.empty() && !domain[row]) || (nonzero_weight_only && weights_[row] == 0))
      continue;
    psu_used[static_cast<std::size_t>(row_psu_[row])] = 1;
    stratum_used[static_cast<std::size_t>(row_stratum_[row])] = 1;
  }
  return static_cast<int>(std::count(psu_used.begin(), psu_used.end(), 1)) -
         static_cast<int>(std::count(stratum_used.begin(), stratum_used.end(), 1));
}

}  // namespace ankieta::analysis
