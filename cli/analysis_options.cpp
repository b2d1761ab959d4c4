#include "analysis_options.hpp"
#include "option_values.hpp"

#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"

namespace ankieta::cli {

void add_analysis_options(po::options_description& options) {
  add_db_option(options);
  options.add_options()
      ("where", po::value<std::string>(), "domain: an expression such as \"size_class in (1, 2) and q04_exporter == 1\"")
      ("wave", whole_number(1), "use one wave only")
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

survey::Language parse_language(const std::string& name) {
  if (name == "pl") return survey::Language::pl;
  if (name == "en") return survey::Language::en;
  throw usage_error(fmt::format("unknown --lang '{}'; expected pl or en", name));
}

AnalysisRequest read_analysis_options(const po::variables_map& values) {
  AnalysisRequest request;
  request.db = database_path(values);
  if (values.count("where")) request.where = values["where"].as<std::string>();
  if (values.count("wave")) request.wave = values["wave"].as<std::int64_t>();
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
