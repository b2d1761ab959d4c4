// Frame files and their matching with the survey's variables.
#include "ankieta/analysis/weighting_frame.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "ankieta/survey/csv_reader.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::analysis {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

double read_population(std::string_view field, const std::string& origin) {
  std::optional<double> value = survey::parse_number(trimmed(field));
  if (!value) value = survey::parse_number(trimmed(field), true);
  if (!value || !std::isfinite(*value))
    throw data_error(fmt::format("{}: population {} is not a number", origin, survey::quote_for_message(field)));
  if (*value < 0) throw data_error(fmt::format("{}: population {} is negative; expected a count >= 0", origin, field));
  // Bounded so that no sum of a frame's figures can overflow and no variance loses its precision.
  if (*value > kMaxMagnitude)
    throw data_error(fmt::format("{}: population {} is beyond {:g}; expected a count of population units", origin, field, kMaxMagnitude));
  return *value;
}

}  // namespace

WeightingMethod parse_weighting_method(std::string_view name) {
  if (name == "poststratify") return WeightingMethod::poststratify;
  if (name == "rake") return WeightingMethod::rake;
  if (name == "calibrate") return WeightingMethod::calibrate;
  throw usage_error(fmt::format("unknown --method {}; expected poststratify, rake or calibrate", survey::quote_for_message(name)));
}

std::string_view to_string(WeightingMethod method) {
  switch (method) {
    case WeightingMethod::poststratify: return "poststratify";
    case WeightingMethod::rake: return "rake";
    case WeightingMethod::calibrate: return "calibrate";
  }
  return "poststratify";
}

CollapseRule parse_collapse_rule(std::string_view text) {
  const auto equals = text.find('=');
  const auto colon = text.rfind(':');
  if (equals == std::string_view::npos || colon == std::string_view::npos || colon < equals || equals == 0 ||
      colon == equals + 1 || colon + 1 == text.size())
    throw usage_error(fmt::format("--collapse {}: expected VARIABLE=FROM:TO, e.g. size_class=4:3", survey::quote_for_message(text)));
  return {std::string(text.substr(0, equals)), std::string(text.substr(equals + 1, colon - equals - 1)),
          std::string(text.substr(colon + 1))};
}

std::vector<survey::WeightTarget> read_frames(const std::vector<std::string>& paths, WeightingMethod method) {
  if (paths.empty()) throw usage_error("--frame FILE.csv is required");
  std::vector<survey::WeightTarget> targets;
  std::map<std::string, int> long_tables;  // variable -> table, for variable,value,population rows
  int next_table = 0;
  for (const std::string& path : paths) {
    survey::CsvReader reader(path);
    std::vector<std::string_view> fields;
    if (!reader.next(fields)) throw data_error(fmt::format("{}: the file is empty; expected a header line", path));
    std::vector<std::string> header;
    for (auto field : fields) header.push_back(trimmed(field));
    const bool long_format = header.size() == 3 && lower(header[0]) == "variable" && lower(header[1]) == "value" &&
                             lower(header[2]) == "population";
    if (!long_format) {
      if (header.size() < 2 || lower(header.back()) != "population")
        throw data_error(fmt::format("{}:{}: expected a header 'variable,value,population' or the frame's variables "
                                     "followed by 'population' (e.g. size_class,subregion,population)",
                                     path, reader.record_line()));
      for (std::size_t idx = 0; idx + 1 < header.size(); ++idx)
        if (header[idx].empty() || std::count(header.begin(), header.end() - 1, header[idx]) > 1)
          throw data_error(fmt::format("{}:{}: column {} of the header is empty or repeated", path,
                                       reader.record_line(), idx + 1));
    }
    const int file_table = next_table;
    if (!long_format) ++next_table;
    std::size_t rows = 0;
    while (reader.next(fields)) {
      const std::string origin = fmt::format("{}:{}", path, reader.record_line());
      if (fields.size() != header.size())
        throw data_error(fmt::format("{}: expected {} fields ({}), found {}", origin, header.size(),
                                     fmt::join(header, ","), fields.size()));
      ++rows;
      survey::WeightTarget target;
      target.origin = origin;
      target.population = read_population(fields.back(), origin);
      if (long_format) {
        const std::string variable = trimmed(fields[0]);
        const std::string value = trimmed(fields[1]);
        if (variable.empty()) throw data_error(fmt::format("{}: the variable is empty", origin));
        if (variable == "_total") {
          target.kind = "size";
          target.variables = {variable};
        } else if (value.empty()) {
          if (method != WeightingMethod::calibrate)
            throw data_error(fmt::format("{}: {} has no value: totals of numeric variables need --method calibrate",
                                         origin, survey::quote_for_message(variable)));
          target.kind = "total";
          target.variables = {variable};
        } else {
          auto [it, inserted] = long_tables.try_emplace(variable, next_table);
          if (inserted) ++next_table;
          target.kind = "cell";
          target.table = it->second;
          target.variables = {variable};
          target.values = {value};
        }
      } else {
        target.kind = "cell";
        target.table = file_table;
        target.variables.assign(header.begin(), header.end() - 1);
        for (std::size_t idx = 0; idx + 1 < fields.size(); ++idx) {
          target.values.push_back(trimmed(fields[idx]));
          if (target.values.back().empty())
            throw data_error(fmt::format("{}: {} is empty; every cell needs a value of each variable", origin,
                                         survey::quote_for_message(header[idx])));
        }
      }
      targets.push_back(std::move(target));
    }
    if (rows == 0) throw data_error(fmt::format("{}: no population figures below the header", path));
  }
  if (method == WeightingMethod::poststratify) {
    int tables = 0;
    for (const auto& target : targets) tables = std::max(tables, target.table + 1);
    if (tables != 1)
      throw data_error(fmt::format("{}: post-stratification takes one table of cells (one column per variable and "
                                   "a population column); for separate margins use --method rake",
                                   paths.front()));
  }
  return targets;
}

std::vector<std::string> target_variables(const std::vector<survey::WeightTarget>& targets) {
  std::vector<std::string> names;
  for (const auto& target : targets)
    for (const auto& name : target.variables)
      if (name != "_total" && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  return names;
}

WeightingProblem build_problem(WeightingMethod method, const std::vector<survey::WeightTarget>& targets,
                               const std::vector<CollapseRule>& collapse, const survey::Questionnaire& questionnaire,
                               const std::function<const survey::Column&(const std::string&)>& column_of) {
  WeightingProblem problem;
  problem.method = method;
  std::map<std::string, int> variable_index;
  // Frame values of numeric variables used as categories, in order of appearance.
  std::map<std::string, std::vector<double>> numeric_levels;
  for (const auto& target : targets) {
    if (target.kind != "cell") continue;
    for (std::size_t idx = 0; idx < target.variables.size(); ++idx) {
      const std::string& name = target.variables[idx];
      const survey::Variable* variable = questionnaire.find_variable(name);
      if (!variable)
        throw data_error(fmt::format("{}: unknown variable {}; 'ankieta codebook' lists them", target.origin, survey::quote_for_message(name)));
      if (variable->kind == survey::VariableKind::numeric) {
        auto value = survey::parse_number(target.values[idx]);
        if (!value) throw data_error(fmt::format("{}: '{}' is numeric; {} is not a number", target.origin, name, survey::quote_for_message(target.values[idx])));
        auto& levels = numeric_levels[name];
        if (std::find(levels.begin(), levels.end(), *value) == levels.end()) levels.push_back(*value);
      } else if (variable->kind != survey::VariableKind::categorical) {
        throw data_error(fmt::format("{}: '{}' is a {} variable; weighting cells need single-choice or numeric variables",
                                     target.origin, name, variable->kind == survey::VariableKind::text ? "text" : "date"));
      }
      variable_index.try_emplace(name, -1);
    }
  }
  // The data's categories.
  for (auto& [name, index] : variable_index) {
    const survey::Column& column = column_of(name);
    const survey::Variable& variable = *column.variable;
    WeightingVariable out;
    out.name = name;
    out.codes.assign(column.variable->kind == survey::VariableKind::numeric ? column.numbers.size() : column.codes.size(), -1);
    if (variable.kind == survey::VariableKind::categorical) {
      for (const auto& value : variable.values) out.labels.push_back(value.code.text);
      for (std::size_t row = 0; row < column.codes.size(); ++row) {
        const std::int32_t code = column.codes[row];
        out.codes[row] = code >= 0 && static_cast<std::size_t>(code) < variable.first_missing_value ? code : -1;
      }
    } else {
      std::vector<double> levels = numeric_levels[name];
      for (double level : levels) out.labels.push_back(survey::format_number(level));
      const survey::Question& question = questionnaire.questions[variable.question_index];
      for (std::size_t row = 0; row < column.numbers.size(); ++row) {
        const double value = column.numbers[row];
        if (std::isnan(value)) continue;
        bool missing = false;
        for (const auto& code : question.missing) missing = missing || (code.code.number && *code.code.number == value);
        if (missing) continue;
        auto it = std::find(levels.begin(), levels.end(), value);
        if (it == levels.end()) {
          levels.push_back(value);
          out.labels.push_back(survey::format_number(value));
          it = levels.end() - 1;
        }
        out.codes[row] = static_cast<std::int32_t>(it - levels.begin());
      }
      numeric_levels[name] = levels;
    }
    index = static_cast<int>(problem.variables.size());
    problem.variables.push_back(std::move(out));
  }
  auto category_of = [&](const WeightingVariable& variable, const std::string& value, const std::string& origin) {
    for (std::size_t idx = 0; idx < variable.labels.size(); ++idx)
      if (variable.labels[idx] == value) return static_cast<std::int32_t>(idx);
    auto number = survey::parse_number(value);
    if (number)
      for (std::size_t idx = 0; idx < variable.labels.size(); ++idx) {
        auto label = survey::parse_number(variable.labels[idx]);
        if (label && *label == *number) return static_cast<std::int32_t>(idx);
      }
    throw data_error(fmt::format("{}: '{}' has no value {}; its values are {}", origin, variable.name, survey::quote_for_message(value),
                                 fmt::join(variable.labels, ", ")));
  };
  // --collapse: category FROM becomes TO.
  std::map<int, std::vector<std::int32_t>> remap;
  for (const CollapseRule& rule : collapse) {
    auto it = variable_index.find(rule.variable);
    if (it == variable_index.end())
      throw usage_error(fmt::format("--collapse {}={}:{}: '{}' is not a variable of the frame", rule.variable, rule.from,
                                    rule.to, rule.variable));
    WeightingVariable& variable = problem.variables[static_cast<std::size_t>(it->second)];
    auto& map = remap[it->second];
    if (map.empty())
      for (std::size_t idx = 0; idx < variable.labels.size(); ++idx) map.push_back(static_cast<std::int32_t>(idx));
    const std::string origin = fmt::format("--collapse {}={}:{}", rule.variable, rule.from, rule.to);
    const std::int32_t from = category_of(variable, rule.from, origin);
    const std::int32_t to = category_of(variable, rule.to, origin);
    for (auto& target : map)
      if (target == from) target = map[static_cast<std::size_t>(to)];
  }
  for (auto& [index, map] : remap)
    for (auto& code : problem.variables[static_cast<std::size_t>(index)].codes)
      if (code >= 0) code = map[static_cast<std::size_t>(code)];

  // Tables of cells, duplicates made by --collapse merged.
  std::map<int, PopulationTable> tables;
  for (const auto& target : targets) {
    if (target.kind == "size") {
      problem.population_size = target.population;
    } else if (target.kind == "total") {
      const std::string& name = target.variables.front();
      const survey::Variable* variable = questionnaire.find_variable(name);
      if (!variable)
        throw data_error(fmt::format("{}: unknown variable {}; 'ankieta codebook' lists them", target.origin, survey::quote_for_message(name)));
      if (variable->kind != survey::VariableKind::numeric)
        throw data_error(fmt::format("{}: '{}' is not numeric; give a value for each of its categories instead of a total",
                                     target.origin, name));
      const survey::Column& column = column_of(name);
      std::vector<double> values = column.numbers;
      const survey::Question& question = questionnaire.questions[variable->question_index];
      for (double& value : values)
        for (const auto& code : question.missing)
          if (code.code.number && *code.code.number == value) value = std::nan("");
      problem.numeric_totals.push_back({name, std::move(values), target.population, target.origin});
    } else {
      PopulationTable& table = tables[target.table];
      if (table.variables.empty()) {
        for (const auto& name : target.variables) table.variables.push_back(variable_index.at(name));
        table.origin = target.origin.substr(0, target.origin.rfind(':'));
      }
      PopulationCell cell;
      cell.population = target.population;
      cell.origin = target.origin;
      for (std::size_t idx = 0; idx < target.variables.size(); ++idx) {
        const int variable = table.variables[idx];
        std::int32_t category = category_of(problem.variables[static_cast<std::size_t>(variable)], target.values[idx], target.origin);
        cell.categories.push_back(category);
      }
      for (const auto& existing : table.cells)
        if (existing.categories == cell.categories)
          throw data_error(fmt::format("{}: this cell is given already at {}; give each cell once", cell.origin, existing.origin));
      for (std::size_t idx = 0; idx < cell.categories.size(); ++idx) {
        auto it = remap.find(table.variables[idx]);
        if (it != remap.end()) cell.categories[idx] = it->second[static_cast<std::size_t>(cell.categories[idx])];
      }
      table.cells.push_back(std::move(cell));
    }
  }
  for (auto& [index, table] : tables) {
    std::vector<PopulationCell> merged;
    for (auto& cell : table.cells) {
      auto it = std::find_if(merged.begin(), merged.end(), [&](const PopulationCell& m) { return m.categories == cell.categories; });
      if (it == merged.end()) {
        merged.push_back(cell);
      } else {
        it->population += cell.population;
        it->origin += "+" + cell.origin.substr(cell.origin.rfind(':') + 1);
      }
    }
    table.cells = std::move(merged);
    problem.tables.push_back(std::move(table));
  }
  return problem;
}

namespace {

std::string number_text(double value) { return fmt::format("{}", value); }

double number_of(const survey::WeightSet& set, const std::string& key, double fallback) {
  const std::string text = set.parameter(key);
  if (text.empty()) return fallback;
  if (text == "inf") return std::numeric_limits<double>::infinity();
  if (text == "-inf") return -std::numeric_limits<double>::infinity();
  auto value = survey::parse_number(text);
  if (!value) throw data_error(fmt::format("weight set '{}': parameter {} '{}' is damaged", set.name, key, text));
  return *value;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> weighting_parameters(const WeightingOptions& options,
                                                                      const std::vector<CollapseRule>& collapse) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("tolerance", number_text(options.tolerance));
  out.emplace_back("max_iter", std::to_string(options.max_iter));
  out.emplace_back("calfun", options.calfun == CalibrationFunction::logit ? "logit" : "linear");
  out.emplace_back("bounds_lower", number_text(options.lower));
  out.emplace_back("bounds_upper", number_text(options.upper));
  out.emplace_back("calibrate_max_iter", std::to_string(options.calibrate_max_iter));
  out.emplace_back("epsilon", number_text(options.epsilon));
  if (options.trim_low) out.emplace_back("trim_low", number_text(*options.trim_low));
  if (options.trim_high) out.emplace_back("trim_high", number_text(*options.trim_high));
  std::vector<std::string> rules;
  for (const auto& rule : collapse) rules.push_back(fmt::format("{}={}:{}", rule.variable, rule.from, rule.to));
  if (!rules.empty()) out.emplace_back("collapse", fmt::format("{}", fmt::join(rules, "\t")));
  return out;
}

WeightingOptions weighting_options(const survey::WeightSet& set) {
  WeightingOptions options;
  options.tolerance = number_of(set, "tolerance", options.tolerance);
  options.max_iter = static_cast<int>(number_of(set, "max_iter", options.max_iter));
  options.calfun = set.parameter("calfun") == "logit" ? CalibrationFunction::logit : CalibrationFunction::linear;
  options.lower = number_of(set, "bounds_lower", options.lower);
  options.upper = number_of(set, "bounds_upper", options.upper);
  options.calibrate_max_iter = static_cast<int>(number_of(set, "calibrate_max_iter", options.calibrate_max_iter));
  options.epsilon = number_of(set, "epsilon", options.epsilon);
  if (!set.parameter("trim_low").empty()) options.trim_low = number_of(set, "trim_low", 0);
  if (!set.parameter("trim_high").empty()) options.trim_high = number_of(set, "trim_high", 0);
  return options;
}

std::vector<CollapseRule> collapse_rules(const survey::WeightSet& set) {
  std::vector<CollapseRule> rules;
  std::string text = set.parameter("collapse");
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t tab = text.find('\t', start);
    rules.push_back(parse_collapse_rule(text.substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return rules;
}

}  // namespace ankieta::analysis
