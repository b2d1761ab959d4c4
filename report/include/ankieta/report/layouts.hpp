// One layout per result kind of analysis/tables.hpp: the result laid out as a Table of the document
// model (document.hpp) with its notes, and written as the objects of the JSON contract (PRODUCT.md:
// the keys there stay, keys may be added). The formats of table_format.hpp render the Table; no
// layout formats a number for a particular output. Each kind is one file, layout_<kind>.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ankieta/analysis/analysis_data.hpp"
#include "ankieta/analysis/confidence_interval.hpp"
#include "ankieta/analysis/change.hpp"
#include "ankieta/analysis/disclosure.hpp"
#include "ankieta/analysis/tables.hpp"
#include "ankieta/report/document.hpp"
#include "ankieta/report/json_writer.hpp"

namespace ankieta::report {

// What every layout needs besides its result: the data the result came from (its design and
// domain), the language of labels and fixed texts, and the choices the numbers were computed with.
struct LayoutContext {
  explicit LayoutContext(const analysis::AnalysisData& analysis_data) : data(analysis_data) {}

  const analysis::AnalysisData& data;
  survey::Language language = survey::Language::pl;
  bool weighted = true;
  std::string where;                  // the command's domain, as typed ("" = everyone)
  double ci_level = 0.95;
  analysis::CiMethod ci_method = analysis::CiMethod::logit;
  double small_base = 30;
  // The rules the results were protected with (analysis/table_protection.hpp), for the notes; the
  // marks themselves are in the results.
  analysis::DisclosureRules disclosure;

  std::string label(const survey::Text& text) const { return text.in(language); }
  // A fixed text in the context's language (translate.hpp), as an fmt format string.
  auto tr(const char* english) const { return fmt::runtime(word(language, english)); }
  std::string value_label(const survey::Variable& variable, std::size_t value_idx) const {
    return label(variable.values[value_idx].label);
  }
  // R degf(subset(design, where)) of the domain: the df of its intervals and t tests.
  int domain_df() const;
  // Notes every table carries: the design and the weights, the domain, the wave.
  std::vector<std::string> design_notes() const;
  // The same as JSON keys: "design", and "where", "domain_df", "wave" when they apply.
  void write_design_json(JsonWriter& json) const;
};

// What a banner's cells show (crosstab --show).
enum class BannerShow { col, row, cell, total };

Table layout_frequency(const analysis::FrequencyResult& result, const LayoutContext& context);
Table layout_multiple_response(const analysis::MultipleResponseResult& result, const LayoutContext& context);
Table layout_grid(const analysis::GridResult& result, const LayoutContext& context);
Table layout_banner(const analysis::BannerResult& result, BannerShow show, const LayoutContext& context);
// A multi question by column variables: % of each column's respondents mentioning each option.
Table layout_multiple_response_banner(const analysis::MultipleResponseBannerResult& result, const LayoutContext& context);
Table layout_means(const analysis::MeansResult& result, const LayoutContext& context);
Table layout_ratios(const std::vector<analysis::RatioRow>& rows, const survey::Variable* by, const LayoutContext& context);

// What the tables across waves (the waves side by side, the change table) need besides their
// change result: they span several waves' designs, so they have no LayoutContext of one AnalysisData.
struct WaveTableContext {
  const survey::Questionnaire& questionnaire;
  std::string name;  // the variable or multiple-response question
  survey::Language language = survey::Language::pl;
  bool weighted = true;
  double sig_level = 0.05;
  std::string unit_word;  // what a link unit is, in the output's language: "firms"
  std::string where;
  double ci_level = 0.95;
  // `change --by COL`: the category of COL this table is of (the domain is already in `where`).
  const survey::Variable* by = nullptr;
  int by_value = -1;
  analysis::DisclosureRules disclosure{};  // the rules the change table was protected with, for the notes
  bool rules_in_methodology = false;     // a report's: the notes say what was withheld, the methodology the rules
};
// `crosstab VAR --by wave`, `means VAR --by wave`: each wave's estimate with letters between waves
// from the change estimator's differences (analysis/change.hpp).
Table layout_wave_banner(const analysis::ChangeTable& change, const WaveTableContext& context);
// `ankieta change` and the report's change tables: per row (a mean, a total, a category's share
// and total) each wave's n, estimate and SE, then per pair of waves the difference with its SE,
// interval and p; the tests and what the SE accounts for as notes; JSON kind "change".
// `levels_only` leaves out the totals (a report shows the means and shares).
Table layout_change(const analysis::ChangeTable& change, const WaveTableContext& context, bool levels_only = false);
// The chart of a variable over waves: one bar per wave (a mean, with its interval) or one 100% bar
// per wave (the shares of a single-choice variable); none for a multiple-response question.
Chart waves_chart(const analysis::ChangeTable& change, const WaveTableContext& context);

// The chart each kind draws (the HTML report and --chart FILE.svg alike; chart_svg.hpp draws it).
// Labels and the axis in the context's language; numbers as fractions (percent) or means.
// bar or dot: one bar per category with its interval; stacked: one 100% bar of all answers.
Chart frequency_chart(const analysis::FrequencyResult& result, Chart::Kind kind, const LayoutContext& context);
// bar or dot, one bar per option, in `items` order (the report may sort and cut them).
Chart multiple_response_chart(const analysis::MultipleResponseResult& result,
                              const std::vector<const analysis::MultipleResponseItem*>& items, Chart::Kind kind,
                              const LayoutContext& context);
// One 100% bar per item, a segment per answer.
Chart grid_chart(const analysis::GridResult& result, const LayoutContext& context);
// One 100% bar for the whole sample and one per banner column: column percentages.
Chart banner_chart(const analysis::BannerResult& result, const LayoutContext& context);
// bar or dot, one per row of means (variable and group) with its interval; `several_variables`
// puts the variable's name before each group.
Chart means_chart(const analysis::MeansResult& result, Chart::Kind kind, bool several_variables, const LayoutContext& context);

}  // namespace ankieta::report
