// A one-way table of a single-choice or scale variable: categories with counts, weighted totals,
// percentages of the valid base with SEs, intervals and design effects; missing codes, blanks and
// those not asked apart below the base.
#include <cmath>

#include <fmt/format.h>

#include "ankieta/report/layouts.hpp"
#include "disclosure_marks.hpp"
#include "report_layouts.hpp"

namespace ankieta::report {
namespace {

const analysis::CellMark& row_mark(const analysis::FrequencyResult& result, std::size_t row_idx) {
  static const analysis::CellMark none;
  return row_idx < result.marks.size() ? result.marks[row_idx] : none;
}

// The categories every respondent chose (a group disclosure), as the table names them.
std::vector<std::string> group_labels(const analysis::FrequencyResult& result, const LayoutContext& context) {
  std::vector<std::string> labels;
  for (int value_idx : result.protection.group_disclosure)
    labels.push_back(fmt::format("\"{}\"", context.value_label(*result.variable, static_cast<std::size_t>(value_idx))));
  return labels;
}

// A net's codes as the code column shows them: "1+2".
std::string net_codes(const survey::Variable& variable, const analysis::Net& net) {
  std::string codes;
  for (int value : net.values) codes += (codes.empty() ? "" : "+") + variable.values[static_cast<std::size_t>(value)].code.text;
  return codes;
}

// A category's or a net's row of the terminal table, its mark applied (the estimate is column 5).
Row estimate_row(std::string code, std::string label, const analysis::FrequencyRow& estimate, bool small, const analysis::CellMark& mark,
                 RowRole role) {
  Row row;
  row.role = role;
  row.cells = {Cell::of_text(std::move(code)),
               Cell::of_text(std::move(label)),
               Cell::of_count(estimate.n),
               Cell::of_number(estimate.total, 1),
               Cell::of_number(estimate.total_se, 1),
               Cell::of_percent(estimate.prop),
               Cell::of_percent(estimate.prop_se),
               Cell::of_pair(CellKind::percent, estimate.ci.lower, estimate.ci.upper, 1),
               Cell::of_number(estimate.deff, 2),
               Cell::of_flag(small),
               Cell::of_number(estimate.n_eff, 1)};
  apply_mark(row, 2, mark, 5);
  return row;
}

// n as the JSON has it: null when withheld.
void write_count(JsonWriter& json, const char* key, std::int64_t n, const analysis::CellMark& mark) {
  if (mark.withheld()) json.key(key).null();
  else json.field(key, n);
}

}  // namespace

Table layout_frequency(const analysis::FrequencyResult& result, const LayoutContext& context) {
  const survey::Variable& variable = *result.variable;
  const survey::Question& question = *result.question;
  const std::string& name = variable.name;
  const analysis::FrequencyTable& frequencies = result.table;
  const analysis::ApartCounts& apart = result.apart;
  const bool pl = context.language == survey::Language::pl;

  JsonWriter json;
  json.begin_object().field("kind", "freq").field("variable", name).field("label", context.label(variable.label));
  json.field("weighted", context.weighted);
  context.write_design_json(json);
  const analysis::CellMark& base_mark = row_mark(result, frequencies.rows.size());
  json.key("base").begin_object();
  write_count(json, "n", frequencies.base.n, base_mark);
  json.field("total", frequencies.base.total).field("total_se", frequencies.base.total_se).field("n_eff", frequencies.base.n_eff);
  // A withheld base (the whole table under the threshold) takes the domain's count with it.
  write_count(json, "all_n", apart.all_n, base_mark);
  json.field("all_total", base_mark.withheld() ? std::nan("") : apart.all_total);
  write_mark_json(json, base_mark, result.protection);
  json.end_object();
  write_protection_json(json, result.protection, context.disclosure);
  json.field("ci_method", analysis::to_string(context.ci_method)).field("ci_level", context.ci_level).field("df", frequencies.df);
  json.key("rows").begin_array();

  Table table;
  table.kind = "freq";
  table.name = name;
  table.title = context.label(question.text) == name ? name : fmt::format("{}: {}", name, context.label(question.text));
  if (variable.part >= 0 && question.type == survey::QuestionType::grid) table.subtitle = context.label(variable.label);
  table.header = {pl ? "kod" : "code", pl ? "odpowiedź" : "answer", "n", pl ? "liczebność" : "total", "±SE", "%", "±SE",
                  fmt::format("{:.0f}% CI", 100 * context.ci_level), "deff", "", "n_eff"};
  table.columns = {Column::text("value"), Column::text("label"), Column::number("n"), Column::number("total"),
                   Column::number("total_se"), Column::number("prop"), Column::number("prop_se"), Column::pair("ci_lower", "ci_upper"),
                   Column::number("deff"), Column::text("small_base"), Column::number("n_eff").only(ColumnUse::data)};
  for (std::size_t row_idx = 0; row_idx < frequencies.rows.size(); ++row_idx) {
    const auto& estimate = frequencies.rows[row_idx];
    std::size_t value_idx = static_cast<std::size_t>(estimate.category_idx);
    const survey::Code& code = variable.values[value_idx].code;
    const analysis::CellMark& mark = row_mark(result, row_idx);
    bool small = result.small_base[row_idx] && !mark.withheld();
    json.begin_object().field("value", code.text).field("label", context.value_label(variable, value_idx)).field("missing", false);
    write_count(json, "n", estimate.n, mark);
    json.field("total", estimate.total).field("total_se", estimate.total_se).field("prop", estimate.prop)
        .field("prop_se", estimate.prop_se);
    json.key("ci").pair(estimate.ci.lower, estimate.ci.upper);
    json.field("deff", estimate.deff).field("deff_replace", estimate.deff_replace).field("n_eff", estimate.n_eff).field("small_base", small);
    write_mark_json(json, mark, result.protection);
    json.end_object();
    table.rows.push_back(estimate_row(code.text, context.value_label(variable, value_idx), estimate, small, mark, RowRole::body));
  }
  for (const analysis::FrequencyNet& net : result.nets) {
    const analysis::FrequencyRow& estimate = net.estimate;
    const bool small = net.small_base && !net.mark.withheld();
    table.rows.push_back(estimate_row(net_codes(variable, net.net), context.label(net.net.label), estimate, small, net.mark, RowRole::net));
  }
  if (result.protection.applied()) table.columns[5].disclosed = true;
  Row base;
  base.role = RowRole::base;
  base.cells = {Cell::of_text(""), Cell::of_text(pl ? "razem (baza ważna)" : "total (valid base)"), Cell::of_count(frequencies.base.n),
                Cell::of_number(frequencies.base.total, 1), Cell::of_number(frequencies.base.total_se, 1), Cell::of_percent(1.0)};
  apply_mark(base, 2, base_mark);
  table.rows.push_back(std::move(base));
  auto apart_row = [&](const std::string& code, const std::string& text, double n, double total) {
    Row row;
    row.role = RowRole::apart;
    row.cells = {Cell::of_text(code), Cell::of_text(text), Cell::of_count(n), Cell::of_number(total, 1)};
    table.rows.push_back(std::move(row));
  };
  for (std::size_t idx = 0; idx < apart.missing_n.size(); ++idx) {
    std::size_t value_idx = variable.first_missing_value + idx;
    const survey::Code& code = variable.values[value_idx].code;
    json.begin_object().field("value", code.text).field("label", context.value_label(variable, value_idx)).field("missing", true)
        .field("n", apart.missing_n[idx]).field("total", apart.missing_total[idx]).end_object();
    apart_row(code.text, context.value_label(variable, value_idx) + (pl ? " (brak danych)" : " (missing)"),
              static_cast<double>(apart.missing_n[idx]), apart.missing_total[idx]);
  }
  json.end_array();
  json.key("nets").begin_array();
  for (const analysis::FrequencyNet& net : result.nets) {
    const analysis::FrequencyRow& estimate = net.estimate;
    json.begin_object().field("label", context.label(net.net.label));
    json.key("values").begin_array();
    for (int value : net.net.values) json.value(variable.values[static_cast<std::size_t>(value)].code.text);
    json.end_array();
    write_count(json, "n", estimate.n, net.mark);
    json.field("total", estimate.total).field("total_se", estimate.total_se).field("prop", estimate.prop).field("prop_se", estimate.prop_se);
    json.key("ci").pair(estimate.ci.lower, estimate.ci.upper);
    json.field("deff", estimate.deff).field("n_eff", estimate.n_eff).field("small_base", net.small_base && !net.mark.withheld());
    write_mark_json(json, net.mark, result.protection);
    json.end_object();
  }
  json.end_array();
  json.key("apart").begin_object().field("blank_n", apart.blank_n).field("blank_total", apart.blank_total)
      .field("not_asked_n", apart.not_asked_n).field("not_asked_total", apart.not_asked_total)
      .field("not_asked_in_wave_n", apart.not_in_wave_n).field("not_asked_in_wave_total", apart.not_in_wave_total).end_object();
  json.end_object();
  table.json.push_back(json.str());
  if (apart.blank_n) apart_row("", pl ? "bez odpowiedzi" : "no answer", static_cast<double>(apart.blank_n), apart.blank_total);
  if (apart.not_asked_n)
    apart_row("", pl ? "nie zadano (filtr)" : "not asked (filter)", static_cast<double>(apart.not_asked_n), apart.not_asked_total);
  if (apart.not_in_wave_n)
    apart_row("", pl ? "nie zadano w tej fali" : "not asked in this wave", static_cast<double>(apart.not_in_wave_n),
              apart.not_in_wave_total);

  table.notes = context.design_notes();
  table.notes.push_back(fmt::format(context.tr("{}; percentages of the valid base (n = {}); all respondents in the domain: n = {}, weighted {}"),
                                    word(context.language, context.weighted ? "weighted estimates, standard errors by Taylor linearization" : "unweighted counts"),
                                    base_mark.withheld() ? std::string(kWithheldMark) : std::to_string(frequencies.base.n),
                                    base_mark.withheld() ? std::string(kWithheldMark) : std::to_string(apart.all_n),
                                    base_mark.withheld() ? std::string(kWithheldMark) : fmt::format("{:.1f}", apart.all_total)));
  if (question.ask_if_expression) table.notes.push_back(fmt::format(context.tr("asked only when: {}"), question.ask_if));
  table.notes.push_back(fmt::format(context.tr("CI: {} method, t with {} df; deff against simple random sampling without replacement"),
                                    analysis::to_string(context.ci_method), frequencies.df));
  if (result.any_small_base)
    table.notes.push_back(fmt::format(context.tr("! effective base of the table (valid answers) below {}: read with caution"),
                                      fmt::format("{:.0f}", context.small_base)));
  for (auto& note : protection_notes(result.protection, context.disclosure, ProtectedKind::counts_one_way, group_labels(result, context), context.language))
    table.notes.push_back(std::move(note));
  table.chart = frequency_chart(result, question.type == survey::QuestionType::scale ? Chart::Kind::stacked : Chart::Kind::bar, context);
  return table;
}

// The same kind in a report: the statistics, chart and title the spec asks for, numbers in the
// report's language (report_layouts.hpp).
Table report_frequency(const TableSpec& spec, const analysis::FrequencyResult& result, ReportLayout& context) {
  const survey::Variable& variable = *result.variable;
  const survey::Question& question = *result.question;
  std::vector<Statistic> stats = spec.statistics.empty() ? std::vector<Statistic>{Statistic::n, Statistic::percent, Statistic::ci}
                                                         : spec.statistics;
  std::string title = variable.part >= 0 ? fmt::format("{}: {}", context.label(question.text), context.label(variable.label)) : context.label(question.text);
  Table table = context.start_table(spec, title, variable.name);
  table.header.push_back(context.w("Answer"));
  if (has(stats, Statistic::n)) table.header.push_back("n");
  if (has(stats, Statistic::total)) table.header.push_back(context.w("Weighted total"));
  table.header.push_back("%");
  if (has(stats, Statistic::se)) table.header.push_back("±SE");
  if (has(stats, Statistic::ci)) {
    table.header.push_back(context.ci_header("from"));
    table.header.push_back(context.ci_header("to"));
  }
  if (has(stats, Statistic::deff)) table.header.push_back("deff");
  // A category's or a net's row: the statistics the spec asks for, its mark on the share.
  auto estimate_row = [&](std::string label, const analysis::FrequencyRow& estimate, bool small, const analysis::CellMark& mark,
                          RowRole role) {
    Row row;
    row.role = role;
    row.cells.push_back(Cell::of_text(std::move(label)));
    if (has(stats, Statistic::n)) row.cells.push_back(Cell::of_count(estimate.n));
    if (has(stats, Statistic::total)) row.cells.push_back(Cell::of_number(estimate.total, 1));
    Cell share = Cell::of_percent(estimate.prop);
    share.small_base = small;
    row.cells.push_back(share);
    if (has(stats, Statistic::se)) row.cells.push_back(Cell::of_percent(estimate.prop_se));
    if (has(stats, Statistic::ci)) {
      row.cells.push_back(Cell::of_percent(estimate.ci.lower));
      row.cells.push_back(Cell::of_percent(estimate.ci.upper));
    }
    if (has(stats, Statistic::deff)) row.cells.push_back(Cell::of_number(estimate.deff, 2));
    apply_mark(row, 1, mark, 1 + (has(stats, Statistic::n) ? 1 : 0) + (has(stats, Statistic::total) ? 1 : 0));
    table.rows.push_back(std::move(row));
  };
  for (std::size_t row_idx = 0; row_idx < result.table.rows.size(); ++row_idx) {
    const auto& estimate = result.table.rows[row_idx];
    context.note_deff(estimate.n, estimate.deff);
    estimate_row(context.value_label(variable, estimate.category_idx), estimate, result.small_base[row_idx], row_mark(result, row_idx),
                 RowRole::body);
  }
  for (const analysis::FrequencyNet& net : result.nets)
    estimate_row(context.label(net.net.label), net.estimate, net.small_base, net.mark, RowRole::net);
  auto apart_row = [&](const std::string& text, double n, double total, RowRole role) {
    Row row;
    row.role = role;
    row.cells.push_back(Cell::of_text(text));
    if (has(stats, Statistic::n)) row.cells.push_back(Cell::of_count(n));
    if (has(stats, Statistic::total)) row.cells.push_back(Cell::of_number(total, 1));
    row.cells.push_back(role == RowRole::base ? Cell::of_percent(1.0) : Cell());
    while (row.cells.size() < table.header.size()) row.cells.push_back(Cell());
    table.rows.push_back(std::move(row));
  };
  apart_row(context.w("Total (valid base)"), result.table.base.n, result.table.base.total, RowRole::base);
  apply_mark(table.rows.back(), 1, row_mark(result, result.table.rows.size()));
  const analysis::ApartCounts& apart = result.apart;
  for (std::size_t idx = 0; idx < apart.missing_n.size(); ++idx)
    apart_row(context.value_label(variable, static_cast<int>(variable.first_missing_value + idx)), static_cast<double>(apart.missing_n[idx]),
              apart.missing_total[idx], RowRole::apart);
  if (apart.blank_n) apart_row(context.w("no answer"), static_cast<double>(apart.blank_n), apart.blank_total, RowRole::apart);
  if (apart.not_asked_n) apart_row(context.w("not asked (filter)"), static_cast<double>(apart.not_asked_n), apart.not_asked_total, RowRole::apart);
  if (apart.not_in_wave_n)
    apart_row(context.w("not asked in this wave"), static_cast<double>(apart.not_in_wave_n), apart.not_in_wave_total, RowRole::apart);
  const bool base_withheld = row_mark(result, result.table.rows.size()).withheld();
  table.base_text = fmt::format(fmt::runtime(context.w("Base: respondents with a valid answer, n = {} (weighted {}); all respondents in the domain: {}")),
                                base_withheld ? std::string(kWithheldMark) : std::to_string(result.table.base.n),
                                base_withheld ? std::string(kWithheldMark) : context.number(result.table.base.total, 1),
                                base_withheld ? std::string(kWithheldMark) : std::to_string(apart.all_n));
  if (question.ask_if_expression) table.notes.push_back(fmt::format("{}: {}", context.w("Asked only when"), question.ask_if));
  if (!apart.missing_n.empty() || apart.blank_n || apart.not_asked_n || apart.not_in_wave_n)
    table.notes.push_back(context.w("Missing codes (don't know, refused), blanks and those not asked are shown apart and left out of the percentages."));
  context.note_small_base(table, result.any_small_base);
  context.note_protection(table, result.protection, ProtectedKind::counts_one_way, group_labels(result, context));

  ChartKind kind = spec.chart;
  if (kind == ChartKind::automatic) kind = question.type == survey::QuestionType::scale ? ChartKind::stacked : ChartKind::bar;
  table.chart = frequency_chart(result, chart_kind(kind), context);
  return table;
}

}  // namespace ankieta::report
