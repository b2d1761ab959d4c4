// Means of numeric and scale items, overall or by the groups of a column variable (domains of the
// full design), with top-2 / bottom-2 shares of scales, quantiles when asked for, and the
// design-based tests of equal means and of each pair of groups.
#include <map>

#include <fmt/format.h>

#include "ankieta/report/layouts.hpp"
#include "disclosure_marks.hpp"
#include "report_layouts.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::report {

Table layout_means(const analysis::MeansResult& result, const LayoutContext& context) {
  const survey::Variable* by_variable = result.by;
  const bool pl = context.language == survey::Language::pl;

  JsonWriter json;
  json.begin_object().field("kind", "means");
  if (!by_variable) json.key("by").null();
  else json.field("by", by_variable->name);
  json.field("weighted", context.weighted);
  context.write_design_json(json);
  json.field("df", result.df);
  write_protection_json(json, result.protection, context.disclosure);
  json.key("rows").begin_array();
  Table table;
  table.kind = "means";
  table.name = by_variable ? fmt::format("means by {}", by_variable->name) : "means";
  table.title = pl ? "Średnie" : "Means";
  table.header = {pl ? "zmienna" : "variable", "group", pl ? "grupa" : "group", "n", pl ? "średnia" : "mean", "±SE",
                  fmt::format("{:.0f}% CI", 100 * context.ci_level), pl ? "suma" : "total", "±SE", "deff", "",
                  "top-2 / bottom-2 %", "n_eff"};
  table.columns = {Column::text("variable"), Column::text("group").only(ColumnUse::data), Column::text("group_label"),
                   Column::number("n"), Column::number("mean"), Column::number("mean_se"),
                   Column::pair("ci_lower", "ci_upper"), Column::number("total"), Column::number("total_se"),
                   Column::number("deff"), Column::text("small_base"), Column::pair("top2", "bottom2"),
                   Column::number("n_eff").only(ColumnUse::data)};
  if (!result.probabilities.empty()) {
    table.header.push_back(pl ? "kwantyle" : "quantiles");
    table.columns.push_back(Column::text("quantiles").only(ColumnUse::display));
    for (double p : result.probabilities) {
      std::string name = fmt::format("q{}", survey::format_number(p * 100));
      table.header.insert(table.header.end(), {name, name + "_se"});
      table.columns.push_back(Column::number(name).only(ColumnUse::data));
      table.columns.push_back(Column::number(name + "_se").only(ColumnUse::data));
    }
  }
  bool any_boxes = false;

  for (const auto& row : result.rows) {
    const analysis::MeanEstimate& estimate = row.estimate;
    const std::string& name = row.variable->name;
    json.begin_object().field("variable", name);
    if (by_variable) json.field("group", by_variable->values[static_cast<std::size_t>(row.group_idx)].code.text);
    else json.key("group").null();
    if (row.mark.withheld()) json.key("n").null();
    else json.field("n", estimate.n);
    json.field("mean", estimate.mean).field("mean_se", estimate.mean_se);
    json.key("ci").pair(estimate.ci.lower, estimate.ci.upper);
    json.field("total", estimate.total).field("total_se", estimate.total_se).field("deff", estimate.deff)
        .field("deff_replace", estimate.deff_replace).field("n_eff", estimate.n_eff).field("small_base", row.small_base && !row.mark.withheld());
    write_mark_json(json, row.mark, result.protection);
    Cell boxes;
    if (row.has_boxes) {
      json.field("top2", row.top_box.mean).field("top2_se", row.top_box.mean_se)
          .field("bottom2", row.bottom_box.mean).field("bottom2_se", row.bottom_box.mean_se);
      boxes = Cell::of_pair(CellKind::percent, row.top_box.mean, row.bottom_box.mean, 1, " / ");
      any_boxes = true;
    }
    std::string quantile_text;
    std::vector<Cell> quantile_cells;
    if (!result.probabilities.empty()) {
      json.key("quantiles").begin_array();
      for (const auto& quantile : row.quantiles) {
        json.begin_object().field("p", quantile.p).field("quantile", quantile.quantile);
        json.key("ci").pair(quantile.ci.lower, quantile.ci.upper);
        json.field("se", quantile.se).end_object();
        quantile_text += fmt::format("q{}={} ", survey::format_number(quantile.p * 100), survey::format_number(quantile.quantile));
        quantile_cells.push_back(Cell::of_number(quantile.quantile, 2));
        quantile_cells.push_back(Cell::of_number(quantile.se, 2));
      }
      json.end_array();
    }
    json.end_object();
    std::string group_label =
        by_variable ? context.value_label(*by_variable, static_cast<std::size_t>(row.group_idx)) : (pl ? "ogółem" : "all");
    Row line;
    line.cells = {Cell::of_text(name),
                  Cell::of_text(by_variable ? by_variable->values[static_cast<std::size_t>(row.group_idx)].code.text : ""),
                  Cell::of_text(group_label),
                  Cell::of_count(static_cast<double>(estimate.n)),
                  Cell::of_number(estimate.mean, 2),
                  Cell::of_number(estimate.mean_se, 2),
                  Cell::of_pair(CellKind::number, estimate.ci.lower, estimate.ci.upper, 2),
                  Cell::of_number(estimate.total, 1),
                  Cell::of_number(estimate.total_se, 1),
                  Cell::of_number(estimate.deff, 2),
                  Cell::of_flag(row.small_base),
                  boxes,
                  Cell::of_number(estimate.n_eff, 1)};
    if (!result.probabilities.empty()) {
      line.cells.push_back(Cell::of_text(row.mark.withheld() ? kWithheldMark : quantile_text));
      line.cells.insert(line.cells.end(), quantile_cells.begin(), quantile_cells.end());
    }
    apply_mark(line, 3, row.mark, 4);
    if (!row.has_boxes) line.cells[11] = Cell();  // nothing to withhold: the variable has no boxes
    table.rows.push_back(std::move(line));
  }
  json.end_array();
  if (result.protection.applied()) table.columns[4].disclosed = true;
  std::vector<std::string> test_notes;
  if (by_variable) {
    json.key("tests").begin_array();
    for (const auto& test : result.tests) {
      const std::string& name = test.variable->name;
      const analysis::MeansByGroup& by_group = test.by_group;
      json.begin_object().field("variable", name);
      json.key("equality").begin_object().field("name", by_group.equality.name).field("statistic", by_group.equality.statistic)
          .field("df1", by_group.equality.df1).field("df2", by_group.equality.df2).field("p", by_group.equality.p);
      if (!by_group.equality.note.empty()) json.field("note", by_group.equality.note);
      json.end_object();
      json.key("differences").begin_array();
      for (const auto& difference : by_group.differences) {
        json.begin_object().field("a", by_variable->values[static_cast<std::size_t>(difference.group_a)].code.text)
            .field("b", by_variable->values[static_cast<std::size_t>(difference.group_b)].code.text)
            .field("difference", difference.difference).field("se", difference.se).field("t", difference.t)
            .field("df", difference.df).field("p", difference.p).end_object();
        if (difference.p < 0.05)
          test_notes.push_back(fmt::format(context.tr("{}: {} vs {}: difference {} (SE {}), t = {}, p = {}"), name,
                                           context.value_label(*by_variable, static_cast<std::size_t>(difference.group_a)),
                                           context.value_label(*by_variable, static_cast<std::size_t>(difference.group_b)),
                                           fmt::format("{:.3f}", difference.difference), fmt::format("{:.3f}", difference.se),
                                           fmt::format("{:.2f}", difference.t), fmt::format("{:.4g}", difference.p)));
      }
      json.end_array().end_object();
      if (!by_group.equality.note.empty())
        test_notes.push_back(fmt::format(context.tr("{}: equal means across {}: {}"), name, by_variable->name,
                                         word(context.language, by_group.equality.note.c_str())));
      else
        test_notes.push_back(fmt::format(context.tr("{}: equal means across {}: Wald F = {}, df = ({}, {}), p = {}"), name,
                                         by_variable->name, fmt::format("{:.3f}", by_group.equality.statistic),
                                         fmt::format("{:.0f}", by_group.equality.df1), fmt::format("{:.0f}", by_group.equality.df2),
                                         fmt::format("{:.4g}", by_group.equality.p)));
    }
    json.end_array();
  }
  json.end_object();
  table.json.push_back(json.str());
  table.notes = context.design_notes();
  table.notes.insert(table.notes.end(), test_notes.begin(), test_notes.end());
  if (by_variable)
    table.notes.push_back(fmt::format(context.tr("differences listed where p < 0.05 (design-based t test on {} df; equality F on ({}, {} df))"),
                                      result.df, word(context.language, "groups − 1"), result.df));
  table.notes.push_back(word(context.language, "declared missing codes (don't know, refused) are left out; scale items are averaged over their scores"));
  if (by_variable) table.notes.push_back(fmt::format(context.tr("groups of {} are domains of the full design"), by_variable->name));
  if (result.any_small_base)
    table.notes.push_back(fmt::format(context.tr(by_variable ? "! effective base of the group below {}: read with caution"
                                                             : "! effective base of the respondents averaged below {}: read with caution"),
                                      fmt::format("{:.0f}", context.small_base)));
  if (any_boxes)
    table.notes.push_back(word(context.language, "top-2 / bottom-2: share of the answers scored highest / lowest (the two top or bottom scores, "
                                                 "ties included) among scored answers, whatever the order of the codes"));
  for (auto& note : protection_notes(result.protection, context.disclosure, ProtectedKind::magnitude, {}, context.language))
    table.notes.push_back(std::move(note));
  bool several_variables = false;
  for (const auto& row : result.rows) several_variables |= row.variable != result.rows.front().variable;
  table.chart = means_chart(result, Chart::Kind::dot, several_variables, context);
  return table;
}

// The same kind in a report: the statistics, chart and title the spec asks for, numbers in the
// report's language (report_layouts.hpp).
Table report_means(const TableSpec& spec, const analysis::MeansResult& result, ReportLayout& context) {
  std::vector<Statistic> stats = spec.statistics.empty() ? std::vector<Statistic>{Statistic::n, Statistic::mean, Statistic::ci}
                                                         : spec.statistics;
  std::string title = context.w("Means");
  if (result.rows.size() == 1 || (result.by && !result.rows.empty() && spec.variables.size() == 1)) {
    const survey::Variable& variable = *result.rows.front().variable;
    title = context.label(context.data.questionnaire().questions[variable.question_index].text);
  }
  Table table = context.start_table(spec, title, result.by ? fmt::format("{} {} {}", fmt::join(spec.variables, ", "), context.w("by"), result.by->name)
                                                   : fmt::format("{}", fmt::join(spec.variables, ", ")));
  table.header = {context.w("Variable")};
  if (result.by) table.header.push_back(context.w("Group"));
  if (has(stats, Statistic::n)) table.header.push_back("n");
  table.header.push_back(context.w("Mean"));
  if (has(stats, Statistic::se)) table.header.push_back("±SE");
  if (has(stats, Statistic::ci)) {
    table.header.push_back(context.ci_header("from"));
    table.header.push_back(context.ci_header("to"));
  }
  if (has(stats, Statistic::total)) table.header.push_back(context.w("Total"));
  if (has(stats, Statistic::deff)) table.header.push_back("deff");
  // Letters: group means significantly higher than the lettered group's (pairwise design-based t tests).
  std::map<std::pair<const survey::Variable*, int>, std::string> letters;
  for (const auto& test : result.tests)
    for (const auto& difference : test.by_group.differences) {
      if (!(difference.p < context.spec.sig_level)) continue;
      int higher = difference.difference > 0 ? difference.group_a : difference.group_b;
      int lower = difference.difference > 0 ? difference.group_b : difference.group_a;
      letters[{test.variable, higher}] += analysis::column_letter(lower);
    }
  for (auto& [key, text] : letters) std::sort(text.begin(), text.end());
  for (const auto& row : result.rows) {
    Row line;
    const survey::Variable& variable = *row.variable;
    std::string variable_label = variable.part >= 0 ? context.label(variable.label) : context.label(context.data.questionnaire().questions[variable.question_index].text);
    if (variable_label.size() > 90) variable_label = variable.name;
    line.cells.push_back(Cell::of_text(variable_label));
    std::string group = result.by ? fmt::format("{} ({})", context.value_label(*result.by, row.group_idx), analysis::column_letter(row.group_idx))
                                  : context.w("All");
    if (result.by) line.cells.push_back(Cell::of_text(group));
    if (has(stats, Statistic::n)) line.cells.push_back(Cell::of_count(row.estimate.n));
    Cell mean = Cell::of_number(row.estimate.mean, 2);
    mean.small_base = row.small_base;
    if (auto found = letters.find({row.variable, row.group_idx}); found != letters.end()) mean.letters = found->second;
    line.cells.push_back(mean);
    if (has(stats, Statistic::se)) line.cells.push_back(Cell::of_number(row.estimate.mean_se, 2));
    if (has(stats, Statistic::ci)) {
      line.cells.push_back(Cell::of_number(row.estimate.ci.lower, 2));
      line.cells.push_back(Cell::of_number(row.estimate.ci.upper, 2));
    }
    if (has(stats, Statistic::total)) line.cells.push_back(Cell::of_number(row.estimate.total, 1));
    if (has(stats, Statistic::deff)) line.cells.push_back(Cell::of_number(row.estimate.deff, 2));
    const std::size_t first_number = result.by ? 2 : 1;
    apply_mark(line, first_number, row.mark, first_number + (has(stats, Statistic::n) ? 1 : 0));
    table.rows.push_back(std::move(line));
  }
  table.base_text = context.w("Base: respondents with a valid answer in each group (column n)");
  table.notes.push_back(context.w("Don't know and refused are left out; scale items are averaged over their scores."));
  if (result.by) {
    table.notes.push_back(fmt::format(fmt::runtime(context.w("Letters: the group's mean is significantly higher than that of the lettered group (design-based t test, alpha = {}).")),
                                      context.number(context.spec.sig_level, 2)));
    for (const auto& test : result.tests) {
      const auto& equality = test.by_group.equality;
      if (!equality.note.empty()) continue;
      table.notes.push_back(fmt::format(fmt::runtime(context.w("{}: equal means across {}: Wald F = {}, df = ({}, {}), p = {}")), test.variable->name,
                                        result.by->name, context.number(equality.statistic, 2), context.number(equality.df1, 0), context.number(equality.df2, 0),
                                        context.p_text(equality.p)));
    }
  }
  context.note_small_base(table, result.any_small_base);
  context.note_protection(table, result.protection, ProtectedKind::magnitude, {});
  table.chart = means_chart(result, spec.chart == ChartKind::none ? Chart::Kind::none
                                    : spec.chart == ChartKind::bar ? Chart::Kind::bar
                                                                   : Chart::Kind::dot,
                            spec.variables.size() > 1, context);
  return table;
}

}  // namespace ankieta::report
