// YAML → Questionnaire. The loader walks the document once, collecting every problem it finds
// (rather than stopping at the first), because a broker fixing a definition wants the whole list.
#include "ankieta/survey/questionnaire_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/expression.hpp"
#include "ankieta/survey/output_file.hpp"
#include "ankieta/survey/sha256.hpp"
#include "ankieta/survey/store.hpp"
#include "ankieta/survey/symbols.hpp"
#include "ankieta/survey/text_util.hpp"
#include "ankieta/survey/yaml_document.hpp"
#include "definition_reader.hpp"
#include "derived_definitions.hpp"

namespace ankieta::survey {
namespace {

using definition::find_repeated_code;
using definition::join;
using definition::position_of;

// A code such as "1" or "E" turned into a piece of a variable name: q10_types_1, q10_types_e.
std::string name_part(std::string_view code) {
  std::string part;
  for (char c : code) {
    unsigned char u = static_cast<unsigned char>(c);
    part += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
  }
  if (code.size() > 0 && code.front() == '-') part = "minus" + part;
  return part;
}

class Loader : public definition::DefinitionReader {
 public:
  Loader(const std::string& text, const std::string& path) : DefinitionReader(text), text_(text), path_(path) {}

  DefinitionCheck run() {
    DefinitionCheck result;
    YamlDocument document = load_yaml_document(text_);
    if (!document.problems.empty()) {
      for (auto& found : document.problems) problem(found.position, std::move(found.message));
      return finish(std::move(result));
    }
    YAML::Node root = document.root;
    try {
      return read(root, result);
    } catch (const TooManyProblems&) {
      return finish(std::move(result));
    }
  }

 private:
  DefinitionCheck read(const YAML::Node& root, DefinitionCheck& result) {
    if (!root.IsMap()) {
      problem(position_of(root, {1, 1}), "a questionnaire must be a mapping with keys id, respondent_id and sections");
      return finish(std::move(result));
    }
    // Every phase runs even after problems, so that one run lists them all.
    read_root(root, result.questionnaire);
    derive_variables(result.questionnaire);
    if (result.questionnaire.variables.size() > max_stored_variables())
      problem({1, 1}, too_many_variables_message(result.questionnaire.variables.size()));
    check_columns(result.questionnaire);
    check_filters(result.questionnaire);
    if (root.IsMap() && root["derived"]) definition::read_derived(*this, root["derived"], result.questionnaire);
    check_design(result.questionnaire);
    result.questionnaire.source_path = path_;
    result.questionnaire.source_text = text_;
    result.questionnaire.source_hash = sha256_hex(text_);
    return finish(std::move(result));
  }

  void read_root(const YAML::Node& root, Questionnaire& q) {
    check_keys(root, "the questionnaire",
               {"id", "version", "languages", "respondent_id", "wave", "title", "description", "design", "sections", "derived"});
    if (root["id"]) {
      q.id = scalar(root["id"], "id");
      if (q.id.empty() && root["id"].IsScalar()) problem(position_of(root["id"]), "id must not be empty");
    }
    else problem({1, 1}, "the questionnaire needs an 'id'");
    if (root["version"]) q.version = scalar(root["version"], "version");
    if (root["title"]) q.title = text(root["title"], "title");
    if (auto languages = root["languages"]) {
      if (!languages.IsSequence()) problem(position_of(languages), "languages must be a list such as [pl, en]");
      else
        for (const auto& language : languages) {
          std::string name = scalar(language, "a language");
          if (name == "pl") q.languages.push_back(Language::pl);
          else if (name == "en") q.languages.push_back(Language::en);
          else problem(position_of(language), fmt::format("unknown language {}; expected pl or en", quote_for_message(name)));
        }
    } else {
      q.languages = {Language::pl, Language::en};
    }
    if (root["respondent_id"]) {
      q.respondent_id = scalar(root["respondent_id"], "respondent_id");
      if (q.respondent_id.empty() && root["respondent_id"].IsScalar())
        problem(position_of(root["respondent_id"]), "respondent_id must not be empty; it names the CSV column holding each respondent's id");
    }
    else problem({1, 1}, "the questionnaire needs 'respondent_id', the CSV column holding each respondent's id");
    if (root["wave"]) q.wave_column = scalar(root["wave"], "wave");
    if (auto design = root["design"]) read_design(design, q.design);
    auto sections = root["sections"];
    if (!sections || !sections.IsSequence() || sections.size() == 0) {
      problem(sections ? position_of(sections) : SourcePosition{1, 1}, "the questionnaire needs 'sections', a list of sections with questions");
      return;
    }
    for (const auto& section : sections) read_section(section, q);
  }

  std::vector<std::string> name_list(const YAML::Node& node, std::string_view what) {
    std::vector<std::string> names;
    if (node.IsSequence()) {
      for (const auto& item : node) names.push_back(scalar(item, what));
    } else if (node.IsScalar()) {
      if (!node.Scalar().empty()) names.push_back(node.Scalar());
    } else if (!node.IsNull()) {
      problem(position_of(node), fmt::format("{} must be a variable name or a list of them", what));
    }
    return names;
  }

  void read_design(const YAML::Node& node, Design& design) {
    design.position = position_of(node);
    if (!node.IsMap()) {
      problem(position_of(node), "design must be a mapping with strata, clusters, weight and fpc");
      return;
    }
    check_keys(node, "design", {"strata", "clusters", "weight", "fpc"});
    if (node["strata"]) {
      design_positions_["strata"] = position_of(node["strata"]);
      strata_ = name_list(node["strata"], "design strata");
    }
    if (node["clusters"]) {
      design_positions_["clusters"] = position_of(node["clusters"]);
      design.clusters = name_list(node["clusters"], "design clusters");
    }
    if (node["weight"]) {
      design_positions_["weight"] = position_of(node["weight"]);
      design.weight = scalar(node["weight"], "design weight");
    }
    if (node["fpc"]) {
      design_positions_["fpc"] = position_of(node["fpc"]);
      design.fpc = name_list(node["fpc"], "design fpc");
    }
    design.strata = strata_;
  }

  void read_section(const YAML::Node& node, Questionnaire& q) {
    if (!node.IsMap()) {
      problem(position_of(node), "a section must be a mapping with id, title and questions");
      return;
    }
    check_keys(node, "a section", {"id", "title", "questions"});
    Section section;
    if (node["id"]) section.id = identifier(node["id"], "section id");
    else problem(position_of(node), "a section needs an 'id'");
    if (node["title"]) section.title = text(node["title"], "section title");
    if (!section.id.empty()) {
      auto [it, inserted] = section_ids_.emplace(section.id, position_of(node["id"]));
      if (!inserted)
        problem(position_of(node["id"]), fmt::format("duplicate section id {} (first defined at line {})", quote_for_message(section.id), it->second.line));
    }
    auto questions = node["questions"];
    if (!questions || !questions.IsSequence() || questions.size() == 0) {
      problem(questions ? position_of(questions) : position_of(node), fmt::format("section {} needs 'questions', a list", quote_for_message(section.id)));
    } else {
      for (const auto& question_node : questions) {
        Question question;
        question.section_id = section.id;
        if (read_question(question_node, question)) {
          section.question_indexes.push_back(q.questions.size());
          q.questions.push_back(std::move(question));
        }
      }
    }
    q.sections.push_back(std::move(section));
  }

  static std::optional<QuestionType> question_type(std::string_view name) {
    static const std::pair<std::string_view, QuestionType> types[] = {
        {"numeric", QuestionType::numeric}, {"single", QuestionType::single}, {"multi", QuestionType::multi},
        {"scale", QuestionType::scale},     {"grid", QuestionType::grid},     {"text", QuestionType::text},
        {"date", QuestionType::date}};
    for (const auto& [type_name, type] : types)
      if (type_name == name) return type;
    return std::nullopt;
  }

  bool read_question(const YAML::Node& node, Question& question) {
    if (!node.IsMap()) {
      problem(position_of(node), "a question must be a mapping with id, type and text");
      return false;
    }
    question.position = position_of(node);
    check_keys(node, "a question",
               {"id", "type", "text", "column", "integer", "min", "max", "missing", "ask_if", "options", "input",
                "separator", "items", "pii", "note", "waves"});
    if (!node["id"]) {
      problem(question.position, "a question needs an 'id'");
      return false;
    }
    question.id = identifier(node["id"], "question id");
    if (question.id.empty()) return false;
    auto [it, inserted] = question_ids_.emplace(lowercase_ascii(question.id), position_of(node["id"]));
    if (!inserted) {
      const std::string& first = question_spellings_[it->first];
      if (first != question.id)
        problem(position_of(node["id"]), fmt::format("duplicate question id: ids are compared without case: '{}' at line {} and '{}' at line {}",
                                                     first, it->second.line, question.id, position_of(node["id"]).line));
      else
        problem(position_of(node["id"]), fmt::format("duplicate question id '{}' (first defined at line {})", question.id, it->second.line));
      return false;
    }
    question_spellings_[it->first] = question.id;

    if (!node["type"]) {
      problem(question.position, fmt::format("question {} needs a 'type': numeric, single, multi, scale, grid, text or date", quote_for_message(question.id)));
      return false;
    }
    std::string type_name = scalar(node["type"], "type");
    auto type = question_type(type_name);
    if (!type) {
      problem(position_of(node["type"]), fmt::format("unknown question type {}; expected numeric, single, multi, scale, grid, text or date", quote_for_message(type_name)));
      return false;
    }
    question.type = *type;
    if (node["text"]) question.text = text(node["text"], "question text");
    else question.text.pl = question.text.en = question.id;
    question.column = node["column"] ? scalar(node["column"], "column") : question.id;

    auto only_for = [&](const char* key, std::initializer_list<QuestionType> types) {
      if (node[key] && std::find(types.begin(), types.end(), question.type) == types.end())
        problem(position_of(node[key]), fmt::format("'{}' does not apply to a {} question", key, to_string(question.type)));
      return node[key] && std::find(types.begin(), types.end(), question.type) != types.end();
    };
    using T = QuestionType;
    if (only_for("integer", {T::numeric})) question.integer = boolean(node["integer"], "integer");
    if (only_for("min", {T::numeric})) question.min = number(node["min"], "min");
    if (only_for("max", {T::numeric})) question.max = number(node["max"], "max");
    if (question.min && question.max && *question.min > *question.max)
      problem(position_of(node["min"]), fmt::format("min {} is greater than max {}", format_number(*question.min), format_number(*question.max)));
    if (question.integer) {
      for (const char* key : {"min", "max"})
        if (node[key]) {
          auto value = parse_number(node[key].Scalar());
          if (value && *value != std::floor(*value))
            problem(position_of(node[key]), fmt::format("{} of an integer question must be a whole number", key));
        }
    }
    if (only_for("pii", {T::text})) question.pii = boolean(node["pii"], "pii");
    if (only_for("input", {T::multi})) {
      std::string input = scalar(node["input"], "input");
      if (input == "columns") question.multi_input = MultiInput::columns;
      else if (input == "delimited") question.multi_input = MultiInput::delimited;
      else problem(position_of(node["input"]), fmt::format("unknown input {}; expected columns or delimited", quote_for_message(input)));
    }
    if (only_for("separator", {T::multi})) {
      question.separator = scalar(node["separator"], "separator");
      if (question.separator.empty()) problem(position_of(node["separator"]), "separator must not be empty");
      if (question.multi_input != MultiInput::delimited)
        problem(position_of(node["separator"]), "separator applies only to 'input: delimited'");
    }
    bool has_options = question.type == T::single || question.type == T::multi || question.type == T::scale ||
                       question.type == T::grid;
    if (only_for("options", {T::single, T::multi, T::scale, T::grid})) read_options(node["options"], question);
    if (has_options && question.options.empty() && !node["options"])
      problem(question.position, fmt::format("{} question '{}' needs 'options'", to_string(question.type), question.id));
    if (only_for("items", {T::grid})) read_items(node["items"], question);
    if (question.type == T::grid && !node["items"])
      problem(question.position, fmt::format("grid question '{}' needs 'items'", question.id));
    if (only_for("missing", {T::numeric, T::single, T::multi, T::scale, T::grid})) read_missing(node["missing"], question);
    if (node["ask_if"]) {
      question.ask_if = scalar(node["ask_if"], "ask_if");
      question.ask_if_position = expression_start(node["ask_if"]);
    }
    if (node["waves"]) read_waves(node["waves"], question);
    check_code_duplicates(question);
    return true;
  }

  // `waves: [2, 3]` (the waves that ask the question) or `waves: 2+` (wave 2 and every later one).
  void read_waves(const YAML::Node& node, Question& question) {
    auto wave_number = [&](const YAML::Node& item, std::string_view text) -> std::optional<std::int64_t> {
      auto value = parse_number(trim(text));
      if (!value || *value != std::floor(*value) || *value < 1 || *value > 1e9) {
        problem(position_of(item), fmt::format("'waves' of question '{}': '{}' is not a wave number; expected whole numbers such as "
                                               "[2, 3], or 2+ for wave 2 and later", question.id, text));
        return std::nullopt;
      }
      return static_cast<std::int64_t>(*value);
    };
    if (node.IsScalar()) {
      std::string text = node.Scalar();
      if (!text.empty() && text.back() == '+') {
        question.waves_onward = true;
        text.pop_back();
      }
      if (auto wave = wave_number(node, text)) question.waves.push_back(*wave);
      return;
    }
    if (!node.IsSequence() || node.size() == 0) {
      problem(position_of(node), fmt::format("'waves' of question '{}' must be a list of wave numbers such as [2, 3], or 2+", question.id));
      return;
    }
    for (const auto& item : node) {
      if (!item.IsScalar()) {
        problem(position_of(item), fmt::format("'waves' of question '{}' must list wave numbers", question.id));
        continue;
      }
      if (auto wave = wave_number(item, item.Scalar())) question.waves.push_back(*wave);
    }
    std::sort(question.waves.begin(), question.waves.end());
    question.waves.erase(std::unique(question.waves.begin(), question.waves.end()), question.waves.end());
  }

  void read_options(const YAML::Node& node, Question& question) {
    if (!node.IsSequence() || node.size() == 0) {
      problem(position_of(node), "options must be a non-empty list of {value, label}");
      return;
    }
    for (const auto& option_node : node) {
      Option option;
      option.position = position_of(option_node);
      if (option_node.IsScalar()) {  // shorthand: the value is its own label
        option.code = make_code(option_node.Scalar());
        option.label.pl = option.label.en = option_node.Scalar();
      } else if (option_node.IsMap()) {
        check_keys(option_node, "an option", {"value", "label", "score", "column"});
        if (!option_node["value"]) {
          problem(option.position, "an option needs a 'value'");
          continue;
        }
        option.code = make_code(scalar(option_node["value"], "option value"));
        option.position = position_of(option_node["value"]);
        if (option_node["label"]) option.label = text(option_node["label"], "option label");
        else option.label.pl = option.label.en = option.code.text;
        if (option_node["score"]) {
          if (question.type != QuestionType::scale && question.type != QuestionType::grid)
            problem(position_of(option_node["score"]), "'score' applies only to scale and grid questions");
          option.score = number(option_node["score"], "score");
        }
        if (option_node["column"]) {
          if (question.type != QuestionType::multi)
            problem(position_of(option_node["column"]), "an option's 'column' applies only to multi questions");
          multi_columns_[{question.id, option.code.text}] = scalar(option_node["column"], "column");
        }
      } else {
        problem(option.position, "an option must be a value or a mapping {value, label}");
        continue;
      }
      if (option.code.text.empty()) problem(option.position, "an option value must not be empty");
      if ((question.type == QuestionType::scale || question.type == QuestionType::grid) && !option.score)
        option.score = option.code.number;
      if ((question.type == QuestionType::scale || question.type == QuestionType::grid) && !option.score)
        problem(option.position, fmt::format("option {} of a {} question needs a numeric 'score'", quote_for_message(option.code.text), to_string(question.type)));
      question.options.push_back(std::move(option));
    }
  }

  void read_missing(const YAML::Node& node, Question& question) {
    auto add = [&](const YAML::Node& value_node, const YAML::Node* label_node) {
      MissingCode code;
      code.position = position_of(value_node);
      code.code = make_code(scalar(value_node, "missing code"));
      if (label_node) code.label = text(*label_node, "missing-code label");
      else code.label.pl = code.label.en = code.code.text;
      if (question.type == QuestionType::numeric && !code.code.number)
        problem(code.position, fmt::format("missing code {} of numeric question '{}' must be a number", quote_for_message(code.code.text), question.id));
      else if (question.type == QuestionType::numeric && question.integer && *code.code.number != std::floor(*code.code.number))
        problem(code.position, fmt::format("missing code {} of integer question '{}' must be a whole number", quote_for_message(code.code.text), question.id));
      if (question.type == QuestionType::multi && (!code.code.number || *code.code.number != std::floor(*code.code.number)))
        problem(code.position, fmt::format("missing code {} of multi question '{}' must be a whole number", quote_for_message(code.code.text), question.id));
      question.missing.push_back(std::move(code));
    };
    if (node.IsMap()) {
      for (const auto& entry : node) {
        YAML::Node label = entry.second;
        add(entry.first, &label);
      }
    } else if (node.IsSequence()) {
      for (const auto& entry : node) {
        if (entry.IsMap()) {
          check_keys(entry, "a missing code", {"value", "label"});
          if (!entry["value"]) {
            problem(position_of(entry), "a missing code needs a 'value'");
            continue;
          }
          YAML::Node label = entry["label"];
          add(entry["value"], label ? &label : nullptr);
        } else {
          add(entry, nullptr);
        }
      }
    } else {
      problem(position_of(node), "missing must be a mapping {code: label} or a list of {value, label}");
    }
  }

  void read_items(const YAML::Node& node, Question& question) {
    if (!node.IsSequence() || node.size() == 0) {
      problem(position_of(node), "items must be a non-empty list of {id, text}");
      return;
    }
    std::set<std::string> seen;
    for (const auto& item_node : node) {
      GridItem item;
      item.position = position_of(item_node);
      if (!item_node.IsMap() || !item_node["id"]) {
        problem(item.position, "a grid item must be a mapping with an 'id' and a 'text'");
        continue;
      }
      check_keys(item_node, "a grid item", {"id", "text", "column"});
      item.item_id = scalar(item_node["id"], "item id");
      if (!is_identifier("x" + item.item_id))
        problem(position_of(item_node["id"]), fmt::format("item id {} may hold only letters, digits and '_'", quote_for_message(item.item_id)));
      if (!seen.insert(lowercase_ascii(item.item_id)).second)
        problem(position_of(item_node["id"]), fmt::format("duplicate item id '{}' in grid '{}'", item.item_id, question.id));
      item.id = question.id + "_" + item.item_id;
      if (item_node["text"]) item.text = text(item_node["text"], "item text");
      else item.text.pl = item.text.en = item.item_id;
      item.column = item_node["column"] ? scalar(item_node["column"], "column") : question.column + "_" + item.item_id;
      question.items.push_back(std::move(item));
    }
  }

  void check_code_duplicates(const Question& question) {
    if (auto repeated = find_repeated_code(question))
      problem(repeated->position, fmt::format("duplicate value {} in question '{}' (also at line {})", quote_for_message(repeated->code->text),
                                              question.id, repeated->first_position.line));
  }

  static Option as_value(const MissingCode& missing) {
    Option value;
    value.code = missing.code;
    value.label = missing.label;
    value.position = missing.position;
    return value;
  }

  void derive_variables(Questionnaire& q) {
    std::map<std::string, SourcePosition> names;
    std::map<std::string, std::string> spellings;  // lowercase name -> as first written
    auto add = [&](Variable variable, SourcePosition position) {
      auto [it, inserted] = names.emplace(lowercase_ascii(variable.name), position);
      if (!inserted) {
        const std::string& first = spellings[it->first];
        if (first != variable.name)
          problem(position, fmt::format("variable name '{}' is used twice: ids are compared without case: '{}' at line {} and '{}' at line {}; rename a question, option or item",
                                        variable.name, first, it->second.line, variable.name, position.line));
        else
          problem(position, fmt::format("variable name '{}' is used twice (also at line {}); rename a question, option or item", variable.name, it->second.line));
        return;
      }
      spellings[it->first] = variable.name;
      q.variables.push_back(std::move(variable));
    };
    for (std::size_t question_idx = 0; question_idx < q.questions.size(); ++question_idx) {
      const Question& question = q.questions[question_idx];
      Variable base;
      base.name = question.id;
      base.question_index = question_idx;
      base.label = question.text;
      switch (question.type) {
        case QuestionType::numeric:
          base.kind = VariableKind::numeric;
          base.storage = question.integer ? StorageType::integer : StorageType::real;
          add(std::move(base), question.position);
          break;
        case QuestionType::text:
          base.kind = VariableKind::text;
          base.storage = StorageType::text;
          add(std::move(base), question.position);
          break;
        case QuestionType::date:
          base.kind = VariableKind::date;
          base.storage = StorageType::text;
          add(std::move(base), question.position);
          break;
        case QuestionType::single:
        case QuestionType::scale: {
          base.kind = VariableKind::categorical;
          base.values = question.options;
          base.first_missing_value = base.values.size();
          for (const auto& missing : question.missing) base.values.push_back(as_value(missing));
          base.storage = storage_for_codes(base.values);
          add(std::move(base), question.position);
          break;
        }
        case QuestionType::multi:
          for (std::size_t option_idx = 0; option_idx < question.options.size(); ++option_idx) {
            const Option& option = question.options[option_idx];
            Variable item = base;
            item.name = question.id + "_" + name_part(option.code.text);
            item.part = static_cast<int>(option_idx);
            item.kind = VariableKind::categorical;
            item.storage = StorageType::integer;
            item.label = option.label;
            Option not_chosen, chosen;
            not_chosen.code = make_code("0");
            not_chosen.label = {"nie zaznaczono", "not mentioned"};
            chosen.code = make_code("1");
            chosen.label = {"zaznaczono", "mentioned"};
            item.values = {not_chosen, chosen};
            item.first_missing_value = 2;
            for (const auto& missing : question.missing) {
              if (missing.code.number && (*missing.code.number == 0 || *missing.code.number == 1))
                problem(missing.position, fmt::format("missing code {} of multi question '{}' clashes with the 0/1 item values", quote_for_message(missing.code.text), question.id));
              item.values.push_back(as_value(missing));
            }
            add(std::move(item), option.position);
          }
          break;
        case QuestionType::grid:
          for (std::size_t item_idx = 0; item_idx < question.items.size(); ++item_idx) {
            Variable item = base;
            item.name = question.items[item_idx].id;
            item.part = static_cast<int>(item_idx);
            item.kind = VariableKind::categorical;
            item.label = question.items[item_idx].text;
            item.values = question.options;
            item.first_missing_value = item.values.size();
            for (const auto& missing : question.missing) item.values.push_back(as_value(missing));
            item.storage = storage_for_codes(item.values);
            add(std::move(item), question.items[item_idx].position);
          }
          break;
      }
    }
  }

  // The CSV columns each question reads must be distinct, and distinct from the id and wave columns.
  void check_columns(Questionnaire& q) {
    std::map<std::string, std::string> owners;  // lowercase column -> what reads it
    auto claim = [&](const std::string& column, const std::string& owner, SourcePosition position) {
      auto [it, inserted] = owners.emplace(lowercase_ascii(column), owner);
      if (!inserted)
        problem(position, fmt::format("CSV column {} is read by both {} and {}", quote_for_message(column), it->second, owner));
    };
    claim(q.respondent_id, "respondent_id", {1, 1});
    if (!q.wave_column.empty()) claim(q.wave_column, "wave", {1, 1});
    for (auto& question : q.questions) {
      std::string owner = fmt::format("question '{}'", question.id);
      if (question.type == QuestionType::multi && question.multi_input == MultiInput::columns) {
        for (const auto& option : question.options) {
          auto custom = multi_columns_.find({question.id, option.code.text});
          std::string column = custom != multi_columns_.end() ? custom->second
                                                              : question.column + "_" + name_part(option.code.text);
          option_columns_[&option] = column;
          claim(column, owner, option.position);
        }
      } else if (question.type == QuestionType::grid) {
        for (const auto& item : question.items) claim(item.column, owner, item.position);
      } else {
        claim(question.column, owner, question.position);
      }
    }
    for (auto& variable : q.variables) {
      const Question& question = q.questions[variable.question_index];
      auto part = static_cast<std::size_t>(variable.part);
      if (question.type == QuestionType::multi && question.multi_input == MultiInput::columns)
        variable.column = option_columns_[&question.options[part]];
      else if (question.type == QuestionType::grid)
        variable.column = question.items[part].column;
      else
        variable.column = question.column;
    }
  }

  void check_filters(Questionnaire& q) {
    std::vector<SymbolInfo> symbols = make_symbols(q);
    SymbolLookup lookup = make_symbol_lookup(q, symbols);
    for (std::size_t question_idx = 0; question_idx < q.questions.size(); ++question_idx) {
      Question& question = q.questions[question_idx];
      if (question.ask_if.empty()) continue;
      auto at = [&](int column) {
        return SourcePosition{question.ask_if_position.line, question.ask_if_position.column + column - 1};
      };
      try {
        auto expression = Expression::parse(question.ask_if);
        expression->bind(lookup);
        // After bind(), so that `count(q12)` is checked as the items it reads.
        for (const auto& reference : expression->references()) {
          const Variable* variable = q.find_variable(reference.name);
          if (!variable) continue;  // bind() reports unknown names
          if (variable->question_index >= question_idx) {
            problem(at(reference.column),
                    variable->question_index == question_idx
                        ? fmt::format("ask_if of '{}' refers to the question itself", question.id)
                        : fmt::format("ask_if of '{}' refers to '{}', which comes later in the questionnaire; a filter may use only earlier questions", question.id, reference.name));
          }
        }
        question.ask_if_expression = expression;
      } catch (const ExpressionError& error) {
        problem(at(error.column()), fmt::format("in ask_if of '{}': {}", question.id, error.what()));
      }
    }
  }

  void check_design(Questionnaire& q) {
    Design& design = q.design;
    auto position = [&](const char* key) {
      auto it = design_positions_.find(key);
      return it == design_positions_.end() ? design.position : it->second;
    };
    auto check = [&](const std::string& name, const char* key, std::initializer_list<VariableKind> kinds, const char* expected) {
      const Variable* variable = q.find_variable(name);
      if (!variable && !name.empty() && name == q.respondent_id) {
        // The store keeps the id apart from the variables (as _respondent), and the design reads
        // variables only.
        problem(position(key), std::string(key) == "clusters"
            ? fmt::format("design clusters '{}' is the respondent id, not a question; leave 'clusters' out when each respondent is its own unit", name)
            : fmt::format("design {} '{}' is the respondent id, not a question; a design names questions", key, name));
        return;
      }
      if (!variable) {
        problem(position(key), fmt::format("design {} names unknown variable {}", key, quote_for_message(name)));
        return;
      }
      QuestionType type = q.questions[variable->question_index].type;
      bool item = type == QuestionType::multi || type == QuestionType::grid;  // one answer of several
      if (item || std::find(kinds.begin(), kinds.end(), variable->kind) == kinds.end())
        problem(position(key), fmt::format("design {} {} must be {}", key, quote_for_message(name), expected));
    };
    for (const auto& name : strata_) check(name, "strata", {VariableKind::categorical, VariableKind::numeric, VariableKind::text}, "a single-choice, scale, numeric or text question");
    for (const auto& name : design.clusters) check(name, "clusters", {VariableKind::categorical, VariableKind::numeric, VariableKind::text}, "a single-choice, scale, numeric or text question");
    if (!design.weight.empty()) check(design.weight, "weight", {VariableKind::numeric}, "a numeric question");
    for (const auto& name : design.fpc) check(name, "fpc", {VariableKind::numeric}, "a numeric question");
    std::size_t stages = std::max<std::size_t>(design.clusters.size(), 1);
    if (!design.fpc.empty() && design.fpc.size() != stages)
      problem(position("fpc"), fmt::format("design fpc names {} variables but the design has {} stage(s); give one per stage", design.fpc.size(), stages));
  }

  const std::string& text_;
  std::string path_;
  std::map<std::string, SourcePosition> section_ids_;
  std::map<std::string, SourcePosition> question_ids_;
  std::map<std::string, std::string> question_spellings_;  // lowercase id -> as first written
  std::map<std::string, SourcePosition> design_positions_;
  std::vector<std::string> strata_;
  std::map<std::pair<std::string, std::string>, std::string> multi_columns_;
  std::map<const Option*, std::string> option_columns_;
};

}  // namespace

DefinitionCheck check_definition(const std::string& text, const std::string& path) {
  return Loader(text, path).run();
}

std::string format_problems(const std::vector<DefinitionProblem>& problems, const std::string& path) {
  std::string lines;
  for (const auto& problem : problems) {
    if (!lines.empty()) lines += '\n';
    lines += fmt::format("{}:{}:{}: {}", path, problem.position.line, problem.position.column, problem.message);
  }
  return lines;
}

std::string format_problems(const DefinitionCheck& check, const std::string& path) {
  std::string lines = format_problems(check.problems, path);
  if (check.unlisted_problems > 0)
    lines += fmt::format("\n{}: too many problems; stopped after the first {}", path, check.problems.size());
  return lines;
}

Questionnaire parse_questionnaire(const std::string& text, const std::string& path) {
  DefinitionCheck check = check_definition(text, path);
  if (!check.problems.empty()) throw data_error(format_problems(check, path));
  return std::move(check.questionnaire);
}

Questionnaire load_questionnaire(const std::string& path) {
  protect_input(path);  // no output of this command may replace it (output_file.hpp)
  return parse_questionnaire(read_yaml_file(path), path);
}

}  // namespace ankieta::survey
