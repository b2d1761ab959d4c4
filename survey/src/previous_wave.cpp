#include "previous_wave.hpp"

#include <unordered_map>

#include <fmt/format.h>

#include "ankieta/survey/csv_reader.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::survey {

std::vector<PreviousRespondent> read_previous_wave(const std::string& path, const std::string& id_column,
                                                   const std::vector<std::string>& stratum_columns, const std::string& size_column) {
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  if (!reader.next(fields)) throw data_error(fmt::format("{}: the previous wave's file is empty; expected its responses with a header", path));
  const std::size_t field_count = fields.size();
  auto find = [&](const std::string& name) -> std::optional<std::size_t> {
    for (std::size_t idx = 0; idx < fields.size(); ++idx)
      if (equals_ignore_case(trim(fields[idx]), name)) return idx;
    return std::nullopt;
  };
  auto require = [&](const std::string& name, const char* role) {
    if (auto found = find(name)) return *found;
    throw data_error(fmt::format("{}:1: missing column '{}' ({}); --follow takes the responses of the previous wave of this "
                                 "questionnaire", path, name, role));
  };
  const std::size_t id = require(id_column, "the respondent id");
  std::vector<std::size_t> strata;
  for (const auto& name : stratum_columns) strata.push_back(require(name, "a stratum variable"));
  const std::optional<std::size_t> size = size_column.empty() ? std::nullopt : find(size_column);

  std::vector<PreviousRespondent> respondents;
  std::unordered_map<std::string, std::int64_t> lines;
  while (reader.next(fields)) {
    const std::int64_t line = reader.record_line();
    if (fields.size() != field_count)
      throw data_error(fmt::format("{}:{}: the row has {} fields but the header has {}", path, line, fields.size(), field_count));
    PreviousRespondent respondent;
    respondent.line = line;
    respondent.id = std::string(trim(fields[id]));
    if (respondent.id.empty()) throw data_error(fmt::format("{}:{}: the respondent id '{}' is blank", path, line, id_column));
    if (auto [it, inserted] = lines.emplace(respondent.id, line); !inserted)
      throw data_error(fmt::format("{}:{}: respondent '{}' is listed twice (also at line {})", path, line, respondent.id, it->second));
    for (std::size_t stage = 0; stage < strata.size(); ++stage) {
      std::string_view value = trim(fields[strata[stage]]);
      if (value.empty())
        throw data_error(fmt::format("{}:{}: respondent '{}': the stratum variable '{}' is blank", path, line, respondent.id, stratum_columns[stage]));
      respondent.strata.emplace_back(value);
    }
    if (size) respondent.size = parse_number(trim(fields[*size]));
    respondents.push_back(std::move(respondent));
  }
  if (respondents.empty()) throw data_error(fmt::format("{}: the previous wave's file has a header but no respondents", path));
  return respondents;
}

}  // namespace ankieta::survey
