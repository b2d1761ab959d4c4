// ankieta means VAR... [--by COL]: means and totals of numeric questions, mean scores of scale and
// grid items (don't-know codes left out), with design-based standard errors.
#include <cmath>

#include <fmt/format.h>

#include <sstream>

#include "ankieta/analysis/estimators.hpp"
#include "ankieta/analysis/means_by.hpp"
#include "ankieta/analysis/quantile.hpp"
#include "ankieta/survey/text_util.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "analysis_options.hpp"
#include "json_writer.hpp"
#include "table_report.hpp"

namespace ankieta::cli {
namespace {

// The values a mean is taken of: numbers (declared missing codes left out) or scale scores.
std::vector<double> mean_values(const survey::Questionnaire& q, const survey::Column& column) {
  const survey::Variable& variable = *column.variable;
  const survey::Question& question = q.questions[variable.question_index];
  if (variable.kind == survey::VariableKind::numeric) {
    std::vector<double> values = column.numbers;
    for (double& value : values)
      for (const auto& code : question.missing)
        if (code.code.number && *code.code.number == value) value = std::nan("");
    return values;
  }
  std::vector<double> values(column.codes.size(), std::nan(""));
  for (std::size_t row = 0; row < values.size(); ++row) {
    std::int32_t code = column.codes[row];
    if (code >= 0 && static_cast<std::size_t>(code) < variable.first_missing_value)
      values[row] = variable.values[static_cast<std::size_t>(code)].score.value_or(std::nan(""));
  }
  return values;
}

bool has_scores(const survey::Questionnaire& q, const survey::Variable& variable) {
  if (variable.kind == survey::VariableKind::numeric) return true;
  auto type = q.questions[variable.question_index].type;
  return variable.kind == survey::VariableKind::categorical &&
         (type == survey::QuestionType::scale || type == survey::QuestionType::grid);
}

}  // namespace

int run_means(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("variables", po::value<std::vector<std::string>>()->required()->multitoken(), "numeric, scale or grid-item variables")
      ("by", po::value<std::string>(), "a categorical variable: one mean per category, with tests of the differences")
      ("quantiles", po::value<std::string>(), "also quantiles, e.g. 0.25,0.5,0.75 (R svyquantile rule \"math\", Woodruff CI)");
  add_analysis_options(options);
  po::positional_options_description positional;
  positional.add("variables", -1);
  po::variables_map values;
  if (parse_arguments("means", "VAR... [--by COL] [--db FILE] [OPTIONS]", arguments, options, positional, values)) return kExitOk;
  AnalysisRequest request = read_analysis_options(values);
  std::vector<std::string> names = values["variables"].as<std::vector<std::string>>();
  std::string by = values.count("by") ? values["by"].as<std::string>() : "";
  std::vector<double> probabilities;
  if (values.count("quantiles")) {
    std::stringstream stream(values["quantiles"].as<std::string>());
    std::string item;
    while (std::getline(stream, item, ',')) {
      auto p = survey::parse_number(item);
      if (!p || *p <= 0 || *p >= 1) throw usage_error(fmt::format("--quantiles: '{}' is not a probability between 0 and 1", item));
      probabilities.push_back(*p);
    }
  }

  survey::Store store(request.db, false);
  const survey::Questionnaire& q = store.questionnaire();
  for (const auto& name : names) {
    const survey::Variable* variable = q.find_variable(name);
    if (!variable) throw usage_error(fmt::format("unknown variable '{}'; 'ankieta info' lists the questions", name));
    if (!has_scores(q, *variable))
      throw usage_error(fmt::format("'{}' is a {} question; means takes numeric, scale and grid items (use 'ankieta freq {}')", name,
                                    survey::to_string(q.questions[variable->question_index].type), name));
  }
  const survey::Variable* by_variable = nullptr;
  std::vector<std::string> needed = names;
  if (!by.empty()) {
    by_variable = q.find_variable(by);
    if (!by_variable || by_variable->kind != survey::VariableKind::categorical)
      throw usage_error(fmt::format("--by '{}' must be a single-choice or scale variable", by));
    needed.push_back(by);
  }
  analysis::AnalysisData data(store, needed, request.design, request.where, request.wave);
  TableReporter reporter(data, request);
  analysis::EstimateOptions estimate_options;
  estimate_options.level = request.ci_level;
  bool pl = request.lang == survey::Language::pl;

  JsonWriter json;
  json.begin_object().field("kind", "means");
  if (by.empty()) json.key("by").null();
  else json.field("by", by);
  json.field("weighted", !request.design.unweighted);
  reporter.write_design_json(json);
  json.key("rows").begin_array();
  TextTable text;
  text.title = pl ? "Średnie" : "Means";
  text.header = {pl ? "zmienna" : "variable", pl ? "grupa" : "group", "n", pl ? "średnia" : "mean", "±SE",
                 fmt::format("{:.0f}% CI", 100 * request.ci_level), pl ? "suma" : "total", "±SE", "deff", ""};
  text.right_aligned = {false, false, true, true, true, true, true, true, true, false, false};
  if (!probabilities.empty()) text.header.push_back(pl ? "kwantyle" : "quantiles");

  // Groups: everyone, or each category of --by (a domain of the full design).
  struct Group {
    std::string value, label;
    std::vector<std::uint8_t> mask;
  };
  std::vector<Group> groups;
  if (!by_variable) {
    groups.push_back({"", pl ? "ogółem" : "all", {}});
  } else {
    const survey::Column& by_column = data.column(by);
    for (std::size_t value_idx = 0; value_idx < by_variable->first_missing_value; ++value_idx) {
      Group group{by_variable->values[value_idx].code.text, reporter.value_label(*by_variable, value_idx),
                  std::vector<std::uint8_t>(data.rows(), 0)};
      for (std::size_t row = 0; row < data.rows(); ++row)
        group.mask[row] = by_column.codes[row] == static_cast<std::int32_t>(value_idx) && (data.domain().empty() || data.domain()[row]);
      groups.push_back(std::move(group));
    }
  }
  bool flagged = false;
  for (const auto& name : names) {
    const survey::Column& column = data.column(name);
    std::vector<double> values_of = mean_values(q, column);
    std::vector<std::uint8_t> asked = data.asked(name);
    for (const auto& group : groups) {
      std::vector<std::uint8_t> domain(data.rows());
      for (std::size_t row = 0; row < data.rows(); ++row)
        domain[row] = asked[row] && (group.mask.empty() ? (data.domain().empty() || data.domain()[row]) : group.mask[row]);
      analysis::MeanEstimate estimate = analysis::estimate_mean(data.design(), values_of, domain, estimate_options);
      bool small = estimate.n_eff < request.small_base;
      flagged |= small;
      json.begin_object().field("variable", name);
      if (by_variable) json.field("group", group.value);
      else json.key("group").null();
      json.field("n", estimate.n).field("mean", estimate.mean).field("mean_se", estimate.mean_se);
      json.key("ci").pair(estimate.ci.lower, estimate.ci.upper);
      json.field("total", estimate.total).field("total_se", estimate.total_se).field("deff", estimate.deff)
          .field("deff_replace", estimate.deff_replace).field("n_eff", estimate.n_eff).field("small_base", small);
      std::string quantile_text;
      if (!probabilities.empty()) {
        analysis::QuantileOptions quantile_options;
        quantile_options.level = request.ci_level;
        auto quantiles = analysis::estimate_quantiles(data.design(), values_of, probabilities, domain, quantile_options);
        json.key("quantiles").begin_array();
        for (const auto& quantile : quantiles) {
          json.begin_object().field("p", quantile.p).field("quantile", quantile.quantile);
          json.key("ci").pair(quantile.ci.lower, quantile.ci.upper);
          json.field("se", quantile.se).end_object();
          quantile_text += fmt::format("{}q{}={} ", quantile_text.empty() ? "" : "", survey::format_number(quantile.p * 100),
                                       survey::format_number(quantile.quantile));
        }
        json.end_array();
      }
      json.end_object();
      text.rows.push_back({name, group.label, std::to_string(estimate.n), fixed(estimate.mean, 2),
                           fixed(estimate.mean_se, 2), fmt::format("{}–{}", fixed(estimate.ci.lower, 2), fixed(estimate.ci.upper, 2)),
                           fixed(estimate.total, 1), fixed(estimate.total_se, 1), fixed(estimate.deff, 2), small ? "!" : "", quantile_text});
    }
  }
  json.end_array();
  if (by_variable) {
    // Design-based t tests of the differences between group means, and a Wald test that all are equal.
    const survey::Column& by_column = data.column(by);
    std::vector<std::int32_t> group(data.rows(), -1);
    for (std::size_t row = 0; row < data.rows(); ++row) {
      std::int32_t code = by_column.codes[row];
      if (code >= 0 && static_cast<std::size_t>(code) < by_variable->first_missing_value) group[row] = code;
    }
    json.key("tests").begin_array();
    for (const auto& name : names) {
      std::vector<double> values_of = mean_values(q, data.column(name));
      std::vector<std::uint8_t> asked = data.asked(name);
      std::vector<std::uint8_t> domain(data.rows());
      for (std::size_t row = 0; row < data.rows(); ++row) domain[row] = asked[row] && (data.domain().empty() || data.domain()[row]);
      analysis::MeansByGroup by_group = analysis::means_by_group(data.design(), values_of, group,
                                                                 static_cast<int>(by_variable->first_missing_value), domain, estimate_options);
      json.begin_object().field("variable", name);
      json.key("equality").begin_object().field("name", by_group.equality.name).field("statistic", by_group.equality.statistic)
          .field("df1", by_group.equality.df1).field("df2", by_group.equality.df2).field("p", by_group.equality.p).end_object();
      json.key("differences").begin_array();
      for (const auto& difference : by_group.differences) {
        json.begin_object().field("a", by_variable->values[static_cast<std::size_t>(difference.group_a)].code.text)
            .field("b", by_variable->values[static_cast<std::size_t>(difference.group_b)].code.text)
            .field("difference", difference.difference).field("se", difference.se).field("t", difference.t)
            .field("df", difference.df).field("p", difference.p).end_object();
        if (difference.p < 0.05)
          text.notes.push_back(fmt::format("{}: {} vs {}: difference {:.3f} (SE {:.3f}), t = {:.2f}, p = {:.4g}", name,
                                           reporter.value_label(*by_variable, static_cast<std::size_t>(difference.group_a)),
                                           reporter.value_label(*by_variable, static_cast<std::size_t>(difference.group_b)),
                                           difference.difference, difference.se, difference.t, difference.p));
      }
      json.end_array().end_object();
      text.notes.push_back(fmt::format("{}: equal means across {}: Wald F = {:.3f}, df = ({:.0f}, {:.0f}), p = {:.4g}", name, by,
                                       by_group.equality.statistic, by_group.equality.df1, by_group.equality.df2, by_group.equality.p));
    }
    json.end_array();
  }
  json.end_object();
  std::vector<std::string> test_notes = std::move(text.notes);
  text.notes = reporter.design_notes();
  text.notes.insert(text.notes.end(), test_notes.begin(), test_notes.end());
  if (by_variable) text.notes.push_back("differences listed where p < 0.05 (design-based t test on the design df)");
  text.notes.push_back("declared missing codes (don't know, refused) are left out; scale items are averaged over their scores");
  if (by_variable) text.notes.push_back(fmt::format("groups of {} are domains of the full design", by));
  if (flagged) text.notes.push_back(fmt::format("! effective base below {:.0f}: read with caution", request.small_base));
  std::string output = request.format == OutputFormat::json ? json.str() + "\n" : render_table(text, request.format);
  write_output(output, request.out);
  return kExitOk;
}

}  // namespace ankieta::cli
