// Disclosure control in the table model (analysis/table_protection.hpp marks, document.hpp cells):
// a withheld cell's numbers removed and its reason kept, a flagged cell's flag, the JSON fields of
// a mark, and the notes that say which rules were applied, what they withheld and what the marks
// mean. One home for how every layout shows the marks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ankieta/analysis/change.hpp"
#include "ankieta/analysis/disclosure.hpp"
#include "ankieta/report/document.hpp"
#include "ankieta/report/json_writer.hpp"

namespace ankieta::report {

// The mark on one cell: withheld (numbers NaN, letters and flags gone, reason kept) or flagged.
void apply_mark(Cell& cell, const analysis::CellMark& mark);
// The mark on a row that is one cell of the protected table (a frequency row, a row of means):
// withheld, every number from column `first` goes; flagged, the flag goes on its `estimate` column.
void apply_mark(Row& row, std::size_t first, const analysis::CellMark& mark, std::size_t estimate = SIZE_MAX);
// "suppressed" and "reliability" (null when none) when the table was protected.
void write_mark_json(JsonWriter& json, const analysis::CellMark& mark, const analysis::ProtectionSummary& summary);
// The table's "disclosure" object: the rules, the cells withheld by reason, the warnings.
void write_protection_json(JsonWriter& json, const analysis::ProtectionSummary& summary, const analysis::DisclosureRules& rules);

// counts: a crosstab; counts_one_way: a frequency table; magnitude: means; shares: multiple response.
// The mark of a change between two waves: withheld with either wave's estimate (its reason).
analysis::CellMark difference_mark(const analysis::ChangeRow& row, const analysis::WaveDifference& difference);
// The mark of one wave's estimate of a change row.
const analysis::CellMark& wave_mark(const analysis::ChangeRow& row, std::size_t entry);

enum class ProtectedKind { counts, counts_one_way, magnitude, shares };
// The notes of a protected table, in `language`: the rules, the cells withheld by reason, the
// legend of the marks, and the warnings (an unprotected cell, negative values, group disclosure).
// `group_labels` names the groups of summary.group_disclosure as the table shows them. A report's
// tables leave the rules to its methodology (`rules_in_methodology`): their notes say what was
// withheld, and nothing when nothing was.
std::vector<std::string> protection_notes(const analysis::ProtectionSummary& summary, const analysis::DisclosureRules& rules,
                                          ProtectedKind kind, const std::vector<std::string>& group_labels, survey::Language language,
                                          bool rules_in_methodology = false);

}  // namespace ankieta::report
