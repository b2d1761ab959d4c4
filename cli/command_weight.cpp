// ankieta weight --frame FRAME.csv --method poststratify|rake|calibrate --name NAME: weights the
// respondents to the population frame, stores the weight set in the database and prints the
// weighting report (margins before and after, passes, weight distribution, trimming, Kish design
// effect and effective sample size). docs/weighting.md describes the frames and the methods.
#include <cmath>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ankieta/analysis/analysis_data.hpp"
#include "ankieta/analysis/weighting.hpp"
#include "ankieta/analysis/weighting_frame.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/sha256.hpp"
#include "ankieta/survey/store.hpp"
#include "ankieta/survey/text_util.hpp"
#include "ankieta/survey/weight_sets.hpp"
#include "analysis_options.hpp"
#include "option_values.hpp"
#include "json_writer.hpp"

namespace ankieta::cli {
namespace {

// "L,U" as two numbers.
std::pair<double, double> parse_pair(const std::string& option, const std::string& text) {
  const auto comma = text.find(',');
  std::optional<double> first, second;
  if (comma != std::string::npos) {
    first = survey::parse_number(text.substr(0, comma));
    second = survey::parse_number(text.substr(comma + 1));
  }
  if (!first || !second || !std::isfinite(*first) || !std::isfinite(*second) || !(*first <= *second))
    throw usage_error(fmt::format("--{} '{}': expected two finite numbers LOW,HIGH with LOW <= HIGH, e.g. 0.5,2", option, text));
  return {*first, *second};
}

std::string report_json(const survey::WeightSet& set, const analysis::WeightingResult& result) {
  JsonWriter json;
  json.begin_object().field("kind", "weight").field("name", set.name).field("method", set.method);
  json.key("frames").begin_array();
  for (std::size_t idx = 0; idx < set.frame_files.size(); ++idx)
    json.begin_object().field("file", set.frame_files[idx]).field("sha256", set.frame_sha256[idx]).end_object();
  json.end_array();
  json.field("base_weight", set.base_weight);
  json.key("parameters").begin_object();
  for (const auto& [key, value] : set.parameters) json.field(key, value);
  json.end_object();
  json.field("converged", result.converged).field("iterations", result.iterations);
  json.key("margins").begin_array();
  for (const auto& margin : result.margins)
    json.begin_object().field("table", margin.table).field("cell", margin.cell).field("n", margin.n)
        .field("population", margin.population).field("before", margin.before).field("after", margin.after)
        .field("error", margin.after - margin.population).end_object();
  json.end_array();
  json.key("passes").begin_array();
  for (const auto& pass : result.passes)
    json.begin_object().field("pass", pass.pass).field("max_error", pass.max_error).field("worst", pass.worst)
        .field("table_change", pass.table_change).end_object();
  json.end_array();
  json.key("trimming").begin_object().field("trimmed", result.trimmed).field("rows", result.trimmed_rows)
      .field("trimmed_mass", result.trimmed_mass).field("raised_mass", result.raised_mass)
      .field("rounds", result.trim_rounds).end_object();
  json.key("weights").begin_array();
  for (const auto& s : result.summaries)
    json.begin_object().field("group", s.group).field("n", s.n).field("sum", s.sum).field("min", s.min)
        .field("max", s.max).field("mean", s.mean).field("cv", s.cv).field("kish_deff", s.kish_deff)
        .field("n_eff", s.n_eff).end_object();
  json.end_array();
  json.end_object();
  return json.str();
}

std::string report_text(const survey::WeightSet& set, const analysis::WeightingResult& result, std::size_t respondents) {
  std::string out;
  out += fmt::format("weight set '{}': {} of {} respondents to {}\n", set.name, set.method, respondents,
                     fmt::join(set.frame_files, ", "));
  for (std::size_t idx = 0; idx < set.frame_files.size(); ++idx)
    out += fmt::format("  frame {} sha256 {}\n", set.frame_files[idx], set.frame_sha256[idx]);
  out += fmt::format("  base weights: {}\n", set.base_weight.empty() ? "1 (or from the fpc)" : set.base_weight);
  out += "\nmargins against the frame:\n";
  out += fmt::format("  {:<24} {:<28} {:>5} {:>12} {:>12} {:>12} {:>10}\n", "table", "cell", "n", "population", "before",
                     "after", "after-pop");
  for (const auto& m : result.margins)
    out += fmt::format("  {:<24} {:<28} {:>5} {:>12.2f} {:>12.2f} {:>12.2f} {:>10.2g}\n", m.table, m.cell, m.n,
                       m.population, m.before, m.after, m.after - m.population);
  if (!result.passes.empty()) {
    out += "\nraking passes (largest relative margin error after each pass):\n";
    for (const auto& pass : result.passes)
      out += fmt::format("  pass {:>3}: {:.3g} ({}); joint table changed by {:.6g}\n", pass.pass, pass.max_error, pass.worst,
                         pass.table_change);
    out += fmt::format("  converged after {} passes\n", result.iterations);
  }
  if (result.trimmed)
    out += fmt::format("\ntrimming to [{}, {}]: {} weights outside at first; {:.2f} cut above, {:.2f} added below, "
                       "redistributed over the others in {} round(s)\n",
                       set.parameter("trim_low").empty() ? "-inf" : set.parameter("trim_low"),
                       set.parameter("trim_high").empty() ? "inf" : set.parameter("trim_high"), result.trimmed_rows,
                       result.trimmed_mass, result.raised_mass, result.trim_rounds);
  out += "\nfinal weights:\n";
  out += fmt::format("  {:<32} {:>5} {:>12} {:>10} {:>10} {:>10} {:>7} {:>7} {:>9}\n", "group", "n", "sum", "min", "max",
                     "mean", "CV", "deff", "n_eff");
  for (const auto& s : result.summaries)
    out += fmt::format("  {:<32} {:>5} {:>12.2f} {:>10.4f} {:>10.4f} {:>10.4f} {:>7.3f} {:>7.3f} {:>9.1f}\n", s.group, s.n,
                       s.sum, s.min, s.max, s.mean, s.cv, s.kish_deff, s.n_eff);
  out += "  deff = 1 + CV^2, the Kish design effect due to weighting; n_eff = (sum w)^2 / sum w^2\n";
  out += fmt::format("\nstored as weight set '{}' ({}); analysis commands use the most recent set unless --weight or "
                     "--unweighted says otherwise\n",
                     set.name, set.created_at);
  return out;
}

}  // namespace

int run_weight(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("frame", po::value<std::vector<std::string>>()->multitoken(), "population frame CSV (repeat for one file per margin)")
      ("method", po::value<std::string>(), "poststratify, rake or calibrate")
      ("name", po::value<std::string>(), "name of the weight set")
      ("tolerance", real_number(0, Bound::open, 1, Bound::open)->default_value(1e-10, "1e-10"), "rake: largest relative margin error accepted")
      ("max-iter", int_number(1, 1'000'000)->default_value(100), "rake: most passes")
      ("bounds", po::value<std::string>(), "calibrate: bounds L,U on g = final / base weight")
      ("calfun", po::value<std::string>()->default_value("linear"), "calibrate: linear (truncated by --bounds) or logit")
      ("trim", po::value<std::string>(), "trim final weights to LOW,HIGH, redistributing the trimmed weight")
      ("collapse", po::value<std::vector<std::string>>()->multitoken(), "merge a category: VAR=FROM:TO (repeatable)")
      ("replace", po::bool_switch(), "replace a weight set of the same name")
      ("wave", whole_number(1), "the wave to weight (needed when the database holds several)")
      ("format", po::value<std::string>()->default_value("text"), "report: text or json");
  add_db_option(options);
  po::positional_options_description positional;
  po::variables_map values;
  if (parse_arguments("weight", "--frame FRAME.csv --method poststratify|rake|calibrate --name NAME [OPTIONS] --db FILE",
                      arguments, options, positional, values))
    return kExitOk;
  if (!values.count("frame")) throw usage_error("--frame FRAME.csv is required");
  if (!values.count("method")) throw usage_error("--method poststratify|rake|calibrate is required");
  if (!values.count("name") || values["name"].as<std::string>().empty()) throw usage_error("--name NAME is required");
  const std::string format = values["format"].as<std::string>();
  if (format != "text" && format != "json") throw usage_error(fmt::format("unknown --format '{}'; expected text or json", format));
  const analysis::WeightingMethod method = analysis::parse_weighting_method(values["method"].as<std::string>());
  const std::string name = values["name"].as<std::string>();
  const bool replace = values["replace"].as<bool>();
  std::optional<std::int64_t> wave;
  if (values.count("wave")) wave = values["wave"].as<std::int64_t>();

  analysis::WeightingOptions weighting;
  weighting.tolerance = values["tolerance"].as<double>();
  weighting.max_iter = values["max-iter"].as<int>();
  if (!(weighting.tolerance > 0)) throw usage_error("--tolerance must be a number > 0, e.g. 1e-8");
  if (weighting.max_iter < 1) throw usage_error("--max-iter must be at least 1");
  const std::string calfun = values["calfun"].as<std::string>();
  if (calfun == "logit") weighting.calfun = analysis::CalibrationFunction::logit;
  else if (calfun != "linear") throw usage_error(fmt::format("unknown --calfun '{}'; expected linear or logit", calfun));
  if (values.count("bounds")) {
    if (method != analysis::WeightingMethod::calibrate) throw usage_error("--bounds works with --method calibrate");
    std::tie(weighting.lower, weighting.upper) = parse_pair("bounds", values["bounds"].as<std::string>());
    // g = 1 (the base weights) must lie strictly inside the bounds: the logit distance divides by
    // (U - 1)(1 - L), and bounds that exclude 1 leave the calibration no starting point.
    if (!(weighting.lower < 1 && 1 < weighting.upper))
      throw usage_error(fmt::format("--bounds '{}': expected L < 1 < U (bounds on g = final / base weight), e.g. 0.5,2",
                                    values["bounds"].as<std::string>()));
  }
  if (calfun == "logit" && method != analysis::WeightingMethod::calibrate)
    throw usage_error("--calfun works with --method calibrate");
  if (values.count("trim")) {
    auto [low, high] = parse_pair("trim", values["trim"].as<std::string>());
    if (low < 0 || !(low < high))
      throw usage_error(fmt::format("--trim '{}': expected 0 <= LOW < HIGH (weights), e.g. 0.5,2", values["trim"].as<std::string>()));
    weighting.trim_low = low;
    weighting.trim_high = high;
  }
  std::vector<analysis::CollapseRule> collapse;
  if (values.count("collapse"))
    for (const auto& text : values["collapse"].as<std::vector<std::string>>()) collapse.push_back(analysis::parse_collapse_rule(text));

  const std::vector<std::string> frames = values["frame"].as<std::vector<std::string>>();
  survey::Store store(database_path(values), true);
  // The weights are computed from one snapshot of the responses and stored in the same
  // transaction, which holds the write lock from the start: an import that is writing is waited
  // for (up to a minute) and its rows are weighted; one that starts meanwhile waits for this.
  store.begin_write_snapshot(kWaitForWriterMs);
  if (!wave) {
    // Each wave is weighted to its own frame: weights of pooled waves would count a firm seen in
    // two waves twice and add up to twice the population.
    const auto waves = store.waves();
    if (waves.size() > 1) {
      std::vector<std::int64_t> numbers;
      for (const auto& [number, count] : waves) numbers.push_back(number);
      throw usage_error(fmt::format("{} holds waves {}: weight one at a time, each to its own frame (add --wave {})", store.path(),
                                    fmt::join(numbers, ", "), numbers.back()));
    }
  }
  if (!replace && survey::find_weight_set(store, name))
    throw usage_error(fmt::format("weight set '{}' already exists; add --replace to recompute it, or choose another --name", name));
  const std::vector<survey::WeightTarget> targets = analysis::read_frames(frames, method);

  // The frame's variables that exist; build_problem names the unknown ones with their line.
  std::vector<std::string> variables;
  for (const auto& variable : analysis::target_variables(targets))
    if (store.questionnaire().find_variable(variable)) variables.push_back(variable);
  analysis::DesignChoice choice;
  choice.design_weights_only = true;
  analysis::AnalysisData data(store, variables, choice, "", wave);
  analysis::WeightingProblem problem =
      analysis::build_problem(method, targets, collapse, store.questionnaire(),
                              [&data](const std::string& variable) -> const survey::Column& { return data.column(variable); });
  problem.describe_row = [&store, wave](std::size_t row) { return fmt::format("respondent '{}'", store.respondent_at(row, wave)); };
  analysis::WeightingResult result = analysis::compute_weights(data.design(), problem, weighting);

  survey::WeightSet set;
  set.name = name;
  set.method = std::string(analysis::to_string(method));
  set.parameters = analysis::weighting_parameters(weighting, collapse);
  set.base_weight = data.summary().weight;
  set.frame_files = frames;
  for (const auto& frame : frames) set.frame_sha256.push_back(survey::sha256_file_hex(frame));
  set.wave = wave;
  set.targets = targets;
  set.diagnostics = report_json(set, result);
  survey::save_weight_set(store, set, result.weights, replace);

  if (format == "json") fmt::print("{}\n", report_json(set, result));
  else fmt::print("{}", report_text(set, result, data.rows()));
  return kExitOk;
}

}  // namespace ankieta::cli
