// Options shared by the analysis commands (freq, crosstab, means): database, domain, weights,
// design overrides, intervals, output.
#pragma once

#include <memory>
#include <optional>
#include <vector>
#include <string>

#include "ankieta/analysis/analysis_data.hpp"
#include "ankieta/analysis/confidence_interval.hpp"
#include "ankieta/analysis/disclosure.hpp"
#include "ankieta/survey/questionnaire.hpp"
#include "ankieta/survey/store.hpp"
#include "cli.hpp"
#include "table_output.hpp"

namespace ankieta::cli {

struct AnalysisRequest {
  std::string db;
  std::string where;
  std::optional<std::int64_t> wave;
  // --wave 1,2 or --wave all: waves pooled deliberately (all: every wave in the database).
  std::vector<std::int64_t> pooled_waves;
  bool all_waves = false;
  bool pooled() const { return all_waves || !pooled_waves.empty(); }
  analysis::DesignChoice design;
  OutputFormat format = OutputFormat::text;
  std::string out;
  survey::Language lang = survey::Language::pl;
  double ci_level = 0.95;
  analysis::CiMethod ci_method = analysis::CiMethod::logit;
  double small_base = 30;  // effective base below which estimates are flagged
  analysis::DisclosureRules disclosure;  // freq, crosstab, means: disclosure_options.hpp
};

void add_analysis_options(po::options_description& options);
AnalysisRequest read_analysis_options(const po::variables_map& values);

survey::Language parse_language(const std::string& name);

// The data of `variables` for the request: one wave (--wave N, else the latest) or several pooled
// (--wave 1,2 / all: analysis/wave_comparison.hpp pool_waves()); with the disclosure rules'
// holding variable when they name one.
std::unique_ptr<analysis::AnalysisData> load_analysis_data(const survey::Store& store, const std::vector<std::string>& variables,
                                                          const AnalysisRequest& request);

// "12.3", "0.456" with a fixed number of decimals, "" for NaN.
std::string fixed(double value, int decimals);
std::string percent(double fraction, int decimals = 1);

}  // namespace ankieta::cli
