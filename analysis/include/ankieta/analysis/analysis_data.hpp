// The bridge from a survey database to the estimators: loads the variables a command needs (and
// the design's) once, builds the Design from the questionnaire's design block (or overrides),
// and turns a --where expression into a domain mask. Everything stays in memory as columns.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ankieta/analysis/design.hpp"
#include "ankieta/survey/store.hpp"
#include "ankieta/survey/weight_sets.hpp"

namespace ankieta::analysis {

struct DesignChoice {
  // Replace the definition's design block where set (empty vector = "none").
  std::optional<std::vector<std::string>> strata;
  std::optional<std::vector<std::string>> clusters;
  std::optional<std::vector<std::string>> fpc;
  // A weight set's name (see survey/weight_sets.hpp) or a numeric variable. Unset: the most recent
  // weight set made for the rows analysed, else the design's weight.
  std::optional<std::string> weight;
  // Ignore weight sets: the design's own weights (what `ankieta weight` starts from).
  bool design_weights_only = false;
  // Simple random sample with weight 1: the classic unweighted numbers (as PSPP gives).
  bool unweighted = false;
  LonelyPsu lonely_psu = LonelyPsu::fail;
  // Appended to the "only one PSU" error (DesignSpec::lonely_psu_hint); empty: the design's default.
  std::string lonely_psu_hint;
};

struct DesignSummary {
  std::size_t n = 0;
  int strata = 0;
  int psu = 0;
  int df = 0;
  std::string weight;  // variable the weights came from, or "1" / "" for none
  std::string weight_set;  // the weight set used, "" for none
  std::string description;  // one line: "stratified by size_class x subregion; weight w_design; fpc n_population"
};

class AnalysisData {
 public:
  // Loads `variables` plus the design's and the --where expression's variables (each once), of
  // one wave: `wave`, else the latest wave of a database that holds several (wave(),
  // latest_wave_of()), else every respondent of a one-wave database.
  // Throws Error(usage) for unknown variables or a bad --where (with the column of the problem),
  // Error(data) for unusable design values (naming the respondent and variable).
  AnalysisData(const survey::Store& store, const std::vector<std::string>& variables, const DesignChoice& choice,
               const std::string& where, std::optional<std::int64_t> wave);

  const survey::Questionnaire& questionnaire() const { return questionnaire_; }
  const Design& design() const { return *design_; }
  // The weights before a weight set's calibration (the design's own); design().weights() when
  // no calibration applies. The link design of a change starts from these (change.hpp).
  const std::vector<double>& uncalibrated_weights() const { return uncalibrated_weights_.empty() ? design_->weights() : uncalibrated_weights_; }
  const DesignSummary& summary() const { return summary_; }
  const survey::Column& column(const std::string& name) const;
  // The --where domain (1 = in); empty when there is no --where.
  const std::vector<std::uint8_t>& domain() const { return domain_; }
  std::size_t domain_rows() const;
  std::size_t rows() const { return columns_.rows; }
  const survey::ColumnSet& columns() const { return columns_; }
  // The wave analysed (unset: every respondent of a database with one wave).
  std::optional<std::int64_t> wave() const { return wave_; }
  // When the wave was not asked for and is the latest of several: how many waves there are.
  std::size_t latest_wave_of() const { return latest_wave_of_; }
  // The waves pooled deliberately (pool_waves() of wave_comparison.hpp); empty otherwise.
  const std::vector<std::int64_t>& pooled_waves() const { return pooled_waves_; }

  // Rows where the question of `name` was asked: its ask_if filter is true (all rows when it has no
  // filter). Tables of a filtered question use this base.
  // Rows not in a wave that asks the question (`waves:`) are not asked either.
  std::vector<std::uint8_t> asked(const std::string& name) const;
  // Rows whose wave asks the question of `name` (all rows when the question has no `waves:`).
  std::vector<std::uint8_t> asked_in_wave(const std::string& name) const;

 private:
  friend std::unique_ptr<AnalysisData> pool_waves(const survey::Store& store, const std::vector<std::string>& variables,
                                                  const DesignChoice& choice, const std::string& where,
                                                  const std::vector<std::int64_t>& waves);
  // Empty, for pool_waves() to fill.
  explicit AnalysisData(const survey::Store& store) : store_(store), questionnaire_(store.questionnaire()) {}

  const survey::Store& store_;
  const survey::Questionnaire& questionnaire_;
  survey::ColumnSet columns_;
  std::vector<std::uint8_t> domain_;
  std::unique_ptr<Design> design_;
  DesignSummary summary_;
  std::optional<std::int64_t> wave_;
  std::size_t latest_wave_of_ = 0;
  std::optional<survey::WeightSet> weight_set_;
  std::vector<double> uncalibrated_weights_;  // set by apply_weight_set()
  std::vector<std::int64_t> pooled_waves_;

  void apply_weight_set();
  void refuse_questions_not_asked(const std::vector<std::string>& variables) const;

  std::string respondent_at(std::size_t row) const;
  void build_design(const DesignChoice& choice, const std::vector<std::string>& strata,
                    const std::vector<std::string>& clusters, const std::vector<std::string>& fpc,
                    const std::string& weight);
};

}  // namespace ankieta::analysis
