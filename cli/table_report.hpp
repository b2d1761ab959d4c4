// Renders the tables of analysis/tables.hpp for the terminal commands: text/csv/md through
// TextTable, json per the contract of PRODUCT.md. The numbers are computed once by the analysis
// library (the report command renders the same results as HTML, XLSX and Markdown); this file
// only lays them out. Labels come from the questionnaire in the requested language.
#pragma once

#include <string>
#include <vector>

#include "ankieta/analysis/analysis_data.hpp"
#include "ankieta/analysis/tables.hpp"
#include "analysis_options.hpp"

namespace ankieta::cli {

class TableReporter {
 public:
  TableReporter(const analysis::AnalysisData& data, const AnalysisRequest& request) : data_(data), request_(request) {}

  // Options of the analysis library's tables from the command's request.
  analysis::TableOptions table_options() const;

  // One rendered table (or one JSON object, joined by finish()).
  std::string frequency(const analysis::FrequencyResult& result);
  std::string multiple_response(const analysis::MultipleResponseResult& result);
  std::string grid(const analysis::GridResult& result);
  // show: col, row, cell (percentages) or total (weighted counts).
  std::string banner(const analysis::BannerResult& result, const std::string& show);
  // A multi question by column variables: % of each column's respondents mentioning each option.
  std::string multiple_response_banner(const analysis::MultipleResponseBannerResult& result);
  std::string means(const analysis::MeansResult& result);
  std::string ratios(const std::vector<analysis::RatioRow>& rows, const survey::Variable* by);

  // Wraps several JSON tables in an array; leaves other formats as they are.
  void finish(std::string& output) const;

  const analysis::AnalysisData& data() const { return data_; }
  const AnalysisRequest& request() const { return request_; }

  // Notes every table carries: the design and the weights, the domain.
  std::vector<std::string> design_notes() const;
  void write_design_json(class JsonWriter& json) const;
  std::string label(const survey::Text& text) const { return text.in(request_.lang); }
  std::string value_label(const survey::Variable& variable, std::size_t value_idx) const;
  // R degf(subset(design, where)) of the command's domain: the df of its intervals and t tests.
  int domain_df() const;

 private:
  const analysis::AnalysisData& data_;
  const AnalysisRequest& request_;
  int tables_ = 0;

  std::string emit(const TextTable& table, const std::string& json);
};

}  // namespace ankieta::cli
