// ankieta change VAR... --waves A,B[,C...]: change between waves - each wave's own estimate, the
// differences with standard errors that account for the units seen in both waves (the link
// design of reference/waves/METHOD.md), Rao-Scott tests of equal distributions, the omnibus tests
// over more than two waves, and the panel form.
#include <algorithm>
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "ankieta/analysis/change.hpp"
#include "ankieta/analysis/table_protection.hpp"
#include "ankieta/analysis/tables.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "ankieta/survey/text_util.hpp"
#include "analysis_options.hpp"
#include "disclosure_options.hpp"
#include "table_output.hpp"
#include "table_report.hpp"
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

}  // namespace

int run_change(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("variables", po::value<std::vector<std::string>>()->multitoken(), "numeric, scale, single-choice or multiple-response questions")
      ("waves", po::value<std::string>(), "the waves compared, e.g. 1,2 or 1,2,3 (each difference is later minus earlier)")
      ("overlap", po::value<std::string>()->default_value("linked"),
       "linked: SE accounts for the units in both waves (link design); independent: the waves as independent samples")
      ("panel", po::bool_switch(), "only respondents in every wave: the paired analysis of within-respondent change (a panel table)")
      ("by", po::value<std::string>(), "a single-choice or scale variable: the change within each of its categories (defined in each wave by that wave's answer)");
  add_analysis_options(options);
  add_disclosure_options(options);
  add_table_output_options(options);
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
  request.disclosure = read_disclosure_options(values);
  const std::string chart = read_chart_path(values);
  if (!link_fpc) request.design.fpc.reset();
  if (request.wave || request.pooled()) throw usage_error("change compares waves: give them with --waves (e.g. --waves 1,2), not --wave");
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
  const WaveComparison comparison = analysis::load_wave_comparison(store, request.design, request.where, with_holding(names, request), wave_numbers);

  TableReporter reporter(*comparison.data.back(), request, read_decimals(values));
  auto add_tables = [&](const WaveComparison& waves, const AnalysisRequest& domain, const survey::Variable* by, int by_value) {
    for (const auto& name : names) {
      analysis::ChangeTable table = panel ? analysis::compute_panel_change(waves.pointers, name, settings)
                                          : analysis::compute_change(waves.pointers, name, settings);
      analysis::protect_change(table, waves.pointers, request.disclosure);
      report::WaveTableContext context = wave_table_context(store, domain, name, waves);
      context.by = by;
      context.by_value = by_value;
      reporter.change(table, context);
    }
  };
  if (!values.count("by")) {
    add_tables(comparison, request, nullptr, -1);
  } else {
    // Within each category of --by: its domain in each wave, by that wave's answer.
    const survey::Variable& by = by_variable(q, values["by"].as<std::string>(), "change --by");
    std::size_t shown = 0;
    for (std::size_t value = 0; value < by.first_missing_value; ++value) {
      AnalysisRequest domain = request;
      domain.where = category_domain(request.where, by, value);
      try {
        add_tables(analysis::load_wave_comparison(store, domain.design, domain.where, with_holding(names, request), wave_numbers), domain, &by,
                   static_cast<int>(value));
        ++shown;
      } catch (const Error& error) {
        // A category empty in some wave has no change; the others are still shown.
        if (error.kind() != ErrorKind::data) throw;
        fmt::print(stderr, "ankieta change: {} = {}: {}\n", by.name, by.values[value].code.text, error.what());
      }
    }
    if (shown == 0) throw data_error(fmt::format("--by {}: no category has answers in every wave compared", by.name));
  }
  reporter.write(request.out, chart);
  store.save_column_cache();
  return kExitOk;
}

}  // namespace ankieta::cli
