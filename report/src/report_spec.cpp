#include "ankieta/report/report_spec.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "ankieta/analysis/confidence_interval.hpp"
#include "ankieta/analysis/design.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/expression.hpp"
#include "ankieta/survey/output_file.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"
#include "ankieta/survey/symbols.hpp"
#include "ankieta/survey/text_util.hpp"
#include "ankieta/survey/yaml_document.hpp"

namespace ankieta::report {
namespace {

using survey::DefinitionProblem;
using survey::SourcePosition;

SourcePosition position_of(const YAML::Node& node, SourcePosition fallback = {}) {
  YAML::Mark mark = node.Mark();
  if (mark.line < 0) return fallback;
  return {mark.line + 1, mark.column + 1};
}

struct StatisticName {
  const char* name;
  Statistic statistic;
};
constexpr StatisticName kStatistics[] = {
    {"n", Statistic::n},     {"total", Statistic::total}, {"percent", Statistic::percent}, {"col", Statistic::col},
    {"row", Statistic::row}, {"cell", Statistic::cell},   {"se", Statistic::se},           {"ci", Statistic::ci},
    {"deff", Statistic::deff}, {"mean", Statistic::mean},
};

bool has_kind(const YAML::Node& node) { return node["freq"] || node["crosstab"] || node["means"] || node["change"]; }

const char* kind_name(TableKind kind) {
  switch (kind) {
    case TableKind::freq: return "freq";
    case TableKind::crosstab: return "crosstab";
    case TableKind::means: return "means";
    case TableKind::change: return "change";
  }
  return "";
}

class SpecReader {
 public:
  SpecReader(const std::string& text, const std::string& path) : text_(text), path_(path) {}

  ReportSpec run() {
    ReportSpec spec;
    spec.path = path_;
    // Size, alias expansion, duplicate keys and tabs: the rules every YAML file of ankieta follows.
    survey::YamlDocument document = survey::load_yaml_document(text_);
    for (auto& found : document.problems) problem(found.position, std::move(found.message));
    finish();
    YAML::Node root = document.root;
    if (!root.IsMap()) {
      problem(position_of(root, {1, 1}), "a report spec must be a mapping with keys title and sections");
      finish();
    }
    read_root(root, spec);
    finish();
    return spec;
  }

 private:
  const std::string& text_;
  const std::string& path_;
  std::vector<DefinitionProblem> problems_;

  void problem(SourcePosition position, std::string message) { problems_.push_back({position, std::move(message)}); }

  void finish() {
    if (problems_.empty()) return;
    std::stable_sort(problems_.begin(), problems_.end(), [](const auto& a, const auto& b) {
      return a.position.line != b.position.line ? a.position.line < b.position.line : a.position.column < b.position.column;
    });
    throw data_error(survey::format_problems(problems_, path_));
  }

  // The mark of a quoted scalar points at its opening quote; columns of an expression count from
  // its text.
  SourcePosition text_position(const YAML::Node& node) {
    SourcePosition position = position_of(node);
    if (position.line <= 0) return position;
    std::size_t offset = 0;
    for (int line = 1; line < position.line && offset < text_.size(); ++offset)
      if (text_[offset] == '\n') ++line;
    offset += static_cast<std::size_t>(position.column - 1);
    if (offset < text_.size() && (text_[offset] == '"' || text_[offset] == '\'')) ++position.column;
    return position;
  }

  void check_keys(const YAML::Node& node, std::initializer_list<const char*> allowed, const char* what) {
    for (const auto& entry : node) {
      std::string key = entry.first.Scalar();
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* name) { return key == name; })) {
        std::string list;
        for (const char* name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
        problem(position_of(entry.first), fmt::format("unknown key '{}' in {}; expected one of {}", key, what, list));
      }
    }
  }

  std::string scalar(const YAML::Node& node, const char* key) {
    if (!node.IsScalar()) {
      problem(position_of(node), fmt::format("{} must be a single value", key));
      return "";
    }
    return node.Scalar();
  }

  survey::Text text(const YAML::Node& node, const char* key) {
    survey::Text result;
    if (node.IsScalar()) {
      result.pl = result.en = node.Scalar();
    } else if (node.IsMap()) {
      check_keys(node, {"pl", "en"}, key);
      if (node["pl"]) result.pl = scalar(node["pl"], key);
      if (node["en"]) result.en = scalar(node["en"], key);
    } else {
      problem(position_of(node), fmt::format("{} must be text or {{pl: ..., en: ...}}", key));
    }
    return result;
  }

  double number(const YAML::Node& node, const char* key, double low, double high) {
    std::string value = scalar(node, key);
    auto parsed = survey::parse_number(value);
    if (!parsed || !(*parsed > low && *parsed < high)) {
      problem(position_of(node), fmt::format("{} must be a number between {} and {}, not '{}'", key, survey::format_number(low),
                                             survey::format_number(high), value));
      return low;
    }
    return *parsed;
  }

  std::vector<std::string> names(const YAML::Node& node, const char* key, std::vector<SourcePosition>* positions = nullptr) {
    std::vector<std::string> list;
    if (node.IsSequence()) {
      for (const auto& item : node) {
        list.push_back(scalar(item, key));
        if (positions) positions->push_back(position_of(item));
      }
    } else {
      list.push_back(scalar(node, key));
      if (positions) positions->push_back(position_of(node));
    }
    if (list.empty()) problem(position_of(node), fmt::format("{} needs at least one variable", key));
    return list;
  }

  static bool is_off(const YAML::Node& node) {
    if (!node.IsScalar()) return false;
    const std::string& value = node.Scalar();
    return value == "off" || value == "false" || value == "no";
  }
  static bool is_on(const YAML::Node& node) {
    if (!node.IsScalar()) return false;
    const std::string& value = node.Scalar();
    return value == "on" || value == "true" || value == "yes";
  }

  bool flag(const YAML::Node& node, const char* key) {
    if (is_on(node)) return true;
    if (!is_off(node)) problem(position_of(node), fmt::format("{} must be true or false, not '{}'", key, node.IsScalar() ? node.Scalar() : "a list"));
    return false;
  }

  // nets: [top2, bottom2, {label: ..., codes: [1, 2]}] (analysis/nets.hpp).
  void read_nets(const YAML::Node& node, TableSpec& table) {
    table.nets_position = position_of(node);
    if (!node.IsSequence()) {
      problem(position_of(node), "nets must be a list of top2, bottom2 or {label: ..., codes: [...]}");
      return;
    }
    for (const auto& item : node) {
      analysis::NetSpec net;
      if (item.IsScalar() && (item.Scalar() == "top2" || item.Scalar() == "bottom2")) {
        net.box = item.Scalar() == "top2" ? analysis::NetSpec::Box::top2 : analysis::NetSpec::Box::bottom2;
      } else if (item.IsMap()) {
        check_keys(item, {"label", "codes", "box"}, "a net");
        if (item["label"]) net.label = text(item["label"], "net label");
        if (item["box"]) {
          const std::string box = scalar(item["box"], "net box");
          if (box == "top2") net.box = analysis::NetSpec::Box::top2;
          else if (box == "bottom2") net.box = analysis::NetSpec::Box::bottom2;
          else problem(position_of(item["box"]), fmt::format("unknown net box '{}'; expected top2 or bottom2", box));
        } else if (!item["codes"] || !item["codes"].IsSequence() || item["codes"].size() == 0) {
          problem(position_of(item), "a net needs codes: [...] (the answers it takes together) or box: top2|bottom2");
        } else {
          for (const auto& code : item["codes"]) net.codes.push_back(scalar(code, "net code"));
        }
        if (net.box == analysis::NetSpec::Box::none && net.label.pl.empty() && net.label.en.empty())
          problem(position_of(item), "a net needs a label");
      } else {
        problem(position_of(item), "a net is top2, bottom2 or {label: ..., codes: [...]}");
        continue;
      }
      table.nets.push_back(std::move(net));
    }
  }

  // `disclosure: off`, or a mapping of the rules (docs/disclosure.md), each key optional.
  void read_disclosure(const YAML::Node& node, ReportSpec& spec) {
    analysis::DisclosureRules& rules = spec.disclosure;
    if (is_off(node)) {
      rules.enabled = false;
      return;
    }
    if (is_on(node)) return;
    if (!node.IsMap()) {
      problem(position_of(node), "disclosure must be off or a mapping of rules (threshold, dominance, p_rule, holding, secondary, reliability, cv_caution, cv_suppress)");
      return;
    }
    check_keys(node, {"threshold", "dominance", "p_rule", "holding", "secondary", "reliability", "cv_caution", "cv_suppress"}, "disclosure");
    if (node["threshold"]) {
      if (is_off(node["threshold"])) rules.threshold = 0;
      else rules.threshold = static_cast<int>(number(node["threshold"], "disclosure threshold", -1, 1001));
      if (rules.threshold != std::floor(rules.threshold)) problem(position_of(node["threshold"]), "disclosure threshold must be a whole number of firms");
    }
    if (const YAML::Node dominance = node["dominance"]) {
      if (is_off(dominance)) {
        rules.dominance = false;
      } else if (dominance.IsSequence() && dominance.size() == 2) {
        const double n = number(dominance[0], "disclosure dominance n", 0, 1001);
        rules.dominance_n = static_cast<int>(n);
        if (n != std::floor(n)) problem(position_of(dominance[0]), "disclosure dominance n must be a whole number of firms");
        rules.dominance_k = number(dominance[1], "disclosure dominance k (percent)", 0, 100.0000001);
      } else {
        problem(position_of(dominance), "disclosure dominance must be [n, k] (the n largest firms above k% of a cell, e.g. [1, 75]) or off");
      }
    }
    if (node["p_rule"]) {
      if (is_off(node["p_rule"])) rules.p_rule = false;
      else rules.p = number(node["p_rule"], "disclosure p_rule (percent)", 0, 100.0000001);
    }
    if (node["holding"]) {
      rules.holding = scalar(node["holding"], "disclosure holding");
      spec.holding_position = position_of(node["holding"]);
    }
    if (node["secondary"]) rules.secondary = flag(node["secondary"], "disclosure secondary");
    if (node["reliability"] && flag(node["reliability"], "disclosure reliability")) rules.reliability = analysis::ReliabilityRule::nchs;
    if (node["cv_caution"]) rules.cv_caution = number(node["cv_caution"], "disclosure cv_caution (percent)", 0, 1000.0000001) / 100;
    if (node["cv_suppress"]) rules.cv_suppress = number(node["cv_suppress"], "disclosure cv_suppress (percent)", 0, 1000.0000001) / 100;
    if (rules.cv_suppress < rules.cv_caution) problem(position_of(node), "disclosure cv_suppress must not be below cv_caution");
    if (rules.threshold == 0 && !rules.dominance && !rules.p_rule) rules.enabled = false;
  }

  void read_root(const YAML::Node& root, ReportSpec& spec) {
    check_keys(root, {"title", "subtitle", "author", "language", "weights", "weight", "where", "wave", "strata", "clusters", "fpc",
                      "lonely_psu", "ci_method", "ci_level", "sig_level", "small_base", "disclosure", "sections"},
               "the report");
    if (root["title"]) spec.title = text(root["title"], "title");
    else problem({1, 1}, "a report spec needs a 'title'");
    if (root["subtitle"]) spec.subtitle = text(root["subtitle"], "subtitle");
    if (root["author"]) spec.author = scalar(root["author"], "author");
    if (root["language"]) {
      std::string language = scalar(root["language"], "language");
      if (language == "pl") spec.language = survey::Language::pl;
      else if (language == "en") spec.language = survey::Language::en;
      else problem(position_of(root["language"]), fmt::format("unknown language '{}'; expected pl or en", language));
    }
    for (const char* key : {"weights", "weight"}) {
      if (!root[key]) continue;
      spec.weights = scalar(root[key], key);
      spec.weights_position = position_of(root[key]);
    }
    if (root["where"]) {
      spec.where = scalar(root["where"], "where");
      spec.where_position = text_position(root["where"]);
    }
    if (root["wave"]) spec.wave = static_cast<std::int64_t>(number(root["wave"], "wave", 0, 1e9));
    read_design(root, spec);
    if (root["ci_level"]) spec.ci_level = number(root["ci_level"], "ci_level", 0, 1);
    if (root["sig_level"]) spec.sig_level = number(root["sig_level"], "sig_level", 0, 1);
    if (root["small_base"]) spec.small_base = number(root["small_base"], "small_base", -1, 1e9);
    if (root["disclosure"]) read_disclosure(root["disclosure"], spec);
    const YAML::Node sections = root["sections"];
    if (!sections || !sections.IsSequence() || sections.size() == 0) {
      problem(sections ? position_of(sections) : SourcePosition{1, 1}, "a report spec needs 'sections', a non-empty list");
      return;
    }
    for (const auto& node : sections) {
      SectionSpec section;
      section.position = position_of(node);
      if (!node.IsMap()) {
        problem(section.position, "a section must be a mapping with title and tables");
        continue;
      }
      check_keys(node, {"title", "intro", "tables"}, "a section");
      if (node["title"]) section.title = text(node["title"], "title");
      else problem(section.position, "a section needs a 'title'");
      if (node["intro"]) section.intro = text(node["intro"], "intro");
      const YAML::Node tables = node["tables"];
      if (!tables || !tables.IsSequence() || tables.size() == 0) {
        problem(tables ? position_of(tables) : section.position, "a section needs 'tables', a non-empty list");
      } else {
        for (const auto& table_node : tables) read_table(table_node, section);
      }
      spec.sections.push_back(std::move(section));
    }
  }

  // The design choices of the analysis commands' options; their values are checked by the same
  // functions, so the spec accepts exactly what --lonely-psu and --ci-method accept.
  void read_design(const YAML::Node& root, ReportSpec& spec) {
    auto list = [&](const char* key, std::optional<std::vector<std::string>>& out, SourcePosition& position) {
      const YAML::Node node = root[key];
      if (!node) return;
      out.emplace();
      position = position_of(node);
      if (node.IsNull()) return;  // `strata:` or `strata: []`: none
      if (node.IsSequence() && node.size() == 0) return;
      *out = names(node, key);
    };
    list("strata", spec.strata, spec.strata_position);
    list("clusters", spec.clusters, spec.clusters_position);
    list("fpc", spec.fpc, spec.fpc_position);
    auto choice = [&](const char* key, std::string& out, auto parse) {
      if (!root[key]) return;
      out = scalar(root[key], key);
      try {
        parse(out);
      } catch (const Error& error) {
        problem(position_of(root[key]), fmt::format("{}: {}", key, error.what()));
      }
    };
    choice("lonely_psu", spec.lonely_psu, [](const std::string& name) { analysis::parse_lonely_psu(name); });
    choice("ci_method", spec.ci_method, [](const std::string& name) { analysis::parse_ci_method(name); });
  }

  void read_table(const YAML::Node& node, SectionSpec& section) {
    TableSpec table;
    table.position = position_of(node);
    if (!node.IsMap()) {
      problem(table.position, "a table must be a mapping such as {freq: q06_revenue_trend}");
      return;
    }
    static const std::initializer_list<const char*> kOptions = {"title", "where", "by", "statistics", "chart", "sort", "top", "wave", "waves", "nets"};
    int kinds = 0;
    for (const auto& entry : node) {
      std::string key = entry.first.Scalar();
      if (key == "freq" || key == "crosstab" || key == "means" || key == "change") {
        ++kinds;
        table.kind = key == "freq"       ? TableKind::freq
                     : key == "crosstab" ? TableKind::crosstab
                     : key == "means"    ? TableKind::means
                                         : TableKind::change;
        table.variable_position = position_of(entry.second);
        table.variables = names(entry.second, key.c_str(), &table.variable_positions);
        if (kinds > 1) problem(position_of(entry.first), fmt::format("a table has one kind; '{}' follows another", key));
      } else if (std::none_of(kOptions.begin(), kOptions.end(), [&](const char* name) { return key == name; })) {
        problem(position_of(entry.first),
                fmt::format("unknown {} '{}'; expected {}", kinds || has_kind(node) ? "table key" : "table kind", key,
                            kinds || has_kind(node) ? "title, where, by, statistics, chart, sort, top, wave or waves"
                                                    : "freq, crosstab, means or change"));
        ++kinds;  // reported: no second message for the missing kind
      }
    }
    if (kinds == 0) {
      problem(table.position, "a table needs a kind: freq, crosstab, means or change");
      return;
    }
    if (node["title"]) table.title = text(node["title"], "title");
    if (node["where"]) {
      table.where = scalar(node["where"], "where");
      table.where_position = text_position(node["where"]);
    }
    if (node["by"]) {
      table.by_position = position_of(node["by"]);
      table.by = names(node["by"], "by", &table.by_positions);
      if (table.kind == TableKind::freq) problem(table.by_position, "'by' applies to crosstab and means tables; freq is one-way");
      if (table.kind == TableKind::means && table.by.size() > 1)
        problem(table.by_position, "means takes one 'by' variable");
    } else if (table.kind == TableKind::crosstab) {
      problem(table.position, "a crosstab needs 'by', a list of column variables (the banner)");
    }
    if (table.kind != TableKind::means && table.variables.size() > 1)
      problem(table.variable_position, fmt::format("{} takes one variable; list several tables instead", kind_name(table.kind)));
    if (table.kind == TableKind::change && table.by.size() > 1)
      problem(table.by_position, "a change table takes one 'by' variable: the change within each of its categories");
    if (node["wave"]) {
      table.wave_position = position_of(node["wave"]);
      table.wave = static_cast<std::int64_t>(number(node["wave"], "wave", 0, 1e9));
      if (table.kind == TableKind::change) problem(table.wave_position, "a change table compares waves: give them with 'waves', e.g. waves: [1, 2]");
    }
    if (node["waves"]) {
      table.waves_position = position_of(node["waves"]);
      if (table.kind != TableKind::change) problem(table.waves_position, "'waves' applies to change tables; a table of one wave takes 'wave'");
      for (const auto& name : names(node["waves"], "waves")) {
        auto wave = survey::parse_number(name);
        if (!wave || *wave != std::floor(*wave) || *wave < 1 || *wave > 1e9) {
          problem(table.waves_position, fmt::format("waves: '{}' is not a wave number; expected whole numbers such as [1, 2]", name));
          continue;
        }
        table.waves.push_back(static_cast<std::int64_t>(*wave));
      }
      std::sort(table.waves.begin(), table.waves.end());
      if (std::adjacent_find(table.waves.begin(), table.waves.end()) != table.waves.end())
        problem(table.waves_position, "waves names a wave twice");
      else if (table.kind == TableKind::change && table.waves.size() == 1)
        problem(table.waves_position, "a change needs at least two waves, e.g. waves: [1, 2]");
    }
    if (node["statistics"]) {
      for (const auto& name : names(node["statistics"], "statistics")) {
        const StatisticName* found = std::find_if(std::begin(kStatistics), std::end(kStatistics),
                                                  [&](const StatisticName& s) { return name == s.name; });
        if (found == std::end(kStatistics)) {
          problem(position_of(node["statistics"]),
                  fmt::format("unknown statistic '{}'; expected n, total, percent, col, row, cell, se, ci, deff or mean", name));
          continue;
        }
        table.statistics.push_back(found->statistic);
      }
      if (table.kind == TableKind::change &&
          std::any_of(table.statistics.begin(), table.statistics.end(), [](Statistic s) { return s != Statistic::total; }))
        problem(position_of(node["statistics"]), "a change table shows means or shares with their changes; statistics: [total] adds the totals");
    }
    if (node["chart"]) {
      std::string chart = scalar(node["chart"], "chart");
      if (chart == "bar") table.chart = ChartKind::bar;
      else if (chart == "stacked") table.chart = ChartKind::stacked;
      else if (chart == "dot") table.chart = ChartKind::dot;
      else if (chart == "none") table.chart = ChartKind::none;
      else problem(position_of(node["chart"]), fmt::format("unknown chart '{}'; expected bar, stacked, dot or none", chart));
    }
    if (node["sort"]) {
      std::string sort = scalar(node["sort"], "sort");
      if (sort == "desc" || sort == "descending") table.sort_descending = true;
      else if (sort != "none") problem(position_of(node["sort"]), fmt::format("unknown sort '{}'; expected desc or none", sort));
    }
    if (node["top"]) table.top = static_cast<int>(number(node["top"], "top", 0, 1000));
    if (node["nets"]) read_nets(node["nets"], table);
    section.tables.push_back(std::move(table));
  }
};

}  // namespace

ReportSpec parse_report_spec(const std::string& text, const std::string& path) { return SpecReader(text, path).run(); }

ReportSpec load_report_spec(const std::string& path) {
  survey::protect_input(path);  // no output of this command may replace it
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(ErrorKind::missing_input, fmt::format("{}: cannot read the report spec", path));
  std::stringstream text;
  text << file.rdbuf();
  return parse_report_spec(text.str(), path);
}

void check_report_spec(const ReportSpec& spec, const survey::Questionnaire& q) {
  std::vector<DefinitionProblem> problems;
  auto problem = [&](SourcePosition position, std::string message) { problems.push_back({position, std::move(message)}); };
  std::vector<survey::SymbolInfo> symbols = survey::make_symbols(q);
  auto check_where = [&](const std::string& where, SourcePosition position) {
    if (where.empty()) return;
    try {
      auto expression = survey::Expression::parse(where);
      expression->bind(survey::make_symbol_lookup(q, symbols));
    } catch (const survey::ExpressionError& error) {
      problem({position.line, position.column + error.column() - 1}, fmt::format("where: {}", error.what()));
    }
  };
  check_where(spec.where, spec.where_position);
  if (const std::string& holding = spec.disclosure.holding; !holding.empty()) {
    const survey::Variable* variable = q.find_variable(holding);
    if (!variable)
      problem(spec.holding_position, fmt::format("disclosure holding: unknown variable '{}'; 'ankieta codebook' lists them", holding));
    else if (variable->kind == survey::VariableKind::date)
      problem(spec.holding_position, fmt::format("disclosure holding '{}' must be a single-choice, numeric or text variable holding the holding's id", holding));
  }
  auto design = [&](const std::optional<std::vector<std::string>>& names, SourcePosition position, const char* key) {
    if (!names) return;
    for (const auto& name : *names) {
      if (q.find_variable(name)) continue;
      // No position: the list came from the command line (--strata ...), which overrides the spec.
      if (position.line <= 0)
        throw usage_error(fmt::format("--{}: unknown variable '{}'; 'ankieta codebook' lists them", key, name));
      problem(position, fmt::format("{}: unknown variable '{}'; 'ankieta codebook' lists them", key, name));
    }
  };
  design(spec.strata, spec.strata_position, "strata");
  design(spec.clusters, spec.clusters_position, "clusters");
  design(spec.fpc, spec.fpc_position, "fpc");
  auto categorical = [&](const std::string& name, SourcePosition position, const char* role) {
    const survey::Variable* variable = q.find_variable(name);
    const survey::Question* question = variable ? nullptr : q.find_question(name);
    if (question) {  // a multi or grid question's id: its items are the variables
      std::vector<std::string> items;
      for (const auto& item : q.variables)
        if (&q.questions[item.question_index] == question) items.push_back(item.name);
      problem(position, fmt::format("{} '{}' is a {} question; it needs a single-choice or scale variable: use one of its "
                                    "items ({})", role, name, survey::to_string(question->type), fmt::join(items, ", ")));
      return;
    }
    if (!variable) {
      problem(position, fmt::format("unknown variable '{}' ({}); 'ankieta codebook' lists them", name, role));
      return;
    }
    if (variable->kind != survey::VariableKind::categorical)
      problem(position, fmt::format("{} '{}' is a {} question; it needs a single-choice or scale variable", role, name,
                                    survey::to_string(q.questions[variable->question_index].type)));
  };
  // `by: [wave]` shows every wave that asks the table's variables; a crosstab may nest the waves in
  // the categories of one other variable (`by: [wave, COL]`).
  auto check_by_wave = [&](const TableSpec& table) {
    if (q.find_variable("wave")) return false;
    auto found = std::find(table.by.begin(), table.by.end(), "wave");
    if (found == table.by.end()) return false;
    const std::size_t at = static_cast<std::size_t>(found - table.by.begin());
    if (table.by.size() > 2 || (table.by.size() == 2 && table.kind != TableKind::crosstab))
      problem(table.by_positions[at], table.kind == TableKind::crosstab
                                          ? "by: [wave, COL] takes one other variable: the waves side by side within each of its categories"
                                          : "by: [wave] puts the waves side by side on its own in a means table");
    else if (table.by.size() == 2)
      categorical(table.by[1 - at], table.by_positions[1 - at], "banner column");
    if (table.wave) problem(table.wave_position, "by: [wave] shows every wave that asks the question: leave out 'wave'");
    return true;
  };
  for (const auto& section : spec.sections) {
    for (const auto& table : section.tables) {
      check_where(table.where, table.where_position);
      // A means table by wave is checked below as any means table (its `by` apart).
      if (!table.nets.empty()) {
        const survey::Variable* variable = q.find_variable(table.variables.front());
        const survey::Question* question = q.find_question(table.variables.front());
        const bool multi = (table.kind == TableKind::freq || table.kind == TableKind::crosstab) && !by_wave(table, q) && question &&
                           question->type == survey::QuestionType::multi;
        const bool fits = multi || ((table.kind == TableKind::freq || table.kind == TableKind::crosstab) && !by_wave(table, q) && variable &&
                                    variable->kind == survey::VariableKind::categorical);
        if (!fits) {
          problem(table.nets_position,
                  "nets are rows of a freq or crosstab table of a single-choice, scale or multiple-response question (not by wave)");
        } else {
          try {
            if (multi) analysis::resolve_option_nets(*question, table.nets);
            else analysis::resolve_nets(*variable, table.nets);
          } catch (const Error& error) {
            problem(table.nets_position, error.what());
          }
        }
      }
      if (table.kind == TableKind::crosstab && check_by_wave(table)) {
        const survey::Question* question = q.find_question(table.variables.front());
        if (!question || question->type != survey::QuestionType::multi)
          categorical(table.variables.front(), table.variable_positions.front(), "crosstab row");
        continue;
      }
      switch (table.kind) {
        case TableKind::change: {
          if (!table.by.empty()) {
            if (table.by.front() == "wave" && !q.find_variable("wave"))
              problem(table.by_positions.front(), "a change table compares waves already: 'by' names a variable to compare within");
            else
              categorical(table.by.front(), table.by_positions.front(), "change by");
          }
          const std::string& name = table.variables.front();
          const survey::Question* question = q.find_question(name);
          if (question && question->type == survey::QuestionType::multi) break;
          const survey::Variable* variable = q.find_variable(name);
          if (!variable) {
            problem(table.variable_positions.front(), fmt::format("unknown variable '{}' (change); 'ankieta codebook' lists them", name));
          } else if (variable->kind == survey::VariableKind::text) {
            problem(table.variable_positions.front(), fmt::format("change '{}' is a text question; a change takes numeric, scale, "
                                                                  "single-choice and multiple-response questions", name));
          }
          break;
        }
        case TableKind::freq: {
          const std::string& name = table.variables.front();
          const survey::Question* question = q.find_question(name);
          if (question && (question->type == survey::QuestionType::multi || question->type == survey::QuestionType::grid)) break;
          categorical(name, table.variable_positions.front(), "freq");
          break;
        }
        case TableKind::crosstab: {
          const survey::Question* question = q.find_question(table.variables.front());
          if (!question || question->type != survey::QuestionType::multi)  // a multi question's id is a row too
            categorical(table.variables.front(), table.variable_positions.front(), "crosstab row");
          for (std::size_t idx = 0; idx < table.by.size(); ++idx) categorical(table.by[idx], table.by_positions[idx], "banner column");
          break;
        }
        case TableKind::means:
          for (std::size_t idx = 0; idx < table.variables.size(); ++idx) {
            const std::string& name = table.variables[idx];
            const survey::Variable* variable = q.find_variable(name);
            if (!variable) {
              problem(table.variable_positions[idx], fmt::format("unknown variable '{}' (means); 'ankieta codebook' lists them", name));
              continue;
            }
            auto type = q.questions[variable->question_index].type;
            bool scored = variable->kind == survey::VariableKind::numeric ||
                          (variable->kind == survey::VariableKind::categorical &&
                           (type == survey::QuestionType::scale || type == survey::QuestionType::grid));
            if (!scored)
              problem(table.variable_positions[idx], fmt::format("means '{}' is a {} question; means takes numeric, scale and grid items", name,
                                                           survey::to_string(type)));
          }
          if (!check_by_wave(table))
            for (std::size_t idx = 0; idx < table.by.size(); ++idx) categorical(table.by[idx], table.by_positions[idx], "means by");
          break;
      }
    }
  }
  if (problems.empty()) return;
  std::stable_sort(problems.begin(), problems.end(), [](const auto& a, const auto& b) {
    return a.position.line != b.position.line ? a.position.line < b.position.line : a.position.column < b.position.column;
  });
  throw data_error(survey::format_problems(problems, spec.path));
}

bool by_wave(const TableSpec& table, const survey::Questionnaire& q) {
  return table.kind != TableKind::change && !q.find_variable("wave") && std::find(table.by.begin(), table.by.end(), "wave") != table.by.end();
}

bool of_one_wave(const TableSpec& table, const survey::Questionnaire& q) { return table.kind != TableKind::change && !by_wave(table, q); }

std::vector<std::string> report_variables(const ReportSpec& spec, const survey::Questionnaire& q, std::optional<std::int64_t> wave) {
  std::vector<std::string> names;
  auto add = [&](const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  auto add_where = [&](const std::string& where) {
    if (where.empty()) return;
    auto expression = survey::Expression::parse(where);  // kept alive: the loop reads its references
    for (const auto& reference : expression->references()) add(reference.name);
  };
  add_where(spec.where);
  if (spec.disclosure.enabled && !spec.disclosure.holding.empty()) add(spec.disclosure.holding);
  for (const auto& section : spec.sections) {
    for (const auto& table : section.tables) {
      if (!of_one_wave(table, q) || table.wave != wave) continue;
      add_where(table.where);
      for (const auto& name : table.variables) {
        const survey::Question* question = q.find_question(name);
        const bool expands = question && (question->type == survey::QuestionType::multi ||
                                           (table.kind == TableKind::freq && question->type == survey::QuestionType::grid));
        if (expands && table.kind != TableKind::means) {
          for (const auto& variable : q.variables)
            if (&q.questions[variable.question_index] == question) add(variable.name);
        } else {
          add(name);
        }
      }
      for (const auto& name : table.by) add(name);
    }
  }
  return names;
}

}  // namespace ankieta::report
