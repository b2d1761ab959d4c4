// Change between survey waves (reference/waves/METHOD.md): each wave's own estimate (the numbers of
// the single-wave tables) and, per pair of waves, the difference b - a with its standard error
// from linearization on the stacked waves in the link design (link_design.hpp), so that the
// covariance of firms seen in both waves enters (Var = V_a + V_b - 2 C_ab); the test of equal
// distributions (Rao-Scott) for categorical items and, over more than two waves, the omnibus tests
// on the k-wave link design. `--overlap independent` gives V_a + V_b of the waves' own designs, and
// the panel form the paired analysis of the units in every wave.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "ankieta/analysis/analysis_data.hpp"
#include "ankieta/analysis/disclosure.hpp"
#include "ankieta/analysis/confidence_interval.hpp"
#include "ankieta/analysis/design.hpp"
#include "ankieta/analysis/table_tests.hpp"

namespace ankieta::analysis {

enum class Overlap { linked, independent };

// One wave as loaded for the change: its own design and columns, and the keys that link its rows
// to the other waves.
struct ChangeWave {
  std::int64_t number = 0;
  const AnalysisData* data = nullptr;
  std::vector<std::string> unit_keys;        // per row: the link unit (first-stage cluster, else respondent)
  std::vector<std::string> respondent_keys;  // per row: the respondent (for the panel)
  // Per row: N_ht of the row's stratum (population PSUs; +inf unknown), from the design's fpc.
  std::vector<double> population;
};

struct ChangeSettings {
  Overlap overlap = Overlap::linked;
  bool link_fpc = true;  // false: the link design without fpc (with replacement)
  double level = 0.95;
  LonelyPsu lonely_psu = LonelyPsu::fail;
  // A scale's categories (each one's share, the test of equal distributions) instead of its mean:
  // the waves side by side of a crosstab.
  bool scale_categories = false;
};

// The rows of some waves stacked (in the order of `waves`), with the design their change uses: the
// link design (one Design, post-stratified by wave x stratum) or, for independent samples, the
// waves' own designs side by side.
class WaveStack {
 public:
  WaveStack(std::vector<const ChangeWave*> waves, const ChangeSettings& settings);

  std::size_t wave_count() const { return waves_.size(); }
  const ChangeWave& wave(std::size_t idx) const { return *waves_[idx]; }
  std::size_t offset(std::size_t idx) const { return offsets_[idx]; }
  std::size_t rows() const { return offsets_.back(); }
  const std::vector<double>& weights() const { return weights_; }
  // The link unit of each stacked row, numbered across the waves.
  const std::vector<std::int32_t>& unit() const { return unit_; }
  std::int32_t unit_count() const { return unit_count_; }
  int units_in_all_waves() const { return units_in_all_waves_; }
  bool linked() const { return design_ != nullptr; }

  int df() const { return df_; }
  int psu() const { return psu_; }
  int strata() const { return strata_; }
  // Covariance of the totals of per-row scores: one variance pass on the link design, or the sum
  // of each wave's own (independent samples). score(stacked_row, out) writes the row's `columns`
  // scores into the zeroed `out` and returns false when they are all zero. The scores are summed
  // per variance unit as they come, so no rows x columns matrix is ever held.
  template <class Score>
  Eigen::MatrixXd covariance(Eigen::Index columns, Score score) const {
    Eigen::RowVectorXd buffer(columns);
    // Per-row scores summed per variance unit of `design` (a wave's own, for independent samples).
    auto sums_over = [&](const Design& design, std::size_t first, std::size_t count) {
      UnitSums sums;
      sums.values = Eigen::MatrixXd::Zero(design.n_units(), columns);
      const std::vector<std::int32_t>& cell = design.row_unit();
      for (std::size_t row = 0; row < count; ++row) {
        buffer.setZero();
        if (score(first + row, buffer)) sums.values.row(cell[row]) += buffer;
      }
      return sums;
    };
    // On the link design the scores are first replaced by their residuals from the wave x stratum
    // post-strata, x - a (sum over the post-stratum of z x) (R svyrecvar's postStrata for
    // postStratify), computed here in two passes over the rows instead of through Design's general
    // calibration cells, which would hold rows x post-strata matrices.
    if (design_) {
      Eigen::MatrixXd means = Eigen::MatrixXd::Zero(post_strata_, columns);
      for (std::size_t row = 0; row < rows(); ++row) {
        buffer.setZero();
        if (score(row, buffer)) means.row(post_stratum_[row]) += post_z_[row] * buffer;
      }
      // A wave weighted by a calibration (a weight set) takes its residuals once more, from its
      // own calibration after the link post-strata (R: calibrate() or rake() of the link design
      // on that wave's rows): its rows are summed per calibration cell of the wave's design, the
      // cells' residual sums per sampling unit added to the unit's link unit.
      UnitSums sums;
      sums.values = Eigen::MatrixXd::Zero(design_->n_units(), columns);
      const std::vector<std::int32_t>& link_unit = design_->row_unit();
      for (std::size_t idx = 0; idx < waves_.size(); ++idx) {
        const Design& own = waves_[idx]->data->design();
        const bool calibrated = !link_unit_of_wave_unit_[idx].empty();
        Eigen::MatrixXd cells;
        if (calibrated) cells = Eigen::MatrixXd::Zero(own.n_units(), columns);
        for (std::size_t row = 0; row < offsets_[idx + 1] - offsets_[idx]; ++row) {
          const std::size_t at = offsets_[idx] + row;
          buffer.setZero();
          score(at, buffer);
          buffer -= post_a_[at] * means.row(post_stratum_[at]);
          if (calibrated) cells.row(own.row_unit()[row]) += buffer;
          else sums.values.row(link_unit[at]) += buffer;
        }
        if (!calibrated) continue;
        UnitSums cell_sums;
        cell_sums.values = std::move(cells);
        const Eigen::MatrixXd residuals = own.calibration_residual_unit_sums(cell_sums);
        for (Eigen::Index unit = 0; unit < residuals.rows(); ++unit)
          sums.values.row(link_unit_of_wave_unit_[idx][static_cast<std::size_t>(unit)]) += residuals.row(unit);
      }
      return Design::covariance_from_factor(design_->variance_factor(std::move(sums)));
    }
    Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(columns, columns);
    for (std::size_t idx = 0; idx < waves_.size(); ++idx) {
      const Design& own = waves_[idx]->data->design();
      sum += Design::covariance_from_factor(own.variance_factor(sums_over(own, offsets_[idx], offsets_[idx + 1] - offsets_[idx])));
    }
    return sum;
  }
  // The link design as a Design of its own, for estimates over the stacked rows (waves pooled):
  // the link units, strata and fpc, each row's wave weight, and as calibration the wave x stratum
  // post-strata followed by each calibrated wave's own steps - R's postStratify() (and rake() or
  // calibrate()) of the link design. Error(usage) for independent waves, which have no link design.
  Design pooled_design() const;
  // svychisq's nu and N for a table over the stacked rows in `where` (one mask per wave, empty = all).
  DomainDegrees test_degrees(const std::vector<std::vector<std::uint8_t>>& where) const;

 private:
  std::vector<const ChangeWave*> waves_;
  std::vector<std::size_t> offsets_;
  std::vector<double> weights_;
  std::vector<std::int32_t> unit_;
  std::int32_t unit_count_ = 0;
  int units_in_all_waves_ = 0;
  std::unique_ptr<Design> design_;  // the link design before its post-stratification (applied by covariance())
  // Per wave weighted by a calibration: the link unit of each of its sampling units (empty: none).
  std::vector<std::vector<std::int32_t>> link_unit_of_wave_unit_;
  std::vector<std::int32_t> post_stratum_;  // per row: its wave x stratum post-stratum
  std::vector<double> post_z_, post_a_;     // per row: z and a of the post-stratification (CalibrationStep)
  int post_strata_ = 0;
  int df_ = 0, psu_ = 0, strata_ = 0;
};

// One quantity compared across waves: per wave (in the order of the waves), a value per row, NaN
// where the row is outside the quantity's base (missing answer, not asked, outside --where).
struct ChangeItem {
  std::string statistic;  // "mean" or "prop" (a category's share, a multiple-response option's share)
  int value_idx = -1;     // categorical: the category's value index; multiple response: the option index
  const survey::Variable* variable = nullptr;  // the item's variable (a multi option's 0/1 item)
  std::vector<std::vector<double>> values;
};

struct WaveEstimate {
  std::int64_t wave = 0;
  int n = 0;
  double estimate = 0, se = 0;
  Interval ci;
  double df = 0;
};

struct WaveDifference {
  std::int64_t from = 0, to = 0;
  double estimate = 0, se = 0, t = 0, df = 0, p = 0;
  Interval ci;
  double se_independent = 0;  // sqrt(V_a + V_b) of the waves' own designs
  int psu_in_both = 0;        // link units with rows (in the domain) in both waves
  int psu_with_value_in_both = 0;
};

struct ChangeRow {
  std::string statistic;  // "mean", "prop" or "total"
  int value_idx = -1;
  const survey::Variable* variable = nullptr;
  std::vector<WaveEstimate> per_wave;
  std::vector<WaveDifference> differences;  // every pair a < b, in wave order
  // Disclosure control (table_protection.hpp): per entry of per_wave, empty when not applied. A
  // difference with a withheld wave's estimate is withheld with it.
  std::vector<CellMark> marks;
};

// The category or multiple-response option a row is of (its code and label), or null for a mean.
const survey::Option* option_of(const ChangeRow& row, const survey::Questionnaire& questionnaire);

struct ChangeTest {
  TableTest test;
  std::vector<std::int64_t> waves;  // the waves tested: a pair (from, to), or all of them (omnibus)
};

struct ChangeDesignSummary {
  Overlap overlap = Overlap::linked;
  bool link_fpc = true;
  bool panel = false;
  int df = 0, psu = 0, strata = 0;
  int psu_in_all_waves = 0;
};

struct ChangeTable {
  const survey::Variable* variable = nullptr;  // null for a multiple-response question
  const survey::Question* question = nullptr;
  std::vector<std::int64_t> waves;
  ChangeDesignSummary design;
  std::vector<ChangeRow> rows;
  std::vector<ChangeTest> tests;
  ProtectionSummary protection;  // disclosure control (table_protection.hpp)
};

// The change of one variable or multiple-response question over `waves` (two or more, in
// increasing order), each difference on its pair's link design, the omnibus tests on the design of
// all waves. Throws Error(data) naming the wave when the variable has no answers in one of them.
ChangeTable compute_change(const std::vector<const ChangeWave*>& waves, const std::string& name,
                           const ChangeSettings& settings);

// The paired analysis of the respondents present in every wave (METHOD.md, "Panel-only"): one
// row per such respondent with the weight N_h / m_h of its earliest wave's stratum (m_h panel
// respondents there) and that stratum's fpc; each difference is the design mean of y_b - y_a.
ChangeTable compute_panel_change(const std::vector<const ChangeWave*>& waves, const std::string& name,
                                 const ChangeSettings& settings);

// The items of a variable or multi question in one wave: numeric and scale variables a mean (their
// values or scores), categorical variables one share per category, multi questions one share per
// option; NaN outside the base. Used by both forms of the change. `scale_categories`: a scale's
// categories as for a single-choice variable.
std::vector<ChangeItem> change_items(const std::vector<const ChangeWave*>& waves, const std::string& name,
                                     bool scale_categories = false);

}  // namespace ankieta::analysis
