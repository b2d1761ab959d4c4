// ankieta init Q.yaml --db F: a new survey database for a questionnaire.
#include <fmt/format.h>

#include "ankieta/survey/questionnaire_loader.hpp"
#include "ankieta/survey/store.hpp"
#include "cli.hpp"

namespace ankieta::cli {

int run_init(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()("questionnaire", po::value<std::string>()->required(), "questionnaire definition (YAML)");
  add_db_option(options);
  po::positional_options_description positional;
  positional.add("questionnaire", 1);
  po::variables_map values;
  if (parse_arguments("init", "QUESTIONNAIRE.yaml [--db FILE]", arguments, options, positional, values)) return kExitOk;
  survey::Questionnaire questionnaire = survey::load_questionnaire(values["questionnaire"].as<std::string>());
  std::string db = database_path(values);
  survey::Store::create(db, questionnaire);
  fmt::print(stderr, "{}: created for questionnaire '{}' ({} questions, {} variables)\n", db, questionnaire.id,
             questionnaire.questions.size(), questionnaire.variables.size());
  return kExitOk;
}

}  // namespace ankieta::cli
