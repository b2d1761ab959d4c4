// The waves of one comparison loaded for the change estimators (change.hpp): each wave's own
// AnalysisData and the keys that link its rows to the other waves. `ankieta change`, the `--by wave`
// tables of crosstab and means, and a report's change tables start from it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ankieta/analysis/analysis_data.hpp"
#include "ankieta/analysis/change.hpp"
#include "ankieta/survey/store.hpp"

namespace ankieta::analysis {

struct WaveComparison {
  std::vector<std::unique_ptr<AnalysisData>> data;
  std::vector<ChangeWave> waves;
  std::vector<const ChangeWave*> pointers;  // into `waves`, for the estimators
  std::string unit_word;  // what a link unit is: "firms", "first-stage units (school)"
};

// Loads `names` (variables or multiple-response questions) in each of `wave_numbers` (increasing),
// with the design `choice` and the domain `where` (defined in each wave by that wave's values).
// Each wave keeps its own weights: a weight set made for it (its calibration then enters the
// change's variance, change.hpp). Error(data) naming the wave when one is not in the database or
// does not ask a variable; Error(usage) for an unknown name.
WaveComparison load_wave_comparison(const survey::Store& store, const DesignChoice& choice, const std::string& where,
                                    const std::vector<std::string>& names, const std::vector<std::int64_t>& wave_numbers);

// Several waves pooled deliberately (`--wave all`, `--wave 1,2`): the stacked rows of `waves`
// (two or more, increasing), each with its own wave's weights (its weight set, whose calibration
// enters the variance), on the link design: the link unit (first-stage cluster, else the firm) as
// the PSU across waves, link strata and fpc, post-strata wave x stratum (R: svymean(~y, L) of
// reference/waves/METHOD.md's L). A domain is defined in each wave by that wave's values. Errors
// as AnalysisData's for each wave.
std::unique_ptr<AnalysisData> pool_waves(const survey::Store& store, const std::vector<std::string>& variables,
                                         const DesignChoice& choice, const std::string& where, const std::vector<std::int64_t>& waves);

// The domain of the category `value` of the categorical variable `by` within `where` (empty: all),
// as an expression (`(where) and by == code`): tables within each category of a variable, whose
// domain each wave defines by its own answers.
std::string category_domain(const std::string& where, const survey::Variable& by, std::size_t value);

// Every wave in the database that asks all of `names`, in increasing order.
std::vector<std::int64_t> waves_asking(const survey::Store& store, const std::vector<std::string>& names);

// The variables a name needs loaded: itself, or a multiple-response question's option items.
std::vector<std::string> variables_of(const survey::Questionnaire& q, const std::string& name);
// The question of a variable or question id.
const survey::Question& question_of(const survey::Questionnaire& q, const std::string& name);

}  // namespace ankieta::analysis
