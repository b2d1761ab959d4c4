#include <cctype>

#include <fmt/format.h>

#include "ankieta/report/writer.hpp"
#include "ankieta/survey/error.hpp"

namespace ankieta::report {

const ReportWriter& writer_for(const std::string& path) {
  auto ends_with = [&](std::string_view suffix) {
    if (path.size() < suffix.size()) return false;
    std::string tail = path.substr(path.size() - suffix.size());
    for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return tail == suffix;
  };
  if (ends_with(".html") || ends_with(".htm")) return html_writer();
  if (ends_with(".xlsx")) return xlsx_writer();
  if (ends_with(".md")) return markdown_writer();
  throw usage_error(fmt::format("{}: unknown report format; --out must end in .html, .xlsx or .md", path));
}

}  // namespace ankieta::report
