// The layouts of a report's tables (the spec chooses the statistics, the chart, a title): one per
// result kind, each in the layout_<kind>.cpp of that kind beside the terminal layout, so that
// everything about a kind is in one file. Private to the report library; build_report() calls them.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ankieta/report/layouts.hpp"
#include "ankieta/report/report_spec.hpp"
#include "disclosure_marks.hpp"

namespace ankieta::report {

// A LayoutContext with the spec's choices, the numbering of tables and the design effects shown
// (which the methodology summarises).
class ReportLayout : public LayoutContext {
 public:
  ReportLayout(const analysis::AnalysisData& analysis_data, const ReportSpec& report_spec)
      : LayoutContext(analysis_data), spec(report_spec) {}

  const ReportSpec& spec;
  std::vector<double> deffs;  // of the proportions shown, for the methodology
  int table_count = 0;
  analysis::ProtectionSummary protection;  // every table's disclosure control, for the methodology
  int protected_tables = 0;

  using LayoutContext::value_label;
  std::string value_label(const survey::Variable& variable, int value_idx) const {
    return LayoutContext::value_label(variable, static_cast<std::size_t>(value_idx));
  }
  const char* w(const char* english) const { return word(language, english); }
  std::string number(double value, int decimals) const { return format_number(value, decimals, language); }

  // Design effects of estimates with a sampling variance (a stratum variable's shares have none).
  void note_deff(int n, double deff) {
    if (n > 0 && std::isfinite(deff) && deff > 1e-6) deffs.push_back(deff);
  }

  Table start_table(const TableSpec& table_spec, const std::string& default_title, const std::string& subtitle) {
    Table table;
    table.number = ++table_count;
    table.id = fmt::format("t{}", table.number);
    table.title = table_spec.title.in(language).empty() ? default_title : table_spec.title.in(language);
    table.subtitle = subtitle;
    if (!table_spec.where.empty()) table.notes.push_back(fmt::format("{}: {}", w("Domain"), table_spec.where));
    return table;
  }

  void note_small_base(Table& table, bool flagged) const {
    if (flagged)
      table.notes.push_back(fmt::format(fmt::runtime(w("! effective base below {}: read with caution")), number(spec.small_base, 0)));
  }

  // The table's disclosure-control notes, and its counts into the methodology's.
  void note_protection(Table& table, const analysis::ProtectionSummary& summary, ProtectedKind kind,
                       const std::vector<std::string>& group_labels) {
    if (!summary.applied()) return;
    ++protected_tables;
    protection.merge(summary);
    for (auto& note : protection_notes(summary, disclosure, kind, group_labels, language, true)) table.notes.push_back(std::move(note));
  }

  std::string ci_header(const char* end) const { return fmt::format("{}% CI {}", number(100 * spec.ci_level, 0), w(end)); }

  std::string p_text(double p) const {
    if (!std::isfinite(p)) return "";
    if (p < 0.001) return language == survey::Language::pl ? "< 0,001" : "< 0.001";
    return number(p, 3);
  }
};

inline bool has(const std::vector<Statistic>& list, Statistic statistic) {
  return std::find(list.begin(), list.end(), statistic) != list.end();
}

// A frequency table's chart as the spec asks for it (automatic already resolved).
inline Chart::Kind chart_kind(ChartKind kind) {
  switch (kind) {
    case ChartKind::none: return Chart::Kind::none;
    case ChartKind::stacked: return Chart::Kind::stacked;
    case ChartKind::dot: return Chart::Kind::dot;
    case ChartKind::automatic:
    case ChartKind::bar: return Chart::Kind::bar;
  }
  return Chart::Kind::bar;
}

// A banner's header: the answer and total columns, then a group of lettered columns per block.
template <class Block, class ColumnCount>
void banner_header(Table& table, const std::vector<Block>& blocks, ColumnCount n_cols, const ReportLayout& context) {
  table.header_groups.push_back({"", 2});
  table.header = {context.w("Answer"), context.w("Total")};
  for (const auto& block : blocks) {
    const survey::Question& by_question = context.data.questionnaire().questions[block.variable->question_index];
    std::string group = context.label(by_question.text);
    if (group.size() > 60) group = block.variable->name;
    table.header_groups.push_back({group, n_cols(block)});
    for (int col = 0; col < n_cols(block); ++col)
      table.header.push_back(fmt::format("{} ({})", context.value_label(*block.variable, col), block.letter(col)));
  }
}

// The tables across waves within a category (`change --by COL`, `--by wave,COL`): " — COL = code
// (label)" after the title and the JSON's "by" object; nothing without a category.
void add_category_title(Table& table, const WaveTableContext& context);
void write_category_json(JsonWriter& json, const WaveTableContext& context);

Table report_frequency(const TableSpec& spec, const analysis::FrequencyResult& result, ReportLayout& context);
Table report_multiple_response(const TableSpec& spec, const analysis::MultipleResponseResult& result, ReportLayout& context);
Table report_grid(const TableSpec& spec, const analysis::GridResult& result, ReportLayout& context);
Table report_banner(const TableSpec& spec, const analysis::BannerResult& result, ReportLayout& context);
Table report_multiple_response_banner(const TableSpec& spec, const analysis::MultipleResponseBannerResult& result,
                                      ReportLayout& context);
Table report_means(const TableSpec& spec, const analysis::MeansResult& result, ReportLayout& context);

}  // namespace ankieta::report
