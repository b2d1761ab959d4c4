#include "analysis_options.hpp"
#include "option_values.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "ankieta/analysis/wave_comparison.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::cli {

void add_analysis_options(po::options_description& options) {
  add_db_option(options);
  options.add_options()
      ("where", po::value<std::string>(), "domain: an expression such as \"size_class in (1, 2) and q04_exporter == 1\"")
      ("wave", po::value<std::string>(), "one wave (default: the latest), or waves pooled deliberately: 1,2 or all")
      ("weight", po::value<std::string>(), "weight variable (default: the design's)")
      ("unweighted", po::bool_switch(), "classic unweighted numbers (simple random sample, weight 1)")
      ("strata", po::value<std::string>(), "override the design's strata (comma-separated; '' for none)")
      ("clusters", po::value<std::string>(), "override the design's clusters, one per stage ('' for none)")
      ("fpc", po::value<std::string>(), "override the design's fpc, one per stage ('' for none)")
      ("lonely-psu", po::value<std::string>()->default_value("fail"), "strata with one PSU: fail, remove, adjust, certainty, average")
      ("ci-level", real_number(0, Bound::open, 1, Bound::open)->default_value(0.95, "0.95"), "confidence level")
      ("ci-method", po::value<std::string>()->default_value("logit"), "proportion intervals: logit (R svyciprop default), wald (= mean), beta (Korn-Graubard), xlogit or asin")
      ("format", po::value<std::string>()->default_value("text"), "text, csv (tidy), md, json, html or xlsx")
      ("out", po::value<std::string>(), "write to this file instead of stdout")
      ("lang", po::value<std::string>()->default_value("pl"), "language of labels: pl or en")
      ("small-base", real_number(0, Bound::closed, HUGE_VAL, Bound::closed)->default_value(30, "30"), "flag estimates whose effective base is below this");
}

std::unique_ptr<analysis::AnalysisData> load_analysis_data(const survey::Store& store, const std::vector<std::string>& requested,
                                                          const AnalysisRequest& request) {
  std::vector<std::string> variables = requested;
  if (const std::string& holding = request.disclosure.holding; !holding.empty()) {
    const survey::Variable* variable = store.questionnaire().find_variable(holding);
    if (!variable)
      throw usage_error(fmt::format("--holding '{}': unknown variable; 'ankieta info' lists the questions", holding));
    if (variable->kind != survey::VariableKind::categorical && variable->kind != survey::VariableKind::numeric &&
        variable->kind != survey::VariableKind::text)
      throw usage_error(fmt::format("--holding '{}' must be a single-choice, numeric or text variable holding the holding's id", holding));
    if (std::find(variables.begin(), variables.end(), holding) == variables.end()) variables.push_back(holding);
  }
  if (!request.pooled()) return std::make_unique<analysis::AnalysisData>(store, variables, request.design, request.where, request.wave);
  std::vector<std::int64_t> waves = request.pooled_waves;
  if (request.all_waves)
    for (const auto& [wave, count] : store.waves()) waves.push_back(wave);
  // One wave (or none: AnalysisData says there are no respondents yet) needs no pooling.
  if (waves.size() <= 1)
    return std::make_unique<analysis::AnalysisData>(store, variables, request.design, request.where,
                                                    waves.empty() ? std::nullopt : std::optional<std::int64_t>(waves.front()));
  return analysis::pool_waves(store, variables, request.design, request.where, waves);
}

survey::Language parse_language(const std::string& name) {
  if (name == "pl") return survey::Language::pl;
  if (name == "en") return survey::Language::en;
  throw usage_error(fmt::format("unknown --lang '{}'; expected pl or en", name));
}

AnalysisRequest read_analysis_options(const po::variables_map& values) {
  AnalysisRequest request;
  request.db = database_path(values);
  if (values.count("where")) request.where = values["where"].as<std::string>();
  if (values.count("wave")) {
    const std::string text = values["wave"].as<std::string>();
    if (text == "all") {
      request.all_waves = true;
    } else {
      std::vector<std::int64_t> waves;
      std::stringstream items(text);
      std::string item;
      while (std::getline(items, item, ',')) {
        auto number = survey::parse_number(survey::trim(item));
        if (!number || *number != std::floor(*number) || *number < 1 || *number > 1e9)
          throw usage_error(fmt::format("--wave {}: {} is not a wave number; expected N, a list such as 1,2, or all",
                                        survey::quote_for_message(text), survey::quote_for_message(item)));
        waves.push_back(static_cast<std::int64_t>(*number));
      }
      std::sort(waves.begin(), waves.end());
      if (waves.empty()) throw usage_error(fmt::format("--wave {}: expected N, a list such as 1,2, or all", survey::quote_for_message(text)));
      if (std::adjacent_find(waves.begin(), waves.end()) != waves.end())
        throw usage_error(fmt::format("--wave {} names a wave twice", survey::quote_for_message(text)));
      if (waves.size() == 1) request.wave = waves.front();
      else request.pooled_waves = std::move(waves);
    }
  }
  request.design.unweighted = values["unweighted"].as<bool>();
  if (values.count("weight")) {
    if (request.design.unweighted) throw usage_error("--weight and --unweighted cannot be used together");
    request.design.weight = values["weight"].as<std::string>();
  }
  if (values.count("strata")) request.design.strata = split_names(values["strata"].as<std::string>());
  if (values.count("clusters")) request.design.clusters = split_names(values["clusters"].as<std::string>());
  if (values.count("fpc")) request.design.fpc = split_names(values["fpc"].as<std::string>());
  request.design.lonely_psu = analysis::parse_lonely_psu(values["lonely-psu"].as<std::string>());
  request.ci_level = values["ci-level"].as<double>();
  if (!(request.ci_level > 0 && request.ci_level < 1)) throw usage_error("--ci-level must be between 0 and 1, e.g. 0.95");
  request.ci_method = analysis::parse_ci_method(values["ci-method"].as<std::string>());
  request.format = parse_output_format(values["format"].as<std::string>());
  if (values.count("out")) request.out = values["out"].as<std::string>();
  request.lang = parse_language(values["lang"].as<std::string>());
  request.small_base = values["small-base"].as<double>();
  return request;
}

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "";
  return fmt::format("{:.{}f}", value, decimals);
}

std::string percent(double fraction, int decimals) {
  if (!std::isfinite(fraction)) return "";
  return fmt::format("{:.{}f}", 100.0 * fraction, decimals);
}

}  // namespace ankieta::cli
