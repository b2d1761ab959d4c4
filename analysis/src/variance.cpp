// Taylor-linearization variance of estimated totals: R survey 4.1-1 `svyrecvar`, which calls
// `multistage` -> `onestage` -> `onestrat` (Lumley 2010, appendix C; Särndal, Swensson & Wretman
// 1992, result 4.3.1 for the multistage terms). For each stage and group (stratum, or unit of the
// previous stage) with n sampled units whose score sums are y_u:
//     V_g = m_g * f_g * n / (n - 1) * sum_u (y_u - ybar)(y_u - ybar)'
// where f_g = (N - n) / N is the finite population correction (1 without fpc) and m_g the product
// of the sampling fractions n/N of the group's ancestors (R multiplies the sub-stage variance by
// nPSU / fpc). The sums over units come from one pass over the rows into contiguous arrays.
// The covariance is kept in square-root form, a factor G with V = G'G whose rows are the
// scaled, centred unit sums: a variance is one column's squared norm, and an estimator asks only
// for the entries it shows. G is linear in the scores, which lets estimators derive the factor
// of a ratio's score from the factors of its numerator and denominator.
#include <cmath>
#include <limits>

#include "ankieta/analysis/design.hpp"
#include "ankieta/survey/error.hpp"

namespace ankieta::analysis {

namespace {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// R onestrat drops a stratum whose fpc says it was fully enumerated.
constexpr double census_fpc_factor = 1e-7;

}  // namespace

std::vector<std::uint8_t> Design::present_units(DomainMask domain) const {
  const std::vector<std::int32_t>& cells = row_unit();
  std::vector<std::uint8_t> present(static_cast<std::size_t>(n_units()), domain.empty() ? 1 : 0);
  if (domain.empty()) return present;
  for (std::size_t row = 0; row < cells.size(); ++row)
    if (domain[row]) present[static_cast<std::size_t>(cells[row])] = 1;
  return present;
}

UnitSums Design::unit_sums(const Eigen::Ref<const RowMajorMatrix>& scores,
                           DomainMask domain) const {
  UnitSums sums;
  sums.values = Eigen::MatrixXd::Zero(n_units(), scores.cols());
  sums.present = present_units(domain);
  const std::vector<std::int32_t>& cells = row_unit();
  for (std::size_t row = 0; row < cells.size(); ++row) {
    if (!domain.empty() && !domain[row]) continue;
    sums.values.row(cells[row]) += scores.row(static_cast<Eigen::Index>(row));
  }
  return sums;
}

Eigen::MatrixXd Design::total_covariance(const UnitSums& sums) const {
  return covariance_from_factor(variance_factor(sums));
}

Eigen::MatrixXd Design::covariance_from_factor(const Eigen::MatrixXd& factor) {
  // G'G is symmetric: a rank update of one triangle is half the work of the full product.
  Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(factor.cols(), factor.cols());
  covariance.selfadjointView<Eigen::Lower>().rankUpdate(factor.transpose());
  covariance.triangularView<Eigen::StrictlyUpper>() = covariance.transpose();
  return covariance;
}

Eigen::VectorXd Design::total_variances(const UnitSums& sums) const {
  return variance_factor(sums).colwise().squaredNorm().transpose();
}

Eigen::MatrixXd Design::variance_factor(const UnitSums& sums) const {
  if (!calibration_) return unit_variance_factor(sums.values, sums.present);
  return calibrated_variance_factor(sums);
}

Eigen::MatrixXd Design::variance_factor(UnitSums&& sums) const {
  if (!calibration_) return unit_variance_factor(std::move(sums.values), std::move(sums.present));
  return calibrated_variance_factor(sums);
}

Eigen::MatrixXd Design::calibrated_variance_factor(const UnitSums& sums) const {
  // R keeps every row of a calibrated design in a subset (its weight set to 0), so every
  // stratum and unit takes part.
  return unit_variance_factor(calibration_residual_unit_sums(sums), {});
}

Eigen::MatrixXd Design::calibration_residual_unit_sums(const UnitSums& sums) const {
  if (!calibration_) throw usage_error("design: calibration residuals of a design without calibration");
  // Calibration residuals (R svyrecvar, postStrata): each step replaces the scores x by
  // x - A B Z'x. Z'x of every step follows from the cell sums (z is constant within a cell), and
  // a step changes the others' Z'x by (Z_t' A_s) B_s Z_s'x, so the residuals' unit sums are
  // U - A_unit * (sum of the coefficients B_s Z_s'x of every step applied).
  const Eigen::Index k = sums.values.cols();
  Eigen::MatrixXd projected = cell_z_.transpose() * sums.values;  // Z'x, all steps stacked
  Eigen::MatrixXd coefficients = Eigen::MatrixXd::Zero(projected.rows(), k);
  for (int step : calibration_->schedule) {
    const CalibrationStep& s = calibration_->steps[static_cast<std::size_t>(step)];
    const Eigen::Index offset = step_offset_[static_cast<std::size_t>(step)];
    Eigen::MatrixXd coefficient = projected.middleRows(offset, s.columns);
    if (s.b.size() != 0) coefficient = s.b * coefficient;
    coefficients.middleRows(offset, s.columns) += coefficient;
    projected.noalias() -= cross_.middleCols(offset, s.columns) * coefficient;
  }
  Eigen::MatrixXd unit_values = Eigen::MatrixXd::Zero(stages_.back().n_units, k);
  for (std::int32_t cell = 0; cell < n_cells_; ++cell)
    unit_values.row(cell_unit_[static_cast<std::size_t>(cell)]) += sums.values.row(cell);
  unit_values.noalias() -= unit_a_ * coefficients;
  return unit_values;
}

// Each group's contribution m f n/(n-1) sum_u c_u c_u' (c_u the centred unit sums) is written as
// rows sqrt(m f n/(n-1)) c_u of the factor, so that the covariance is the factor's cross product.
// Every stage's rows take the place of its units' sums (rows of units that contribute nothing
// become zeros), so that a one-stage design's factor needs no memory beyond the sums.
Eigen::MatrixXd Design::unit_variance_factor(Eigen::MatrixXd level,
                                             std::vector<std::uint8_t> present) const {
  const Eigen::Index k = level.cols();
  std::vector<Eigen::MatrixXd> stage_factors;  // the last stage first
  std::vector<std::uint8_t> level_present = std::move(present);
  if (level_present.empty()) level_present.assign(static_cast<std::size_t>(stages_.back().n_units), 1);
  bool not_estimable = false;

  for (std::size_t stage_idx = stages_.size(); stage_idx-- > 0;) {
    const Stage& stage = stages_[stage_idx];
    const std::size_t n_groups = stage.group_first_unit.size() - 1;

    // Sums per unit of the previous stage (each one's units are a contiguous block), taken
    // before this stage's sums are turned into its factor.
    Eigen::MatrixXd parent_sums;
    std::vector<std::uint8_t> parent_present;
    if (stage_idx > 0) {
      parent_sums.resize(static_cast<Eigen::Index>(n_groups), k);
      parent_present.assign(n_groups, 0);
      for (std::size_t group = 0; group < n_groups; ++group) {
        const std::int32_t first = stage.group_first_unit[group];
        const std::int32_t count = stage.group_first_unit[group + 1] - first;
        parent_sums.row(static_cast<Eigen::Index>(group)) = level.middleRows(first, count).colwise().sum();
        for (std::int32_t unit = first; unit < first + count; ++unit)
          if (level_present[static_cast<std::size_t>(unit)]) parent_present[group] = 1;
      }
    }

    int present_groups = 0;
    int groups_with_variance = 0;  // R onestage "nokstrat"
    for (std::size_t group = 0; group < n_groups; ++group) {
      const std::int32_t first = stage.group_first_unit[group];
      const std::int32_t n_sampled = stage.group_first_unit[group + 1] - first;
      auto block = level.middleRows(first, n_sampled);
      bool present = false;
      for (std::int32_t unit = first; unit < first + n_sampled && !present; ++unit)
        present = level_present[static_cast<std::size_t>(unit)] != 0;
      if (!present) {  // R only visits strata and units with rows in the (sub)design
        block.setZero();
        continue;
      }
      ++present_groups;
      const double fpc_factor = stage.group_fpc_factor[group];
      const double multiplier = stage.group_multiplier[group];
      if (fpc_factor < census_fpc_factor) {
        block.setZero();
        ++groups_with_variance;
        continue;
      }
      if (n_sampled == 1) {
        switch (lonely_psu_) {
          case LonelyPsu::fail:
            fail_lonely(stage_idx, static_cast<std::int32_t>(group));
          case LonelyPsu::remove:
          case LonelyPsu::certainty:
            // Centred about its own mean, a single PSU contributes nothing.
            block.setZero();
            ++groups_with_variance;
            break;
          case LonelyPsu::adjust:
            // Not centred: the PSU total is compared with zero, the mean of the scores.
            block *= std::sqrt(multiplier * fpc_factor);
            ++groups_with_variance;
            break;
          case LonelyPsu::average:
            // R: NA for this stratum; at stage 1 the others are scaled up, below stage 1 each
            // group is its own onestage() call, so the result is NaN (0 * 1/0), as in R.
            block.setZero();
            if (stage_idx > 0) not_estimable = true;
            break;
        }
        continue;
      }
      // Identical units must centre to exact zeros (a proportion of 1 in every PSU has SE 0, as
      // in R, which sums in long double): their mean is taken as their common value.
      const double root_scale = std::sqrt(multiplier * fpc_factor * n_sampled / (n_sampled - 1.0));
      for (Eigen::Index col = 0; col < k; ++col) {
        auto unit_sums = block.col(col);
        const double first_sum = unit_sums(0);
        const double mean = (unit_sums.array() == first_sum).all() ? first_sum : unit_sums.mean();
        unit_sums = (unit_sums.array() - mean) * root_scale;
      }
      ++groups_with_variance;
    }
    if (stage_idx == 0 && present_groups > 0 && groups_with_variance < present_groups) {
      // R onestage: sum over strata with a variance * nstrat / nokstrat (NaN when none has one).
      if (groups_with_variance == 0) not_estimable = true;
      else level *= std::sqrt(static_cast<double>(present_groups) / groups_with_variance);
    }
    stage_factors.push_back(std::move(level));
    if (stage_idx > 0) {
      level = std::move(parent_sums);
      level_present = std::move(parent_present);
    }
  }
  if (not_estimable) return Eigen::MatrixXd::Constant(1, k, std::numeric_limits<double>::quiet_NaN());
  if (stage_factors.size() == 1) return std::move(stage_factors.front());
  Eigen::Index rows = 0;
  for (const auto& rows_of_stage : stage_factors) rows += rows_of_stage.rows();
  Eigen::MatrixXd factor(rows, k);
  Eigen::Index row = 0;
  for (const auto& rows_of_stage : stage_factors) {
    factor.middleRows(row, rows_of_stage.rows()) = rows_of_stage;
    row += rows_of_stage.rows();
  }
  return factor;
}

}  // namespace ankieta::analysis
