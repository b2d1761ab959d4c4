// The tables across waves of the analysis commands (`change`, `--by wave`): the waves are loaded by
// analysis/wave_comparison.hpp; this file adds what the command line decides.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ankieta/analysis/change.hpp"
#include "ankieta/analysis/wave_comparison.hpp"
#include "ankieta/report/layouts.hpp"
#include "ankieta/survey/store.hpp"
#include "analysis_options.hpp"

namespace ankieta::cli {

class TableReporter;

using analysis::WaveComparison;

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
// The waves side by side of each of `names`, as tables of `reporter`: a scale's categories
// (crosstab) or its mean (means); within the category `by_value` of `by` when it is given.
// The variables of a comparison and the disclosure rules' holding variable, which the protection
// of each wave's estimates reads (analysis/table_protection.hpp).
std::vector<std::string> with_holding(std::vector<std::string> names, const AnalysisRequest& request);

void add_wave_banners(const survey::Store& store, const AnalysisRequest& request, const std::vector<std::string>& names,
                      double sig_level, TableReporter& reporter, const WaveComparison& comparison, bool categories,
                      const survey::Variable* by = nullptr, int by_value = -1);

// Tables within each category of a variable (`change --by COL`, `crosstab VAR --by wave,COL`): the
// single-choice or scale variable `name` (Error(usage) naming `what` otherwise); its categories'
// domains are analysis::category_domain().
const survey::Variable& by_variable(const survey::Questionnaire& q, const std::string& name, const char* what);
using analysis::category_domain;

}  // namespace ankieta::cli
