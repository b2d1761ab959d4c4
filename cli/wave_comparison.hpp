// The waves of one comparison loaded for the change estimators (analysis/change.hpp): each wave's
// own AnalysisData and the keys that link its rows to the other waves. `change` and the
// `--by wave` tables of crosstab and means start from it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ankieta/analysis/change.hpp"
#include "ankieta/report/layouts.hpp"
#include "ankieta/survey/store.hpp"
#include "analysis_options.hpp"

namespace ankieta::cli {

class TableReporter;

struct WaveComparison {
  std::vector<std::unique_ptr<analysis::AnalysisData>> data;
  std::vector<analysis::ChangeWave> waves;
  std::vector<const analysis::ChangeWave*> pointers;  // into `waves`, for the estimators
  std::string unit_word;  // what a link unit is: "firms", "first-stage units (school)"
};

// Loads `names` (variables or multiple-response questions) in each of `wave_numbers` (increasing).
// Error(data) naming the wave when one is not in the database or does not ask a variable, or is
// weighted by a calibration (which the link design does not replay); Error(usage) for an unknown name.
WaveComparison load_wave_comparison(const survey::Store& store, const AnalysisRequest& request, const std::vector<std::string>& names,
                                    const std::vector<std::int64_t>& wave_numbers);

// `--by wave` of crosstab and means: true when `by` is "wave" and no variable has that name.
bool is_by_wave(const survey::Questionnaire& q, const std::string& by);
// The waves a --by wave table of `names` shows: every wave in the database that asks them all.
// Error(usage) with --wave, Error(data) when fewer than two waves qualify.
std::vector<std::int64_t> waves_side_by_side(const survey::Store& store, const AnalysisRequest& request,
                                             const std::vector<std::string>& names);
// What the tables across waves of `name` need: the request's language, weighting and domain, and
// the word for the comparison's link units.
report::WaveTableContext wave_table_context(const survey::Store& store, const AnalysisRequest& request, const std::string& name,
                                            const WaveComparison& comparison, double sig_level = 0.05);
// The waves side by side of each of `names`, as tables of `reporter`.
void add_wave_banners(const survey::Store& store, const AnalysisRequest& request, const std::vector<std::string>& names,
                      double sig_level, TableReporter& reporter, const WaveComparison& comparison);

// The variables a name needs loaded: itself, or a multiple-response question's option items.
std::vector<std::string> variables_of(const survey::Questionnaire& q, const std::string& name);
// The question of a variable or question id.
const survey::Question& question_of(const survey::Questionnaire& q, const std::string& name);

}  // namespace ankieta::cli
