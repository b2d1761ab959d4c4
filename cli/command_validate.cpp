// ankieta validate Q.yaml: every problem of a definition at once, as FILE:LINE:COLUMN: message.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"
#include "ankieta/survey/yaml_document.hpp"
#include "cli.hpp"

namespace ankieta::cli {

int run_validate(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()("questionnaire", po::value<std::string>()->required(), "questionnaire definition (YAML)");
  po::positional_options_description positional;
  positional.add("questionnaire", 1);
  po::variables_map values;
  if (parse_arguments("validate", "QUESTIONNAIRE.yaml", arguments, options, positional, values)) return kExitOk;
  std::string path = values["questionnaire"].as<std::string>();
  survey::DefinitionCheck check = survey::check_definition(survey::read_yaml_file(path), path);
  if (!check.problems.empty()) {
    fmt::print(stderr, "{}\n", survey::format_problems(check, path));
    if (check.unlisted_problems == 0)
      fmt::print(stderr, "{}: {} problem{}\n", path, check.problems.size(), check.problems.size() == 1 ? "" : "s");
    return kExitDataError;
  }
  const auto& q = check.questionnaire;
  fmt::print("{}: valid: questionnaire '{}' version {}, {} sections, {} questions, {} variables\n", path, q.id,
             q.version.empty() ? "-" : q.version, q.sections.size(), q.questions.size(), q.variables.size());
  return kExitOk;
}

}  // namespace ankieta::cli
