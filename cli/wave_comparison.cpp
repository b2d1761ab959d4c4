// The tables across waves of the analysis commands: `--by wave` and the context of their layouts.
#include "wave_comparison.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ankieta/analysis/table_protection.hpp"
#include "ankieta/report/translate.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"
#include "table_report.hpp"

namespace ankieta::cli {

bool is_by_wave(const survey::Questionnaire& q, const std::string& by) { return by == "wave" && !q.find_variable(by); }

std::vector<std::int64_t> waves_side_by_side(const survey::Store& store, const AnalysisRequest& request,
                                             const std::vector<std::string>& names) {
  if (request.wave || request.pooled()) throw usage_error("--by wave puts the waves side by side: leave out --wave");
  std::vector<std::int64_t> waves = analysis::waves_asking(store, names);
  if (waves.size() < 2)
    throw data_error(fmt::format("--by wave needs two waves that ask {}; {} holds {}", fmt::join(names, ", "), store.path(),
                                 waves.empty() ? std::string("none") : fmt::format("only wave {}", waves.front())));
  return waves;
}

report::WaveTableContext wave_table_context(const survey::Store& store, const AnalysisRequest& request, const std::string& name,
                                            const WaveComparison& comparison, double sig_level) {
  report::WaveTableContext context{store.questionnaire(), name, request.lang, !request.design.unweighted, sig_level,
                                   comparison.unit_word == "firms" ? report::word(request.lang, "firms") : comparison.unit_word,
                                   request.where};
  context.ci_level = request.ci_level;
  context.disclosure = request.disclosure;
  return context;
}

std::vector<std::string> with_holding(std::vector<std::string> names, const AnalysisRequest& request) {
  const std::string& holding = request.disclosure.holding;
  if (!holding.empty() && std::find(names.begin(), names.end(), holding) == names.end()) names.push_back(holding);
  return names;
}

void add_wave_banners(const survey::Store& store, const AnalysisRequest& request, const std::vector<std::string>& names,
                      double sig_level, TableReporter& reporter, const WaveComparison& comparison, bool categories,
                      const survey::Variable* by, int by_value) {
  analysis::ChangeSettings settings;
  settings.scale_categories = categories;
  settings.level = request.ci_level;
  settings.lonely_psu = request.design.lonely_psu;
  for (const auto& name : names) {
    report::WaveTableContext context = wave_table_context(store, request, name, comparison, sig_level);
    context.by = by;
    context.by_value = by_value;
    analysis::ChangeTable change = analysis::compute_change(comparison.pointers, name, settings);
    analysis::protect_change(change, comparison.pointers, request.disclosure);
    reporter.wave_banner(change, context);
  }
}

const survey::Variable& by_variable(const survey::Questionnaire& q, const std::string& name, const char* what) {
  const survey::Variable* variable = q.find_variable(name);
  if (!variable) throw usage_error(fmt::format("--by: unknown variable '{}'; 'ankieta info' lists the questions", name));
  if (variable->kind != survey::VariableKind::categorical)
    throw usage_error(fmt::format("--by '{}' is a {} question; {} takes a single-choice or scale variable", name,
                                  survey::to_string(q.questions[variable->question_index].type), what));
  return *variable;
}


}  // namespace ankieta::cli
