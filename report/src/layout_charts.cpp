// Which chart each result kind draws, in one place for the report and for --chart.
#include <fmt/format.h>

#include "ankieta/report/layouts.hpp"

namespace ankieta::report {
namespace {

std::string with_ci(const char* what, const LayoutContext& context) {
  return fmt::format("{} ({} {}% CI)", word(context.language, what), word(context.language, "with"),
                     format_number(100 * context.ci_level, 0, context.language));
}

}  // namespace

Chart frequency_chart(const analysis::FrequencyResult& result, Chart::Kind kind, const LayoutContext& context) {
  const survey::Variable& variable = *result.variable;
  Chart chart;
  chart.kind = kind;
  if (kind == Chart::Kind::stacked) {
    chart.categories.push_back(word(context.language, "All"));
    std::vector<double> values;
    for (const auto& estimate : result.table.rows) {
      chart.series.push_back(context.value_label(variable, static_cast<std::size_t>(estimate.category_idx)));
      values.push_back(estimate.prop);
    }
    chart.values.push_back(std::move(values));
  } else if (kind != Chart::Kind::none) {
    for (const auto& estimate : result.table.rows) {
      chart.categories.push_back(context.value_label(variable, static_cast<std::size_t>(estimate.category_idx)));
      chart.values.push_back({estimate.prop});
      chart.lower.push_back(estimate.ci.lower);
      chart.upper.push_back(estimate.ci.upper);
    }
  }
  chart.axis_label = with_ci("%", context);
  return chart;
}

Chart multiple_response_chart(const analysis::MultipleResponseResult& result,
                              const std::vector<const analysis::MultipleResponseItem*>& items, Chart::Kind kind,
                              const LayoutContext& context) {
  Chart chart;
  chart.kind = kind;
  for (const auto* item : items) {
    chart.categories.push_back(context.label(result.question->options[item->option_idx].label));
    chart.values.push_back({item->share.mean});
    chart.lower.push_back(item->ci.lower);
    chart.upper.push_back(item->ci.upper);
  }
  chart.axis_label = with_ci("% of respondents", context);
  return chart;
}

Chart grid_chart(const analysis::GridResult& result, const LayoutContext& context) {
  const survey::Question& question = *result.question;
  Chart chart;
  chart.kind = Chart::Kind::stacked;
  for (const auto& option : question.options) chart.series.push_back(context.label(option.label));
  for (const auto& item : result.items) {
    chart.categories.push_back(context.label(question.items[item.item_idx].text));
    std::vector<double> values;
    for (const auto& estimate : item.table.rows) values.push_back(estimate.prop);
    chart.values.push_back(std::move(values));
  }
  chart.axis_label = "%";
  return chart;
}

Chart banner_chart(const analysis::BannerResult& result, const LayoutContext& context) {
  const survey::Variable& row_variable = *result.row_variable;
  const analysis::Crosstab& first = result.blocks.front().table;
  Chart chart;
  chart.kind = Chart::Kind::stacked;
  for (int row_idx = 0; row_idx < result.n_rows; ++row_idx)
    chart.series.push_back(context.value_label(row_variable, static_cast<std::size_t>(row_idx)));
  std::vector<double> total;
  for (const auto& margin : first.row_margins) total.push_back(margin.prop);
  chart.categories.push_back(word(context.language, "Total"));
  chart.values.push_back(std::move(total));
  for (const auto& block : result.blocks)
    for (int col = 0; col < block.table.n_cols; ++col) {
      std::vector<double> values;
      for (int row_idx = 0; row_idx < result.n_rows; ++row_idx) values.push_back(block.table.cell(row_idx, col).col_prop);
      chart.categories.push_back(
          fmt::format("{} ({})", context.value_label(*block.variable, static_cast<std::size_t>(col)), block.letter(col)));
      chart.values.push_back(std::move(values));
    }
  chart.axis_label = word(context.language, "Column percentages");
  return chart;
}

Chart means_chart(const analysis::MeansResult& result, Chart::Kind kind, bool several_variables, const LayoutContext& context) {
  Chart chart;
  chart.kind = kind;
  chart.percent = false;
  for (const auto& row : result.rows) {
    const survey::Variable& variable = *row.variable;
    std::string group = result.by ? fmt::format("{} ({})", context.value_label(*result.by, static_cast<std::size_t>(row.group_idx)),
                                                analysis::column_letter(row.group_idx))
                                  : word(context.language, "All");
    chart.categories.push_back(result.by ? (several_variables ? variable.name + ": " : "") + group
                                         : (variable.part >= 0 ? context.label(variable.label) : variable.name));
    chart.values.push_back({row.estimate.mean});
    chart.lower.push_back(row.estimate.ci.lower);
    chart.upper.push_back(row.estimate.ci.upper);
  }
  chart.axis_label = with_ci("Mean", context);
  return chart;
}

}  // namespace ankieta::report
