#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "ankieta/report/writer.hpp"
#include "ankieta/survey/error.hpp"
#include "output_file.hpp"

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

void write_text_file(const std::string& path, const std::string& text) {
  FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot create the report: {}", path, std::strerror(errno)));
  bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  ok = std::fclose(file) == 0 && ok;
  if (!ok) throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot write the report", path));
}

}  // namespace ankieta::report
