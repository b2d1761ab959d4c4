// ankieta change VAR... --waves A,B[,C...]: change between waves - each wave's own estimate, the
// differences with standard errors that account for the units seen in both waves (the link
// design of reference/waves/METHOD.md), Rao-Scott tests of equal distributions, the omnibus tests
// over more than two waves, and the panel form.
#include <algorithm>
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "ankieta/analysis/change.hpp"
#include "ankieta/analysis/tables.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "ankieta/survey/text_util.hpp"
#include "analysis_options.hpp"
#include "json_writer.hpp"
#include "wave_comparison.hpp"

namespace ankieta::cli {

namespace {

std::vector<std::int64_t> parse_waves(const std::string& text) {
  std::vector<std::int64_t> waves;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string item(survey::trim(std::string_view(text).substr(start, comma - start)));
    auto number = survey::parse_number(item);
    if (item.empty() || !number || *number != std::floor(*number) || *number < 1 || *number > 1e9)
      throw usage_error(fmt::format("--waves '{}': '{}' is not a wave number; expected two or more whole numbers such as 1,2", text, item));
    waves.push_back(static_cast<std::int64_t>(*number));
    start = comma + 1;
  }
  std::sort(waves.begin(), waves.end());
  if (std::adjacent_find(waves.begin(), waves.end()) != waves.end())
    throw usage_error(fmt::format("--waves '{}' names a wave twice", text));
  if (waves.size() < 2) throw usage_error(fmt::format("--waves '{}': a change needs at least two waves, e.g. --waves 1,2", text));
  return waves;
}

std::string number(double value, int decimals = 4) {
  if (!std::isfinite(value)) return "-";
  return fmt::format("{:.{}g}", value, decimals);
}

std::string p_value(double p) {
  if (!std::isfinite(p)) return "-";
  return p < 0.001 ? "<0.001" : fmt::format("{:.3f}", p);
}

struct Output {
  const AnalysisRequest& request;
  const survey::Questionnaire& q;
  std::string unit_word;  // what a link unit is, for the notes
  std::string where;

  std::string row_value(const analysis::ChangeRow& row) const {
    const survey::Option* option = analysis::option_of(row, q);
    return option ? option->code.text : "";
  }
  std::string row_label(const analysis::ChangeRow& row) const {
    const survey::Option* option = analysis::option_of(row, q);
    return option ? option->label.in(request.lang) : "";
  }

  void json(JsonWriter& out, const analysis::ChangeTable& table, const std::string& name) const {
    out.begin_object();
    out.field("kind", "change").field("variable", name);
    out.key("waves").begin_array();
    for (std::int64_t wave : table.waves) out.value(wave);
    out.end_array();
    out.field("weighted", !request.design.unweighted);
    out.field("panel", table.design.panel);
    if (!where.empty()) out.field("where", where);
    out.key("design").begin_object();
    out.field("overlap", table.design.panel ? "panel" : table.design.overlap == analysis::Overlap::linked ? "linked" : "independent");
    out.field("fpc", table.design.link_fpc);
    out.field("df", table.design.df).field("psu", table.design.psu).field("strata", table.design.strata);
    out.field("psu_in_all_waves", table.design.psu_in_all_waves);
    out.end_object();
    out.key("rows").begin_array();
    for (const analysis::ChangeRow& row : table.rows) {
      out.begin_object();
      if (row.value_idx < 0) out.key("value").null().key("label").null();
      else out.field("value", row_value(row)).field("label", row_label(row));
      out.field("statistic", row.statistic);
      out.key("per_wave").begin_array();
      for (const analysis::WaveEstimate& e : row.per_wave) {
        out.begin_object().field("wave", e.wave).field("n", e.n).field("estimate", e.estimate).field("se", e.se);
        out.key("ci").pair(e.ci.lower, e.ci.upper).field("df", e.df).end_object();
      }
      out.end_array();
      out.key("differences").begin_array();
      for (const analysis::WaveDifference& d : row.differences) {
        out.begin_object().field("from", d.from).field("to", d.to).field("estimate", d.estimate).field("se", d.se);
        out.key("ci").pair(d.ci.lower, d.ci.upper);
        out.field("t", d.t).field("df", d.df).field("p", d.p).field("se_independent", d.se_independent);
        out.field("psu_in_both", d.psu_in_both).field("psu_with_value_in_both", d.psu_with_value_in_both).end_object();
      }
      out.end_array();
      out.end_object();
    }
    out.end_array();
    out.key("tests").begin_array();
    for (const analysis::ChangeTest& test : table.tests) {
      out.begin_object().field("name", test.test.name);
      if (test.waves.size() == 2 && table.waves.size() > 2) out.field("from", test.waves[0]).field("to", test.waves[1]);
      else if (test.waves.size() == 2) out.field("from", test.waves[0]).field("to", test.waves[1]);
      else {
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

  std::string text(const analysis::ChangeTable& table, const std::string& name) const {
    const survey::Question& question = question_of(q, name);
    std::string waves = fmt::format("{}", fmt::join(table.waves, ", "));
    const std::string& wording = question.text.in(request.lang);
    std::string out = fmt::format("Change of {}{} between waves {}{}\n", name,
                                  wording.empty() || wording == name ? "" : fmt::format(" ({})", wording), waves,
                                  table.design.panel ? " - PANEL: respondents in every wave only" : "");
    if (!where.empty()) out += fmt::format("Domain: {} (defined in each wave by that wave's values)\n", where);
    if (table.design.panel)
      out += fmt::format("Panel table: {} respondents present in every wave, re-weighted to their first wave's strata "
                         "(N_h / m_h); each difference is the mean within-respondent change (df {}). Births, deaths and "
                         "one-wave respondents are left out.\n", table.design.psu_in_all_waves, table.design.df);
    else if (table.design.overlap == analysis::Overlap::independent)
      out += fmt::format("SE treats the waves as independent samples (--overlap independent): V_a + V_b of their own "
                         "designs, df {}; the {} {} in all waves are not used.\n", table.design.df, table.design.psu_in_all_waves, unit_word);
    else {
      out += fmt::format("SE accounts for {} {} in {} waves (link design{}: {} PSUs, {} strata, df {})",
                         table.design.psu_in_all_waves, unit_word, table.waves.size() == 2 ? "both" : "all",
                         table.design.link_fpc ? " with each wave's fpc" : " without fpc", table.design.psu, table.design.strata, table.design.df);
      if (!where.empty() && table.waves.size() == 2 && !table.rows.empty() && !table.rows.front().differences.empty())
        out += fmt::format("; {} of them are in the domain in both waves", table.rows.front().differences.front().psu_in_both);
      out += ".\n";
    }
    const int percent = static_cast<int>(std::lround(request.ci_level * 100));
    for (const analysis::ChangeRow& row : table.rows) {
      std::string head = row.statistic;
      if (row.value_idx >= 0) head = fmt::format("{} {} {}", row.statistic, row_value(row), row_label(row));
      out += fmt::format("\n{}\n", head);
      for (const analysis::WaveEstimate& e : row.per_wave)
        out += fmt::format("  wave {:<4} n {:<7} {:>12}  (SE {})\n", e.wave, e.n, number(e.estimate, 6), number(e.se));
      for (const analysis::WaveDifference& d : row.differences) {
        out += fmt::format("  {} - {}: {:>+12.6g}  (SE {}, {}% CI {} to {}, t {}, df {}, p {})", d.to, d.from, d.estimate, number(d.se),
                           percent, number(d.ci.lower, 6), number(d.ci.upper, 6), number(d.t, 3), number(d.df, 6), p_value(d.p));
        if (std::isfinite(d.se_independent)) out += fmt::format("; SE if independent {}", number(d.se_independent));
        out += fmt::format("; {} of {} {} in both waves answered in both\n", d.psu_with_value_in_both, d.psu_in_both, unit_word);
      }
    }
    if (!table.tests.empty()) out += "\nTests\n";
    for (const analysis::ChangeTest& test : table.tests) {
      std::string which = test.waves.size() == 2 ? fmt::format("waves {} and {}", test.waves[0], test.waves[1])
                                                 : fmt::format("all waves {}", fmt::join(test.waves, ", "));
      std::string what = test.test.name == "wald" ? "equal means (Wald F)" : test.test.name == "rao-scott-f" ? "equal distributions, Rao-Scott F"
                                                                                                           : "equal distributions, Rao-Scott first-order chi-square";
      if (std::isnan(test.test.df))
        out += fmt::format("  {}, {}: F = {}, df {} and {}, p {}\n", what, which, number(test.test.statistic), number(test.test.df1),
                           number(test.test.df2), p_value(test.test.p));
      else
        out += fmt::format("  {}, {}: X2 = {}, df {}, p {}\n", what, which, number(test.test.statistic), number(test.test.df), p_value(test.test.p));
      if (!test.test.note.empty()) out += fmt::format("    {}\n", test.test.note);
    }
    return out;
  }
};

}  // namespace

int run_change(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("variables", po::value<std::vector<std::string>>()->multitoken(), "numeric, scale, single-choice or multiple-response questions")
      ("waves", po::value<std::string>(), "the waves compared, e.g. 1,2 or 1,2,3 (each difference is later minus earlier)")
      ("overlap", po::value<std::string>()->default_value("linked"),
       "linked: SE accounts for the units in both waves (link design); independent: the waves as independent samples")
      ("panel", po::bool_switch(), "only respondents in every wave: the paired analysis of within-respondent change (a panel table)");
  add_analysis_options(options);
  po::positional_options_description positional;
  positional.add("variables", -1);
  po::variables_map values;
  if (parse_arguments("change", "VAR... --waves A,B[,C...] [--db FILE] [OPTIONS]\n\n"
                      "Each wave's estimate comes from its own design (the numbers of the single-wave tables). Each\n"
                      "difference b - a gets its SE from linearization on the stacked waves with the link unit (the\n"
                      "first-stage cluster, else the respondent) as the PSU: wave x stratum post-strata with each wave's\n"
                      "population counts, link strata and the link fpc (docs/change.md). --fpc '' drops the link fpc.",
                      arguments, options, positional, values))
    return kExitOk;
  // --fpc '' means the link design without fpc; the waves' own designs keep theirs.
  bool link_fpc = true;
  if (values.count("fpc") && split_names(values["fpc"].as<std::string>()).empty()) link_fpc = false;
  AnalysisRequest request = read_analysis_options(values);
  if (!link_fpc) request.design.fpc.reset();
  if (request.wave) throw usage_error("change compares waves: give them with --waves (e.g. --waves 1,2), not --wave");
  if (!values.count("waves")) throw usage_error("change needs --waves, e.g. --waves 1,2; see 'ankieta change --help'");
  const std::vector<std::int64_t> wave_numbers = parse_waves(values["waves"].as<std::string>());
  std::vector<std::string> names;
  if (values.count("variables")) names = values["variables"].as<std::vector<std::string>>();
  if (names.empty()) throw usage_error("change needs variables; see 'ankieta change --help'");
  analysis::ChangeSettings settings;
  const std::string overlap = values["overlap"].as<std::string>();
  if (overlap == "linked") settings.overlap = analysis::Overlap::linked;
  else if (overlap == "independent") settings.overlap = analysis::Overlap::independent;
  else throw usage_error(fmt::format("unknown --overlap '{}'; expected linked or independent", overlap));
  settings.link_fpc = link_fpc;
  settings.level = request.ci_level;
  settings.lonely_psu = request.design.lonely_psu;
  const bool panel = values["panel"].as<bool>();

  survey::Store store(request.db, false);
  const survey::Questionnaire& q = store.questionnaire();
  const WaveComparison comparison = load_wave_comparison(store, request, names, wave_numbers);
  const std::vector<const analysis::ChangeWave*>& pointers = comparison.pointers;

  Output output{request, q, comparison.unit_word, request.where};
  JsonWriter json;
  std::string text;
  if (request.format == OutputFormat::json && names.size() > 1) json.begin_array();
  for (const auto& name : names) {
    const analysis::ChangeTable table = panel ? analysis::compute_panel_change(pointers, name, settings)
                                              : analysis::compute_change(pointers, name, settings);
    if (request.format == OutputFormat::json) output.json(json, table, name);
    else text += (text.empty() ? "" : "\n") + output.text(table, name);
  }
  if (request.format == OutputFormat::json && names.size() > 1) json.end_array();
  if (request.format == OutputFormat::json) write_output(json.str() + "\n", request.out);
  else if (request.format == OutputFormat::text) write_output(text, request.out);
  else throw usage_error("change writes --format text or json");
  store.save_column_cache();
  return kExitOk;
}

}  // namespace ankieta::cli
