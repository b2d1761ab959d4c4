// The analysis commands' tables: each result laid out once by the report library's layouts
// (report/layouts.hpp, the same Tables whatever the format, with their JSON), collected in order,
// and rendered at the end by the format module --format names (report/table_format.hpp). This file
// only connects a command's request to them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ankieta/analysis/analysis_data.hpp"
#include "ankieta/analysis/tables.hpp"
#include "ankieta/report/layouts.hpp"
#include "ankieta/report/table_format.hpp"
#include "ankieta/survey/output_file.hpp"
#include "analysis_options.hpp"

namespace ankieta::cli {

class TableReporter {
 public:
  TableReporter(const analysis::AnalysisData& data, const AnalysisRequest& request, std::optional<int> decimals = std::nullopt);

  // Options of the analysis library's tables from the command's request.
  analysis::TableOptions table_options() const;

  // Each result of the request's domain (data.domain()), protected by the request's disclosure
  // rules (analysis/table_protection.hpp) before it is laid out.
  void frequency(analysis::FrequencyResult result);
  void multiple_response(analysis::MultipleResponseResult result);
  void grid(analysis::GridResult result);
  void banner(analysis::BannerResult result, report::BannerShow show);
  void multiple_response_banner(analysis::MultipleResponseBannerResult result);
  void means(analysis::MeansResult result);
  void ratios(const std::vector<analysis::RatioRow>& rows, const survey::Variable* by);
  // The waves side by side (--by wave).
  void wave_banner(const analysis::ChangeTable& change, const report::WaveTableContext& context);
  // The change between waves (ankieta change).
  void change(const analysis::ChangeTable& change, const report::WaveTableContext& context);

  // Every table added so far in the request's format.
  std::string render() const;
  // The same to `path` through the format (a workbook for xlsx), or to stdout when it is "" or "-".
  void write(const std::string& path) const;
  // The same, and the tables' charts (report/chart_svg.hpp, the report's charts) when `chart_path`
  // is not empty: the first into it, the next into PATH-2.svg, ...; Error(usage) when no table has a
  // chart. All or nothing: a failure leaves every file as it was.
  void write(const std::string& path, const std::string& chart_path) const;

 private:
  const AnalysisRequest& request_;
  report::LayoutContext context_;
  std::optional<int> decimals_;
  std::vector<report::Table> tables_;

  report::FormatOptions format_options() const;
  // Error(usage) when the request asks for disclosure control of a table kind it does not cover.
  void refuse_unprotected(const char* kind, const char* instead) const;
  // The chart files written and closed, not yet renamed into place.
  std::vector<std::unique_ptr<survey::OutputFile>> prepare_charts(const std::string& path) const;
};

}  // namespace ankieta::cli
