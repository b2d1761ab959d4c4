// ankieta simulate Q.yaml --n N --seed S [--frame FRAME.csv]: synthetic responses as CSV.
#include <cstdio>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"
#include "ankieta/survey/simulator.hpp"
#include "cli.hpp"
#include "option_values.hpp"

namespace ankieta::cli {

int run_simulate(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("questionnaire", po::value<std::string>()->required(), "questionnaire definition (YAML)")
      ("n", whole_number(1, 1'000'000'000)->required(), "number of respondents")
      ("seed", unsigned_number(0)->default_value(1), "random seed: the same seed gives the same file")
      ("frame", po::value<std::string>(), "population frame CSV (stratum variables + population): stratified allocation, fpc and weights")
      ("delimiter", po::value<std::string>()->default_value(","), "field delimiter: ',' ';' '|' or 'tab'")
      ("out", po::value<std::string>(), "write to this file instead of stdout");
  po::positional_options_description positional;
  positional.add("questionnaire", 1);
  po::variables_map values;
  if (parse_arguments("simulate", "QUESTIONNAIRE.yaml --n N [--seed S] [--frame FRAME.csv] [--out FILE]", arguments, options,
                      positional, values))
    return kExitOk;
  survey::Questionnaire questionnaire = survey::load_questionnaire(values["questionnaire"].as<std::string>());
  survey::SimulateOptions simulate;
  simulate.rows = values["n"].as<std::int64_t>();
  simulate.seed = values["seed"].as<std::uint64_t>();
  if (values.count("frame")) simulate.frame_path = values["frame"].as<std::string>();
  std::string delimiter = values["delimiter"].as<std::string>();
  if (delimiter == "tab") simulate.delimiter = '\t';
  else if (delimiter == "," || delimiter == ";" || delimiter == "|") simulate.delimiter = delimiter[0];
  else throw usage_error(fmt::format("unknown --delimiter '{}'; expected ',', ';', '|' or tab", delimiter));

  std::string path = values.count("out") ? values["out"].as<std::string>() : "";
  survey::SimulationSummary summary;
  if (path.empty() || path == "-") {
    summary = survey::write_simulated_csv(questionnaire, simulate, stdout);
  } else {
    // A failure (a bad frame, a full disk) leaves an existing FILE as it was.
    survey::OutputFile out(path);
    summary = survey::write_simulated_csv(questionnaire, simulate, out.stream());
    out.finish();
  }
  fmt::print(stderr, "simulated {} respondents of '{}'{}\n", summary.rows, questionnaire.id,
             summary.strata.empty() ? "" : fmt::format(" in {} strata", summary.strata.size()));
  return kExitOk;
}

}  // namespace ankieta::cli
