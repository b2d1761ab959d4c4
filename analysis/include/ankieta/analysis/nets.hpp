// Nets: several answers of a single-choice or scale variable taken together as one row of a table
// ("high or medium" = codes 1 and 2; the top-2 or bottom-2 of a scale, by its scores as
// score_boxes() defines them). A net is estimated exactly, as its own domain share: the valid base's
// mean of the net's 0/1 indicator, with its own linearization SE and interval (R
// svymean(~I(x %in% codes)) over the valid answers), not the sum of its categories' SEs; in a
// banner each column's share with the column-proportion letters of a 0/1 row.
#pragma once

#include <string>
#include <vector>

#include "ankieta/analysis/analysis_data.hpp"
#include "ankieta/analysis/tables.hpp"
#include "ankieta/survey/questionnaire.hpp"

namespace ankieta::analysis {

// A net as asked for: its label and the answers' codes as written in the questionnaire, or a box.
struct NetSpec {
  enum class Box { none, top2, bottom2 } box = Box::none;
  survey::Text label;
  std::vector<std::string> codes;
};

// The nets of `variable` (Net: tables.hpp); Error(usage) naming the variable and the code for a
// code it does not have, a declared missing code (outside the base), a net of no answers, or a box
// of a variable without scores (score_boxes() not defined).
std::vector<Net> resolve_nets(const survey::Variable& variable, const std::vector<NetSpec>& specs);
// The nets of a multiple-response question: its options' codes (no boxes).
std::vector<Net> resolve_option_nets(const survey::Question& question, const std::vector<NetSpec>& specs);

// The nets of a frequency table (FrequencyResult::nets) or a banner (BannerResult::nets), on the
// domain and options the result was computed with.
void add_frequency_nets(FrequencyResult& result, const AnalysisData& data, const RowMask& where, const TableOptions& options,
                        const std::vector<Net>& nets);
void add_multiple_response_nets(MultipleResponseResult& result, const AnalysisData& data, const RowMask& where,
                                const TableOptions& options, const std::vector<Net>& nets);
// The nets of a multiple-response question by column variables: the total column's
// (add_multiple_response_nets) and, per block, each column's share mentioning any of the options.
void add_multiple_response_banner_nets(MultipleResponseBannerResult& result, const AnalysisData& data, const RowMask& where,
                                       const std::vector<Net>& nets);
void add_banner_nets(BannerResult& result, const AnalysisData& data, const RowMask& where, const std::vector<Net>& nets);

}  // namespace ankieta::analysis
