// Reads `derived:` into questions and variables that are computed, not stored. Each entry is one
// of four kinds, told apart by its keys: `recode:` (codes of a categorical variable merged into
// new ones), `bands:` (intervals of a numeric variable), options with `if:` (conditions, the first
// true one wins) and `compute:` (a number from an expression). docs/questionnaire.md has the rules.
#include "derived_definitions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "ankieta/survey/expression.hpp"
#include "ankieta/survey/symbols.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::survey::definition {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::string codes_list(const Variable& variable) {
  std::vector<std::string> codes;
  for (const Option& value : variable.values) codes.push_back(value.code.text);
  return join(codes);
}

// "[0, 10)", "[250, +inf)": the default label of a band.
std::string band_label(double low, double high, bool closed_right) {
  auto bound = [](double value) {
    if (std::isinf(value)) return std::string(value < 0 ? "-inf" : "+inf");
    return format_number(value);
  };
  return fmt::format("{}{}, {}{}", closed_right || std::isinf(low) ? '(' : '[', bound(low), bound(high),
                     closed_right && !std::isinf(high) ? ']' : ')');
}

class DerivedReader {
 public:
  DerivedReader(DefinitionReader& reader, Questionnaire& q) : reader_(reader), q_(q) {}

  void read(const YAML::Node& list) {
    if (!list.IsSequence()) {
      reader_.problem(position_of(list), "derived must be a list of derived variables, each with an id");
      return;
    }
    // Every name first, so that a use of a later one is told apart from a typo.
    for (const auto& entry : list)
      if (entry.IsMap() && entry["id"] && entry["id"].IsScalar())
        defined_at_.emplace(entry["id"].Scalar(), position_of(entry["id"]));
    for (const auto& entry : list) read_one(entry);
  }

 private:
  DefinitionReader& reader_;
  Questionnaire& q_;
  std::map<std::string, SourcePosition, std::less<>> defined_at_;
  std::set<std::string, std::less<>> done_;
  std::string current_;

  void problem(SourcePosition position, std::string message) { reader_.problem(position, std::move(message)); }

  // A variable the entry being read may use, or null after reporting why it cannot.
  const Variable* usable(std::string_view name, SourcePosition position) {
    if (name == current_) {
      problem(position, fmt::format("derived variable '{}' refers to itself", current_));
      return nullptr;
    }
    if (const Variable* variable = q_.find_variable(name)) return variable;
    problem(position, unusable_message(name));
    return nullptr;
  }

  std::string unusable_message(std::string_view name) const {
    const auto later = defined_at_.find(name);
    if (later != defined_at_.end() && !done_.contains(name))
      return fmt::format("'{}' is a derived variable defined later (line {}); a derived variable may use only "
                         "stored variables and derived variables defined before it",
                         name, later->second.line);
    return q_.explain_unknown_variable(name);
  }

  void read_one(const YAML::Node& node) {
    const SourcePosition at = position_of(node);
    if (!node.IsMap()) {
      problem(at, "a derived variable must be a mapping with an id and one of recode, bands, compute, or options with if");
      return;
    }
    reader_.check_keys(node, "a derived variable",
                       {"id", "label", "recode", "bands", "breaks", "closed", "options", "blank", "compute"});
    if (!node["id"]) {
      problem(at, "a derived variable needs an 'id'");
      return;
    }
    const std::string id = reader_.identifier(node["id"], "derived variable id");
    if (id.empty()) return;
    current_ = id;
    if (!check_new_name(id, position_of(node["id"]))) return;

    const bool has_conditions = options_have_conditions(node["options"]);
    const int kinds = (node["recode"] ? 1 : 0) + (node["bands"] ? 1 : 0) + (node["compute"] ? 1 : 0) + (has_conditions ? 1 : 0);
    if (kinds != 1) {
      problem(position_of(node["id"]),
              kinds == 0 ? fmt::format("derived variable '{}' needs one of recode, bands, compute, or options with if", id)
                         : fmt::format("derived variable '{}' must be one of recode, bands, compute or options with if, not several", id));
      return;
    }

    Question question;
    question.id = id;
    question.column = id;
    question.section_id = "_derived";
    question.position = position_of(node["id"]);
    question.type = QuestionType::single;
    question.text = node["label"] ? reader_.text(node["label"], "label") : Text{id, id};
    auto derivation = std::make_shared<Derivation>();
    Variable variable;
    variable.name = id;
    variable.stored = false;
    variable.kind = VariableKind::categorical;
    bool ok = false;
    if (node["recode"]) ok = read_recode(node, question, *derivation);
    else if (node["bands"]) ok = read_bands(node, question, *derivation);
    else if (node["compute"]) ok = read_compute(node, question, *derivation);
    else ok = read_conditions(node, question, *derivation);
    if (!ok) return;
    if (!check_codes(question)) return;

    if (question.type == QuestionType::numeric) {
      variable.kind = VariableKind::numeric;
      variable.storage = StorageType::real;
    } else {
      variable.values = question.options;
      variable.first_missing_value = variable.values.size();
      for (const MissingCode& missing : question.missing) {
        Option value;
        value.code = missing.code;
        value.label = missing.label;
        value.position = missing.position;
        variable.values.push_back(std::move(value));
      }
      variable.storage = storage_for_codes(variable.values);
    }
    variable.label = question.text;
    variable.question_index = q_.questions.size();
    if (!take_waves_of_inputs(question, *derivation)) return;
    question.derivation = std::move(derivation);
    q_.questions.push_back(std::move(question));
    q_.variables.push_back(std::move(variable));
    ++q_.derived_variable_count;
    done_.insert(id);
  }

  // A derived variable is asked in the waves that ask every question it reads (docs/questionnaire.md):
  // elsewhere it is "not asked in this wave", like its inputs.
  bool take_waves_of_inputs(Question& question, const Derivation& derivation) {
    std::vector<const Question*> restricted;
    std::int64_t last_listed = 0;
    for (const auto& input : derivation.inputs) {
      const Variable* variable = q_.find_variable(input);
      if (!variable) continue;
      const Question& source = q_.questions[variable->question_index];
      if (source.waves.empty()) continue;
      restricted.push_back(&source);
      last_listed = std::max(last_listed, source.waves.back());
    }
    if (restricted.empty()) return true;
    auto asked_by_all = [&](std::int64_t wave) {
      return std::all_of(restricted.begin(), restricted.end(), [&](const Question* source) { return source->asked_in_wave(wave); });
    };
    for (std::int64_t wave = 1; wave <= last_listed; ++wave)
      if (asked_by_all(wave)) question.waves.push_back(wave);
    // Beyond the last wave any input lists, an input is asked only if it says "and later" (and
    // then all are asked in that last wave, so it is the last one listed here).
    question.waves_onward = std::all_of(restricted.begin(), restricted.end(), [](const Question* source) { return source->waves_onward; });
    if (question.waves.empty()) {
      problem(question.position, fmt::format("derived variable '{}' reads questions that no wave asks together; it could never "
                                             "have a value", question.id));
      return false;
    }
    return true;
  }

  bool check_new_name(const std::string& id, SourcePosition position) {
    const std::string lower = lowercase_ascii(id);
    for (const Variable& variable : q_.variables) {
      if (lowercase_ascii(variable.name) != lower) continue;
      const Question& owner = q_.questions[variable.question_index];
      problem(position, fmt::format("derived variable '{}' has the name of a variable already defined at line {}; "
                                    "ids are compared without case",
                                    id, owner.position.line));
      return false;
    }
    for (const Question& question : q_.questions) {
      if (lowercase_ascii(question.id) != lower) continue;
      problem(position, fmt::format("derived variable '{}' has the id of question '{}' (line {})", id, question.id,
                                    question.position.line));
      return false;
    }
    return true;
  }

  static bool options_have_conditions(const YAML::Node& options) {
    if (!options || !options.IsSequence()) return false;
    for (const auto& option : options)
      if (option.IsMap() && (option["if"] || option["else"])) return true;
    return false;
  }

  // One option of a derived variable: {value, label} plus the key of its kind (from, if, else).
  bool read_option(const YAML::Node& node, std::initializer_list<std::string_view> keys, Option& option) {
    option.position = position_of(node);
    if (!node.IsMap()) {
      problem(option.position, "an option of a derived variable must be a mapping {value, label, ...}");
      return false;
    }
    reader_.check_keys(node, "an option", keys);
    if (!node["value"]) {
      problem(option.position, "an option needs a 'value'");
      return false;
    }
    option.code = make_code(reader_.scalar(node["value"], "option value"));
    option.position = position_of(node["value"]);
    if (option.code.text.empty()) {
      problem(option.position, "an option value must not be empty");
      return false;
    }
    option.label = node["label"] ? reader_.text(node["label"], "option label") : Text{option.code.text, option.code.text};
    return true;
  }

  // Codes of one list (`from: [1, 2]`, `blank: 9`) as indexes into the source's values.
  std::vector<std::size_t> source_codes(const YAML::Node& node, const Variable& source, std::string_view what) {
    std::vector<std::size_t> found;
    std::vector<YAML::Node> items;
    if (node.IsSequence()) {
      for (const auto& item : node) items.push_back(item);
    } else if (node.IsScalar()) {
      items.push_back(node);
    } else {
      problem(position_of(node), fmt::format("{} must be a code or a list of codes of '{}'", what, source.name));
      return found;
    }
    for (const auto& item : items) {
      const std::string text = reader_.scalar(item, what);
      std::size_t value_idx = 0;
      while (value_idx < source.values.size() && !source.values[value_idx].code.matches(text)) ++value_idx;
      if (value_idx == source.values.size()) {
        problem(position_of(item), fmt::format("{} is not a code of '{}' (its codes are {})", quote_for_message(text),
                                               source.name, codes_list(source)));
        continue;
      }
      found.push_back(value_idx);
    }
    return found;
  }

  bool read_recode(const YAML::Node& node, Question& question, Derivation& derivation) {
    derivation.kind = Derivation::Kind::recode;
    derivation.source = reader_.scalar(node["recode"], "recode");
    derivation.source_position = position_of(node["recode"]);
    for (const char* key : {"breaks", "closed", "compute"})
      if (node[key]) problem(position_of(node[key]), fmt::format("'{}' does not apply to a recode", key));
    const Variable* source = usable(derivation.source, derivation.source_position);
    if (source == nullptr) return false;
    if (source->kind != VariableKind::categorical) {
      problem(derivation.source_position,
              fmt::format("recode applies to a variable with codes; '{}' is {}: use bands for intervals of a number",
                          source->name, source->kind == VariableKind::numeric ? "numeric" : "text or a date"));
      return false;
    }
    if (!node["options"] || !node["options"].IsSequence() || node["options"].size() == 0) {
      problem(position_of(node["id"]), fmt::format("recode '{}' needs options, each with the codes of '{}' it takes in from:",
                                                   question.id, source->name));
      return false;
    }
    constexpr int unmapped = -2, blank = -1;
    derivation.value_map.assign(source->values.size(), unmapped);
    std::vector<SourcePosition> mapped_at(source->values.size());
    auto map = [&](const std::vector<std::size_t>& codes, int target, SourcePosition position) {
      for (std::size_t value_idx : codes) {
        if (derivation.value_map[value_idx] != unmapped) {
          problem(position, fmt::format("code {} of '{}' is mapped twice (also at line {})",
                                        quote_for_message(source->values[value_idx].code.text), source->name,
                                        mapped_at[value_idx].line));
          continue;
        }
        derivation.value_map[value_idx] = target;
        mapped_at[value_idx] = position;
      }
    };
    for (const auto& option_node : node["options"]) {
      Option option;
      if (!read_option(option_node, {"value", "label", "from"}, option)) continue;
      if (!option_node["from"]) {
        problem(option.position, fmt::format("option {} of recode '{}' needs from: the codes of '{}' it takes in",
                                             quote_for_message(option.code.text), question.id, source->name));
        continue;
      }
      map(source_codes(option_node["from"], *source, "from"), static_cast<int>(question.options.size()),
          position_of(option_node["from"]));
      question.options.push_back(std::move(option));
    }
    if (node["blank"]) map(source_codes(node["blank"], *source, "blank"), blank, position_of(node["blank"]));
    // Options left out are an error: a forgotten code would silently become blank. Missing codes
    // left out are kept as they are, as missing codes of the recode.
    std::vector<std::string> forgotten;
    for (std::size_t value_idx = 0; value_idx < source->first_missing_value; ++value_idx)
      if (derivation.value_map[value_idx] == unmapped) forgotten.push_back(source->values[value_idx].code.text);
    if (!forgotten.empty()) {
      problem(derivation.source_position,
              fmt::format("recode '{}' leaves {} {} of '{}' unmapped; add {} to an option's from, or to blank",
                          question.id, forgotten.size() == 1 ? "code" : "codes", join(forgotten), source->name,
                          forgotten.size() == 1 ? "it" : "them"));
      return false;
    }
    for (std::size_t value_idx = source->first_missing_value; value_idx < source->values.size(); ++value_idx) {
      if (derivation.value_map[value_idx] != unmapped) continue;
      const Option& kept = source->values[value_idx];
      derivation.value_map[value_idx] = static_cast<int>(question.options.size() + question.missing.size());
      question.missing.push_back(MissingCode{kept.code, kept.label, kept.position});
    }
    derivation.inputs = {source->name};
    std::vector<std::string> described;
    for (std::size_t option_idx = 0; option_idx < question.options.size(); ++option_idx) {
      std::vector<std::string> from;
      for (std::size_t value_idx = 0; value_idx < source->values.size(); ++value_idx)
        if (derivation.value_map[value_idx] == static_cast<int>(option_idx)) from.push_back(source->values[value_idx].code.text);
      described.push_back(fmt::format("{} from {}", question.options[option_idx].code.text, join(from)));
    }
    derivation.description = fmt::format("recode of {}: {}", source->name, join(described, "; "));
    return true;
  }

  std::optional<double> bound(const YAML::Node& node) {
    if (node.IsScalar()) {
      const std::string text = lowercase_ascii(node.Scalar());
      if (text == "-inf" || text == "-.inf") return -kInfinity;
      if (text == "inf" || text == "+inf" || text == ".inf" || text == "+.inf") return kInfinity;
    }
    return reader_.number(node, "a band bound");
  }

  bool read_bands(const YAML::Node& node, Question& question, Derivation& derivation) {
    derivation.kind = Derivation::Kind::bands;
    derivation.source = reader_.scalar(node["bands"], "bands");
    derivation.source_position = position_of(node["bands"]);
    for (const char* key : {"blank", "compute"})
      if (node[key]) problem(position_of(node[key]), fmt::format("'{}' does not apply to bands", key));
    const Variable* source = usable(derivation.source, derivation.source_position);
    if (source == nullptr) return false;
    if (source->kind != VariableKind::numeric) {
      problem(derivation.source_position,
              fmt::format("bands apply to a numeric variable; '{}' is not numeric{}", source->name,
                          source->kind == VariableKind::categorical ? ": use recode to merge its codes" : ""));
      return false;
    }
    const YAML::Node breaks = node["breaks"];
    if (!breaks || !breaks.IsSequence() || breaks.size() < 2) {
      problem(breaks ? position_of(breaks) : position_of(node["bands"]),
              fmt::format("bands '{}' need breaks: a list of at least two increasing bounds such as [0, 10, 50, 250, inf]", question.id));
      return false;
    }
    bool ordered = true;
    for (const auto& break_node : breaks) {
      const std::optional<double> value = bound(break_node);
      if (!value) return false;
      if (!derivation.breaks.empty() && !(*value > derivation.breaks.back())) {
        problem(position_of(break_node),
                fmt::format("breaks must increase: {} comes after {}; bands may neither overlap nor be out of order",
                            break_node.Scalar(), format_number(derivation.breaks.back())));
        ordered = false;
      }
      derivation.breaks.push_back(*value);
    }
    if (!ordered) return false;
    if (node["closed"]) {
      const std::string closed = reader_.scalar(node["closed"], "closed");
      if (closed == "right") derivation.closed_right = true;
      else if (closed != "left")
        problem(position_of(node["closed"]), fmt::format("closed must be left ([a, b), the default) or right ((a, b]), not {}",
                                                         quote_for_message(closed)));
    }
    const std::size_t band_count = derivation.breaks.size() - 1;
    if (node["options"]) {
      if (!node["options"].IsSequence() || node["options"].size() != band_count) {
        problem(position_of(node["options"]),
                fmt::format("bands '{}' have {} intervals, so options must list {} values with labels", question.id,
                            band_count, band_count));
        return false;
      }
      for (const auto& option_node : node["options"]) {
        Option option;
        if (!read_option(option_node, {"value", "label"}, option)) return false;
        question.options.push_back(std::move(option));
      }
    } else {
      for (std::size_t band = 0; band < band_count; ++band) {
        Option option;
        option.code = make_code(std::to_string(band + 1));
        const std::string label = band_label(derivation.breaks[band], derivation.breaks[band + 1], derivation.closed_right);
        option.label = {label, label};
        option.position = position_of(breaks);
        question.options.push_back(std::move(option));
      }
    }
    // The source's missing codes are kept, so that "refused" stays apart from blank.
    const Question& source_question = q_.questions[source->question_index];
    question.missing = source_question.missing;
    derivation.inputs = {source->name};
    derivation.description = fmt::format("bands of {} (the codes below give each band)", source->name);
    return true;
  }

  // Parses and binds one expression written in `node`, reporting problems at their place in the file.
  std::shared_ptr<Expression> expression(const YAML::Node& node, bool formula, std::string_view what) {
    const std::string text = reader_.scalar(node, what);
    const SourcePosition start = reader_.expression_start(node);
    auto at = [&](int column) { return SourcePosition{start.line, start.column + column - 1}; };
    try {
      std::shared_ptr<Expression> parsed = formula ? Expression::parse_formula(text) : Expression::parse(text);
      for (const auto& reference : parsed->references()) {
        if (reference.name == current_ || (!q_.find_variable(reference.name) && defined_at_.contains(reference.name) &&
                                           !q_.find_question(reference.name))) {
          usable(reference.name, at(reference.column));
          return nullptr;
        }
      }
      const std::vector<SymbolInfo> symbols = make_symbols(q_);
      parsed->bind(make_symbol_lookup(q_, symbols));
      return parsed;
    } catch (const ExpressionError& error) {
      problem(at(error.column()), fmt::format("in {} of '{}': {}", what, current_, error.what()));
      return nullptr;
    }
  }

  static std::vector<std::string> inputs_of(const Expression& expression) {
    std::vector<std::string> inputs;
    for (const auto& reference : expression.references())
      if (std::find(inputs.begin(), inputs.end(), reference.name) == inputs.end()) inputs.push_back(reference.name);
    return inputs;
  }

  bool read_compute(const YAML::Node& node, Question& question, Derivation& derivation) {
    derivation.kind = Derivation::Kind::formula;
    for (const char* key : {"options", "blank", "breaks", "closed"})
      if (node[key]) problem(position_of(node[key]), fmt::format("'{}' does not apply to compute: the result is a number", key));
    question.type = QuestionType::numeric;
    derivation.formula_text = reader_.scalar(node["compute"], "compute");
    derivation.formula_position = reader_.expression_start(node["compute"]);
    derivation.formula = expression(node["compute"], true, "compute");
    if (!derivation.formula) return false;
    derivation.inputs = inputs_of(*derivation.formula);
    derivation.description = fmt::format("= {}", derivation.formula_text);
    return true;
  }

  bool read_conditions(const YAML::Node& node, Question& question, Derivation& derivation) {
    derivation.kind = Derivation::Kind::conditions;
    for (const char* key : {"blank", "breaks", "closed"})
      if (node[key]) problem(position_of(node[key]), fmt::format("'{}' does not apply to conditions", key));
    bool ok = true;
    std::vector<std::string> described;
    const YAML::Node options = node["options"];
    for (std::size_t option_idx = 0; option_idx < options.size(); ++option_idx) {
      const YAML::Node option_node = options[option_idx];
      Option option;
      if (!read_option(option_node, {"value", "label", "if", "else"}, option)) {
        ok = false;
        continue;
      }
      const std::size_t value_idx = question.options.size();
      if (option_node["else"]) {
        if (option_node["if"]) problem(position_of(option_node["else"]), "an option has either if or else, not both");
        else if (!reader_.boolean(option_node["else"], "else"))
          problem(position_of(option_node["else"]), "else must be true; leave it out for an option chosen by if");
        else if (option_idx + 1 != options.size())
          problem(position_of(option_node["else"]), "the else option must come last: the conditions are tried in order");
        else
          derivation.otherwise = value_idx;
        described.push_back(fmt::format("else {}", option.code.text));
      } else if (!option_node["if"]) {
        problem(option.position, fmt::format("option {} of '{}' needs if: a condition, or else: true",
                                             quote_for_message(option.code.text), question.id));
        ok = false;
      } else {
        Derivation::Condition condition;
        condition.text = reader_.scalar(option_node["if"], "if");
        condition.position = reader_.expression_start(option_node["if"]);
        condition.expression = expression(option_node["if"], false, "if");
        condition.value = value_idx;
        if (!condition.expression) ok = false;
        else {
          for (const auto& input : inputs_of(*condition.expression))
            if (std::find(derivation.inputs.begin(), derivation.inputs.end(), input) == derivation.inputs.end())
              derivation.inputs.push_back(input);
          described.push_back(fmt::format("{} if {}", option.code.text, condition.text));
          derivation.conditions.push_back(std::move(condition));
        }
      }
      question.options.push_back(std::move(option));
    }
    derivation.description = join(described, "; ");
    return ok;
  }

  bool check_codes(const Question& question) {
    auto repeated = find_repeated_code(question);
    if (!repeated) return true;
    problem(repeated->position, fmt::format("duplicate value {} in derived variable '{}' (also at line {}){}", quote_for_message(repeated->code->text),
                                            question.id, repeated->first_position.line,
                                            repeated->repeated >= question.options.size() ? "; it is a missing code kept from the source" : ""));
    return false;
  }
};

}  // namespace

void read_derived(DefinitionReader& reader, const YAML::Node& list, Questionnaire& q) {
  DerivedReader(reader, q).read(list);
}

}  // namespace ankieta::survey::definition
