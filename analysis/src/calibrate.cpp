// Calibration to population totals (Deville & Särndal 1992): R survey 4.1-1
// calibrate.survey.design2. The model has an intercept (the population size), the cells of each
// categorical margin but the first (R's treatment contrasts), and each numeric variable.
//   linear, no bounds: R regcalibrate, g = 1 + x' (X'WX)^-1 (T - t^) (GREG weights);
//   bounds on g or logit: R grake, Newton steps with a generalized inverse, step halving, R's
//   rescaling when every population total is over 20 times the sample's, convergence when every
//   |misfit| / (1 + |total|) < epsilon.
// The variance uses the residuals from the weighted regression on the model (qr.resid).
#include <algorithm>
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"
#include "weighting_detail.hpp"

namespace ankieta::analysis::detail {

namespace {

struct CalibrationFunctions {
  CalibrationFunction kind;
  double lower, upper;

  // R cal.linear / cal.logit $Fm1 and $dF.
  double fm1(double u) const {
    if (kind == CalibrationFunction::linear) return std::min(std::max(u + 1, lower), upper) - 1;
    const double a = (upper - lower) / ((upper - 1) * (1 - lower));
    const double e = std::exp(a * u);
    return (lower * (upper - 1) + upper * (1 - lower) * e) / (upper - 1 + (1 - lower) * e) - 1;
  }
  double derivative(double u) const {
    if (kind == CalibrationFunction::linear) return (u < upper - 1 && u > lower - 1) ? 1.0 : 0.0;
    const double a = (upper - lower) / ((upper - 1) * (1 - lower));
    const double e = std::exp(a * u);
    const double denominator = upper - 1 + (1 - lower) * e;
    return upper * (1 - lower) * e * a / denominator -
           (lower * (upper - 1) + upper * (1 - lower) * e) * ((1 - lower) * e * a) /
               (denominator * denominator);
  }
};

// MASS::ginv with tol = 256 * .Machine$double.eps, as grake calls it.
Eigen::MatrixXd generalized_inverse(const Eigen::MatrixXd& matrix) {
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(matrix, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Eigen::VectorXd& d = svd.singularValues();
  const double tolerance = 256 * std::numeric_limits<double>::epsilon();
  const double threshold = d.size() ? std::max(tolerance * d(0), 0.0) : 0.0;
  Eigen::VectorXd inverse = Eigen::VectorXd::Zero(d.size());
  for (Eigen::Index idx = 0; idx < d.size(); ++idx)
    if (d(idx) > threshold) inverse(idx) = 1.0 / d(idx);
  return svd.matrixV() * inverse.asDiagonal() * svd.matrixU().transpose();
}

}  // namespace

WeightingResult calibrate(const Design& base, const WeightingProblem& problem,
                          const WeightingOptions& options) {
  const std::vector<double>& base_weights = base.weights();
  const std::size_t n = base_weights.size();
  const bool bounded = std::isfinite(options.lower) || std::isfinite(options.upper) ||
                       options.calfun == CalibrationFunction::logit;
  if (bounded && !(options.lower < 1 && options.upper > 1))
    throw usage_error(fmt::format("--bounds {},{}: the lower bound must be below 1 and the upper "
                                  "above 1", survey::format_number(options.lower),
                                  survey::format_number(options.upper)));
  if (options.calfun == CalibrationFunction::logit &&
      !(std::isfinite(options.lower) && std::isfinite(options.upper)))
    throw usage_error("--calfun logit needs finite --bounds L,U (e.g. --bounds 0.5,2)");

  // The model matrix and the population totals.
  std::vector<const PopulationTable*> tables;
  std::vector<std::vector<std::int32_t>> cells;
  for (const auto& table : problem.tables) {
    tables.push_back(&table);
    cells.push_back(assign_cells(problem, table, base_weights));
  }
  check_totals_agree(problem, tables);
  const bool intercept = !tables.empty() || problem.population_size.has_value();
  std::vector<double> population;
  if (intercept) {
    if (problem.population_size) {
      population.push_back(*problem.population_size);
    } else {
      long double sum = 0.0L;
      for (const auto& cell : tables.front()->cells) sum += cell.population;
      population.push_back(static_cast<double>(sum));
    }
  }
  for (const PopulationTable* table : tables)
    for (std::size_t cell = 1; cell < table->cells.size(); ++cell)
      population.push_back(table->cells[cell].population);
  for (const NumericTotal& total : problem.numeric_totals) {
    if (total.values.size() != n)
      throw usage_error(fmt::format("calibration: '{}' has {} values for {} rows", total.name,
                                    total.values.size(), n));
    if (!std::isfinite(total.total))
      throw data_error(fmt::format("{}: the total of '{}' is not a number", total.origin, total.name));
    for (std::size_t row = 0; row < n; ++row)
      if (!std::isfinite(total.values[row]))
        throw data_error(fmt::format(
            "{}: '{}' has no value; calibrating to its total needs it for every respondent: "
            "fill it in (or impute it), or drop the total from the frame",
            describe_row(problem, row), total.name));
    population.push_back(total.total);
  }
  const auto p = static_cast<Eigen::Index>(population.size());
  RowMajorMatrix x = RowMajorMatrix::Zero(static_cast<Eigen::Index>(n), p);
  for (std::size_t row = 0; row < n; ++row) {
    const auto r = static_cast<Eigen::Index>(row);
    Eigen::Index column = 0;
    if (intercept) x(r, column++) = 1.0;
    for (std::size_t table = 0; table < tables.size(); ++table) {
      const std::int32_t cell = cells[table][row];
      if (cell > 0) x(r, column + cell - 1) = 1.0;
      column += static_cast<Eigen::Index>(tables[table]->cells.size()) - 1;
    }
    for (const NumericTotal& total : problem.numeric_totals) x(r, column++) = total.values[row];
  }
  const Eigen::Map<const Eigen::VectorXd> ww(base_weights.data(), static_cast<Eigen::Index>(n));
  const Eigen::Map<const Eigen::VectorXd> target(population.data(), p);
  Eigen::VectorXd sample_total = x.transpose() * ww;

  // R: tqr <- qr(mm * whalf); the variance projects on its column space.
  const Eigen::VectorXd whalf = ww.cwiseSqrt();
  const Eigen::MatrixXd scaled = whalf.asDiagonal() * x;
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(scaled);
  if (qr.rank() < p)
    throw data_error(fmt::format(
        "the calibration model is collinear ({} independent columns of {}): a margin or total is "
        "determined by the others among the respondents; drop it or collapse cells",
        qr.rank(), p));
  const Eigen::MatrixXd r_factor = qr.matrixR().topLeftCorner(p, p).triangularView<Eigen::Upper>();
  const Eigen::MatrixXd r_inverse =
      r_factor.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(p, p));
  const Eigen::MatrixXd permutation = qr.colsPermutation();
  const Eigen::MatrixXd cross_inverse =
      permutation * (r_inverse * r_inverse.transpose()) * permutation.transpose();

  WeightingResult result;
  Eigen::VectorXd g(static_cast<Eigen::Index>(n));
  if (!bounded) {
    // R regcalibrate: Tmat = crossprod(mm * whalf); g = 1 + mm solve(Tmat, T - t^).
    const Eigen::MatrixXd tmat = scaled.transpose() * scaled;
    const Eigen::VectorXd coefficient = tmat.partialPivLu().solve(target - sample_total);
    g = Eigen::VectorXd::Ones(static_cast<Eigen::Index>(n)) + x * coefficient;
    result.iterations = 1;
  } else {
    // R grake.
    const CalibrationFunctions calfun{options.calfun, options.lower, options.upper};
    Eigen::VectorXd weights = ww;
    double scale = 1.0;
    bool rescaled = false;
    {
      double min_scale = std::numeric_limits<double>::infinity(), sum_scale = 0.0;
      for (Eigen::Index col = 0; col < p; ++col) {
        const double s = target(col) / sample_total(col);
        min_scale = std::min(min_scale, s);
        sum_scale += s;
      }
      if (min_scale > 20) {
        scale = sum_scale / static_cast<double>(p);
        weights *= scale;
        sample_total *= scale;
        rescaled = true;
      }
    }
    Eigen::VectorXd eta = Eigen::VectorXd::Zero(p);
    Eigen::VectorXd xeta = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
    Eigen::VectorXd deriv(static_cast<Eigen::Index>(n));
    auto evaluate = [&] {
      xeta = x * eta;
      bool finite = true;
      for (Eigen::Index row = 0; row < xeta.size(); ++row) {
        g(row) = 1 + calfun.fm1(xeta(row));
        deriv(row) = calfun.derivative(xeta(row));
        finite = finite && std::isfinite(g(row)) && std::isfinite(deriv(row));
      }
      return finite;
    };
    auto misfit = [&] {
      Eigen::VectorXd fitted = Eigen::VectorXd::Zero(p);
      for (Eigen::Index row = 0; row < xeta.size(); ++row)
        fitted += x.row(row).transpose() * (weights(row) * calfun.fm1(xeta(row)));
      return Eigen::VectorXd(target - sample_total - fitted);
    };
    evaluate();
    int iter = 1;
    bool failed = false;
    double achieved = 0.0;
    for (;;) {
      Eigen::MatrixXd tmat = x.transpose() * (weights.cwiseProduct(deriv)).asDiagonal() * x;
      Eigen::VectorXd deta = generalized_inverse(tmat) * misfit();
      eta += deta;
      bool finite = evaluate();
      while (iter < options.calibrate_max_iter && !finite) {
        ++iter;
        deta /= 2;
        eta -= deta;
        finite = evaluate();
      }
      const Eigen::VectorXd off = misfit();
      bool met = true;
      achieved = 0.0;
      for (Eigen::Index col = 0; col < p; ++col) {
        const double relative = std::fabs(off(col)) / (1 + std::fabs(target(col)));
        achieved = std::max(achieved, relative);
        met = met && relative < options.epsilon;
      }
      if (met) break;
      ++iter;
      if (iter > options.calibrate_max_iter) {
        failed = true;
        break;
      }
    }
    result.iterations = iter;
    if (failed)
      throw data_error(fmt::format(
          "calibration did not converge in {} steps (largest misfit {:.3g} of a total); the "
          "bounds {},{} on g{} cannot be met: widen --bounds, or collapse sparse cells",
          options.calibrate_max_iter, achieved, survey::format_number(options.lower),
          survey::format_number(options.upper),
          rescaled ? " (applied, as R does, after rescaling the weights to the population)" : ""));
    g *= scale;
  }

  result.weights.resize(n);
  for (std::size_t row = 0; row < n; ++row) result.weights[row] = base_weights[row] * g(static_cast<Eigen::Index>(row));
  for (std::size_t row = 0; row < n; ++row)
    if (!(result.weights[row] >= 0))
      throw data_error(fmt::format(
          "calibration gives {} a negative weight ({}); bound the weight ratio with --bounds "
          "(e.g. --bounds 0.2,5) or collapse sparse cells",
          describe_row(problem, row), survey::format_number(result.weights[row])));

  // svyrecvar, greg_calibration at stage 0: x <- qr.resid(tqr, x / w) * w with w = g * whalf,
  // that is x - g ww X (X'WX)^-1 X' (x / g).
  CalibrationStep step;
  step.columns = static_cast<int>(p);
  step.z.resize(static_cast<Eigen::Index>(n), p);
  step.a.resize(static_cast<Eigen::Index>(n), p);
  for (Eigen::Index row = 0; row < static_cast<Eigen::Index>(n); ++row) {
    const double gr = g(row);
    if (ww(row) == 0 || gr == 0) step.z.row(row).setZero();
    else step.z.row(row) = x.row(row) / gr;
    step.a.row(row) = x.row(row) * (gr * ww(row));
  }
  step.b = cross_inverse;
  auto calibration = std::make_shared<CalibrationVariance>();
  calibration->steps.push_back(std::move(step));
  calibration->schedule = {0};
  result.calibration = std::move(calibration);
  return result;
}

}  // namespace ankieta::analysis::detail
