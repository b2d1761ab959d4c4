// ankieta means VAR... [--by COL]: means and totals of numeric questions, mean scores of scale and
// grid items (don't-know codes left out), with design-based standard errors.
#include <cmath>

#include <fmt/format.h>

#include <sstream>

#include "ankieta/analysis/tables.hpp"
#include "ankieta/survey/text_util.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "analysis_options.hpp"
#include "disclosure_options.hpp"
#include "table_report.hpp"
#include "wave_comparison.hpp"

namespace ankieta::cli {
namespace {

// The significance level of the letters between waves (--by wave), as crosstab's default.
constexpr double kLetterLevel = 0.05;

}  // namespace

int run_means(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("variables", po::value<std::vector<std::string>>()->multitoken(), "numeric, scale or grid-item variables")
      ("ratio", po::value<std::vector<std::string>>(), "also the ratio of two totals, NUM/DEN (repeatable), as R svyratio")
      ("by", po::value<std::string>(), "a categorical variable: one mean per category, with tests of the differences; "
       "'wave': the waves side by side, letters from the change between them")
      ("quantiles", po::value<std::string>(), "also quantiles, e.g. 0.25,0.5,0.75 (R svyquantile rule \"math\", Woodruff CI)");
  add_analysis_options(options);
  add_disclosure_options(options);
  add_table_output_options(options);
  po::positional_options_description positional;
  positional.add("variables", -1);
  po::variables_map values;
  if (parse_arguments("means", "VAR... [--by COL] [--db FILE] [OPTIONS]", arguments, options, positional, values)) return kExitOk;
  AnalysisRequest request = read_analysis_options(values);
  request.disclosure = read_disclosure_options(values);
  const std::string chart = read_chart_path(values);
  std::vector<std::string> names;
  if (values.count("variables")) names = values["variables"].as<std::vector<std::string>>();
  std::vector<std::pair<std::string, std::string>> ratio_pairs;
  if (values.count("ratio"))
    for (const auto& text : values["ratio"].as<std::vector<std::string>>()) {
      auto slash = text.find('/');
      if (slash == std::string::npos || slash == 0 || slash + 1 == text.size())
        throw usage_error(fmt::format("--ratio '{}': expected NUMERATOR/DENOMINATOR, e.g. q09_investment_value/q01_employees", text));
      ratio_pairs.emplace_back(text.substr(0, slash), text.substr(slash + 1));
    }
  if (names.empty() && ratio_pairs.empty())
    throw usage_error("means needs variables, or --ratio NUM/DEN; see 'ankieta means --help'");
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
    if (!analysis::has_scores(q, *variable))
      throw usage_error(fmt::format("'{}' is a {} question; means takes numeric, scale and grid items (use 'ankieta freq {}')", name,
                                    survey::to_string(q.questions[variable->question_index].type), name));
  }
  if (is_by_wave(q, by)) {
    if (!ratio_pairs.empty() || !probabilities.empty())
      throw usage_error("--by wave shows means only: leave out --ratio and --quantiles");
    const WaveComparison comparison = analysis::load_wave_comparison(store, request.design, request.where, with_holding(names, request), waves_side_by_side(store, request, names));
    TableReporter reporter(*comparison.data.back(), request, read_decimals(values));
    add_wave_banners(store, request, names, kLetterLevel, reporter, comparison, false);
    reporter.write(request.out, chart);
    store.save_column_cache();
    return kExitOk;
  }
  std::vector<std::string> needed = names;
  for (const auto& [numerator, denominator] : ratio_pairs) {
    needed.push_back(numerator);
    needed.push_back(denominator);
  }
  if (!by.empty()) {
    const survey::Variable* by_variable = q.find_variable(by);
    if (!by_variable || by_variable->kind != survey::VariableKind::categorical)
      throw usage_error(fmt::format("--by '{}' must be a single-choice or scale variable", by));
    needed.push_back(by);
  }
  const std::unique_ptr<analysis::AnalysisData> loaded = load_analysis_data(store, needed, request);
  const analysis::AnalysisData& data = *loaded;
  TableReporter reporter(data, request, read_decimals(values));
  if (!names.empty())
    reporter.means(analysis::compute_means(data, names, by, probabilities, data.domain(), reporter.table_options()));
  if (!ratio_pairs.empty())
    reporter.ratios(analysis::compute_ratios(data, ratio_pairs, by, data.domain(), reporter.table_options()),
                    by.empty() ? nullptr : q.find_variable(by));
  reporter.write(request.out, chart);
  store.save_column_cache();
  return kExitOk;
}

}  // namespace ankieta::cli
