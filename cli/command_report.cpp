// ankieta report SPEC.yaml --out FILE: a whole report (docs/report.md) as HTML, XLSX or Markdown,
// chosen by the extension of FILE. The tables are computed once by the report library; this
// command only reads the options and hands the document to the writer of the format.
// The design options of the analysis commands are taken here too and override the spec's keys.
#include <sstream>

#include <fmt/format.h>

#include "ankieta/analysis/confidence_interval.hpp"
#include "ankieta/analysis/design.hpp"

#include "ankieta/report/report.hpp"
#include "ankieta/report/report_spec.hpp"
#include "ankieta/report/writer.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "cli.hpp"
#include "option_values.hpp"

namespace ankieta::cli {
namespace {

// The command line wins over the spec: each option given replaces the spec's key (its position
// cleared, so that a problem with it names the option, not a line of the spec).
void apply_design_options(const po::variables_map& values, report::ReportSpec& spec) {
  bool unweighted = values["unweighted"].as<bool>();
  if (values.count("weight")) {
    if (unweighted) throw usage_error("--weight and --unweighted cannot be used together");
    spec.weights = values["weight"].as<std::string>();
    spec.weights_position = {};
  }
  if (unweighted) {
    spec.weights = "unweighted";
    spec.weights_position = {};
  }
  auto list = [&](const char* option, std::optional<std::vector<std::string>>& names, survey::SourcePosition& position) {
    if (!values.count(option)) return;
    names = split_names(values[option].as<std::string>());
    position = {};
  };
  list("strata", spec.strata, spec.strata_position);
  list("clusters", spec.clusters, spec.clusters_position);
  list("fpc", spec.fpc, spec.fpc_position);
  if (values.count("lonely-psu")) {
    spec.lonely_psu = values["lonely-psu"].as<std::string>();
    analysis::parse_lonely_psu(spec.lonely_psu);  // a usage error naming the choices
  }
  if (values.count("ci-method")) {
    spec.ci_method = values["ci-method"].as<std::string>();
    analysis::parse_ci_method(spec.ci_method);
  }
  if (values.count("ci-level")) {
    spec.ci_level = values["ci-level"].as<double>();
    if (!(spec.ci_level > 0 && spec.ci_level < 1)) throw usage_error("--ci-level must be between 0 and 1, e.g. 0.95");
  }
  // Off only when asked for, and the methodology says so (docs/disclosure.md).
  if (values["no-protect"].as<bool>()) {
    spec.disclosure.enabled = false;
    spec.disclosure.reliability = analysis::ReliabilityRule::none;
  }
  if (values["reliability"].as<bool>()) {
    if (values["no-protect"].as<bool>()) throw usage_error("--reliability and --no-protect cannot be used together");
    spec.disclosure.reliability = analysis::ReliabilityRule::nchs;
  }
}

}  // namespace

int run_report(const Arguments& arguments) {
  po::options_description options("options");
  add_db_option(options);
  options.add_options()
      ("spec", po::value<std::string>()->required(), "report spec (YAML, see docs/report.md)")
      ("out", po::value<std::string>()->required(), "output file: .html, .xlsx or .md")
      ("lang", po::value<std::string>(), "language of the report: pl or en (default: the spec's)")
      ("date", po::value<std::string>(), "date printed in the report, YYYY-MM-DD (default: today)")
      // No defaults here: an option not given leaves the spec's key (or the design block) in force.
      ("weight", po::value<std::string>(), "weight set or numeric variable, or design (default: the spec's weights)")
      ("unweighted", po::bool_switch(), "classic unweighted numbers (simple random sample, weight 1)")
      ("strata", po::value<std::string>(), "override the design's strata (comma-separated; '' for none)")
      ("clusters", po::value<std::string>(), "override the design's clusters, one per stage ('' for none)")
      ("fpc", po::value<std::string>(), "override the design's fpc, one per stage ('' for none)")
      ("lonely-psu", po::value<std::string>(), "strata with one PSU: fail, remove, adjust, certainty, average (default: the spec's lonely_psu, else fail)")
      ("ci-level", real_number(0, Bound::open, 1, Bound::open), "confidence level (default: the spec's ci_level, else 0.95)")
      ("ci-method", po::value<std::string>(), "proportion intervals: logit (R svyciprop default), wald (= mean), beta (Korn-Graubard), xlogit or asin (default: the spec's ci_method, else logit)")
      ("no-protect", po::bool_switch(), "turn disclosure control off (the report says so; default: the spec's disclosure, else on)")
      ("reliability", po::bool_switch(), "flag and withhold unreliable estimates (NCHS shares, CV means), as the spec's disclosure: reliability: true");
  po::positional_options_description positional;
  positional.add("spec", 1);
  po::variables_map values;
  if (parse_arguments("report", "SPEC.yaml --out FILE.html|FILE.xlsx|FILE.md [--db FILE]", arguments, options, positional, values))
    return kExitOk;
  std::string out = values["out"].as<std::string>();
  const report::ReportWriter& writer = report::writer_for(out);
  report::ReportSpec spec = report::load_report_spec(values["spec"].as<std::string>());
  if (values.count("lang")) {
    std::string lang = values["lang"].as<std::string>();
    if (lang == "pl") spec.language = survey::Language::pl;
    else if (lang == "en") spec.language = survey::Language::en;
    else throw usage_error(fmt::format("unknown --lang '{}'; expected pl or en", lang));
  }
  apply_design_options(values, spec);
  survey::Store store(database_path(values), false);
  report::BuildOptions build;
  build.version = ANKIETA_VERSION;
  if (values.count("date")) build.date = values["date"].as<std::string>();
  report::Document document = report::build_report(spec, store, build);
  writer.write(document, out);
  store.save_column_cache();
  return kExitOk;
}

}  // namespace ankieta::cli
