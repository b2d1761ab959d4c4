// ankieta freq VAR...: one-way tables. A single-choice or scale variable gives a frequency table;
// a multi question's id gives a multiple-response table; a grid question's id its items side by side.
#include <cmath>

#include <fmt/format.h>

#include "ankieta/analysis/tables.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "analysis_options.hpp"
#include "disclosure_options.hpp"
#include "net_options.hpp"
#include "table_report.hpp"

namespace ankieta::cli {
namespace {

using survey::Variable;

// What one argument of `freq` asks for.
struct FreqTarget {
  enum class Kind { single, multi, grid } kind = Kind::single;
  const survey::Question* question = nullptr;
  std::vector<std::string> variables;
};

FreqTarget resolve_target(const survey::Questionnaire& q, const std::string& name) {
  FreqTarget target;
  if (const survey::Question* question = q.find_question(name);
      question && (question->type == survey::QuestionType::multi || question->type == survey::QuestionType::grid)) {
    target.kind = question->type == survey::QuestionType::multi ? FreqTarget::Kind::multi : FreqTarget::Kind::grid;
    target.question = question;
    target.variables = analysis::variables_of_question(q, *question);
    return target;
  }
  const Variable* variable = q.find_variable(name);
  if (!variable) throw usage_error(fmt::format("unknown variable '{}'; 'ankieta info' lists the questions", name));
  if (variable->kind != survey::VariableKind::categorical)
    throw usage_error(fmt::format("'{}' is a {} question; freq takes single-choice, scale, multi and grid questions (use 'ankieta means {}')",
                                  name, survey::to_string(q.questions[variable->question_index].type), name));
  target.question = &q.questions[variable->question_index];
  target.variables = {name};
  return target;
}

}  // namespace

int run_freq(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()("variables", po::value<std::vector<std::string>>()->required()->multitoken(), "variables or question ids");
  add_analysis_options(options);
  add_disclosure_options(options);
  add_net_option(options);
  add_table_output_options(options);
  po::positional_options_description positional;
  positional.add("variables", -1);
  po::variables_map values;
  if (parse_arguments("freq", "VAR... [--db FILE] [OPTIONS]", arguments, options, positional, values)) return kExitOk;
  AnalysisRequest request = read_analysis_options(values);
  request.disclosure = read_disclosure_options(values);
  const std::vector<analysis::NetSpec> nets = read_net_options(values);
  const std::string chart = read_chart_path(values);

  survey::Store store(request.db, false);
  const survey::Questionnaire& q = store.questionnaire();
  std::vector<FreqTarget> targets;
  std::vector<std::string> needed;
  for (const auto& name : values["variables"].as<std::vector<std::string>>()) {
    targets.push_back(resolve_target(q, name));
    if (!nets.empty() && targets.back().kind == FreqTarget::Kind::grid)
      throw usage_error(fmt::format("--net: '{}' is a grid question; nets are of its items one by one (freq ITEM --net ...)", name));
    needed.insert(needed.end(), targets.back().variables.begin(), targets.back().variables.end());
  }
  const std::unique_ptr<analysis::AnalysisData> loaded = load_analysis_data(store, needed, request);
  const analysis::AnalysisData& data = *loaded;
  TableReporter reporter(data, request, read_decimals(values));

  analysis::TableOptions table_options = reporter.table_options();
  for (const auto& target : targets) {
    switch (target.kind) {
      case FreqTarget::Kind::single: {
        analysis::FrequencyResult result = analysis::compute_frequency(data, target.variables.front(), data.domain(), table_options);
        analysis::add_frequency_nets(result, data, data.domain(), table_options, analysis::resolve_nets(*result.variable, nets));
        reporter.frequency(std::move(result));
        break;
      }
      case FreqTarget::Kind::multi: {
        analysis::MultipleResponseResult result = analysis::compute_multiple_response(data, *target.question, data.domain(), table_options);
        analysis::add_multiple_response_nets(result, data, data.domain(), table_options, analysis::resolve_option_nets(*target.question, nets));
        reporter.multiple_response(std::move(result));
        break;
      }
      case FreqTarget::Kind::grid:
        reporter.grid(analysis::compute_grid(data, *target.question, data.domain(), table_options));
        break;
    }
  }
  reporter.write(request.out, chart);
  store.save_column_cache();
  return kExitOk;
}

}  // namespace ankieta::cli
