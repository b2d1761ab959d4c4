#include "definition_reader.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include <fmt/format.h>

#include "ankieta/survey/text_util.hpp"

namespace ankieta::survey::definition {

SourcePosition position_of(const YAML::Node& node, SourcePosition fallback) {
  YAML::Mark mark = node.Mark();
  if (mark.line < 0) return fallback;
  return {mark.line + 1, mark.column + 1};
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string joined;
  for (const auto& word : words) {
    if (!joined.empty()) joined += separator;
    joined += word;
  }
  return joined;
}

std::optional<RepeatedCode> find_repeated_code(const Question& question) {
  std::vector<std::pair<const Code*, SourcePosition>> codes;
  for (const auto& option : question.options) codes.emplace_back(&option.code, option.position);
  for (const auto& missing : question.missing) codes.emplace_back(&missing.code, missing.position);
  for (std::size_t i = 0; i < codes.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (*codes[i].first == *codes[j].first) return RepeatedCode{codes[i].first, codes[i].second, codes[j].second, i};
  return std::nullopt;
}

DefinitionCheck DefinitionReader::finish(DefinitionCheck result) {
  std::stable_sort(problems_.begin(), problems_.end(), [](const auto& a, const auto& b) {
    return std::tie(a.position.line, a.position.column) < std::tie(b.position.line, b.position.column);
  });
  result.problems = std::move(problems_);
  result.unlisted_problems = unlisted_problems_;
  return result;
}

void DefinitionReader::problem(SourcePosition position, std::string message) {
  if (problems_.size() >= kMaxProblemsListed) {
    ++unlisted_problems_;
    throw TooManyProblems{};
  }
  problems_.push_back({position, std::move(message)});
}

// Every key of `node` must be one of `allowed`.
void DefinitionReader::check_keys(const YAML::Node& node, std::string_view what, std::initializer_list<std::string_view> allowed) {
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>("");
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::vector<std::string> names(allowed.begin(), allowed.end());
      problem(position_of(entry.first), fmt::format("unknown key {} in {}; expected one of: {}", quote_for_message(key), what, join(names)));
    }
  }
}

std::string DefinitionReader::scalar(const YAML::Node& node, std::string_view what) {
  if (!node.IsScalar()) {
    problem(position_of(node), fmt::format("{} must be a single value", what));
    return {};
  }
  return node.Scalar();
}

std::optional<double> DefinitionReader::number(const YAML::Node& node, std::string_view what) {
  if (!node.IsScalar()) {
    problem(position_of(node), fmt::format("{} must be a number", what));
    return std::nullopt;
  }
  auto value = parse_number(node.Scalar());
  if (!value) problem(position_of(node), fmt::format("{} must be a number, not {}", what, quote_for_message(node.Scalar())));
  return value;
}

bool DefinitionReader::boolean(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) {
    std::string value = lowercase_ascii(node.Scalar());
    if (value == "true" || value == "yes") return true;
    if (value == "false" || value == "no") return false;
  }
  problem(position_of(node), fmt::format("{} must be true or false", what));
  return false;
}

std::string DefinitionReader::identifier(const YAML::Node& node, std::string_view what) {
  std::string id = scalar(node, what);
  if (id.empty() && node.IsScalar()) problem(position_of(node), fmt::format("{} must not be empty", what));
  if (!id.empty() && !is_identifier(id))
    problem(position_of(node), fmt::format("{} {} is not a valid identifier; use letters, digits and '_', starting with a letter", what, quote_for_message(id)));
  else if (!id.empty() && id.front() == '_')
    problem(position_of(node), fmt::format("{} {} may not start with '_' (reserved for ankieta's own columns)", what, quote_for_message(id)));
  return id;
}

Text DefinitionReader::text(const YAML::Node& node, std::string_view what) {
  Text result;
  if (node.IsScalar()) {
    result.pl = result.en = node.Scalar();
  } else if (node.IsMap()) {
    check_keys(node, what, {"pl", "en"});
    if (node["pl"]) result.pl = scalar(node["pl"], fmt::format("{}.pl", what));
    if (node["en"]) result.en = scalar(node["en"], fmt::format("{}.en", what));
    if (result.pl.empty() && result.en.empty())
      problem(position_of(node), fmt::format("{} needs a 'pl' or 'en' text", what));
  } else {
    problem(position_of(node), fmt::format("{} must be a text or a {{pl: ..., en: ...}} mapping", what));
  }
  return result;
}

SourcePosition DefinitionReader::expression_start(const YAML::Node& node) {
  SourcePosition position = position_of(node);
  if (position.line > 0) {
    const std::size_t offset = line_offset(position.line) + static_cast<std::size_t>(position.column) - 1;
    if (offset < source_.size() && (source_[offset] == '"' || source_[offset] == '\'')) ++position.column;
  }
  return position;
}

std::size_t DefinitionReader::line_offset(int line) {
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (std::size_t offset = 0; offset < source_.size(); ++offset)
      if (source_[offset] == '\n') line_starts_.push_back(offset + 1);
  }
  const auto line_idx = static_cast<std::size_t>(std::max(line, 1) - 1);
  return line_idx < line_starts_.size() ? line_starts_[line_idx] : source_.size();
}

}  // namespace ankieta::survey::definition
