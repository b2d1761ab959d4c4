// A complex sample design seen as per-row arrays: weights, strata, cluster ids per stage and finite
// population corrections. It knows how rows group into sampling units and computes the
// Taylor-linearization covariance of estimated totals (R `svyrecvar`, Lumley 2010 §2.2 and
// appendix C). It never drops rows: domains are handled by the estimators through DomainMask.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

namespace ankieta::analysis {

// The largest magnitude analysis accepts for a weight, an fpc population size, a frame's
// population count or total and a numeric answer. Beyond it doubles no longer hold whole numbers
// exactly (2^53 is about 9e15), and the squares and sums the variances need lose all precision
// and, near 1.8e308, overflow to infinity: such a value is a typing or unit error, refused with a
// message rather than turned into blank standard errors.
inline constexpr double kMaxMagnitude = 1e15;

// What to do with a stratum that has a single sampled PSU: R option `survey.lonely.psu`.
//   fail      - throw data_error naming the stratum (R default)
//   remove    - the stratum contributes no variance
//   certainty - the stratum contributes no variance (a certainty PSU)
//   adjust    - the lonely PSU is compared with 0 (the centre of the scores) instead of a mean
//   average   - the other strata's variance is scaled up by strata / strata-with-variance
enum class LonelyPsu { fail, remove, adjust, certainty, average };

// "fail", "remove", "adjust", "certainty", "average"; anything else is a usage_error.
LonelyPsu parse_lonely_psu(std::string_view name);
std::string_view to_string(LonelyPsu policy);

// Which rows belong to a domain (a subpopulation): nonzero byte = in. An empty span means every
// row. Rows outside a domain keep their place in the design: they add zero to every score, so
// the variance is that of the full design (R `subset()` of a design, `svyby`, `na.rm=TRUE`).
using DomainMask = std::span<const std::uint8_t>;

// The design as the caller reads it from the data. Every non-empty vector has one entry per row.
struct DesignSpec {
  // Sampling weights (>= 0, finite). Empty: derived from fpc (population / sample size at each
  // stage, as R svydesign does without weights), or 1 for every row without fpc.
  std::vector<double> weights;
  // Stratum of each row (any int32 code). Empty: one stratum.
  std::vector<std::int32_t> stratum_idx;
  // Optional label of each stratum code, used in messages: stratum_labels[code].
  std::vector<std::string> stratum_labels;
  // Cluster ids per stage: cluster_ids[0] = PSU of each row, cluster_ids[1] = second-stage unit
  // within its PSU, ... Empty: every row is its own PSU. Ids are nested: the same PSU id in two
  // strata means two PSUs (R `nest=TRUE`); the same SSU id in two PSUs means two SSUs.
  std::vector<std::vector<std::int64_t>> cluster_ids;
  // Finite population correction per stage, like R: values > 1 are population sizes (number of
  // units at that stage in the stratum or parent unit), values <= 1 sampling fractions; +inf means
  // sampling with replacement. Must be constant within a stratum (stage 1) or parent unit.
  // Stage 1 without fpc is a with-replacement first stage (only the PSU term). With fpc at stage
  // k and cluster ids at stage k+1, the variance adds stage k+1 terms scaled by the stage-k
  // sampling fractions (R `survey.ultimate.cluster=FALSE`); a stage without fpc ends that chain.
  std::vector<std::vector<double>> fpc;
  LonelyPsu lonely_psu = LonelyPsu::fail;
  // How the caller lets the user choose a lonely-PSU rule, appended to the "only one PSU" error:
  // each command names only the option or spec key it has.
  std::string lonely_psu_hint = "choose --lonely-psu remove|adjust|certainty|average";
};

// The degrees of freedom of a table computed in a domain (`--where`), as R gives them for the same
// table on subset(design, where):
//   df       R degf(subset): PSUs minus strata among the domain's rows with nonzero weight, for
//            every t quantile and t or F test on the design df (intervals, column letters,
//            differences and the equality F of means);
//   test_df  svychisq's nu: PSUs minus strata among the rows of the subset design. subset() of a
//            plain design drops the other rows, so these are the domain's; subset() of a
//            calibrated design (postStratify, rake, calibrate) keeps every row with weight 0, so
//            they are the whole design's.
//   test_rows svychisq's N (the rows of the subset design), likewise.
// Without a domain all three are those of the design.
struct DomainDegrees {
  int df = 0;
  int test_df = 0;
  double test_rows = 0;
  bool calibrated = false;  // test_df and test_rows are the whole design's because it is calibrated
};

// Per finest variance unit sums of per-row scores (influence values), built by the estimators.
// values(unit, k) = sum over rows of the unit in the domain of score k; present[unit] != 0 when
// the unit has at least one row in the domain (empty = all present). Presence decides, like
// R's subsetting, which strata take part in lonely-PSU handling.
struct UnitSums {
  Eigen::MatrixXd values;  // column-major: the variance reads one score (column) at a time
  std::vector<std::uint8_t> present;
};

// How a calibration (post-stratification, raking, GREG) enters the variance: R svyrecvar replaces
// the per-row scores x by calibration residuals before the design variance (its `postStrata`).
// Every step is a projection x <- x - A B Z' x, with per-row vectors z_i and a_i of `columns`
// entries and a columns x columns matrix B:
//   postStratify (one step)    z_i = e_h oldw_i / (psw_i sum_h oldw), a_i = psw_i e_h, B = I
//   rake (each margin in turn, the margins' list swept 10 times as svyrecvar does)
//                              z_i = e_c / (psw_mi n_c),             a_i = psw_mi e_c, B = I
//   calibrate (GREG, stage 0)  z_i = x_i / g_i,  a_i = g_i w_i x_i,  B = (X' W X)^+  (= qr.resid)
// where h, c are the row's post-stratum or margin category, psw the weights after that step,
// oldw the weights before it, n_c the rows in category c, x_i the row of the model matrix,
// w the weights before calibration and g the calibration ratios.
struct CalibrationStep {
  int columns = 0;
  // Categorical form: row i's only nonzero column is category[i] (-1: none), holding z_value[i]
  // in z and a_value[i] in a.
  std::vector<std::int32_t> category;
  std::vector<double> z_value;
  std::vector<double> a_value;
  // Dense form, used when `category` is empty: rows x columns.
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> z;
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> a;
  Eigen::MatrixXd b;  // columns x columns; empty = identity
};

struct CalibrationVariance {
  std::vector<CalibrationStep> steps;
  std::vector<int> schedule;  // steps applied in this order (indexes into steps)
};

class Design {
 public:
  // Validates and indexes the spec. Throws data_error (naming the row and what was expected) on
  // mismatched lengths, negative or missing weights, bad fpc, fpc varying within a stratum.
  explicit Design(DesignSpec spec);

  std::size_t n() const { return weights_.size(); }          // rows, including zero weights
  int n_strata() const { return n_strata_; }                  // strata with at least one row
  int n_psu() const { return n_psu_; }                        // first-stage units
  int df() const { return df_; }  // R degf(): PSUs - strata among rows with nonzero weight
  int stages() const { return static_cast<int>(stages_.size()); }
  LonelyPsu lonely_psu() const { return lonely_psu_; }
  const std::vector<double>& weights() const { return weights_; }
  double weight_sum() const { return weight_sum_; }
  std::vector<int> psu_per_stratum() const;
  std::string stratum_label(int stratum) const;  // dense stratum index 0..n_strata()-1

  // Degrees of freedom of a domain as R degf() of a subset design: PSUs minus strata among the
  // domain's rows with nonzero weight.
  int domain_df(DomainMask domain) const;
  // PSUs minus strata among the domain's rows whatever their weight.
  int domain_psu_minus_strata(DomainMask domain) const;
  // Every degree of freedom a table in the domain `where` uses (see DomainDegrees): the one
  // place that rule lives.
  DomainDegrees domain_degrees(DomainMask where) const;

  // The finest cell the variance needs for each row, and how many there are: the finest sampling
  // unit, or for a calibrated design a part of one whose rows share their calibration vectors z.
  // Estimators sum their per-row scores per cell (UnitSums) and hand them to total_covariance.
  const std::vector<std::int32_t>& row_unit() const { return calibration_ ? row_cell_ : row_unit_; }
  // The finest sampling unit of each row, calibrated or not (0..units-1 of the last stage).
  const std::vector<std::int32_t>& row_sampling_unit() const { return row_unit_; }
  // For a calibrated design: the per-cell score sums (row_unit() cells) turned into the sums per
  // finest sampling unit of their calibration residuals (R svyrecvar's postStrata), the sums a
  // design whose variance units contain these (the link design of change.hpp) takes on.
  Eigen::MatrixXd calibration_residual_unit_sums(const UnitSums& cell_sums) const;
  std::int32_t n_units() const { return calibration_ ? n_cells_ : stages_.back().n_units; }

  // Dense stratum index (0..n_strata()-1) of each row.
  const std::vector<std::int32_t>& row_stratum() const { return row_stratum_; }

  // The same design (rows, strata, units, fpc) with new weights and, when given, a calibration that
  // enters the variance (R postStratify / rake / calibrate / trimWeights results). Rows of a
  // calibrated design stay in every domain's variance computation as R's calibrated designs do.
  Design reweighted(std::vector<double> weights,
                    std::shared_ptr<const CalibrationVariance> calibration) const;
  bool calibrated() const { return calibration_ != nullptr; }
  const CalibrationVariance* calibration() const { return calibration_.get(); }

  // Taylor-linearization covariance (k x k) of the totals whose per-unit score sums are given
  // (R svyrecvar -> multistage -> onestage -> onestrat, survey 4.1-1). Throws data_error under
  // LonelyPsu::fail when a present stratum has a single PSU.
  // For a calibrated design, the sums are per calibration cell and the scores are first replaced
  // by their calibration residuals (R svyrecvar's postStrata); every unit then takes part.
  Eigen::MatrixXd total_covariance(const UnitSums& sums) const;
  // The diagonal of total_covariance() alone: O(units x k) instead of O(units x k^2).
  Eigen::VectorXd total_variances(const UnitSums& sums) const;

  // A square root of total_covariance(): a matrix G of (variance contributions) x k with
  // total_covariance(sums) = G' G. Any covariance entry is then a dot product of two columns,
  // so a table of thousands of cells gets the entries it shows without a k x k matrix.
  Eigen::MatrixXd variance_factor(const UnitSums& sums) const;
  // The same, turning the sums into the factor in place where the design allows.
  Eigen::MatrixXd variance_factor(UnitSums&& sums) const;
  // G'G for a factor (or some of its columns).
  static Eigen::MatrixXd covariance_from_factor(const Eigen::MatrixXd& factor);

  // Sums of per-row scores (rows x k, row-major) per finest unit, over rows in the domain.
  UnitSums unit_sums(const Eigen::Ref<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic,
                                                        Eigen::RowMajor>>& scores,
                     DomainMask domain = {}) const;
  // Which finest units have a row in the domain.
  std::vector<std::uint8_t> present_units(DomainMask domain) const;

 private:
  // One stage of the variance recursion. Its groups are the strata (stage 0) or the units of
  // the previous stage; its units are numbered so that each group's units are contiguous.
  struct Stage {
    std::int32_t n_units = 0;
    std::vector<std::int32_t> group_first_unit;  // n_groups + 1 entries
    std::vector<double> group_fpc_factor;        // (N - n) / N, or 1 without fpc
    std::vector<double> group_sampling_fraction; // n / N (scales the next stage's variance)
    std::vector<double> group_multiplier;        // product of ancestors' sampling fractions
    std::vector<std::int64_t> unit_id;           // cluster id of each unit (row number if none)
    bool has_fpc = false;
  };

  void check_lengths(const DesignSpec& spec) const;
  void count_weights();
  void build_calibration_cells();
  Eigen::MatrixXd calibrated_variance_factor(const UnitSums& sums) const;
  Eigen::MatrixXd unit_variance_factor(Eigen::MatrixXd values,
                                       std::vector<std::uint8_t> present) const;
  int count_psu_minus_strata(DomainMask domain, bool nonzero_weight_only) const;
  // derive_weights: no weights were given; derive them from the fpc (R svydesign).
  void build_stages(const DesignSpec& spec, const std::vector<std::int32_t>& row_stratum,
                    bool derive_weights);
  std::string group_label(std::size_t stage_idx, std::int32_t group) const;
  [[noreturn]] void fail_lonely(std::size_t stage_idx, std::int32_t group) const;

  std::vector<double> weights_;
  double weight_sum_ = 0.0;
  std::vector<std::int32_t> stratum_code_;  // original code of each dense stratum
  std::vector<std::string> stratum_labels_;
  std::vector<std::int32_t> row_stratum_;   // dense stratum of each row
  std::vector<std::int32_t> row_psu_;       // first-stage unit of each row
  std::vector<std::int32_t> row_unit_;      // finest stage unit of each row
  std::vector<Stage> stages_;
  // parent_unit_[s][u] = unit of stage s-1 (or stratum for s == 0) containing unit u of stage s.
  std::vector<std::vector<std::int32_t>> parent_unit_;
  LonelyPsu lonely_psu_ = LonelyPsu::fail;
  std::string lonely_psu_hint_;
  // Calibration: the cells (unit x distinct calibration vectors) and what the residuals need.
  std::shared_ptr<const CalibrationVariance> calibration_;
  std::vector<std::int32_t> row_cell_;
  std::int32_t n_cells_ = 0;
  std::vector<std::int32_t> cell_unit_;
  std::vector<int> step_offset_;  // first column of each step in cell_z_ / unit_a_
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> cell_z_;  // cells x sum q
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> unit_a_;  // units x sum q
  Eigen::MatrixXd cross_;  // sum q x sum q: Z_t' A_s for every pair of steps
  int n_strata_ = 0;
  int n_psu_ = 0;
  int df_ = 0;
};

}  // namespace ankieta::analysis
