// ankieta simulate Q.yaml --n N --seed S [--frame FRAME.csv] [--wave N --follow PREVIOUS.csv]:
// synthetic responses as CSV, and a panel wave after an earlier one with its new frame.
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"
#include "ankieta/survey/simulator.hpp"
#include "cli.hpp"
#include "option_values.hpp"

namespace ankieta::cli {
namespace {

// The wave's frame as `ankieta weight --frame` and `simulate --frame` read it: the stratum
// variables and the population of each stratum. The file is closed, not yet in place.
void write_frame(survey::OutputFile& file, const survey::SimulationSummary& summary) {
  std::string text;
  for (const auto& name : summary.stratum_variables) text += name + ",";
  text += "population\n";
  for (const auto& stratum : summary.strata) {
    for (const auto& value : stratum.values) text += value + ",";
    text += fmt::format("{}\n", stratum.population);
  }
  file.write(text);
  file.close();
}

}  // namespace

int run_simulate(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("questionnaire", po::value<std::string>()->required(), "questionnaire definition (YAML)")
      ("n", whole_number(1, 1'000'000'000)->required(), "number of respondents")
      ("seed", unsigned_number(0)->default_value(1), "random seed: the same seed gives the same file")
      ("frame", po::value<std::string>(), "population frame CSV (stratum variables + population): stratified allocation, fpc and weights")
      ("delimiter", po::value<std::string>()->default_value(","), "field delimiter: ',' ';' '|' or 'tab'")
      ("out", po::value<std::string>(), "write to this file instead of stdout")
      ("wave", whole_number(1), "the wave simulated: its questions only, its number in the wave column (default 1; 2 with --follow)")
      ("follow", po::value<std::string>(), "the previous wave's responses: survey its firms again, with deaths, births and moves between size classes")
      ("keep", real_number(0, Bound::closed, 1, Bound::closed)->default_value(0.6), "with --follow: share of the surviving firms that answer again")
      ("frame-out", po::value<std::string>(), "write the simulated wave's population frame (with --follow: after births, deaths and moves)");
  po::positional_options_description positional;
  positional.add("questionnaire", 1);
  po::variables_map values;
  if (parse_arguments("simulate", "QUESTIONNAIRE.yaml --n N [--seed S] [--frame FRAME.csv] [--out FILE]\n"
                      "       ankieta simulate QUESTIONNAIRE.yaml --n N --frame FRAME.csv --follow WAVE1.csv [--wave 2] "
                      "[--frame-out FRAME2.csv] --out WAVE2.csv", arguments, options,
                      positional, values))
    return kExitOk;
  survey::Questionnaire questionnaire = survey::load_questionnaire(values["questionnaire"].as<std::string>());
  survey::SimulateOptions simulate;
  simulate.rows = values["n"].as<std::int64_t>();
  simulate.seed = values["seed"].as<std::uint64_t>();
  if (values.count("frame")) simulate.frame_path = values["frame"].as<std::string>();
  if (values.count("follow")) simulate.follow_path = values["follow"].as<std::string>();
  simulate.wave = values.count("wave") ? values["wave"].as<std::int64_t>() : simulate.follow_path.empty() ? 1 : 2;
  simulate.keep = values["keep"].as<double>();
  const std::string frame_out = values.count("frame-out") ? values["frame-out"].as<std::string>() : "";
  if (!frame_out.empty() && simulate.frame_path.empty()) throw usage_error("--frame-out needs --frame: the frame it starts from");
  if (!values["keep"].defaulted() && simulate.follow_path.empty()) throw usage_error("--keep applies with --follow");
  std::string delimiter = values["delimiter"].as<std::string>();
  if (delimiter == "tab") simulate.delimiter = '\t';
  else if (delimiter == "," || delimiter == ";" || delimiter == "|") simulate.delimiter = delimiter[0];
  else throw usage_error(fmt::format("unknown --delimiter '{}'; expected ',', ';', '|' or tab", delimiter));

  std::string path = values.count("out") ? values["out"].as<std::string>() : "";
  // Inputs are claimed before any output is opened, so that no output replaces them.
  if (!simulate.frame_path.empty()) survey::protect_input(simulate.frame_path);
  if (!simulate.follow_path.empty()) survey::protect_input(simulate.follow_path);
  survey::SimulationSummary summary;
  // A failure (a bad frame, a full disk) leaves existing files as they were: the frame is written
  // to its temporary file after the responses, and both renamed into place only then.
  std::unique_ptr<survey::OutputFile> frame_file;
  if (!frame_out.empty()) frame_file = std::make_unique<survey::OutputFile>(frame_out, "frame file");
  if (path.empty() || path == "-") {
    summary = survey::write_simulated_csv(questionnaire, simulate, stdout);
    if (frame_file) write_frame(*frame_file, summary);
  } else {
    survey::OutputFile out(path);
    summary = survey::write_simulated_csv(questionnaire, simulate, out.stream());
    if (frame_file) write_frame(*frame_file, summary);
    out.finish();
  }
  if (frame_file) frame_file->commit();
  fmt::print(stderr, "simulated {} respondents of '{}'{}{}\n", summary.rows, questionnaire.id,
             summary.strata.empty() ? "" : fmt::format(" in {} strata", summary.strata.size()),
             simulate.follow_path.empty() ? "" : fmt::format(" (wave {}: {} firms of {} again, {} new)", simulate.wave, summary.panel,
                                                            simulate.follow_path, summary.rows - summary.panel));
  return kExitOk;
}

}  // namespace ankieta::cli
