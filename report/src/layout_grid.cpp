// A grid question: its items side by side, the percentage of each answer among those who rated the
// item, and the mean of the scores.
#include <fmt/format.h>

#include "ankieta/report/layouts.hpp"
#include "ankieta/survey/text_util.hpp"
#include "disclosure_marks.hpp"
#include "report_layouts.hpp"

namespace ankieta::report {
namespace {

const analysis::CellMark& item_mark(const analysis::GridItemResult& item, std::size_t idx) {
  static const analysis::CellMark none;
  return idx < item.marks.size() ? item.marks[idx] : none;
}

// The mark of an item's mean: withheld with any of its answers (table_protection.hpp).
analysis::CellMark mean_mark(const analysis::GridItemResult& item) {
  analysis::CellMark mark;
  for (const auto& answer : item.marks)
    if (answer.withheld()) mark.reason = analysis::Suppression::secondary;
  return mark;
}

}  // namespace

Table layout_grid(const analysis::GridResult& result, const LayoutContext& context) {
  const survey::Question& question = *result.question;
  const bool pl = context.language == survey::Language::pl;
  Table table;
  table.kind = "grid";
  table.name = question.id;
  table.title = fmt::format("{}: {}", question.id, context.label(question.text));
  table.header = {pl ? "stwierdzenie" : "item", "n"};
  table.columns = {Column::text("label"), Column::number("n")};
  for (const auto& option : question.options) {
    table.header.push_back(context.label(option.label) + " %");
    table.columns.push_back(Column::number("prop_" + option.code.text));
  }
  table.header.insert(table.header.end(), {pl ? "średnia" : "mean", "±SE", "variable"});
  table.columns.insert(table.columns.end(), {Column::number("mean"), Column::number("mean_se"), Column::text("variable").only(ColumnUse::data)});
  JsonWriter json;
  json.begin_object().field("kind", "grid").field("question", question.id).field("label", context.label(question.text));
  json.field("weighted", context.weighted);
  context.write_design_json(json);
  write_protection_json(json, result.protection, context.disclosure);
  json.key("items").begin_array();
  for (const auto& item : result.items) {
    const survey::Variable& variable = *item.variable;
    const analysis::FrequencyTable& frequencies = item.table;
    const std::string item_label = context.label(question.items[item.item_idx].text);
    Row row;
    row.cells = {Cell::of_text(item_label), Cell::of_count(frequencies.base.n)};
    const analysis::CellMark& base_mark = item_mark(item, frequencies.rows.size());
    apply_mark(row.cells.back(), base_mark);
    json.begin_object().field("variable", variable.name).field("label", item_label);
    if (base_mark.withheld()) json.key("n").null();
    else json.field("n", frequencies.base.n);
    json.field("mean", item.mean.mean).field("mean_se", item.mean.mean_se).key("rows").begin_array();
    for (std::size_t row_idx = 0; row_idx < frequencies.rows.size(); ++row_idx) {
      const auto& estimate = frequencies.rows[row_idx];
      const analysis::CellMark& mark = item_mark(item, row_idx);
      row.cells.push_back(Cell::of_percent(estimate.prop));
      apply_mark(row.cells.back(), mark);
      json.begin_object().field("value", variable.values[static_cast<std::size_t>(estimate.category_idx)].code.text);
      if (mark.withheld()) json.key("n").null();
      else json.field("n", estimate.n);
      json.field("total", estimate.total).field("total_se", estimate.total_se).field("prop", estimate.prop).field("prop_se", estimate.prop_se);
      write_mark_json(json, mark, result.protection);
      json.end_object();
    }
    json.end_array().end_object();
    // A row always has one cell per option (the frequency rows are the options in order).
    while (row.cells.size() < 2 + question.options.size()) row.cells.push_back(Cell());
    row.cells.push_back(Cell::of_number(item.mean.mean, 2));
    row.cells.push_back(Cell::of_number(item.mean.mean_se, 2));
    apply_mark(row, row.cells.size() - 2, mean_mark(item));
    row.cells.push_back(Cell::of_text(variable.name));
    table.rows.push_back(std::move(row));
  }
  json.end_array().end_object();
  table.json.push_back(json.str());
  if (result.protection.applied())
    for (std::size_t col = 2; col < 2 + question.options.size(); ++col) table.columns[col].disclosed = true;
  table.notes = context.design_notes();
  table.notes.push_back(word(context.language, "percentages of those who rated the item; missing codes (don't know) are left out of percentages and means"));
  for (auto& note : protection_notes(result.protection, context.disclosure, ProtectedKind::counts_one_way, {}, context.language))
    table.notes.push_back(std::move(note));
  table.chart = grid_chart(result, context);
  return table;
}

// The same kind in a report: the statistics, chart and title the spec asks for, numbers in the
// report's language (report_layouts.hpp).
Table report_grid(const TableSpec& spec, const analysis::GridResult& result, ReportLayout& context) {
  const survey::Question& question = *result.question;
  std::vector<Statistic> stats = spec.statistics.empty() ? std::vector<Statistic>{Statistic::n, Statistic::percent, Statistic::mean}
                                                         : spec.statistics;
  Table table = context.start_table(spec, context.label(question.text), question.id);
  table.header.push_back(context.w("Item"));
  if (has(stats, Statistic::n)) table.header.push_back("n");
  for (const auto& option : question.options) table.header.push_back(context.label(option.label) + " %");
  table.header.push_back(context.w("Mean"));
  if (has(stats, Statistic::se)) table.header.push_back("±SE");
  int min_n = -1;
  for (const auto& item : result.items) {
    Row row;
    std::string item_label = context.label(question.items[item.item_idx].text);
    row.cells.push_back(Cell::of_text(item_label));
    if (has(stats, Statistic::n)) {
      row.cells.push_back(Cell::of_count(item.table.base.n));
      apply_mark(row.cells.back(), item_mark(item, item.table.rows.size()));
    }
    for (std::size_t row_idx = 0; row_idx < item.table.rows.size(); ++row_idx) {
      const auto& estimate = item.table.rows[row_idx];
      row.cells.push_back(Cell::of_percent(estimate.prop));
      apply_mark(row.cells.back(), item_mark(item, row_idx));
      context.note_deff(estimate.n, estimate.deff);
    }
    const std::size_t mean_col = row.cells.size();
    Cell mean = Cell::of_number(item.mean.mean, 2);
    mean.small_base = item.mean.n_eff < context.spec.small_base;
    row.cells.push_back(mean);
    if (has(stats, Statistic::se)) row.cells.push_back(Cell::of_number(item.mean.mean_se, 2));
    apply_mark(row, mean_col, mean_mark(item));
    table.rows.push_back(std::move(row));
    min_n = min_n < 0 ? item.table.base.n : std::min(min_n, item.table.base.n);
  }
  table.base_text = fmt::format(fmt::runtime(context.w("Base: respondents who rated the item (n from {} per item)")), std::max(min_n, 0));
  table.notes.push_back(context.w("Percentages of those who rated the item; 'don't know' is left out of the percentages and the mean."));
  std::vector<std::string> scores;
  for (const auto& option : question.options)
    scores.push_back(fmt::format("{} = {}", survey::format_number(option.score.value_or(option.code.number.value_or(0))), context.label(option.label)));
  table.notes.push_back(fmt::format("{}: {}", context.w("Mean of the scores"), fmt::join(scores, "; ")));
  if (question.ask_if_expression) table.notes.push_back(fmt::format("{}: {}", context.w("Asked only when"), question.ask_if));
  context.note_protection(table, result.protection, ProtectedKind::counts_one_way, {});
  table.chart = grid_chart(result, context);
  if (spec.chart == ChartKind::none) table.chart.kind = Chart::Kind::none;
  return table;
}

}  // namespace ankieta::report
