// The stacked waves of a change and their design (METHOD.md, "The link design"): every row keeps
// its own wave's weight; the link unit is the PSU; variance strata and fpc from link_columns();
// post-strata wave x stratum with each wave's population counts, so that the scores become
// residuals within each wave's strata (each wave's stratified centring) - R's
// postStratify(svydesign(ids = ~unit, strata = ~link_stratum, fpc = ~link_fpc, ...), ~wave_stratum).
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "ankieta/analysis/change.hpp"
#include "ankieta/analysis/link_design.hpp"
#include "ankieta/survey/error.hpp"
#include "weighting_detail.hpp"

namespace ankieta::analysis {

WaveStack::WaveStack(std::vector<const ChangeWave*> waves, const ChangeSettings& settings) : waves_(std::move(waves)) {
  offsets_ = {0};
  for (const ChangeWave* wave : waves_) offsets_.push_back(offsets_.back() + wave->data->rows());
  const std::size_t n = rows();

  // Link units numbered across the waves; a unit is in all waves when every wave has a row of it.
  // Keys are views into the waves' unit keys, which outlive the stack.
  std::unordered_map<std::string_view, std::int32_t> numbers;
  numbers.reserve(n);
  unit_.resize(n);
  std::vector<int> last_wave;
  std::vector<int> waves_seen;
  for (std::size_t idx = 0; idx < waves_.size(); ++idx) {
    const std::vector<std::string>& keys = waves_[idx]->unit_keys;
    if (keys.size() != waves_[idx]->data->rows())
      throw usage_error(fmt::format("change: wave {} has {} unit keys for {} rows", waves_[idx]->number, keys.size(),
                                    waves_[idx]->data->rows()));
    for (std::size_t row = 0; row < keys.size(); ++row) {
      auto [it, inserted] = numbers.try_emplace(std::string_view(keys[row]), static_cast<std::int32_t>(numbers.size()));
      if (inserted) {
        last_wave.push_back(-1);
        waves_seen.push_back(0);
      }
      const auto unit = static_cast<std::size_t>(it->second);
      unit_[offsets_[idx] + row] = it->second;
      if (last_wave[unit] != static_cast<int>(idx)) {
        last_wave[unit] = static_cast<int>(idx);
        ++waves_seen[unit];
      }
    }
  }
  unit_count_ = static_cast<std::int32_t>(numbers.size());
  for (int seen : waves_seen) units_in_all_waves_ += seen == static_cast<int>(waves_.size());

  weights_.reserve(n);
  for (const ChangeWave* wave : waves_) {
    const std::vector<double>& own = wave->data->design().weights();
    weights_.insert(weights_.end(), own.begin(), own.end());
  }
  if (settings.overlap == Overlap::independent) {
    // Independent samples: the waves' own designs side by side (R: strata wave x stratum, PSUs
    // nested in waves, each wave's fpc), so V = V_a + V_b and df = the sum of the waves' df.
    for (const ChangeWave* wave : waves_) {
      df_ += wave->data->design().df();
      psu_ += wave->data->design().n_psu();
      strata_ += wave->data->design().n_strata();
    }
    return;
  }

  // The facts link_columns() needs per row: wave, unit, the wave's stratum (strata are the same
  // stratum in two waves when their labels agree), n_ht and N_ht.
  std::map<std::string, std::int32_t> stratum_numbers;
  std::vector<std::string> stratum_names;
  std::vector<LinkRow> link(n);
  bool population_known = true;
  for (std::size_t idx = 0; idx < waves_.size(); ++idx) {
    const Design& own = waves_[idx]->data->design();
    const std::vector<int> sampled = own.psu_per_stratum();
    std::vector<std::int32_t> number_of(static_cast<std::size_t>(own.n_strata()));
    for (int stratum = 0; stratum < own.n_strata(); ++stratum) {
      const std::string label = own.stratum_label(stratum);
      auto [it, inserted] = stratum_numbers.try_emplace(label, static_cast<std::int32_t>(stratum_names.size()));
      if (inserted) stratum_names.push_back(label);
      number_of[static_cast<std::size_t>(stratum)] = it->second;
    }
    const std::vector<double>& population = waves_[idx]->population;
    for (std::size_t row = 0; row < waves_[idx]->data->rows(); ++row) {
      const auto stratum = static_cast<std::size_t>(own.row_stratum()[row]);
      LinkRow& out = link[offsets_[idx] + row];
      out.wave = static_cast<int>(idx);
      out.psu = unit_[offsets_[idx] + row];
      out.stratum = number_of[stratum];
      out.sampled = sampled[stratum];
      out.population = population.empty() ? HUGE_VAL : population[row];
      if (!std::isfinite(out.population)) population_known = false;
    }
  }
  const LinkColumns columns = link_columns(link, static_cast<int>(waves_.size()));
  units_in_all_waves_ = columns.units_in_all_waves;

  // The link design starts from each wave's weights before its own calibration (a weight set):
  // the post-strata wave x stratum below, then the wave's calibration (covariance()).
  DesignSpec spec;
  for (std::size_t idx = 0; idx < waves_.size(); ++idx) {
    const std::vector<double>& base = waves_[idx]->data->uncalibrated_weights();
    spec.weights.insert(spec.weights.end(), base.begin(), base.end());
  }
  spec.stratum_idx = columns.link_stratum;
  spec.stratum_labels = stratum_names;
  spec.stratum_labels.resize(static_cast<std::size_t>(columns.partial_census) + 1);
  spec.stratum_labels[static_cast<std::size_t>(columns.partial)] = "partial";
  spec.stratum_labels[static_cast<std::size_t>(columns.partial_census)] = "partial-census";
  std::vector<std::int64_t> ids(unit_.begin(), unit_.end());
  spec.cluster_ids.push_back(std::move(ids));
  // Without every wave's population counts there is no fpc to carry over: the link design is then
  // sampled with replacement at the first stage, as the waves' own designs are.
  if (settings.link_fpc && population_known) spec.fpc.push_back(columns.link_fpc);
  spec.lonely_psu = settings.lonely_psu;
  spec.lonely_psu_hint = "choose --lonely-psu remove|adjust|certainty|average (in the link design of the waves)";
  Design base(std::move(spec));

  // Post-strata wave x stratum: populations N_ht, or the wave-stratum's weight sum where unknown
  // (then the weights stay as they are and only the centring within the wave's strata enters).
  const auto n_strata = static_cast<std::size_t>(stratum_names.size());
  std::vector<std::int32_t> cell_numbers(waves_.size() * n_strata, -1);  // wave x stratum -> post-stratum
  std::vector<std::int32_t> cells(n);
  std::vector<double> populations;
  std::vector<double> weight_sums;
  for (std::size_t idx = 0; idx < waves_.size(); ++idx)
    for (std::size_t row = 0; row < waves_[idx]->data->rows(); ++row) {
      const std::size_t at = offsets_[idx] + row;
      std::int32_t& cell = cell_numbers[idx * n_strata + static_cast<std::size_t>(link[at].stratum)];
      if (cell < 0) {
        cell = static_cast<std::int32_t>(populations.size());
        populations.push_back(link[at].population);
        weight_sums.push_back(0.0);
      }
      cells[at] = cell;
      weight_sums[static_cast<std::size_t>(cell)] += base.weights()[at];
    }
  for (std::size_t cell = 0; cell < populations.size(); ++cell)
    if (!std::isfinite(populations[cell])) populations[cell] = weight_sums[cell];
  std::vector<double> weights = base.weights();
  CalibrationStep step = detail::poststratify_step(cells, populations, weights, false);
  post_stratum_ = std::move(step.category);
  post_z_ = std::move(step.z_value);
  post_a_ = std::move(step.a_value);
  post_strata_ = step.columns;
  // The stacked rows' weights: a calibrated wave's own (the weight set's), the others' as
  // post-stratified (each wave's N_ht / n_ht).
  link_unit_of_wave_unit_.assign(waves_.size(), {});
  for (std::size_t idx = 0; idx < waves_.size(); ++idx) {
    const Design& own = waves_[idx]->data->design();
    if (!own.calibrated()) continue;
    const std::vector<std::int32_t>& sampling_unit = own.row_sampling_unit();
    // A wave's sampling unit lies within one of its first-stage units, which is the link unit.
    std::vector<std::int32_t>& link_unit = link_unit_of_wave_unit_[idx];
    link_unit.assign(static_cast<std::size_t>(*std::max_element(sampling_unit.begin(), sampling_unit.end())) + 1, 0);
    for (std::size_t row = 0; row < own.n(); ++row)
      link_unit[static_cast<std::size_t>(sampling_unit[row])] = base.row_unit()[offsets_[idx] + row];
    std::copy(own.weights().begin(), own.weights().end(), weights.begin() + static_cast<std::ptrdiff_t>(offsets_[idx]));
  }
  // The design the residuals' unit sums go to: the same rows, units, strata and fpc with these
  // weights; as for R's calibrated designs every unit takes part in the variance.
  design_ = std::make_unique<Design>(base.reweighted(std::move(weights), nullptr));
  weights_ = design_->weights();
  df_ = design_->df();
  psu_ = design_->n_psu();
  strata_ = design_->n_strata();
}

Design WaveStack::pooled_design() const {
  if (!design_) throw usage_error("pooled waves need the link design, not independent samples");
  auto calibration = std::make_shared<CalibrationVariance>();
  CalibrationStep post;
  post.columns = post_strata_;
  post.category = post_stratum_;
  post.z_value = post_z_;
  post.a_value = post_a_;
  calibration->steps.push_back(std::move(post));
  calibration->schedule.push_back(0);
  const std::size_t n = rows();
  for (std::size_t idx = 0; idx < waves_.size(); ++idx) {
    const CalibrationVariance* own = waves_[idx]->data->design().calibration();
    if (!own) continue;
    const int first = static_cast<int>(calibration->steps.size());
    const std::size_t offset = offsets_[idx], count = offsets_[idx + 1] - offsets_[idx];
    for (const CalibrationStep& step : own->steps) {
      // The wave's step over the stacked rows: the other waves' rows take no part (zero z and a).
      CalibrationStep out;
      out.columns = step.columns;
      out.b = step.b;
      if (!step.category.empty()) {
        out.category.assign(n, -1);
        out.z_value.assign(n, 0.0);
        out.a_value.assign(n, 0.0);
        std::copy(step.category.begin(), step.category.end(), out.category.begin() + static_cast<std::ptrdiff_t>(offset));
        std::copy(step.z_value.begin(), step.z_value.end(), out.z_value.begin() + static_cast<std::ptrdiff_t>(offset));
        std::copy(step.a_value.begin(), step.a_value.end(), out.a_value.begin() + static_cast<std::ptrdiff_t>(offset));
      } else {
        out.z.setZero(static_cast<Eigen::Index>(n), step.columns);
        out.a.setZero(static_cast<Eigen::Index>(n), step.columns);
        out.z.middleRows(static_cast<Eigen::Index>(offset), static_cast<Eigen::Index>(count)) = step.z;
        out.a.middleRows(static_cast<Eigen::Index>(offset), static_cast<Eigen::Index>(count)) = step.a;
      }
      calibration->steps.push_back(std::move(out));
    }
    for (int step : own->schedule) calibration->schedule.push_back(first + step);
  }
  return design_->reweighted(weights_, std::move(calibration));
}

DomainDegrees WaveStack::test_degrees(const std::vector<std::vector<std::uint8_t>>& where) const {
  bool any = false;
  for (const auto& mask : where) any = any || !mask.empty();
  if (design_) {
    // A domain of a post-stratified design keeps every row (R subset() of a calibrated design):
    // svychisq's nu and N are the whole link design's.
    DomainDegrees degrees;
    degrees.df = design_->df();
    degrees.test_df = design_->n_psu() - design_->n_strata();
    degrees.test_rows = static_cast<double>(rows());
    degrees.calibrated = any;
    return degrees;
  }
  DomainDegrees sum;
  for (std::size_t idx = 0; idx < waves_.size(); ++idx) {
    const DomainDegrees own = waves_[idx]->data->design().domain_degrees(where[idx]);
    sum.df += own.df;
    sum.test_df += own.test_df;
    sum.test_rows += own.test_rows;
    sum.calibrated = sum.calibrated || own.calibrated;
  }
  return sum;
}

}  // namespace ankieta::analysis
