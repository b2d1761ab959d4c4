#include "ankieta/analysis/analysis_data.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ankieta/analysis/weighting.hpp"
#include "ankieta/analysis/weighting_frame.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/expression.hpp"
#include "ankieta/survey/symbols.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::analysis {
namespace {

void add_unique(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

}  // namespace

AnalysisData::AnalysisData(const survey::Store& store, const std::vector<std::string>& variables,
                           const DesignChoice& choice, const std::string& where, std::optional<std::int64_t> wave)
    : store_(store), questionnaire_(store.questionnaire()), wave_(wave) {
  // No silent pooling: waves are different samples (a firm seen in two is counted twice, each
  // wave's weights add up to the population on their own), so without --wave the latest one is
  // analysed, and every table says so (LayoutContext::design_notes).
  std::optional<std::size_t> wave_count;  // counted once, and only when needed
  auto count_waves = [&] {
    if (!wave_count) wave_count = store.waves().size();
    return *wave_count;
  };
  if (!wave_) {
    const auto waves = store.waves();
    wave_count = waves.size();
    if (waves.size() > 1) {
      wave_ = waves.back().first;
      latest_wave_of_ = waves.size();
    }
  }
  const survey::Design& defined = questionnaire_.design;
  std::vector<std::string> strata, clusters, fpc;
  std::string weight;
  if (!choice.unweighted) {
    strata = choice.strata.value_or(defined.strata);
    clusters = choice.clusters.value_or(defined.clusters);
    fpc = choice.fpc.value_or(defined.fpc);
    weight = choice.weight.value_or(defined.weight);
    // A weight set: the one named by --weight, else the most recent made for these rows.
    if (!choice.design_weights_only) {
      if (choice.weight) {
        weight_set_ = survey::find_weight_set(store, *choice.weight);
      } else {
        for (auto& set : survey::list_weight_sets(store))
          if (set.wave == wave_ || (!set.wave && count_waves() <= 1)) weight_set_ = std::move(set);
      }
    }
    if (weight_set_) {
      if (weight_set_->wave != wave_ && !(!weight_set_->wave && count_waves() <= 1))
        throw usage_error(weight_set_->wave
                              ? fmt::format("weight set '{}' weights wave {}; add --wave {}", weight_set_->name,
                                            *weight_set_->wave, *weight_set_->wave)
                              : fmt::format("weight set '{}' weights every wave together, which counts a firm seen in "
                                            "two waves twice; weight wave {} on its own (ankieta weight --wave {})",
                                            weight_set_->name, *wave_, *wave_));
      survey::check_weight_set_current(store, *weight_set_);
      weight = weight_set_->base_weight;
    }
  }

  std::vector<std::string> names;
  for (const auto& name : variables) {
    if (!questionnaire_.find_variable(name))
      throw usage_error(fmt::format("unknown variable '{}'; 'ankieta info' lists the questions", name));
    add_unique(names, name);
  }
  for (const auto& list : {strata, clusters, fpc})
    for (const auto& name : list) add_unique(names, name);
  if (!weight.empty()) add_unique(names, weight);
  if (weight_set_)
    for (const auto& name : target_variables(weight_set_->targets)) add_unique(names, name);
  // The filters of the requested questions, so that tables can use the base of those asked.
  for (const auto& name : variables) {
    const survey::Question& question = questionnaire_.questions[questionnaire_.find_variable(name)->question_index];
    if (question.ask_if_expression)
      for (const auto& reference : question.ask_if_expression->references()) add_unique(names, reference.name);
  }
  std::shared_ptr<survey::Expression> where_expression;
  if (!where.empty()) {
    std::vector<survey::SymbolInfo> symbols = survey::make_symbols(questionnaire_);
    try {
      where_expression = survey::Expression::parse(where);
      where_expression->bind(survey::make_symbol_lookup(questionnaire_, symbols));
    } catch (const survey::ExpressionError& error) {
      throw usage_error(fmt::format("--where:{}: {}\n  {}\n  {:>{}}", error.column(), error.what(), where, "^", error.column()));
    }
    for (const auto& reference : where_expression->references()) add_unique(names, reference.name);
  }
  columns_ = store.load_columns(names, wave_);
  if (columns_.rows == 0)
    throw data_error(wave_ ? fmt::format("{}: no respondents in wave {}", store.path(), *wave_)
                          : fmt::format("{}: no respondents yet; import responses first", store.path()));
  refuse_questions_not_asked(variables);
  if (where_expression) {
    std::vector<survey::Truth> truth = survey::evaluate_rows(*where_expression, questionnaire_, columns_);
    domain_.resize(truth.size());
    std::size_t selected = 0;
    for (std::size_t row = 0; row < truth.size(); ++row) selected += (domain_[row] = truth[row] == survey::Truth::true_);
    if (selected == 0)
      throw data_error(fmt::format("--where '{}' selects no respondents (of {}); check the codes with 'ankieta codebook'", where, columns_.rows));
  }
  build_design(choice, strata, clusters, fpc, weight);
  if (weight_set_) apply_weight_set();
}

// A table of a question that none of the analysed waves asked would be all "not asked": say so.
void AnalysisData::refuse_questions_not_asked(const std::vector<std::string>& variables) const {
  std::vector<std::int64_t> waves;
  for (std::int64_t wave : columns_.waves)
    if (waves.empty() || waves.back() != wave) waves.push_back(wave);
  std::sort(waves.begin(), waves.end());
  waves.erase(std::unique(waves.begin(), waves.end()), waves.end());
  for (const auto& name : variables) {
    const survey::Question& question = questionnaire_.questions[questionnaire_.find_variable(name)->question_index];
    if (std::any_of(waves.begin(), waves.end(), [&](std::int64_t wave) { return question.asked_in_wave(wave); })) continue;
    throw data_error(fmt::format("'{}' is not asked in wave{} {} (the definition asks it in {}); choose a wave that asks it "
                                 "with --wave", name, waves.size() > 1 ? "s" : "", fmt::join(waves, ", "), question.waves_description()));
  }
}

void AnalysisData::apply_weight_set() {
  // The calibration is rebuilt from the stored figures on the base design, so that standard
  // errors are those of the calibrated design (R postStratify / rake / calibrate); the weights
  // are the stored ones, which the rebuilt calibration must reproduce.
  const survey::WeightSet& set = *weight_set_;
  WeightingProblem problem = build_problem(parse_weighting_method(set.method), set.targets, collapse_rules(set),
                                           questionnaire_, [this](const std::string& name) -> const survey::Column& {
                                             return column(name);
                                           });
  problem.describe_row = [this](std::size_t row) { return fmt::format("respondent '{}'", respondent_at(row)); };
  WeightingResult result;
  try {
    result = compute_weights(*design_, problem, weighting_options(set));
  } catch (const Error& error) {
    throw data_error(fmt::format("weight set '{}' cannot be rebuilt on the current data ({}); re-run 'ankieta weight ... "
                                 "--name {} --replace'", set.name, error.what(), set.name));
  }
  std::vector<double> stored = survey::load_weights(store_, set, wave_);
  if (stored.size() != result.weights.size())
    throw data_error(fmt::format("weight set '{}' is stale: it has {} weights for {} respondents; re-run 'ankieta weight ... "
                                 "--name {} --replace'", set.name, stored.size(), result.weights.size(), set.name));
  for (std::size_t row = 0; row < stored.size(); ++row)
    if (std::fabs(stored[row] - result.weights[row]) > 1e-9 * std::max(1.0, std::fabs(stored[row])))
      throw data_error(fmt::format("weight set '{}' is stale: respondent '{}' now gets weight {} instead of the stored {}; "
                                   "re-run 'ankieta weight ... --name {} --replace'", set.name, respondent_at(row),
                                   survey::format_number(result.weights[row]), survey::format_number(stored[row]), set.name));
  if (result.calibration) uncalibrated_weights_ = design_->weights();
  design_ = std::make_unique<Design>(design_->reweighted(std::move(stored), result.calibration));
  summary_.df = design_->df();
  summary_.weight_set = set.name;
  summary_.weight = set.name;
  std::vector<std::string> files;
  for (const auto& file : set.frame_files) files.push_back(file.substr(file.find_last_of('/') + 1));
  summary_.description = fmt::format("weight set '{}' ({} to {}, {}{}); base: {}", set.name, set.method,
                                     fmt::join(files, ", "), set.created_at,
                                     set.parameter("trim_low").empty() && set.parameter("trim_high").empty() ? "" : ", trimmed",
                                     summary_.description);
}

const survey::Column& AnalysisData::column(const std::string& name) const {
  for (const auto& column : columns_.columns)
    if (column.variable->name == name) return column;
  throw usage_error(fmt::format("variable '{}' was not loaded", name));
}

std::size_t AnalysisData::domain_rows() const {
  if (domain_.empty()) return columns_.rows;
  return static_cast<std::size_t>(std::count(domain_.begin(), domain_.end(), 1));
}

std::vector<std::uint8_t> AnalysisData::asked_in_wave(const std::string& name) const {
  const survey::Question& question = questionnaire_.questions[questionnaire_.find_variable(name)->question_index];
  std::vector<std::uint8_t> result(columns_.rows, 1);
  if (question.waves.empty()) return result;
  for (std::size_t row = 0; row < columns_.rows; ++row) result[row] = question.asked_in_wave(columns_.waves[row]);
  return result;
}

std::vector<std::uint8_t> AnalysisData::asked(const std::string& name) const {
  const survey::Question& question = questionnaire_.questions[questionnaire_.find_variable(name)->question_index];
  std::vector<std::uint8_t> result = asked_in_wave(name);
  if (!question.ask_if_expression) return result;
  std::vector<survey::Truth> truth = survey::evaluate_rows(*question.ask_if_expression, questionnaire_, columns_);
  // A filter that cannot be decided (its question left blank) counts as asked when there is an
  // answer: the import accepted it, so the table keeps it.
  const survey::Column& answers = column(name);
  for (std::size_t row = 0; row < truth.size(); ++row) {
    bool answered = answers.variable->kind == survey::VariableKind::numeric ? !std::isnan(answers.numbers[row]) : answers.codes[row] >= 0;
    result[row] = result[row] && (truth[row] == survey::Truth::true_ || (truth[row] == survey::Truth::unknown && answered));
  }
  return result;
}

std::string AnalysisData::respondent_at(std::size_t row) const { return store_.respondent_at(row, wave_); }

void AnalysisData::build_design(const DesignChoice& choice, const std::vector<std::string>& strata,
                                const std::vector<std::string>& clusters, const std::vector<std::string>& fpc,
                                const std::string& weight) {
  DesignSpec spec;
  spec.lonely_psu = choice.lonely_psu;
  if (!choice.lonely_psu_hint.empty()) spec.lonely_psu_hint = choice.lonely_psu_hint;
  const std::size_t rows = columns_.rows;

  // A design variable's value for a row as a number that identifies it (codes, ids, counts).
  auto identity = [&](const survey::Column& column, std::size_t row, const char* role) -> std::int64_t {
    const survey::Variable& variable = *column.variable;
    if (variable.kind == survey::VariableKind::numeric) {
      double value = column.numbers[row];
      if (std::isnan(value) || value != std::floor(value))
        throw data_error(fmt::format("respondent '{}': design {} '{}' is {}; every respondent needs a whole-number value",
                                     respondent_at(row), role, variable.name, std::isnan(value) ? "blank" : survey::format_number(value)));
      return static_cast<std::int64_t>(value);
    }
    std::int32_t code = column.codes[row];
    if (code < 0 || (variable.kind == survey::VariableKind::categorical && static_cast<std::size_t>(code) >= variable.first_missing_value))
      throw data_error(fmt::format("respondent '{}': design {} '{}' is blank or a missing code; every respondent needs a value",
                                   respondent_at(row), role, variable.name));
    return code;
  };
  auto label_of = [&](const survey::Column& column, std::size_t row) -> std::string {
    const survey::Variable& variable = *column.variable;
    if (variable.kind == survey::VariableKind::numeric) return survey::format_number(column.numbers[row]);
    if (variable.kind == survey::VariableKind::categorical)
      return variable.values[static_cast<std::size_t>(column.codes[row])].code.text;
    // A stratum of personal data (a text question marked pii) is numbered in order of
    // appearance, as the report's strata table numbers it, so no message prints its values.
    if (questionnaire_.questions[variable.question_index].pii) return fmt::format("#{}", column.codes[row] + 1);
    return column.texts[static_cast<std::size_t>(column.codes[row])];
  };

  if (!strata.empty()) {
    std::vector<const survey::Column*> stratum_columns;
    for (const auto& name : strata) stratum_columns.push_back(&column(name));
    std::map<std::vector<std::int64_t>, std::int32_t> codes;
    spec.stratum_idx.resize(rows);
    std::vector<std::int64_t> key(stratum_columns.size());
    std::vector<std::int64_t> previous_key;
    std::int32_t previous_code = -1;
    for (std::size_t row = 0; row < rows; ++row) {
      for (std::size_t idx = 0; idx < stratum_columns.size(); ++idx) key[idx] = identity(*stratum_columns[idx], row, "strata");
      // Rows of a stratum usually come together: a run needs no lookup.
      if (previous_code >= 0 && std::equal(key.begin(), key.end(), previous_key.begin())) {
        spec.stratum_idx[row] = previous_code;
        continue;
      }
      auto it = codes.find(key);
      if (it == codes.end()) {
        it = codes.emplace(key, static_cast<std::int32_t>(codes.size())).first;
        std::string label;
        for (std::size_t idx = 0; idx < stratum_columns.size(); ++idx)
          label += (idx ? " x " : "") + fmt::format("{}={}", strata[idx], label_of(*stratum_columns[idx], row));
        spec.stratum_labels.push_back(label);
      }
      spec.stratum_idx[row] = previous_code = it->second;
      previous_key = key;
    }
  }
  for (const auto& name : clusters) {
    const survey::Column& cluster = column(name);
    std::vector<std::int64_t> ids(rows);
    for (std::size_t row = 0; row < rows; ++row) ids[row] = identity(cluster, row, "cluster");
    spec.cluster_ids.push_back(std::move(ids));
  }
  for (const auto& name : fpc) {
    const survey::Column& values = column(name);
    if (values.variable->kind != survey::VariableKind::numeric)
      throw usage_error(fmt::format("design fpc '{}' must be a numeric variable", name));
    for (std::size_t row = 0; row < rows; ++row)
      if (std::isnan(values.numbers[row]) || values.numbers[row] <= 0)
        throw data_error(fmt::format("respondent '{}': design fpc '{}' is {}; expected a population size (> 1) or a sampling fraction (0-1]",
                                     respondent_at(row), name, std::isnan(values.numbers[row]) ? "blank" : survey::format_number(values.numbers[row])));
    spec.fpc.push_back(values.numbers);
  }
  if (!weight.empty()) {
    const survey::Column& values = column(weight);
    if (values.variable->kind != survey::VariableKind::numeric)
      throw usage_error(fmt::format("weight '{}' must be a numeric variable", weight));
    for (std::size_t row = 0; row < rows; ++row)
      if (std::isnan(values.numbers[row]) || values.numbers[row] < 0)
        throw data_error(fmt::format("respondent '{}': weight '{}' is {}; every respondent needs a weight of 0 or more",
                                     respondent_at(row), weight, std::isnan(values.numbers[row]) ? "blank" : survey::format_number(values.numbers[row])));
    spec.weights = values.numbers;
  } else if (fpc.empty()) {
    spec.weights.assign(rows, 1.0);
  }
  design_ = std::make_unique<Design>(std::move(spec));

  summary_.n = design_->n();
  summary_.strata = design_->n_strata();
  summary_.psu = design_->n_psu();
  summary_.df = design_->df();
  summary_.weight = weight;
  std::vector<std::string> parts;
  if (choice.unweighted) parts.push_back("unweighted (simple random sample, weight 1)");
  if (!strata.empty()) parts.push_back(fmt::format("stratified by {}", fmt::join(strata, " x ")));
  if (!clusters.empty()) parts.push_back(fmt::format("clusters {}", fmt::join(clusters, ", ")));
  if (!weight.empty()) parts.push_back(fmt::format("weight {}", weight));
  else if (!choice.unweighted) parts.push_back(fpc.empty() ? "no weights (weight 1)" : "weights from fpc");
  if (!fpc.empty()) parts.push_back(fmt::format("fpc {}", fmt::join(fpc, ", ")));
  summary_.description = fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace ankieta::analysis
