// ankieta export --format sav|dta|csv --out FILE: microdata with labels for SPSS/PSPP, Stata or any
// CSV reader (with a codebook). The work is done by the export library; this file reads options.
#include <fmt/format.h>

#include "ankieta/export/dataset.hpp"
#include "ankieta/export/microdata.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "analysis_options.hpp"
#include "option_values.hpp"
#include "ankieta/survey/weight_sets.hpp"
#include "cli.hpp"

namespace ankieta::cli {

int run_export(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("format", po::value<std::string>(), "sav (SPSS/PSPP), dta (Stata) or csv (with a codebook); default: from --out's extension")
      ("out", po::value<std::string>()->required(), "the file to write")
      ("lang", po::value<std::string>()->default_value("pl"), "language of labels: pl or en")
      ("include-pii", po::bool_switch(), "keep text questions marked pii: true (left out by default)")
      ("no-formula-guard", po::bool_switch(), "csv: write text cells starting with = + - @ as they are (by default they get a leading ' so that spreadsheets do not run them)")
      ("wave", whole_number(1), "export one wave only (default: every wave, one row per respondent and wave)")
      ("where", po::value<std::string>(), "export only rows where this holds, e.g. \"region == 1\"")
      ("weight", po::value<std::string>(), "a numeric variable or weight set to mark as the case weight (SPSS WEIGHT BY; noted for Stata)");
  add_db_option(options);
  po::positional_options_description positional;
  po::variables_map values;
  if (parse_arguments("export", "--format sav|dta|csv --out FILE [--db FILE] [--lang pl|en] [--include-pii] [--wave W] "
                      "[--where EXPR] [--weight NAME] [--no-formula-guard]", arguments, options, positional, values))
    return kExitOk;

  std::string out = values["out"].as<std::string>();
  const exports::FormatModule* format = nullptr;
  if (values.count("format")) {
    std::string name = values["format"].as<std::string>();
    format = exports::find_format(name);
    if (!format) throw usage_error(fmt::format("unknown --format '{}'; expected sav, dta or csv", name));
  } else {
    format = exports::format_for_path(out);
    if (!format) throw usage_error(fmt::format("cannot tell the format from '{}'; give --format sav, dta or csv", out));
  }
  exports::ExportOptions export_options;
  export_options.lang = parse_language(values["lang"].as<std::string>());
  export_options.include_pii = values["include-pii"].as<bool>();
  export_options.formula_guard = !values["no-formula-guard"].as<bool>();
  if (values.count("wave")) export_options.wave = values["wave"].as<std::int64_t>();
  if (values.count("where")) export_options.where = values["where"].as<std::string>();
  if (values.count("weight")) export_options.case_weight = values["weight"].as<std::string>();

  survey::Store store(database_path(values), false);
  // Every current weight set of the exported rows goes out as a column w_<name>.
  std::vector<std::string> skipped_sets;
  for (const auto& set : survey::list_weight_sets(store)) {
    if (set.wave && set.wave != export_options.wave) {
      skipped_sets.push_back(fmt::format("{} (weights wave {} only; export with --wave {})", set.name, *set.wave, *set.wave));
      continue;
    }
    try {
      survey::check_weight_set_current(store, set);
      exports::WeightColumn column;
      column.name = "w_" + set.name;
      column.label = fmt::format("weight set {} ({})", set.name, set.method);
      column.values = survey::load_weights(store, set, export_options.wave);
      if (export_options.case_weight == set.name) export_options.case_weight = column.name;
      export_options.extra_weights.push_back(std::move(column));
    } catch (const Error& error) {
      skipped_sets.push_back(fmt::format("{} ({})", set.name, error.what()));
    }
  }
  exports::Dataset dataset = exports::build_dataset(store, export_options);
  exports::WriteResult result = format->write(dataset, out);
  for (const auto& warning : result.warnings) fmt::print(stderr, "ankieta export: warning: {}\n", warning);
  fmt::print("wrote {} rows x {} variables to {}", dataset.rows, dataset.variables.size(), result.files.front());
  if (result.files.size() > 1) fmt::print(" (codebook: {})", fmt::join(result.files.begin() + 1, result.files.end(), ", "));
  fmt::print("\n");
  for (const auto& skipped : skipped_sets) fmt::print(stderr, "ankieta export: warning: weight set left out: {}\n", skipped);
  if (!dataset.omitted_pii.empty())
    fmt::print("left out personal data: {} (use --include-pii to keep)\n", fmt::join(dataset.omitted_pii, ", "));
  return kExitOk;
}

}  // namespace ankieta::cli
