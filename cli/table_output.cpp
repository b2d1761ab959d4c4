#include "table_output.hpp"

#include <cctype>
#include <cstdio>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"

namespace ankieta::cli {

OutputFormat parse_output_format(std::string_view name) {
  if (name == "text") return OutputFormat::text;
  if (name == "csv") return OutputFormat::csv;
  if (name == "md" || name == "markdown") return OutputFormat::md;
  if (name == "json") return OutputFormat::json;
  if (name == "html") return OutputFormat::html;
  if (name == "xlsx") return OutputFormat::xlsx;
  throw usage_error(fmt::format("unknown --format '{}'; expected text, csv, md, json, html or xlsx", name));
}

std::string_view to_string(OutputFormat format) {
  switch (format) {
    case OutputFormat::text: return "text";
    case OutputFormat::csv: return "csv";
    case OutputFormat::md: return "md";
    case OutputFormat::json: return "json";
    case OutputFormat::html: return "html";
    case OutputFormat::xlsx: return "xlsx";
  }
  return "text";
}

void add_table_output_options(po::options_description& options) {
  options.add_options()
      ("decimals", po::value<int>(), "--format csv: round numbers to N decimal places (default: full precision)")
      ("chart", po::value<std::string>(), "also draw the table's chart into FILE.svg (several tables: FILE-2.svg, ...)");
}

std::string read_chart_path(const po::variables_map& values) {
  if (!values.count("chart")) return "";
  std::string path = values["chart"].as<std::string>();
  std::string lower = path;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.size() < 5 || lower.substr(lower.size() - 4) != ".svg")
    throw usage_error(fmt::format("--chart '{}': the chart is written as SVG; give a file name ending in .svg", path));
  survey::claim_output(path);
  return path;
}

std::optional<int> read_decimals(const po::variables_map& values) {
  if (!values.count("decimals")) return std::nullopt;
  int decimals = values["decimals"].as<int>();
  if (decimals < 0 || decimals > 17) throw usage_error(fmt::format("--decimals must be between 0 and 17; got {}", decimals));
  return decimals;
}

void write_output(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  survey::write_output_file(path, text);
}

}  // namespace ankieta::cli
