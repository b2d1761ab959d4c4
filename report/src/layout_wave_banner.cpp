// The waves side by side (`crosstab VAR --by wave`, `means VAR --by wave`): each wave's estimate
// from its own design, as the single-wave tables give it, and letters between the wave columns
// from the differences of the change estimator, whose standard errors account for the firms seen
// in both waves (the link design, analysis/change.hpp).
#include <fmt/format.h>

#include "ankieta/analysis/crosstab.hpp"
#include "ankieta/report/layouts.hpp"
#include "disclosure_marks.hpp"
#include "report_layouts.hpp"

namespace ankieta::report {

void add_category_title(Table& table, const WaveTableContext& context) {
  if (!context.by) return;
  const survey::Option& value = context.by->values[static_cast<std::size_t>(context.by_value)];
  table.name += fmt::format(" {}={}", context.by->name, value.code.text);
  table.title += fmt::format(" — {} = {} ({})", context.by->name, value.code.text, value.label.in(context.language));
}

void write_category_json(JsonWriter& json, const WaveTableContext& context) {
  if (!context.by) return;
  const survey::Option& value = context.by->values[static_cast<std::size_t>(context.by_value)];
  json.key("by").begin_object().field("variable", context.by->name).field("value", value.code.text)
      .field("label", value.label.in(context.language)).end_object();
}

Table layout_wave_banner(const analysis::ChangeTable& change, const WaveTableContext& context) {
  const survey::Questionnaire& q = context.questionnaire;
  const survey::Language language = context.language;
  const bool means = change.rows.empty() || change.rows.front().statistic == "mean";
  const std::size_t n_waves = change.waves.size();

  Table table;
  table.kind = "by_wave";
  table.name = fmt::format("{} by wave", context.name);
  const survey::Question& question = change.variable ? q.questions[change.variable->question_index] : *change.question;
  const std::string& wording = question.text.in(language);
  table.title = wording.empty() || wording == context.name ? context.name : fmt::format("{}: {}", context.name, wording);
  table.subtitle = word(language, "by wave");
  add_category_title(table, context);
  table.header = {word(language, "code"), word(language, "answer")};
  table.columns = {Column::text("value"), Column::text("label")};
  for (std::size_t idx = 0; idx < n_waves; ++idx) {
    const std::string key = fmt::format("wave{}", change.waves[idx]);
    table.header.insert(table.header.end(), {"n", fmt::format("{} ({}) {}", fmt::format(fmt::runtime(word(language, "wave {}")), change.waves[idx]),
                                                              analysis::column_letter(static_cast<int>(idx)), means ? word(language, "mean") : "%"),
                                             "±SE"});
    Column estimate = Column::number(key + "_estimate");
    estimate.letters = true;
    table.columns.insert(table.columns.end(), {Column::number(key + "_n"), estimate, Column::number(key + "_se")});
  }

  JsonWriter json;
  json.begin_object().field("kind", "by_wave").field("variable", context.name);
  json.key("waves").begin_array();
  for (std::int64_t wave : change.waves) json.value(wave);
  json.end_array();
  json.field("weighted", context.weighted).field("sig_level", context.sig_level);
  write_category_json(json, context);
  json.key("design").begin_object().field("overlap", change.design.overlap == analysis::Overlap::linked ? "linked" : "independent");
  json.field("df", change.design.df).field("psu", change.design.psu).field("strata", change.design.strata);
  json.field("psu_in_all_waves", change.design.psu_in_all_waves).end_object();
  write_protection_json(json, change.protection, context.disclosure);
  json.key("rows").begin_array();

  for (const analysis::ChangeRow& row : change.rows) {
    if (row.statistic == "total") continue;  // the table shows levels: shares or means
    // The letters of the waves whose estimate is significantly lower than this wave's.
    std::vector<std::string> letters(n_waves);
    for (const analysis::WaveDifference& difference : row.differences) {
      if (!(difference.p < context.sig_level)) continue;
      std::size_t from = 0, to = 0;
      for (std::size_t idx = 0; idx < n_waves; ++idx) {
        if (change.waves[idx] == difference.from) from = idx;
        if (change.waves[idx] == difference.to) to = idx;
      }
      if (difference.estimate > 0) letters[to] += analysis::column_letter(static_cast<int>(from));
      else letters[from] += analysis::column_letter(static_cast<int>(to));
    }
    Row out;
    const survey::Option* option = analysis::option_of(row, q);
    out.cells = {Cell::of_text(option ? option->code.text : ""), Cell::of_text(option ? option->label.in(language) : word(language, "mean"))};
    json.begin_object();
    if (!option) json.key("value").null().key("label").null();
    else json.field("value", option->code.text).field("label", option->label.in(language));
    json.field("statistic", row.statistic);
    json.key("per_wave").begin_array();
    for (std::size_t idx = 0; idx < row.per_wave.size(); ++idx) {
      const analysis::WaveEstimate& estimate = row.per_wave[idx];
      const analysis::CellMark& mark = wave_mark(row, idx);
      Cell cell = means ? Cell::of_number(estimate.estimate, 2) : Cell::of_percent(estimate.estimate);
      cell.letters = letters[idx];
      const std::size_t first = out.cells.size();
      out.cells.push_back(Cell::of_count(estimate.n));
      out.cells.push_back(cell);
      out.cells.push_back(means ? Cell::of_number(estimate.se, 2) : Cell::of_percent(estimate.se));
      apply_mark(out, first, mark, first + 1);
      json.begin_object().field("wave", estimate.wave);
      if (mark.withheld()) json.key("n").null();
      else json.field("n", estimate.n);
      json.field("estimate", estimate.estimate).field("se", estimate.se).field("letters", mark.withheld() ? "" : letters[idx]);
      write_mark_json(json, mark, change.protection);
      json.end_object();
    }
    json.end_array();
    json.key("differences").begin_array();
    for (const analysis::WaveDifference& difference : row.differences)
      json.begin_object().field("from", difference.from).field("to", difference.to).field("estimate", difference.estimate)
          .field("se", difference.se).field("p", difference.p).end_object();
    json.end_array();
    json.end_object();
    table.rows.push_back(std::move(out));
  }
  json.end_array().end_object();
  table.json.push_back(json.str());

  table.notes.push_back(fmt::format(fmt::runtime(word(language, "each wave's estimate from its own design; n = respondents with a valid answer{}")),
                                    means ? "" : word(language, "; % of them")));
  table.notes.push_back(fmt::format(
      fmt::runtime(word(language, "letters: waves whose estimate is significantly lower (p < {}), from the change between the waves, "
                                  "whose SE accounts for {} {} in every wave (link design, df {})")),
      context.sig_level, change.design.psu_in_all_waves, context.unit_word, change.design.df));
  if (!context.where.empty()) table.notes.push_back(fmt::format(fmt::runtime(word(language, "domain: {} (defined in each wave by that wave's values)")), context.where));
  if (change.protection.applied())
    for (auto& column : table.columns)
      if (column.key.ends_with("_estimate")) column.disclosed = true;
  for (auto& note : protection_notes(change.protection, context.disclosure, means ? ProtectedKind::magnitude : change.variable ? ProtectedKind::counts_one_way : ProtectedKind::shares, {},
                                     language, context.rules_in_methodology))
    table.notes.push_back(std::move(note));

  table.chart = waves_chart(change, context);
  return table;
}

Chart waves_chart(const analysis::ChangeTable& change, const WaveTableContext& context) {
  const survey::Questionnaire& q = context.questionnaire;
  const survey::Language language = context.language;
  const bool means = change.rows.empty() || change.rows.front().statistic == "mean";
  const survey::Question& question = change.variable ? q.questions[change.variable->question_index] : *change.question;
  Chart chart;
  for (std::int64_t wave : change.waves) chart.categories.push_back(fmt::format(fmt::runtime(word(language, "wave {}")), wave));
  if (means && !change.rows.empty()) {
    chart.kind = Chart::Kind::bar;
    chart.percent = false;
    chart.axis_label = word(language, "mean");
    for (const analysis::WaveEstimate& estimate : change.rows.front().per_wave) {
      chart.values.push_back({estimate.estimate});
      chart.lower.push_back(estimate.ci.lower);
      chart.upper.push_back(estimate.ci.upper);
    }
  } else if (!means && question.type != survey::QuestionType::multi) {
    chart.kind = Chart::Kind::stacked;
    chart.values.assign(change.waves.size(), {});
    for (const analysis::ChangeRow& row : change.rows) {
      if (row.statistic != "prop") continue;
      chart.series.push_back(analysis::option_of(row, q)->label.in(language));
      for (std::size_t idx = 0; idx < row.per_wave.size(); ++idx) chart.values[idx].push_back(row.per_wave[idx].estimate);
    }
  }
  return chart;
}

}  // namespace ankieta::report
