// Two-way tables against R survey 4.1.1 (tests/reference/expected/{dsrs,dstrat,dclus1}.json):
// svytable, svyby row proportions, svymean of the interaction (with vcov), svychisq F, Chisq,
// Wald and adjWald, and svychisq's internals; Cramér's V against PSPP 1.6.2.
#include <catch2/catch.hpp>

#include "ankieta/analysis/crosstab.hpp"
#include "support/extra.hpp"

using namespace ankieta::analysis;
using ankieta::test::Json;
using ankieta::test::levels_of;
using ankieta::test::reference_design;
using ankieta::test::reference_design_names;

namespace {

Crosstab reference_crosstab(const ankieta::test::ReferenceDesign& ref, const std::string& row_var,
                            const std::string& col_var, const CrosstabOptions& options = {}) {
  const auto row_levels = levels_of(row_var);
  const auto col_levels = levels_of(col_var);
  return crosstab(ref.design, ref.data.factor(row_var, row_levels),
                  static_cast<int>(row_levels.size()), ref.data.factor(col_var, col_levels),
                  static_cast<int>(col_levels.size()), {}, options);
}

const TableTest& find_test(const Crosstab& table, const std::string& name) {
  for (const TableTest& test : table.tests)
    if (test.name == name) return test;
  throw std::runtime_error("no test " + name);
}

void check_twoway(const std::string& design_name, const std::string& row_var,
                  const std::string& col_var) {
  const auto& ref = reference_design(design_name);
  const Json& expected = ref.expected["twoway"][row_var + "_by_" + col_var];
  INFO(design_name << " " << row_var << " by " << col_var);
  const Crosstab table = reference_crosstab(ref, row_var, col_var);
  const int n_rows = table.n_rows;
  const int n_cols = table.n_cols;

  const auto svytable = expected["svytable"]["values"].matrix();
  const auto rowprop = expected["svyby_rowprop"]["estimate"].matrix();
  const auto rowprop_se = expected["svyby_rowprop"]["se"].matrix();
  for (int r = 0; r < n_rows; ++r)
    for (int c = 0; c < n_cols; ++c) {
      INFO("cell " << r << "," << c);
      const CrosstabCell& cell = table.cell(r, c);
      CHECK_CLOSE(cell.total, svytable[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)]);
      // svyby(~row, ~col, design, svymean): the row variable's distribution in each column.
      CHECK_CLOSE(cell.col_prop, rowprop[static_cast<std::size_t>(c)][static_cast<std::size_t>(r)]);
      CHECK_CLOSE(cell.col_prop_se,
                  rowprop_se[static_cast<std::size_t>(c)][static_cast<std::size_t>(r)]);
    }

  // svymean(~interaction(row, col)): R's cell order, the row factor varying fastest.
  const Json& cells = expected["cell_proportions"];
  const auto estimate = cells["estimate"].numbers();
  const auto se = cells["se"].numbers();
  const auto vcov = cells["vcov"].matrix();
  for (int c = 0; c < n_cols; ++c)
    for (int r = 0; r < n_rows; ++r) {
      const auto cell = static_cast<std::size_t>(r + n_rows * c);
      CHECK_CLOSE(table.cell(r, c).prop, estimate[cell]);
      CHECK_CLOSE(table.cell(r, c).prop_se, se[cell]);
      for (std::size_t other = 0; other < vcov.size(); ++other)
        CHECK_CLOSE(table.prop_vcov(static_cast<Eigen::Index>(cell),
                                    static_cast<Eigen::Index>(other)),
                    vcov[cell][other]);
    }

  const Json& chisq = expected["svychisq"];
  const TableTest& f = find_test(table, "rao-scott-f");
  CHECK_CLOSE(f.statistic, chisq["F"]["statistic"].number());
  CHECK_CLOSE(f.df1, chisq["F"]["parameter"].numbers()[0]);
  CHECK_CLOSE(f.df2, chisq["F"]["parameter"].numbers()[1]);
  CHECK_CLOSE(f.p, chisq["F"]["p_value"].number());
  const TableTest& first_order = find_test(table, "rao-scott-chisq");
  CHECK_CLOSE(first_order.statistic, chisq["Chisq"]["statistic"].number());
  CHECK_CLOSE(first_order.df, chisq["Chisq"]["parameter"].numbers()[0]);
  CHECK_CLOSE(first_order.p, chisq["Chisq"]["p_value"].number());
  for (const auto& [ours, theirs] : {std::pair{"wald", "Wald"}, std::pair{"adjusted-wald", "adjWald"}}) {
    INFO(theirs);
    const TableTest& wald = find_test(table, ours);
    CHECK_CLOSE(wald.statistic, chisq[theirs]["statistic"].number());
    CHECK_CLOSE(wald.df1, chisq[theirs]["parameter"].numbers()[0]);
    CHECK_CLOSE(wald.df2, chisq[theirs]["parameter"].numbers()[1]);
    CHECK_CLOSE(wald.p, chisq[theirs]["p_value"].number());
  }

  const Json& internals = expected["svychisq_internals"];
  const RaoScott& rs = table.rao_scott;
  CHECK_CLOSE(rs.pearson_x2, internals["pearson_X2"].number());
  CHECK_CLOSE(rs.trace_delta, internals["trace_Delta"].number());
  CHECK_CLOSE(rs.trace_delta2, internals["trace_Delta2"].number());
  CHECK_CLOSE(rs.d0, internals["d0"].number());
  const auto eigenvalues = internals["delta_eigenvalues"].numbers();
  for (std::size_t idx = 0; idx < eigenvalues.size(); ++idx)
    CHECK_CLOSE(delta_eigenvalues(rs)(static_cast<Eigen::Index>(idx)), eigenvalues[idx]);
  // Delta itself depends on the basis of the interaction contrasts; R's is X12's columns
  // projected off X1, as ours, so the entries match too (off-diagonal zeros up to rounding).
  const auto delta = internals["Delta"].matrix();
  for (std::size_t a = 0; a < delta.size(); ++a)
    for (std::size_t b = 0; b < delta.size(); ++b)
      CHECK_CLOSE_TOL(rs.delta(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) + 1.0,
                      delta[a][b] + 1.0, 1e-9);
}

}  // namespace

TEST_CASE("crosstab matches R svytable, svyby, svymean(interaction) and svychisq", "[crosstab]") {
  for (const std::string& design_name : reference_design_names()) {
    check_twoway(design_name, "sch.wide", "stype");
    check_twoway(design_name, "awards", "stype");
  }
}

TEST_CASE("crosstab Cramér's V equals PSPP's with weights as frequencies", "[crosstab]") {
  const auto& ref = reference_design("dstrat");
  const Json pspp = Json::load(ankieta::test::reference_path("expected/pspp_apistrat.json"));
  const double expected = std::stod(
      pspp["pspp_printed"]["symmetric_measures"]["cramers_v"].str());  // printed with 15 decimals
  const Crosstab table = reference_crosstab(ref, "sch.wide", "stype");
  CHECK(std::fabs(table.cramers_v - expected) < 1e-15);
}

TEST_CASE("column-proportion tests use the design covariance, as R svyglm", "[crosstab]") {
  // svyglm(I(sch.wide == "Yes") ~ stype, dclus1): coefficients are differences of the domain
  // proportions between columns, with their linearization SEs.
  const auto& ref = reference_design("dclus1");
  const Json& expected = ankieta::test::extra_expected()["column_tests"];
  const Crosstab table = reference_crosstab(ref, "sch.wide", "stype");
  for (int other = 1; other <= 2; ++other) {
    const ColumnComparison* found = nullptr;
    for (const ColumnComparison& test : table.column_tests)
      if (test.row_idx == 1 && test.col_a == 0 && test.col_b == other) found = &test;
    REQUIRE(found != nullptr);
    CHECK_CLOSE(-found->difference, expected["estimate"].numbers()[static_cast<std::size_t>(other)]);
    CHECK_CLOSE(found->se, expected["se"].numbers()[static_cast<std::size_t>(other)]);
    CHECK_CLOSE(found->p, expected["p_t_degf"].numbers()[static_cast<std::size_t>(other)]);
  }
  // p = 0.069 for E vs M: significant at 0.10, not at 0.05; never with Bonferroni at 0.10.
  CHECK(table.cell(1, 0).letters.empty());
  CrosstabOptions lenient;
  lenient.column_test_alpha = 0.10;
  CHECK(reference_crosstab(ref, "sch.wide", "stype", lenient).cell(1, 0).letters == "C");
  CHECK(reference_crosstab(ref, "sch.wide", "stype", lenient).cell(0, 2).letters == "A");
  lenient.bonferroni = true;
  CHECK(reference_crosstab(ref, "sch.wide", "stype", lenient).cell(1, 0).letters.empty());
  CHECK(column_letter(0) == "A");
  CHECK(column_letter(25) == "Z");
  CHECK(column_letter(26) == "AA");
}

TEST_CASE("crosstab with an empty cell matches R", "[crosstab]") {
  // ec <- apistrat; ec$awards[ec$stype == "H"] <- "No"
  const auto& ref = reference_design("dstrat");
  const Json& expected = ankieta::test::extra_expected()["empty_cell"];
  auto awards = ref.data.factor("awards", {"No", "Yes"});
  const auto stype = ref.data.factor("stype", {"E", "H", "M"});
  for (std::size_t row = 0; row < awards.size(); ++row)
    if (stype[row] == 1) awards[row] = 0;
  const Crosstab table = crosstab(ref.design, awards, 2, stype, 3);
  CHECK(table.cell(1, 1).n == 0);
  CHECK(table.cell(1, 1).prop == 0.0);
  const auto estimate = expected["cell_proportions"]["estimate"].numbers();
  const auto se = expected["cell_proportions"]["se"].numbers();
  for (int c = 0; c < 3; ++c)
    for (int r = 0; r < 2; ++r) {
      CHECK_CLOSE(table.cell(r, c).prop, estimate[static_cast<std::size_t>(r + 2 * c)]);
      CHECK_CLOSE(table.cell(r, c).prop_se, se[static_cast<std::size_t>(r + 2 * c)]);
    }
  const TableTest& f = find_test(table, "rao-scott-f");
  CHECK_CLOSE(f.statistic, expected["F"]["statistic"].number());
  CHECK_CLOSE(f.df1, expected["F"]["parameter"].numbers()[0]);
  CHECK_CLOSE(f.df2, expected["F"]["parameter"].numbers()[1]);
  CHECK_CLOSE(f.p, expected["F"]["p"].number());
  const TableTest& first_order = find_test(table, "rao-scott-chisq");
  CHECK_CLOSE(first_order.statistic, expected["Chisq"]["statistic"].number());
  CHECK_CLOSE(first_order.p, expected["Chisq"]["p"].number());
  const TableTest& wald = find_test(table, "wald");
  CHECK_CLOSE(wald.statistic, expected["Wald"]["statistic"].number());
  CHECK_CLOSE(wald.p, expected["Wald"]["p"].number());
}

TEST_CASE("crosstab with equal weights: Pearson and Rao-Scott as R", "[crosstab]") {
  const auto data = ankieta::test::CsvTable::load(ankieta::test::reference_path("data/apisrs.csv"));
  const Json& expected = ankieta::test::extra_expected()["equal_weights"];
  DesignSpec spec;  // svydesign(id = ~1, weights = ~rep(1, 200), data = apisrs)
  spec.weights.assign(data.rows(), 1.0);
  const Design design(spec);
  const Crosstab table = crosstab(design, data.factor("sch.wide", {"No", "Yes"}), 2,
                                  data.factor("stype", {"E", "H", "M"}), 3);
  const TableTest& pearson = find_test(table, "pearson");
  CHECK_CLOSE(pearson.statistic, expected["pearson"]["statistic"].number());
  CHECK(pearson.df == 2);
  CHECK_CLOSE(pearson.p, expected["pearson"]["p"].number());
  const TableTest& f = find_test(table, "rao-scott-f");
  CHECK_CLOSE(f.statistic, expected["chisq_F"]["statistic"].number());
  CHECK_CLOSE(f.df1, expected["chisq_F"]["parameter"].numbers()[0]);
  CHECK_CLOSE(f.df2, expected["chisq_F"]["parameter"].numbers()[1]);
  CHECK_CLOSE(f.p, expected["chisq_F"]["p"].number());
}
