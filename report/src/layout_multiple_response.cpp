// A multi question: per option the share of respondents mentioning it (with SE and interval) and
// its share of all mentions.
#include <fmt/format.h>

#include <cmath>

#include "ankieta/report/layouts.hpp"
#include "disclosure_marks.hpp"
#include "report_layouts.hpp"

namespace ankieta::report {

Table layout_multiple_response(const analysis::MultipleResponseResult& result, const LayoutContext& context) {
  const survey::Question& question = *result.question;
  const analysis::MeanEstimate& mentions = result.mentions;
  const bool pl = context.language == survey::Language::pl;

  JsonWriter json;
  json.begin_object().field("kind", "multi").field("question", question.id).field("label", context.label(question.text));
  json.field("weighted", context.weighted);
  context.write_design_json(json);
  write_protection_json(json, result.protection, context.disclosure);
  Table table;
  table.kind = "multi";
  table.name = question.id;
  table.title = fmt::format("{}: {}", question.id, context.label(question.text));
  table.subtitle = pl ? "pytanie wielokrotnego wyboru" : "multiple response";
  table.header = {pl ? "odpowiedź" : "answer", "n", pl ? "liczebność" : "total", "±SE", pl ? "% firm" : "% of respondents", "±SE",
                  fmt::format("{:.0f}% CI", 100 * context.ci_level), pl ? "% wskazań" : "% of responses",
                  "variable", "value", "prop_of_responses_se"};
  table.columns = {Column::text("label"), Column::number("n"), Column::number("total"),
                   Column::number("total_se"), Column::number("prop"), Column::number("prop_se"),
                   Column::pair("ci_lower", "ci_upper"), Column::number("prop_of_responses"), Column::text("variable").only(ColumnUse::data),
                   Column::text("value").only(ColumnUse::data), Column::number("prop_of_responses_se").only(ColumnUse::data)};
  json.key("rows").begin_array();
  for (const auto& item : result.items) {
    const survey::Option& option = question.options[item.option_idx];
    const analysis::MeanEstimate& share = item.share;
    json.begin_object().field("variable", item.variable->name).field("value", option.code.text).field("label", context.label(option.label));
    if (item.mark.withheld()) json.key("n").null();
    else json.field("n", item.n);
    json.field("total", share.total).field("total_se", share.total_se).field("prop", share.mean)
        .field("prop_se", share.mean_se);
    json.key("ci").pair(item.ci.lower, item.ci.upper);
    json.field("prop_of_responses", item.of_responses.ratio).field("prop_of_responses_se", item.of_responses.ratio_se);
    write_mark_json(json, item.mark, result.protection);
    json.end_object();
    Row row;
    row.cells = {Cell::of_text(context.label(option.label)),
                 Cell::of_count(static_cast<double>(item.n)),
                 Cell::of_number(share.total, 1),
                 Cell::of_number(share.total_se, 1),
                 Cell::of_percent(share.mean),
                 Cell::of_percent(share.mean_se),
                 Cell::of_pair(CellKind::percent, item.ci.lower, item.ci.upper, 1),
                 Cell::of_percent(item.of_responses.ratio),
                 Cell::of_text(item.variable->name),
                 Cell::of_text(option.code.text),
                 Cell::of_percent(item.of_responses.ratio_se)};
    apply_mark(row, 1, item.mark, 4);
    if (item.mark.withheld()) apply_mark(row.cells[10], item.mark);
    table.rows.push_back(std::move(row));
  }
  json.end_array();
  json.key("nets").begin_array();
  for (const analysis::MultipleResponseNet& net : result.nets) {
    json.begin_object().field("label", context.label(net.net.label));
    json.key("values").begin_array();
    for (int option : net.net.values) json.value(question.options[static_cast<std::size_t>(option)].code.text);
    json.end_array();
    if (net.mark.withheld()) json.key("n").null();
    else json.field("n", net.n);
    json.field("total", net.share.total).field("total_se", net.share.total_se).field("prop", net.share.mean).field("prop_se", net.share.mean_se);
    json.key("ci").pair(net.ci.lower, net.ci.upper);
    write_mark_json(json, net.mark, result.protection);
    json.end_object();
    std::string codes;
    for (int option : net.net.values) codes += (codes.empty() ? "" : "+") + question.options[static_cast<std::size_t>(option)].code.text;
    Row row;
    row.role = RowRole::net;
    row.cells = {Cell::of_text(context.label(net.net.label)), Cell::of_count(static_cast<double>(net.n)), Cell::of_number(net.share.total, 1),
                 Cell::of_number(net.share.total_se, 1), Cell::of_percent(net.share.mean), Cell::of_percent(net.share.mean_se),
                 Cell::of_pair(CellKind::percent, net.ci.lower, net.ci.upper, 1), Cell(), Cell::of_text(""), Cell::of_text(codes), Cell()};
    apply_mark(row, 1, net.mark, 4);
    table.rows.push_back(std::move(row));
  }
  json.end_array();
  if (result.protection.applied()) table.columns[4].disclosed = true;
  json.key("base").begin_object().field("n", mentions.n).field("total", mentions.weight_sum)
      .field("mentions_per_respondent", mentions.mean).field("mentions_per_respondent_se", mentions.mean_se).end_object();
  json.end_object();
  table.json.push_back(json.str());
  table.notes = context.design_notes();
  table.notes.push_back(fmt::format(context.tr("base: respondents who answered (n = {}, weighted {}); on average {} answers each; "
                                               "% of respondents add up to more than 100"),
                                    mentions.n, fmt::format("{:.1f}", mentions.weight_sum),
                                    std::isnan(mentions.mean) ? std::string(kWithheldMark) : fmt::format("{:.2f}", mentions.mean)));
  if (question.ask_if_expression) table.notes.push_back(fmt::format(context.tr("asked only when: {}"), question.ask_if));
  for (auto& note : protection_notes(result.protection, context.disclosure, ProtectedKind::shares, {}, context.language))
    table.notes.push_back(std::move(note));
  std::vector<const analysis::MultipleResponseItem*> items;
  for (const auto& item : result.items) items.push_back(&item);
  table.chart = multiple_response_chart(result, items, Chart::Kind::bar, context);
  return table;
}

// The same kind in a report: the statistics, chart and title the spec asks for, numbers in the
// report's language (report_layouts.hpp).
Table report_multiple_response(const TableSpec& spec, const analysis::MultipleResponseResult& result, ReportLayout& context) {
  const survey::Question& question = *result.question;
  std::vector<Statistic> stats = spec.statistics.empty() ? std::vector<Statistic>{Statistic::n, Statistic::percent, Statistic::ci}
                                                         : spec.statistics;
  Table table = context.start_table(spec, context.label(question.text), fmt::format("{} — {}", question.id, context.w("multiple response")));
  table.header.push_back(context.w("Answer"));
  if (has(stats, Statistic::n)) table.header.push_back("n");
  if (has(stats, Statistic::total)) table.header.push_back(context.w("Weighted total"));
  table.header.push_back(context.w("% of respondents"));
  if (has(stats, Statistic::se)) table.header.push_back("±SE");
  if (has(stats, Statistic::ci)) {
    table.header.push_back(context.ci_header("from"));
    table.header.push_back(context.ci_header("to"));
  }
  table.header.push_back(context.w("% of responses"));
  std::vector<const analysis::MultipleResponseItem*> items;
  for (const auto& item : result.items) items.push_back(&item);
  if (spec.sort_descending)
    // A withheld share (NaN) sorts last, and its place says nothing of its size.
    std::stable_sort(items.begin(), items.end(), [](const auto* a, const auto* b) {
      const double x = std::isnan(a->share.mean) ? -1 : a->share.mean, y = std::isnan(b->share.mean) ? -1 : b->share.mean;
      return x > y;
    });
  if (spec.top > 0 && items.size() > static_cast<std::size_t>(spec.top)) items.resize(static_cast<std::size_t>(spec.top));
  bool flagged = false;
  for (const auto* item : items) {
    Row row;
    row.cells.push_back(Cell::of_text(context.label(question.options[item->option_idx].label)));
    if (has(stats, Statistic::n)) row.cells.push_back(Cell::of_count(item->n));
    if (has(stats, Statistic::total)) row.cells.push_back(Cell::of_number(item->share.total, 1));
    Cell share = Cell::of_percent(item->share.mean);
    share.small_base = item->small_base;
    flagged |= item->small_base;
    row.cells.push_back(share);
    if (has(stats, Statistic::se)) row.cells.push_back(Cell::of_percent(item->share.mean_se));
    if (has(stats, Statistic::ci)) {
      row.cells.push_back(Cell::of_percent(item->ci.lower));
      row.cells.push_back(Cell::of_percent(item->ci.upper));
    }
    row.cells.push_back(Cell::of_percent(item->of_responses.ratio));
    context.note_deff(item->n, item->share.deff);
    apply_mark(row, 1, item->mark, 1 + (has(stats, Statistic::n) ? 1 : 0) + (has(stats, Statistic::total) ? 1 : 0));
    table.rows.push_back(std::move(row));
  }
  for (const analysis::MultipleResponseNet& net : result.nets) {
    Row row;
    row.role = RowRole::net;
    row.cells.push_back(Cell::of_text(context.label(net.net.label)));
    if (has(stats, Statistic::n)) row.cells.push_back(Cell::of_count(net.n));
    if (has(stats, Statistic::total)) row.cells.push_back(Cell::of_number(net.share.total, 1));
    row.cells.push_back(Cell::of_percent(net.share.mean));
    if (has(stats, Statistic::se)) row.cells.push_back(Cell::of_percent(net.share.mean_se));
    if (has(stats, Statistic::ci)) {
      row.cells.push_back(Cell::of_percent(net.ci.lower));
      row.cells.push_back(Cell::of_percent(net.ci.upper));
    }
    row.cells.push_back(Cell());
    apply_mark(row, 1, net.mark, 1 + (has(stats, Statistic::n) ? 1 : 0) + (has(stats, Statistic::total) ? 1 : 0));
    table.rows.push_back(std::move(row));
  }
  Row base;
  base.role = RowRole::base;
  base.cells.push_back(Cell::of_text(context.w("Base (respondents who answered)")));
  if (has(stats, Statistic::n)) base.cells.push_back(Cell::of_count(result.mentions.n));
  if (has(stats, Statistic::total)) base.cells.push_back(Cell::of_number(result.mentions.weight_sum, 1));
  while (base.cells.size() < table.header.size()) base.cells.push_back(Cell());
  table.rows.push_back(std::move(base));
  table.base_text = fmt::format(fmt::runtime(context.w("Base: respondents who answered, n = {} (weighted {}); {} answers each on average")),
                                result.mentions.n, context.number(result.mentions.weight_sum, 1),
                                std::isnan(result.mentions.mean) ? std::string(kWithheldMark) : context.number(result.mentions.mean, 2));
  table.notes.push_back(context.w("Several answers possible: percentages of respondents add up to more than 100."));
  if (spec.sort_descending) table.notes.push_back(context.w("Answers sorted from the most frequent."));
  if (spec.top > 0 && result.items.size() > static_cast<std::size_t>(spec.top))
    table.notes.push_back(fmt::format(fmt::runtime(context.w("The {} most frequent answers of {}.")), spec.top, result.items.size()));
  if (question.ask_if_expression) table.notes.push_back(fmt::format("{}: {}", context.w("Asked only when"), question.ask_if));
  context.note_small_base(table, flagged);
  context.note_protection(table, result.protection, ProtectedKind::shares, {});
  // Bars or dots only: a stacked chart of shares that add up to more than 100% would mislead.
  table.chart = multiple_response_chart(result, items, spec.chart == ChartKind::none ? Chart::Kind::none
                                                       : spec.chart == ChartKind::dot ? Chart::Kind::dot
                                                                                      : Chart::Kind::bar,
                                        context);
  return table;
}

}  // namespace ankieta::report
