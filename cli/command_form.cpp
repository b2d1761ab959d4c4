// ankieta form Q.yaml --to entry --out FILE.xlsx: the questionnaire written for collecting the
// answers. Today one form: the data-entry workbook in which paper questionnaires are typed, with
// drop-down lists and range checks, which `ankieta import` reads back as it is.
#include <fmt/format.h>

#include "ankieta/export/entry_workbook.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"
#include "ankieta/survey/store.hpp"
#include "ankieta/survey/text_util.hpp"
#include "analysis_options.hpp"
#include "cli.hpp"
#include "option_values.hpp"

namespace ankieta::cli {

int run_form(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("definition", po::value<std::string>(), "questionnaire definition (YAML); without it, the one stored in --db")
      ("to", po::value<std::string>()->default_value("entry"), "entry: a data-entry workbook (.xlsx) for typing paper forms")
      ("out", po::value<std::string>()->required(), "the file to write")
      ("lang", po::value<std::string>()->default_value("pl"), "language of texts and headings: pl or en")
      ("rows", whole_number(1, 1'000'000)->default_value(2000), "rows of the data sheet that get the checks");
  add_db_option(options);
  po::positional_options_description positional;
  positional.add("definition", 1);
  po::variables_map values;
  if (parse_arguments("form", "[Q.yaml | --db FILE] --out FILE.xlsx [--to entry] [--lang pl|en] [--rows N]", arguments, options,
                      positional, values))
    return kExitOk;
  const std::string to = values["to"].as<std::string>();
  if (to != "entry")
    throw usage_error(fmt::format("unknown --to {}; expected entry (a data-entry workbook)", survey::quote_for_message(to)));
  const std::string out = values["out"].as<std::string>();
  survey::claim_output(out);  // before any input is opened: the definition or database is never overwritten

  exports::EntryWorkbookOptions workbook;
  workbook.language = parse_language(values["lang"].as<std::string>());
  workbook.rows = static_cast<int>(values["rows"].as<std::int64_t>());
  if (values.count("definition")) {
    const std::string definition = values["definition"].as<std::string>();
    survey::protect_input(definition);
    exports::write_entry_workbook(survey::load_questionnaire(definition), out, workbook);
  } else {
    survey::Store store(database_path(values), false);
    exports::write_entry_workbook(store.questionnaire(), out, workbook);
  }
  fmt::print(stderr, "{}: data-entry workbook written; type one questionnaire per row, then 'ankieta import {}'\n", out, out);
  return kExitOk;
}

}  // namespace ankieta::cli
