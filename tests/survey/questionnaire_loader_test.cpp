// Each validation rule of the questionnaire loader: a definition that breaks it, and the exact
// message and position it must produce.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"

using namespace ankieta::survey;

namespace {

// A valid two-question survey; cases append to its question list or replace parts of it.
std::string definition(const std::string& extra_questions, const std::string& design = "") {
  return "id: t\n"
         "respondent_id: id\n" +
         design +
         "sections:\n"
         "  - id: s\n"
         "    questions:\n"
         "      - id: region\n"
         "        type: single\n"
         "        options: [{value: 1, label: North}, {value: 2, label: South}]\n"
         "      - id: q1\n"
         "        type: single\n"
         "        options: [{value: 1, label: tak}, {value: 2, label: nie}]\n"
         "        missing: {9: nie wiem}\n" +
         extra_questions;
}

std::string problems_of(const std::string& text) {
  return format_problems(check_definition(text, "q.yaml").problems, "q.yaml");
}

}  // namespace

TEST_CASE("a valid definition loads with its variables", "[loader]") {
  DefinitionCheck check = check_definition(definition(
      "      - id: q2\n"
      "        type: multi\n"
      "        options: [{value: 1, label: a}, {value: 2, label: b}]\n"
      "      - id: q3\n"
      "        type: grid\n"
      "        options: [{value: 1, label: low}, {value: 5, label: high}]\n"
      "        items: [{id: a, text: A}, {id: b, text: B, column: Q3B}]\n"), "q.yaml");
  REQUIRE(check.problems.empty());
  const Questionnaire& q = check.questionnaire;
  REQUIRE(q.variables.size() == 6);
  CHECK(q.variables[2].name == "q2_1");
  CHECK(q.variables[2].column == "q2_1");
  CHECK(q.variables[4].name == "q3_a");
  CHECK(q.variables[5].column == "Q3B");
  CHECK(q.variables[1].storage == StorageType::integer);
  CHECK(q.variables[1].first_missing_value == 2);
  CHECK(q.source_hash.size() == 64);
}

TEST_CASE("the bundled questionnaire is valid", "[loader]") {
  Questionnaire q = load_questionnaire(std::string(ANKIETA_SOURCE_DIR) + "/questionnaires/podlasie-metal/questionnaire.yaml");
  CHECK(q.variables.size() >= 40);
  CHECK(q.variables.size() <= 70);
  CHECK(q.design.strata == std::vector<std::string>{"size_class", "subregion"});
  bool has_filter = false;
  for (const auto& question : q.questions) has_filter |= question.ask_if_expression != nullptr;
  CHECK(has_filter);
}

TEST_CASE("each validation rule names the problem and its position", "[loader]") {
  struct Case {
    const char* rule;
    std::string text;
    std::string expected;
  };
  const Case cases[] = {
      {"unknown type", definition("      - id: q2\n        type: radio\n"),
       "q.yaml:14:15: unknown question type 'radio'; expected numeric, single, multi, scale, grid, text or date"},
      {"unknown key", definition("      - id: q2\n        type: numeric\n        colour: red\n"),
       "q.yaml:15:9: unknown key 'colour' in a question; expected one of: id, type, text, column, integer, min, max, "
       "missing, ask_if, options, input, separator, items, pii, note, waves"},
      {"duplicate id", definition("      - id: q1\n        type: numeric\n"),
       "q.yaml:13:13: duplicate question id 'q1' (first defined at line 9)"},
      {"duplicate option value", definition("      - id: q2\n        type: single\n        options: [{value: 1, label: a}, {value: 1.0, label: b}]\n"),
       "q.yaml:15:49: duplicate value '1.0' in question 'q2' (also at line 15)"},
      {"missing code equal to an option", definition("      - id: q2\n        type: single\n        options: [1, 2]\n        missing: {2: nie wiem}\n"),
       "q.yaml:16:19: duplicate value '2' in question 'q2' (also at line 15)"},
      {"invalid identifier", definition("      - id: 2q\n        type: numeric\n"),
       "q.yaml:13:13: question id '2q' is not a valid identifier; use letters, digits and '_', starting with a letter"},
      {"ask_if unknown variable", definition("      - id: q2\n        type: numeric\n        ask_if: \"q9 == 1\"\n"),
       "q.yaml:15:18: in ask_if of 'q2': unknown variable 'q9'"},
      {"ask_if later question", definition("      - id: q2\n        type: numeric\n        ask_if: \"q3 == 1\"\n      - id: q3\n        type: numeric\n"),
       "q.yaml:15:18: ask_if of 'q2' refers to 'q3', which comes later in the questionnaire; a filter may use only earlier questions"},
      {"ask_if impossible value", definition("      - id: q2\n        type: numeric\n        ask_if: \"q1 == 7\"\n"),
       "q.yaml:15:24: in ask_if of 'q2': 'q1' cannot take the value 7 (its codes are 1, 2, 9)"},
      {"ask_if syntax", definition("      - id: q2\n        type: numeric\n        ask_if: \"q1 = 1\"\n"),
       "q.yaml:15:21: in ask_if of 'q2': '=' is not an operator; use '=='"},
      {"min above max", definition("      - id: q2\n        type: numeric\n        min: 5\n        max: 1\n"),
       "q.yaml:15:14: min 5 is greater than max 1"},
      {"options missing", definition("      - id: q2\n        type: single\n"),
       "q.yaml:13:9: single question 'q2' needs 'options'"},
      {"key of another type", definition("      - id: q2\n        type: text\n        min: 1\n"),
       "q.yaml:15:14: 'min' does not apply to a text question"},
      {"design unknown variable", definition("", "design:\n  strata: zone\n"),
       "q.yaml:4:11: design strata names unknown variable 'zone'"},
      {"design weight not numeric", definition("", "design:\n  weight: region\n"),
       "q.yaml:4:11: design weight 'region' must be a numeric question"},
      {"fpc per stage", definition("      - id: n1\n        type: numeric\n      - id: n2\n        type: numeric\n",
                                   "design:\n  clusters: [region]\n  fpc: [n1, n2]\n"),
       "q.yaml:5:8: design fpc names 2 variables but the design has 1 stage(s); give one per stage"},
      {"invalid YAML", "id: t\nsections: [\n", "q.yaml:3:1: invalid YAML: end of sequence flow not found"},
      {"multi names collide", definition("      - id: q2\n        type: multi\n        options: [{value: a, label: x}, {value: A, label: y}]\n"),
       "q.yaml:15:49: variable name 'q2_a' is used twice (also at line 15); rename a question, option or item"},
  };
  for (const auto& c : cases) {
    INFO(c.rule);
    std::string problems = problems_of(c.text);
    CHECK(problems.substr(0, problems.find('\n')) == c.expected);
  }
}

TEST_CASE("one run reports every problem of a definition", "[loader]") {
  std::ifstream file(std::string(ANKIETA_TEST_DATA) + "/data/questionnaires/many-problems.yaml");
  std::stringstream text;
  text << file.rdbuf();
  DefinitionCheck check = check_definition(text.str(), "many-problems.yaml");
  REQUIRE(check.problems.size() == 8);
  CHECK(check.problems.front().message == "design weight 'w' must be a numeric question");
  CHECK(check.problems.back().message == "duplicate question id 'q1' (first defined at line 13)");
}

TEST_CASE("a definition with problems is refused as a data error listing them", "[loader]") {
  try {
    parse_questionnaire(definition("      - id: q2\n        type: radio\n"), "q.yaml");
    FAIL("expected an error");
  } catch (const ankieta::Error& error) {
    CHECK(error.kind() == ankieta::ErrorKind::data);
    CHECK(std::string(error.what()).find("q.yaml:14:15: unknown question type 'radio'") == 0);
  }
  CHECK_THROWS_MATCHES(load_questionnaire("/nonexistent/q.yaml"), ankieta::Error,
                       Catch::Matchers::Predicate<ankieta::Error>([](const ankieta::Error& e) {
                         return e.kind() == ankieta::ErrorKind::missing_input;
                       }));
}
