// Turns estimates into output: each method computes one table with the analysis library and
// renders it in the requested format (text/csv/md through TextTable, json per the contract of
// PRODUCT.md). Labels come from the questionnaire in the requested language.
#pragma once

#include <string>
#include <vector>

#include "ankieta/analysis/analysis_data.hpp"
#include "analysis_options.hpp"

namespace ankieta::cli {

class TableReporter {
 public:
  TableReporter(const analysis::AnalysisData& data, const AnalysisRequest& request) : data_(data), request_(request) {}

  // One-way table of a categorical variable over `domain` (the --where domain and those asked).
  std::string frequency(const std::string& variable, const std::vector<std::uint8_t>& domain);
  // Multiple-response table of a multi question: percent of respondents and of responses.
  std::string multiple_response(const survey::Question& question, const std::vector<std::string>& variables,
                                const std::vector<std::uint8_t>& domain);
  // The items of a grid side by side: percent per scale point, mean score.
  std::string grid(const survey::Question& question, const std::vector<std::string>& variables,
                   const std::vector<std::uint8_t>& domain);

  // Wraps several JSON tables in an array; leaves other formats as they are.
  void finish(std::string& output) const;

  const analysis::AnalysisData& data() const { return data_; }
  const AnalysisRequest& request() const { return request_; }

  // Notes every table carries: the design and the weights, the domain.
  std::vector<std::string> design_notes() const;
  void write_design_json(class JsonWriter& json) const;
  std::string label(const survey::Text& text) const { return text.in(request_.lang); }
  std::string value_label(const survey::Variable& variable, std::size_t value_idx) const;

 private:
  const analysis::AnalysisData& data_;
  const AnalysisRequest& request_;
  int tables_ = 0;

  std::string emit(const TextTable& table, const std::string& json);
};

}  // namespace ankieta::cli
