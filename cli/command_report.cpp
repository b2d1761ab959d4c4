// ankieta report SPEC.yaml --out FILE: a whole report (docs/report.md) as HTML, XLSX or Markdown,
// chosen by the extension of FILE. The tables are computed once by the report library; this
// command only reads the options and hands the document to the writer of the format.
#include <fmt/format.h>

#include "ankieta/report/report.hpp"
#include "ankieta/report/report_spec.hpp"
#include "ankieta/report/writer.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "cli.hpp"

namespace ankieta::cli {

int run_report(const Arguments& arguments) {
  po::options_description options("options");
  add_db_option(options);
  options.add_options()
      ("spec", po::value<std::string>()->required(), "report spec (YAML, see docs/report.md)")
      ("out", po::value<std::string>()->required(), "output file: .html, .xlsx or .md")
      ("lang", po::value<std::string>(), "language of the report: pl or en (default: the spec's)")
      ("date", po::value<std::string>(), "date printed in the report, YYYY-MM-DD (default: today)");
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
