// The waves of a comparison: loaded once per wave with the keys that link rows across waves.
#include "ankieta/analysis/wave_comparison.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::analysis {
namespace {

// A design variable's value as a key that means the same unit in every wave.
std::string unit_key(const survey::Column& column, std::size_t row) {
  const survey::Variable& variable = *column.variable;
  if (variable.kind == survey::VariableKind::numeric) return survey::format_number(column.numbers[row]);
  const std::int32_t code = column.codes[row];
  if (code < 0) return "";
  if (variable.kind == survey::VariableKind::categorical) return variable.values[static_cast<std::size_t>(code)].code.text;
  return column.texts[static_cast<std::size_t>(code)];
}

}  // namespace

// The variables a name needs loaded: itself, or a multiple-response question's option items.
std::vector<std::string> variables_of(const survey::Questionnaire& q, const std::string& name) {
  const survey::Question* question = q.find_question(name);
  // An option of a multiple-response question needs the other options too: they make its base.
  if (const survey::Variable* variable = q.find_variable(name))
    question = &q.questions[variable->question_index];
  if (question && question->type != survey::QuestionType::multi && q.find_variable(name)) return {name};
  if (!question || question->type != survey::QuestionType::multi) {
    std::string why = q.explain_unknown_variable(name);
    throw usage_error(why.empty() ? fmt::format("unknown variable '{}'; 'ankieta info' lists the questions", name) : why);
  }
  std::vector<std::string> names;
  for (const survey::Variable& variable : q.variables)
    if (q.questions[variable.question_index].id == question->id) names.push_back(variable.name);
  return names;
}

const survey::Question& question_of(const survey::Questionnaire& q, const std::string& name) {
  if (const survey::Variable* variable = q.find_variable(name)) return q.questions[variable->question_index];
  return *q.find_question(name);
}

namespace {
WaveComparison load_waves(const survey::Store& store, const DesignChoice& choice, const std::string& where,
                          const std::vector<std::string>& needed, const std::vector<std::int64_t>& wave_numbers);
}  // namespace

WaveComparison load_wave_comparison(const survey::Store& store, const DesignChoice& choice, const std::string& where,
                                    const std::vector<std::string>& names, const std::vector<std::int64_t>& wave_numbers) {
  const survey::Questionnaire& q = store.questionnaire();
  std::vector<std::string> needed;
  for (const auto& name : names)
    for (const auto& variable : variables_of(q, name)) needed.push_back(variable);
  for (const auto& name : names) {
    const survey::Question& question = question_of(q, name);
    for (std::int64_t wave : wave_numbers)
      if (!question.asked_in_wave(wave))
        throw data_error(fmt::format("'{}' is not asked in wave {} (the definition asks it in {}); a change needs it in every wave compared",
                                     name, wave, question.waves_description()));
  }
  return load_waves(store, choice, where, needed, wave_numbers);
}

namespace {

// The waves of `wave_numbers` (each in the database), each loaded with `needed` and the keys that
// link its rows to the other waves.
WaveComparison load_waves(const survey::Store& store, const DesignChoice& choice, const std::string& where,
                          const std::vector<std::string>& needed, const std::vector<std::int64_t>& wave_numbers) {
  const survey::Questionnaire& q = store.questionnaire();
  std::vector<std::int64_t> present;
  for (const auto& [wave, count] : store.waves()) present.push_back(wave);
  for (std::int64_t wave : wave_numbers)
    if (std::find(present.begin(), present.end(), wave) == present.end())
      throw data_error(fmt::format("{}: wave {} is not in the database (its waves: {})", store.path(), wave,
                                   present.empty() ? std::string("none") : fmt::format("{}", fmt::join(present, ", "))));
  const std::vector<std::string> clusters = choice.clusters.value_or(q.design.clusters);
  const std::vector<std::string> fpc = choice.unweighted ? std::vector<std::string>{} : choice.fpc.value_or(q.design.fpc);
  std::vector<std::string> loaded = needed;
  if (!clusters.empty() && !choice.unweighted) loaded.push_back(clusters.front());
  if (!fpc.empty()) loaded.push_back(fpc.front());

  WaveComparison comparison;
  auto& data = comparison.data;
  auto& waves = comparison.waves;
  waves.reserve(wave_numbers.size());
  for (std::int64_t wave : wave_numbers) {
    data.push_back(std::make_unique<AnalysisData>(store, loaded, choice, where, wave));
    const AnalysisData& wave_data = *data.back();
    ChangeWave out;
    out.number = wave;
    out.data = &wave_data;
    out.respondent_keys = store.respondent_ids(wave);
    if (!clusters.empty() && !choice.unweighted) {
      const survey::Column& column = wave_data.column(clusters.front());
      out.unit_keys.resize(wave_data.rows());
      for (std::size_t row = 0; row < wave_data.rows(); ++row) out.unit_keys[row] = unit_key(column, row);
    } else {
      out.unit_keys = out.respondent_keys;
    }
    if (!fpc.empty()) {
      // N_ht per row: the fpc's population size, or PSUs sampled / sampling fraction.
      const survey::Column& column = wave_data.column(fpc.front());
      const std::vector<int> sampled = wave_data.design().psu_per_stratum();
      out.population.resize(wave_data.rows());
      for (std::size_t row = 0; row < wave_data.rows(); ++row) {
        const double value = column.numbers[row];
        out.population[row] = value > 1 ? value : sampled[static_cast<std::size_t>(wave_data.design().row_stratum()[row])] / value;
      }
    }
    waves.push_back(std::move(out));
  }
  for (const auto& wave : waves) comparison.pointers.push_back(&wave);
  comparison.unit_word = clusters.empty() || choice.unweighted ? "firms" : fmt::format("first-stage units ({})", clusters.front());
  return comparison;
}

}  // namespace

std::unique_ptr<AnalysisData> pool_waves(const survey::Store& store, const std::vector<std::string>& variables,
                                         const DesignChoice& choice, const std::string& where, const std::vector<std::int64_t>& waves) {
  if (waves.size() < 2) throw usage_error("pooling needs two waves or more, e.g. --wave 1,2 or --wave all");
  const WaveComparison comparison = load_waves(store, choice, where, variables, waves);
  ChangeSettings settings;
  settings.lonely_psu = choice.lonely_psu;
  const WaveStack stack(comparison.pointers, settings);

  std::unique_ptr<AnalysisData> pooled(new AnalysisData(store));
  pooled->pooled_waves_ = waves;
  // The columns of the waves one after another (texts renumbered over the pooled rows).
  survey::ColumnSet& columns = pooled->columns_;
  const survey::ColumnSet& first = comparison.data.front()->columns_;
  columns.columns.resize(first.columns.size());
  std::vector<std::unordered_map<std::string, std::int32_t>> text_codes(first.columns.size());
  bool any_domain = false;
  for (const auto& data : comparison.data) {
    const survey::ColumnSet& own = data->columns_;
    columns.rows += own.rows;
    columns.waves.insert(columns.waves.end(), own.waves.begin(), own.waves.end());
    any_domain = any_domain || !data->domain_.empty();
    for (std::size_t col = 0; col < own.columns.size(); ++col) {
      const survey::Column& from = own.columns[col];
      survey::Column& to = columns.columns[col];
      to.variable = from.variable;
      to.numbers.insert(to.numbers.end(), from.numbers.begin(), from.numbers.end());
      to.divisions_by_zero += from.divisions_by_zero;
      if (from.texts.empty() && from.variable->kind == survey::VariableKind::categorical) {
        to.codes.insert(to.codes.end(), from.codes.begin(), from.codes.end());
        continue;
      }
      for (std::int32_t code : from.codes) {
        if (code < 0) {
          to.codes.push_back(code);
          continue;
        }
        const std::string& text = from.texts[static_cast<std::size_t>(code)];
        auto [it, inserted] = text_codes[col].try_emplace(text, static_cast<std::int32_t>(to.texts.size()));
        if (inserted) to.texts.push_back(text);
        to.codes.push_back(it->second);
      }
    }
  }
  if (any_domain)
    for (const auto& data : comparison.data) {
      const std::vector<std::uint8_t>& own = data->domain_;
      if (own.empty()) pooled->domain_.insert(pooled->domain_.end(), data->rows(), 1);
      else pooled->domain_.insert(pooled->domain_.end(), own.begin(), own.end());
    }
  pooled->design_ = std::make_unique<Design>(stack.pooled_design());

  DesignSummary& summary = pooled->summary_;
  summary.n = pooled->design_->n();
  summary.strata = pooled->design_->n_strata();
  summary.psu = pooled->design_->n_psu();
  summary.df = pooled->design_->df();
  std::vector<std::string> weights;
  for (const auto& data : comparison.data) {
    const DesignSummary& own = data->summary_;
    if (!own.weight_set.empty()) summary.weight_set += (summary.weight_set.empty() ? "" : ", ") + own.weight_set;
    weights.push_back(fmt::format("wave {}: {}", data->wave_.value_or(0), own.description));
    summary.weight = own.weight;
  }
  summary.description = fmt::format("waves {} pooled: each row with its own wave's weights; the link design with {} as PSUs across the waves "
                                    "({} PSUs, {} strata, {} in every wave); {}",
                                    fmt::join(waves, ", "), comparison.unit_word, summary.psu, summary.strata, stack.units_in_all_waves(),
                                    fmt::join(weights, "; "));
  return pooled;
}

std::string category_domain(const std::string& where, const survey::Variable& by, std::size_t value) {
  // The code as a literal of the expression language: a number as it is, a text in quotes.
  const std::string& code = by.values[value].code.text;
  const std::string literal = survey::parse_number(code)                ? code
                              : code.find('"') == std::string::npos ? fmt::format("\"{}\"", code)
                                                                     : fmt::format("'{}'", code);
  const std::string category = fmt::format("{} == {}", by.name, literal);
  return where.empty() ? category : fmt::format("({}) and {}", where, category);
}

std::vector<std::int64_t> waves_asking(const survey::Store& store, const std::vector<std::string>& names) {
  const survey::Questionnaire& q = store.questionnaire();
  std::vector<std::int64_t> waves;
  for (const auto& [wave, count] : store.waves()) {
    bool asked = true;
    for (const auto& name : names) asked = asked && question_of(q, name).asked_in_wave(wave);
    if (asked) waves.push_back(wave);
  }
  return waves;
}

}  // namespace ankieta::analysis
