// A multi question: per option the share of respondents mentioning it (with SE and interval) and
// its share of all mentions.
#include <fmt/format.h>

#include "ankieta/report/layouts.hpp"

namespace ankieta::report {

Table layout_multiple_response(const analysis::MultipleResponseResult& result, const LayoutContext& context) {
  const survey::Question& question = *result.question;
  const analysis::MeanEstimate& mentions = result.mentions;
  const bool pl = context.language == survey::Language::pl;

  JsonWriter json;
  json.begin_object().field("kind", "multi").field("question", question.id).field("label", context.label(question.text));
  json.field("weighted", context.weighted);
  context.write_design_json(json);
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
    json.begin_object().field("variable", item.variable->name).field("value", option.code.text).field("label", context.label(option.label))
        .field("n", item.n).field("total", share.total).field("total_se", share.total_se).field("prop", share.mean)
        .field("prop_se", share.mean_se);
    json.key("ci").pair(item.ci.lower, item.ci.upper);
    json.field("prop_of_responses", item.of_responses.ratio).field("prop_of_responses_se", item.of_responses.ratio_se).end_object();
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
    table.rows.push_back(std::move(row));
  }
  json.end_array();
  json.key("base").begin_object().field("n", mentions.n).field("total", mentions.weight_sum)
      .field("mentions_per_respondent", mentions.mean).field("mentions_per_respondent_se", mentions.mean_se).end_object();
  json.end_object();
  table.json.push_back(json.str());
  table.notes = context.design_notes();
  table.notes.push_back(fmt::format(context.tr("base: respondents who answered (n = {}, weighted {}); on average {} answers each; "
                                               "% of respondents add up to more than 100"),
                                    mentions.n, fmt::format("{:.1f}", mentions.weight_sum), fmt::format("{:.2f}", mentions.mean)));
  if (question.ask_if_expression) table.notes.push_back(fmt::format(context.tr("asked only when: {}"), question.ask_if));
  std::vector<const analysis::MultipleResponseItem*> items;
  for (const auto& item : result.items) items.push_back(&item);
  table.chart = multiple_response_chart(result, items, Chart::Kind::bar, context);
  return table;
}

}  // namespace ankieta::report
