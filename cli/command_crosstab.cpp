// ankieta crosstab ROW --by COL[,COL...]: two-way tables of a row variable against one or more
// column variables (a banner), with column percentages, significance letters from design-based
// column-proportion tests, and the Rao–Scott, Wald and Pearson tests of independence.
#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "ankieta/analysis/tables.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "analysis_options.hpp"
#include "disclosure_options.hpp"
#include "net_options.hpp"
#include "option_values.hpp"
#include "table_report.hpp"
#include "wave_comparison.hpp"

namespace ankieta::cli {
namespace {

report::BannerShow banner_show(const std::string& show) {
  if (show == "row") return report::BannerShow::row;
  if (show == "cell") return report::BannerShow::cell;
  if (show == "total") return report::BannerShow::total;
  return report::BannerShow::col;
}

const survey::Variable& categorical(const survey::Questionnaire& q, const std::string& name, const char* role) {
  const survey::Variable* variable = q.find_variable(name);
  const survey::Question* question = variable ? nullptr : q.find_question(name);
  if (question) {  // a multi or grid question's id: its items are the variables
    const bool column = std::string_view(role) != "row variable";
    const bool multi = question->type == survey::QuestionType::multi;
    throw usage_error(fmt::format("{} '{}' is a {} question; {}use one of its items ({})", role, name,
                                  survey::to_string(question->type),
                                  column ? (multi ? "a column variable needs exclusive categories: put it in the row, or "
                                                  : "a column variable needs exclusive categories: ")
                                         : "",
                                  fmt::join(analysis::variables_of_question(q, *question), ", ")));
  }
  if (!variable) throw usage_error(fmt::format("unknown variable '{}'; 'ankieta info' lists the questions", name));
  if (variable->kind != survey::VariableKind::categorical)
    throw usage_error(fmt::format("{} '{}' is a {} question; crosstab takes single-choice and scale variables{}", role, name,
                                  survey::to_string(q.questions[variable->question_index].type),
                                  std::string_view(role) == "row variable" ? " (and, as the row, a multi question's id)" : ""));
  return *variable;
}

}  // namespace

int run_crosstab(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("row", po::value<std::string>()->required(), "row variable, or a multi question's id (multiple response)")
      ("by", po::value<std::string>()->required(), "column variables, comma-separated (a banner); 'wave': the waves side by side, "
       "letters from the change between them")
      ("sig-level", real_number(0, Bound::open, 1, Bound::open)->default_value(0.05, "0.05"), "significance level of the column-proportion tests")
      ("bonferroni", po::bool_switch(), "Bonferroni-adjust the column-proportion tests for the number of column pairs")
      ("show", po::value<std::string>()->default_value("col"), "text output: col, row or cell percentages, or total");
  add_analysis_options(options);
  add_disclosure_options(options);
  add_net_option(options);
  add_table_output_options(options);
  po::positional_options_description positional;
  positional.add("row", 1);
  po::variables_map values;
  if (parse_arguments("crosstab", "ROW --by COL[,COL...] [--db FILE] [OPTIONS]", arguments, options, positional, values))
    return kExitOk;
  AnalysisRequest request = read_analysis_options(values);
  request.disclosure = read_disclosure_options(values);
  const std::vector<analysis::NetSpec> nets = read_net_options(values);
  const std::string chart = read_chart_path(values);
  std::string row_name = values["row"].as<std::string>();
  std::vector<std::string> by_names;
  {
    std::stringstream stream(values["by"].as<std::string>());
    std::string name;
    while (std::getline(stream, name, ','))
      if (!name.empty()) by_names.push_back(name);
  }
  if (by_names.empty()) throw usage_error("--by needs at least one column variable");
  std::string show = values["show"].as<std::string>();
  if (show != "col" && show != "row" && show != "cell" && show != "total")
    throw usage_error(fmt::format("unknown --show '{}'; expected col, row, cell or total", show));
  double sig_level = values["sig-level"].as<double>();
  if (!(sig_level > 0 && sig_level < 1)) throw usage_error("--sig-level must be between 0 and 1, e.g. 0.05");

  survey::Store store(request.db, false);
  const survey::Questionnaire& q = store.questionnaire();
  if (std::find_if(by_names.begin(), by_names.end(), [&](const std::string& name) { return is_by_wave(q, name); }) != by_names.end()) {
    if (by_names.size() > 2)
      throw usage_error("--by wave takes at most one other column variable (--by wave,COL: the waves side by side within each category of COL)");
    if (show != "col") throw usage_error("--by wave shows each wave's percentages: leave out --show");
    if (!nets.empty()) throw usage_error("--net is not available with --by wave yet: give the waves one by one (--wave N)");
    const std::vector<std::int64_t> waves = waves_side_by_side(store, request, {row_name});
    const WaveComparison comparison = analysis::load_wave_comparison(store, request.design, request.where, with_holding({row_name}, request), waves);
    TableReporter reporter(*comparison.data.back(), request, read_decimals(values));
    if (by_names.size() == 1) {
      add_wave_banners(store, request, {row_name}, sig_level, reporter, comparison, true);
    } else {
      // --by wave,COL: the waves side by side within each category of COL, each a domain defined per wave.
      const survey::Variable& by = by_variable(q, is_by_wave(q, by_names[0]) ? by_names[1] : by_names[0], "--by wave,COL");
      for (std::size_t value = 0; value < by.first_missing_value; ++value) {
        AnalysisRequest domain = request;
        domain.where = category_domain(request.where, by, value);
        add_wave_banners(store, domain, {row_name}, sig_level, reporter,
                         analysis::load_wave_comparison(store, domain.design, domain.where, with_holding({row_name}, request), waves), true, &by,
                         static_cast<int>(value));
      }
    }
    reporter.write(request.out, chart);
    store.save_column_cache();
    return kExitOk;
  }
  // A multi question's id as the row: the share of each column's respondents mentioning each option.
  const survey::Question* multi = q.find_question(row_name);
  if (multi && multi->type != survey::QuestionType::multi) multi = nullptr;
  if (multi && show != "col")
    throw usage_error(fmt::format("'{}' is a multiple-response question: its crosstab shows column percentages only "
                                  "(leave out --show)", row_name));
  std::vector<std::string> needed = multi ? analysis::variables_of_question(q, *multi) : std::vector<std::string>{row_name};
  if (!multi) categorical(q, row_name, "row variable");
  for (const auto& name : by_names) {
    categorical(q, name, "column variable");
    needed.push_back(name);
  }
  const std::unique_ptr<analysis::AnalysisData> loaded = load_analysis_data(store, needed, request);
  const analysis::AnalysisData& data = *loaded;
  TableReporter reporter(data, request, read_decimals(values));
  analysis::BannerOptions banner_options;
  banner_options.table = reporter.table_options();
  banner_options.sig_level = sig_level;
  banner_options.bonferroni = values["bonferroni"].as<bool>();
  if (multi) {
    analysis::MultipleResponseBannerResult banner = analysis::compute_multiple_response_banner(data, *multi, by_names, data.domain(), banner_options);
    analysis::add_multiple_response_banner_nets(banner, data, data.domain(), analysis::resolve_option_nets(*multi, nets));
    reporter.multiple_response_banner(std::move(banner));
  } else {
    analysis::BannerResult banner = analysis::compute_banner(data, row_name, by_names, data.domain(), banner_options);
    analysis::add_banner_nets(banner, data, data.domain(), analysis::resolve_nets(*banner.row_variable, nets));
    reporter.banner(std::move(banner), banner_show(show));
  }
  reporter.write(request.out, chart);
  store.save_column_cache();
  return kExitOk;
}

}  // namespace ankieta::cli
