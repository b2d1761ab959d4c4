// The YAML reading rules shared by the questionnaire loader and the report spec: see the header.
#include "ankieta/survey/yaml_document.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"

namespace ankieta::survey {
namespace {

constexpr std::size_t kTabLinesReported = 10;

SourcePosition position_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0) return {1, 1};
  return {mark.line + 1, mark.column + 1};
}

// yaml-cpp's message for a tab in indentation does not mention tabs. A tab after the indentation
// of a block scalar's line (`text: |`) is content, so lines inside one are skipped.
std::vector<DefinitionProblem> tab_problems(const std::string& text) {
  std::vector<DefinitionProblem> problems;
  std::size_t tab_lines = 0;
  int line = 1;
  int block_parent_indent = -1;  // >= 0 while inside a block scalar
  for (std::size_t line_start = 0; line_start <= text.size(); ++line) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    const std::string_view content(text.data() + line_start, line_end - line_start);
    std::size_t spaces = 0;
    while (spaces < content.size() && content[spaces] == ' ') ++spaces;
    const bool blank = content.find_first_not_of(" \t\r") == std::string_view::npos;
    if (block_parent_indent >= 0 && (blank || static_cast<int>(spaces) > block_parent_indent)) {
      line_start = line_end + 1;
      continue;
    }
    block_parent_indent = -1;
    const std::size_t first_other = content.find_first_not_of(" \t");
    if (!blank && first_other != std::string_view::npos && content.substr(0, first_other).find('\t') != std::string_view::npos) {
      if (tab_lines++ < kTabLinesReported) {
        const int column = static_cast<int>(content.find('\t')) + 1;
        problems.push_back({{line, column}, fmt::format("tab characters are not allowed for indentation at {}:{}; indent with spaces", line, column)});
      }
    }
    // A block scalar header ends the line: `key: |`, `- >-`, `key: |2 # comment`.
    std::string_view trimmed = content.substr(0, content.find(" #"));
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\r' || trimmed.back() == '\t')) trimmed.remove_suffix(1);
    std::size_t indicator = trimmed.find_last_of("|>");
    if (indicator != std::string_view::npos && trimmed.substr(indicator + 1).find_first_not_of("+-0123456789") == std::string_view::npos &&
        (indicator == 0 || trimmed[indicator - 1] == ' ')) {
      block_parent_indent = static_cast<int>(spaces);
    }
    line_start = line_end + 1;
  }
  if (tab_lines > kTabLinesReported)
    problems.push_back({problems.back().position, fmt::format("... and {} more lines indented with tabs", tab_lines - kTabLinesReported)});
  return problems;
}

// Walks the document as its readers will, aliases expanded, with an explicit stack (yaml-cpp
// bounds the nesting it parses, but our walk must not depend on it). Stops past max_nodes.
// Duplicate keys are checked once per mapping (an alias repeats a mapping already checked).
bool walk(const YAML::Node& root, const YamlLimits& limits, std::vector<DefinitionProblem>& problems) {
  std::vector<YAML::Node> pending{root};
  std::set<std::pair<int, int>> checked_maps;
  std::size_t visited = 0;
  while (!pending.empty()) {
    YAML::Node node = pending.back();
    pending.pop_back();
    if (++visited > limits.max_nodes) {
      problems.push_back({{1, 1}, fmt::format("the document expands to more than {} nodes (aliases count each time they are used); "
                                              "write it out without so many aliases", limits.max_nodes)});
      return false;
    }
    if (node.IsSequence()) {
      for (const auto& item : node) pending.push_back(item);
    } else if (node.IsMap()) {
      const YAML::Mark mark = node.Mark();
      const bool check_keys = checked_maps.emplace(mark.line, mark.column).second;
      std::map<std::string, SourcePosition> keys;
      for (const auto& entry : node) {
        if (check_keys && entry.first.IsScalar()) {
          auto [first, inserted] = keys.emplace(entry.first.Scalar(), position_of(entry.first));
          if (!inserted)
            problems.push_back({position_of(entry.first), fmt::format("duplicate key '{}' (first at line {}, column {})",
                                                                      entry.first.Scalar(), first->second.line, first->second.column)});
        }
        pending.push_back(entry.first);
        pending.push_back(entry.second);
      }
    }
  }
  return true;
}

}  // namespace

YamlDocument load_yaml_document(const std::string& text, const YamlLimits& limits) {
  YamlDocument document;
  if (text.size() > limits.max_bytes) {
    document.problems.push_back({{1, 1}, fmt::format("the file is {} bytes; at most {} are read", text.size(), limits.max_bytes)});
    return document;
  }
  document.problems = tab_problems(text);
  if (!document.problems.empty()) return document;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& error) {
    document.problems.push_back({{error.mark.line + 1, error.mark.column + 1}, "invalid YAML: " + error.msg});
    return document;
  } catch (const YAML::Exception& error) {
    document.problems.push_back({{1, 1}, std::string("invalid YAML: ") + error.what()});
    return document;
  }
  if (!walk(root, limits, document.problems) || !document.problems.empty()) return document;
  document.root = root;
  return document;
}

std::string read_yaml_file(const std::string& path, std::size_t max_bytes) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw Error(ErrorKind::missing_input, fmt::format("{}: is a directory, not a file", path));
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(ErrorKind::missing_input, fmt::format("{}: cannot open file: {}", path, std::strerror(errno)));
  const auto size = std::filesystem::file_size(path, error);
  if (!error && size > max_bytes)
    throw data_error(fmt::format("{}: the file is {} bytes; at most {} are read", path, size, max_bytes));
  std::stringstream buffer;
  buffer << file.rdbuf();
  if (file.bad()) throw Error(ErrorKind::missing_input, fmt::format("{}: cannot read file", path));
  return buffer.str();
}

}  // namespace ankieta::survey
