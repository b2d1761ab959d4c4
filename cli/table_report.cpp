#include "table_report.hpp"

#include <memory>

#include <fmt/format.h>

#include "ankieta/analysis/table_protection.hpp"
#include "ankieta/report/chart_svg.hpp"
#include "ankieta/report/table_format.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"

namespace ankieta::cli {
namespace {

report::LayoutContext layout_context(const analysis::AnalysisData& data, const AnalysisRequest& request) {
  report::LayoutContext context{data};
  context.language = request.lang;
  context.weighted = !request.design.unweighted;
  context.where = request.where;
  context.ci_level = request.ci_level;
  context.ci_method = request.ci_method;
  context.small_base = request.small_base;
  context.disclosure = request.disclosure;
  return context;
}

}  // namespace

TableReporter::TableReporter(const analysis::AnalysisData& data, const AnalysisRequest& request, std::optional<int> decimals)
    : request_(request), context_(layout_context(data, request)), decimals_(decimals) {}

analysis::TableOptions TableReporter::table_options() const {
  analysis::TableOptions options;
  options.ci_level = request_.ci_level;
  options.ci_method = request_.ci_method;
  options.small_base = request_.small_base;
  return options;
}

void TableReporter::refuse_unprotected(const char* kind, const char* instead) const {
  const analysis::DisclosureRules& rules = request_.disclosure;
  if (!rules.enabled && rules.reliability == analysis::ReliabilityRule::none) return;
  throw usage_error(fmt::format("--protect and --reliability do not cover {} yet; {}", kind, instead));
}

void TableReporter::frequency(analysis::FrequencyResult result) {
  analysis::protect_frequency(result, context_.data, context_.data.domain(), request_.disclosure);
  tables_.push_back(report::layout_frequency(result, context_));
}

void TableReporter::multiple_response(analysis::MultipleResponseResult result) {
  analysis::protect_multiple_response(result, context_.data, context_.data.domain(), request_.disclosure);
  tables_.push_back(report::layout_multiple_response(result, context_));
}

void TableReporter::grid(analysis::GridResult result) {
  analysis::protect_grid_items(result, context_.data, context_.data.domain(), request_.disclosure);
  tables_.push_back(report::layout_grid(result, context_));
}

void TableReporter::banner(analysis::BannerResult result, report::BannerShow show) {
  analysis::protect_banner(result, context_.data, context_.data.domain(), request_.disclosure);
  tables_.push_back(report::layout_banner(result, show, context_));
}

void TableReporter::multiple_response_banner(analysis::MultipleResponseBannerResult result) {
  analysis::protect_multiple_response_banner(result, context_.data, context_.data.domain(), request_.disclosure);
  tables_.push_back(report::layout_multiple_response_banner(result, context_));
}

void TableReporter::means(analysis::MeansResult result) {
  analysis::protect_means(result, context_.data, context_.data.domain(), request_.disclosure);
  tables_.push_back(report::layout_means(result, context_));
}

void TableReporter::ratios(const std::vector<analysis::RatioRow>& rows, const survey::Variable* by) {
  refuse_unprotected("ratios", "protect the numerator's and denominator's means (means VAR --by ...)");
  tables_.push_back(report::layout_ratios(rows, by, context_));
}

void TableReporter::wave_banner(const analysis::ChangeTable& change, const report::WaveTableContext& context) {
  tables_.push_back(report::layout_wave_banner(change, context));
}

void TableReporter::change(const analysis::ChangeTable& change, const report::WaveTableContext& context) {
  tables_.push_back(report::layout_change(change, context));
}

report::FormatOptions TableReporter::format_options() const {
  report::FormatOptions options;
  options.decimals = decimals_;
  options.language = request_.lang;
  return options;
}

std::string TableReporter::render() const { return report::table_format(to_string(request_.format)).render(tables_, format_options()); }

void TableReporter::write(const std::string& path) const {
  if (path.empty() || path == "-") write_output(render(), path);
  else report::table_format(to_string(request_.format)).write(tables_, format_options(), path);
}

std::vector<std::unique_ptr<survey::OutputFile>> TableReporter::prepare_charts(const std::string& path) const {
  std::vector<std::string> charts;
  for (const auto& table : tables_)
    if (std::string svg = report::chart_svg_file(table.chart, request_.lang); !svg.empty()) charts.push_back(std::move(svg));
  if (charts.empty()) throw usage_error(fmt::format("--chart '{}': these tables have no chart (ratios and multiple-response banners draw none)", path));
  const std::string stem = path.substr(0, path.size() - 4), extension = path.substr(path.size() - 4);
  std::vector<std::unique_ptr<survey::OutputFile>> files;
  for (std::size_t idx = 0; idx < charts.size(); ++idx) {
    files.push_back(std::make_unique<survey::OutputFile>(idx == 0 ? path : fmt::format("{}-{}{}", stem, idx + 1, extension), "chart file"));
    files.back()->write(charts[idx]);
    files.back()->close();
  }
  return files;
}

void TableReporter::write(const std::string& path, const std::string& chart_path) const {
  // The charts are complete (closed temporary files) before the tables are written, and renamed
  // into place only after: a chart that cannot be written leaves the tables' file as it was, and
  // tables that cannot be written leave every chart as it was.
  std::vector<std::unique_ptr<survey::OutputFile>> charts;
  if (!chart_path.empty()) charts = prepare_charts(chart_path);
  write(path);
  for (auto& chart : charts) chart->commit();
}

}  // namespace ankieta::cli
