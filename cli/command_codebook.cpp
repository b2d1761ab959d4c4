// ankieta codebook: questions by section with their variables, codes and labels, missing codes,
// filters and answered counts, as Markdown or a self-contained HTML page.
#include "ankieta/export/codebook.hpp"
#include "ankieta/survey/store.hpp"
#include "analysis_options.hpp"
#include "option_values.hpp"
#include "cli.hpp"
#include "table_output.hpp"

namespace ankieta::cli {

int run_codebook(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("format", po::value<std::string>()->default_value("md"), "md or html")
      ("lang", po::value<std::string>()->default_value("pl"), "language of labels and headings: pl or en")
      ("wave", whole_number(1), "count answers in this wave only")
      ("out", po::value<std::string>(), "write to this file instead of stdout");
  add_db_option(options);
  po::positional_options_description positional;
  po::variables_map values;
  if (parse_arguments("codebook", "[--db FILE] [--format md|html] [--lang pl|en] [--wave W] [--out FILE]", arguments, options,
                      positional, values))
    return kExitOk;
  exports::CodebookOptions codebook_options;
  codebook_options.format = exports::parse_codebook_format(values["format"].as<std::string>());
  codebook_options.lang = parse_language(values["lang"].as<std::string>());
  if (values.count("wave")) codebook_options.wave = values["wave"].as<std::int64_t>();
  std::string out = values.count("out") ? values["out"].as<std::string>() : "";

  survey::Store store(database_path(values), false);
  write_output(exports::render_codebook(store, codebook_options), out);
  return kExitOk;
}

}  // namespace ankieta::cli
