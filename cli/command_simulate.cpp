// ankieta simulate Q.yaml --n N --seed S [--frame FRAME.csv]: synthetic responses as CSV.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"
#include "ankieta/survey/simulator.hpp"
#include "cli.hpp"

namespace ankieta::cli {

int run_simulate(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("questionnaire", po::value<std::string>()->required(), "questionnaire definition (YAML)")
      ("n", po::value<std::int64_t>()->required(), "number of respondents")
      ("seed", po::value<std::uint64_t>()->default_value(1), "random seed: the same seed gives the same file")
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

  std::FILE* out = stdout;
  std::string path = values.count("out") ? values["out"].as<std::string>() : "";
  if (!path.empty()) {
    out = std::fopen(path.c_str(), "wb");
    if (!out) throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot create output file: {}", path, std::strerror(errno)));
  }
  survey::SimulationSummary summary;
  try {
    summary = survey::write_simulated_csv(questionnaire, simulate, out);
  } catch (...) {
    if (out != stdout) {
      std::fclose(out);
      std::remove(path.c_str());  // no half-written file is left behind
    }
    throw;
  }
  if (out != stdout && std::fclose(out) != 0)
    throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot write output file", path));
  fmt::print(stderr, "simulated {} respondents of '{}'{}\n", summary.rows, questionnaire.id,
             summary.strata.empty() ? "" : fmt::format(" in {} strata", summary.strata.size()));
  return kExitOk;
}

}  // namespace ankieta::cli
