// Hostile definitions: each gives its message at file:line:column, and none makes the loader
// collect unbounded work (the alias bomb used to gather 10 million problems and die of bad_alloc).
#include <catch2/catch.hpp>

#include <string>

#include "ankieta/survey/questionnaire_loader.hpp"

using namespace ankieta::survey;

namespace {

std::string alias_bomb() {
  std::string text = "id: t\nrespondent_id: id\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 9; ++level) {
    text += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int copy = 0; copy < 10; ++copy) text += (copy ? ", *a" : "*a") + std::to_string(level - 1);
    text += "]\n";
  }
  return text + "sections: *a9\n";
}

const std::string kQuestions = "sections:\n  - id: s\n    questions:\n      - {id: a, type: numeric}\n";

}  // namespace

TEST_CASE("hostile definitions give their message at their position", "[loader][hostile]") {
  struct Case {
    const char* name;
    std::string text;
    std::string first_problem;
  };
  const Case cases[] = {
      {"alias bomb", alias_bomb(),
       "q.yaml:1:1: the document expands to more than 1000000 nodes (aliases count each time they are used); write it out without so many aliases"},
      {"duplicate key", "id: t\nrespondent_id: id\nid: u\n" + kQuestions, "q.yaml:3:1: duplicate key 'id' (first at line 1, column 1)"},
      {"tab indentation", "id: t\nrespondent_id: id\nsections:\n\t- id: s\n",
       "q.yaml:4:1: tab characters are not allowed for indentation at 4:1; indent with spaces"},
      {"tab inside a block scalar is content", "id: t\nrespondent_id: id\ntitle: |\n  a\n  \tb\n" + kQuestions, ""},
      {"empty id", "id: \"\"\nrespondent_id: id\n" + kQuestions, "q.yaml:1:5: id must not be empty"},
      {"empty respondent_id", "id: t\nrespondent_id: \"\"\n" + kQuestions,
       "q.yaml:2:16: respondent_id must not be empty; it names the CSV column holding each respondent's id"},
      {"empty question id", "id: t\nrespondent_id: id\n" + kQuestions + "      - {id: \"\", type: numeric}\n",
       "q.yaml:7:14: question id must not be empty"},
      {"ids differing by case", "id: t\nrespondent_id: id\n" + kQuestions + "      - {id: A, type: numeric}\n",
       "q.yaml:7:14: duplicate question id: ids are compared without case: 'a' at line 6 and 'A' at line 7"},
      {"control characters in an unknown key are shown escaped", "id: t\nrespondent_id: id\n\"k\\e[31m\": 1\n" + kQuestions,
       "q.yaml:3:1: unknown key 'k\\x1b[31m' in the questionnaire; expected one of: id, version, languages, respondent_id, wave, "
       "title, description, design, sections, derived"},
      {"a control character in a question type is shown escaped",
       "id: t\nrespondent_id: id\nsections:\n  - id: s\n    questions:\n      - {id: a, type: \"num\\a\"}\n",
       "q.yaml:6:23: unknown question type 'num\\x07'; expected numeric, single, multi, scale, grid, text or date"},
      {"respondent id as cluster", "id: t\nrespondent_id: id\ndesign:\n  clusters: id\n" + kQuestions,
       "q.yaml:4:13: design clusters 'id' is the respondent id, not a question; leave 'clusters' out when each respondent is its own unit"},
  };
  for (const Case& test_case : cases) {
    INFO(test_case.name);
    const DefinitionCheck check = check_definition(test_case.text, "q.yaml");
    if (test_case.first_problem.empty()) {
      CHECK(check.problems.empty());
    } else {
      REQUIRE_FALSE(check.problems.empty());
      CHECK(format_problems({check.problems.front()}, "q.yaml") == test_case.first_problem);
    }
  }
}

TEST_CASE("reading stops after 100 problems and says so", "[loader][hostile]") {
  std::string text = "id: t\nrespondent_id: id\n" + kQuestions;
  for (int question_idx = 0; question_idx < 500; ++question_idx) text += "      - {id: b" + std::to_string(question_idx) + ", type: nonsense}\n";
  const DefinitionCheck check = check_definition(text, "q.yaml");
  CHECK(check.problems.size() == 100);
  CHECK(check.unlisted_problems == 1);
  const std::string listed = format_problems(check, "q.yaml");
  CHECK(listed.ends_with("q.yaml: too many problems; stopped after the first 100"));
}
