// The change table (`ankieta change`, a report's `change:` table): each wave's estimate from its
// own design, then per pair of waves the difference later minus earlier with the SE of the link
// design (analysis/change.hpp), which accounts for the units seen in both waves. The JSON is the
// contract's "change" object (PRODUCT.md); the notes say in words what the SE accounts for.
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ankieta/report/layouts.hpp"
#include "disclosure_marks.hpp"
#include "report_layouts.hpp"

namespace ankieta::report {
namespace {

void write_change_json(JsonWriter& out, const analysis::ChangeTable& table, const WaveTableContext& context) {
  const survey::Questionnaire& q = context.questionnaire;
  out.begin_object();
  out.field("kind", "change").field("variable", context.name);
  out.key("waves").begin_array();
  for (std::int64_t wave : table.waves) out.value(wave);
  out.end_array();
  out.field("weighted", context.weighted);
  out.field("panel", table.design.panel);
  if (!context.where.empty()) out.field("where", context.where);
  write_category_json(out, context);
  out.key("design").begin_object();
  out.field("overlap", table.design.panel ? "panel" : table.design.overlap == analysis::Overlap::linked ? "linked" : "independent");
  out.field("fpc", table.design.link_fpc);
  out.field("df", table.design.df).field("psu", table.design.psu).field("strata", table.design.strata);
  out.field("psu_in_all_waves", table.design.psu_in_all_waves);
  out.end_object();
  write_protection_json(out, table.protection, context.disclosure);
  out.key("rows").begin_array();
  for (const analysis::ChangeRow& row : table.rows) {
    out.begin_object();
    const survey::Option* option = analysis::option_of(row, q);
    if (!option) out.key("value").null().key("label").null();
    else out.field("value", option->code.text).field("label", option->label.in(context.language));
    out.field("statistic", row.statistic);
    out.key("per_wave").begin_array();
    for (std::size_t entry = 0; entry < row.per_wave.size(); ++entry) {
      const analysis::WaveEstimate& e = row.per_wave[entry];
      const analysis::CellMark& mark = wave_mark(row, entry);
      out.begin_object().field("wave", e.wave);
      if (mark.withheld()) out.key("n").null();
      else out.field("n", e.n);
      out.field("estimate", e.estimate).field("se", e.se);
      out.key("ci").pair(e.ci.lower, e.ci.upper).field("df", e.df);
      write_mark_json(out, mark, table.protection);
      out.end_object();
    }
    out.end_array();
    out.key("differences").begin_array();
    for (const analysis::WaveDifference& d : row.differences) {
      out.begin_object().field("from", d.from).field("to", d.to).field("estimate", d.estimate).field("se", d.se);
      out.key("ci").pair(d.ci.lower, d.ci.upper);
      out.field("t", d.t).field("df", d.df).field("p", d.p).field("se_independent", d.se_independent);
      out.field("psu_in_both", d.psu_in_both).field("psu_with_value_in_both", d.psu_with_value_in_both);
      write_mark_json(out, difference_mark(row, d), table.protection);
      out.end_object();
    }
    out.end_array();
    out.end_object();
  }
  out.end_array();
  out.key("tests").begin_array();
  for (const analysis::ChangeTest& test : table.tests) {
    out.begin_object().field("name", test.test.name);
    if (test.waves.size() == 2) {
      out.field("from", test.waves[0]).field("to", test.waves[1]);
    } else {
      out.key("waves").begin_array();
      for (std::int64_t wave : test.waves) out.value(wave);
      out.end_array();
    }
    out.field("statistic", test.test.statistic);
    if (std::isnan(test.test.df)) out.field("df1", test.test.df1).field("df2", test.test.df2);
    else out.field("df", test.test.df);
    out.field("p", test.test.p).field("design_df", test.test.design_df);
    if (!test.test.note.empty()) out.field("note", test.test.note);
    out.end_object();
  }
  out.end_array();
  out.end_object();
}

std::string p_text(double p, survey::Language language) {
  if (!std::isfinite(p)) return "-";
  if (p < 0.001) return language == survey::Language::pl ? "< 0,001" : "< 0.001";
  return format_number(p, 3, language);
}

std::string short_number(double value, survey::Language language) {
  if (!std::isfinite(value)) return "-";
  const double magnitude = std::fabs(value);
  return format_number(value, magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : 4, language);
}

// What the standard errors of the differences account for, in words.
std::string se_note(const analysis::ChangeTable& table, const WaveTableContext& context) {
  const survey::Language language = context.language;
  auto tr = [&](const char* english) { return fmt::runtime(word(language, english)); };
  const auto& design = table.design;
  if (design.panel)
    return fmt::format(tr("Panel table: {} respondents present in every wave, re-weighted to their first wave's strata (N_h / m_h); "
                          "each difference is the mean within-respondent change (df {}). Births, deaths and one-wave respondents are "
                          "left out."),
                       design.psu_in_all_waves, design.df);
  if (design.overlap == analysis::Overlap::independent)
    return fmt::format(tr("SE treats the waves as independent samples (--overlap independent): V_a + V_b of their own designs, df {}; "
                          "the {} {} in all waves are not used."),
                       design.df, design.psu_in_all_waves, context.unit_word);
  std::string note = fmt::format(tr("SE accounts for {} {} in {} waves (link design{}: {} PSUs, {} strata, df {})"), design.psu_in_all_waves,
                                 context.unit_word, word(language, table.waves.size() == 2 ? "both" : "all"),
                                 word(language, design.link_fpc ? " with each wave's fpc" : " without fpc"), design.psu, design.strata,
                                 design.df);
  if (!context.where.empty() && table.waves.size() == 2 && !table.rows.empty() && !table.rows.front().differences.empty())
    note += fmt::format(tr("; {} of them are in the domain in both waves"), table.rows.front().differences.front().psu_in_both);
  return note + ".";
}

std::string test_note(const analysis::ChangeTest& test, survey::Language language) {
  auto tr = [&](const char* english) { return fmt::runtime(word(language, english)); };
  const std::string which = test.waves.size() == 2 ? fmt::format(tr("waves {} and {}"), test.waves[0], test.waves[1])
                                                   : fmt::format(tr("all waves {}"), fmt::join(test.waves, ", "));
  const char* what = test.test.name == "wald"          ? "equal means (Wald F)"
                     : test.test.name == "rao-scott-f" ? "equal distributions, Rao–Scott F"
                                                       : "equal distributions, Rao–Scott first-order chi-square";
  std::string note = std::isnan(test.test.df)
                         ? fmt::format(tr("{}, {}: F = {}, df {} and {}, p {}"), word(language, what), which,
                                       short_number(test.test.statistic, language), short_number(test.test.df1, language),
                                       short_number(test.test.df2, language), p_text(test.test.p, language))
                         : fmt::format(tr("{}, {}: X2 = {}, df {}, p {}"), word(language, what), which,
                                       short_number(test.test.statistic, language), short_number(test.test.df, language),
                                       p_text(test.test.p, language));
  if (!test.test.note.empty()) note += " (" + test.test.note + ")";
  return note;
}

}  // namespace

Table layout_change(const analysis::ChangeTable& change, const WaveTableContext& context, bool levels_only) {
  const survey::Questionnaire& q = context.questionnaire;
  const survey::Language language = context.language;
  auto tr = [&](const char* english) { return fmt::runtime(word(language, english)); };
  const survey::Question& question = change.variable ? q.questions[change.variable->question_index] : *change.question;

  Table table;
  table.kind = "change";
  table.name = fmt::format("{} change", context.name);
  const std::string& wording = question.text.in(language);
  table.title = wording.empty() || wording == context.name ? context.name : fmt::format("{}: {}", context.name, wording);
  add_category_title(table, context);
  table.subtitle = fmt::format(tr("change between waves {}{}"), fmt::join(change.waves, ", "),
                               change.design.panel ? word(language, " (panel: respondents in every wave only)") : "");
  // The statistic in words on screen, as the JSON's code ("mean", "prop", "total") in the data.
  table.header = {word(language, "code"), word(language, "answer"), word(language, "statistic"), "statistic"};
  table.columns = {Column::text("value"), Column::text("label"), Column::text("statistic_label").only(ColumnUse::display),
                   Column::text("statistic").only(ColumnUse::data)};
  for (std::int64_t wave : change.waves) {
    const std::string key = fmt::format("wave{}", wave);
    const std::string name = fmt::format(tr("wave {}"), wave);
    table.header.insert(table.header.end(), {fmt::format("n ({})", name), name, "±SE"});
    table.columns.insert(table.columns.end(), {Column::number(key + "_n"), Column::number(key + "_estimate"), Column::number(key + "_se")});
  }
  const std::string ci = fmt::format("{}% CI", format_number(100 * context.ci_level, 0, language));
  if (!change.rows.empty())
    for (const analysis::WaveDifference& d : change.rows.front().differences) {
      const std::string key = fmt::format("change_{}_{}", d.from, d.to);
      table.header.insert(table.header.end(), {fmt::format("{} − {}", d.to, d.from), "±SE", ci, "p"});
      table.columns.insert(table.columns.end(), {Column::number(key), Column::number(key + "_se"),
                                                 Column::pair(key + "_ci_lower", key + "_ci_upper"), Column::number(key + "_p")});
    }

  for (const analysis::ChangeRow& row : change.rows) {
    if (levels_only && row.statistic == "total") continue;
    const survey::Option* option = analysis::option_of(row, q);
    // A share as a percentage (its change in percentage points), a mean with 2 decimals, a total whole.
    auto value_cell = [&](double value) {
      if (row.statistic == "prop") return Cell::of_percent(value);
      return Cell::of_number(value, row.statistic == "total" ? 0 : 2);
    };
    const char* statistic = row.statistic == "prop" ? "share" : row.statistic == "total" ? "total" : "mean";
    Row out;
    out.cells = {Cell::of_text(option ? option->code.text : ""), Cell::of_text(option ? option->label.in(language) : ""),
                 Cell::of_text(word(language, statistic)), Cell::of_text(row.statistic)};
    for (std::size_t entry = 0; entry < row.per_wave.size(); ++entry) {
      const analysis::WaveEstimate& e = row.per_wave[entry];
      const std::size_t first = out.cells.size();
      out.cells.push_back(Cell::of_count(e.n));
      out.cells.push_back(value_cell(e.estimate));
      out.cells.push_back(value_cell(e.se));
      apply_mark(out, first, wave_mark(row, entry), first + 1);
    }
    for (const analysis::WaveDifference& d : row.differences) {
      const std::size_t first = out.cells.size();
      out.cells.push_back(value_cell(d.estimate));
      out.cells.push_back(value_cell(d.se));
      out.cells.push_back(row.statistic == "prop" ? Cell::of_pair(CellKind::percent, d.ci.lower, d.ci.upper, 1)
                                                  : Cell::of_pair(CellKind::number, d.ci.lower, d.ci.upper, row.statistic == "total" ? 0 : 2));
      out.cells.push_back(Cell::of_number(d.p, 3));
      const analysis::CellMark mark = difference_mark(row, d);
      if (mark.withheld()) apply_mark(out, first, mark);
    }
    table.rows.push_back(std::move(out));
  }

  JsonWriter json;
  write_change_json(json, change, context);
  table.json.push_back(json.str());

  if (!context.where.empty())
    table.notes.push_back(fmt::format(tr("domain: {} (defined in each wave by that wave's values)"), context.where));
  table.notes.push_back(se_note(change, context));
  table.notes.push_back(word(language, "each wave's estimate from its own design; each change is the later wave minus the earlier, shares "
                                       "and their changes in percent (percentage points)"));
  for (const analysis::ChangeTest& test : change.tests) table.notes.push_back(test_note(test, language));
  if (change.protection.applied())
    for (auto& column : table.columns)
      if (column.key.ends_with("_estimate") || (column.key.starts_with("change_") && column.second_key.empty() &&
                                                 column.key.find('_', 7) == column.key.rfind('_')))
        column.disclosed = true;
  for (auto& note : protection_notes(change.protection, context.disclosure,
                                     !change.rows.empty() && change.rows.front().statistic == "mean" ? ProtectedKind::magnitude
                                     : change.variable ? ProtectedKind::counts_one_way
                                                       : ProtectedKind::shares,
                                     {}, language, context.rules_in_methodology))
    table.notes.push_back(std::move(note));
  table.chart = waves_chart(change, context);
  return table;
}

}  // namespace ankieta::report
