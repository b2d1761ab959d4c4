// Disclosure control applied to the tables of tables.hpp (docs/disclosure.md): each published cell
// of a result marked with why it is withheld (the primary rules, secondary suppression) and how
// reliable it is, computed from the rows the result came from (contributors, holdings, weighted
// contributions). The marks go into the result and its withheld numbers are set to NaN there, so
// that no layout, writer or chart can show them; the layouts print `#` and the reason.
//
// Which rule applies to which kind: a frequency table and a crosstab are counts tables (the
// threshold rule on the respondents of a cell, holdings counted once; secondary suppression on the
// weighted counts with their margins); a table of means is a magnitude table (every rule on the
// weighted totals behind the means; a `--by` table is protected as a one-way table with the total
// of all groups as its margin); a multiple-response table gets the threshold rule on each option's
// mentions (its options do not add up to a total; the mentions per respondent, which would make
// them, are withheld with any option).
// Proportions get the NCHS flags, means the CV scale.
#pragma once

#include <map>
#include <set>
#include <string>

#include "ankieta/analysis/analysis_data.hpp"
#include "ankieta/analysis/change.hpp"
#include "ankieta/analysis/disclosure.hpp"
#include "ankieta/analysis/tables.hpp"

namespace ankieta::analysis {

// The categories of a variable withheld as a margin (a frequency table's rows, a crosstab's row or
// column totals) by the tables of one report so far, per domain: a later table withholds and
// protects them too, so that no table prints a total another one hides. A report builds its tables
// again until no table adds one (report_builder.cpp).
class SharedMargins {
 public:
  // The categories tables other than `table` withheld.
  std::set<int> hidden(const std::string& variable, const std::string& domain, const void* table) const;
  void add(const std::string& variable, const std::string& domain, int category, const void* table);
  std::size_t size() const { return size_; }

 private:
  std::map<std::pair<std::string, std::string>, std::map<int, std::set<const void*>>> hidden_;
  std::size_t size_ = 0;
};

// Where a table's margins are shared: the report's registry, the table's domain (its `where` and
// wave, as text) and the table itself (its spec: the same in every pass). None for the commands'
// tables, each of which stands alone.
struct MarginSharing {
  SharedMargins* shared = nullptr;
  std::string domain;
  const void* table = nullptr;
};

// `where` is the domain the result was computed on (as given to compute_*). The holding variable,
// when the rules name one, must be loaded in `data`.
void protect_frequency(FrequencyResult& result, const AnalysisData& data, const RowMask& where, const DisclosureRules& rules,
                       const MarginSharing& margins = {});
void protect_multiple_response(MultipleResponseResult& result, const AnalysisData& data, const RowMask& where,
                               const DisclosureRules& rules);
// Each item of a grid as a frequency table; an item's mean score goes with any withheld answer
// (with the shares published it would give the withheld ones back).
void protect_grid_items(GridResult& result, const AnalysisData& data, const RowMask& where, const DisclosureRules& rules,
                        const MarginSharing& margins = {});
// Each option across a block's columns as a one-way table whose total is the total column's.
void protect_multiple_response_banner(MultipleResponseBannerResult& result, const AnalysisData& data, const RowMask& where,
                                      const DisclosureRules& rules);
void protect_banner(BannerResult& result, const AnalysisData& data, const RowMask& where, const DisclosureRules& rules,
                    const MarginSharing& margins = {});
void protect_means(MeansResult& result, const AnalysisData& data, const RowMask& where, const DisclosureRules& rules);

// A change table (or the waves side by side): each wave's estimates withheld as that wave's own
// table withholds them (its frequency, multiple-response or means table protected on the wave's
// data and domain), and every difference with a withheld estimate. Not for panel tables (their
// estimates are of the panel respondents only): Error(usage).
void protect_change(ChangeTable& table, const std::vector<const ChangeWave*>& waves, const DisclosureRules& rules);

// Per row of `data`: the holding the row's firm belongs to (an index of its value), or -1 when
// it has none or the rules name no holding variable.
std::vector<std::int64_t> holding_of_rows(const AnalysisData& data, const DisclosureRules& rules);

}  // namespace ankieta::analysis
