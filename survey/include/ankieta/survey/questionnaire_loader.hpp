// Reading a questionnaire definition (YAML, see docs/questionnaire.md) into the model, with every
// check the definition must pass: keys and types, identifiers, duplicate ids and codes, filters
// (`ask_if`) that name earlier questions and values they can take, and a usable design block.
#pragma once

#include <string>
#include <vector>

#include "ankieta/survey/questionnaire.hpp"

namespace ankieta::survey {

struct DefinitionProblem {
  SourcePosition position;
  std::string message;
};

struct DefinitionCheck {
  std::vector<DefinitionProblem> problems;  // sorted by position; empty = the definition is valid
  // Reading stops after 100 problems (a hostile file can hold millions); this is 1 when it did.
  std::size_t unlisted_problems = 0;
  Questionnaire questionnaire;              // complete only when there are no problems
};

// Checks `text` (read from `path`, which is used in messages only); never throws for bad content.
DefinitionCheck check_definition(const std::string& text, const std::string& path);

// Reads and checks the file. Throws Error(missing_input) when it cannot be read or is a directory, and Error(data)
// listing every problem as "PATH:LINE:COLUMN: message", one per line, when it is not valid.
Questionnaire load_questionnaire(const std::string& path);

// The same for a definition already in memory (e.g. the copy stored in a database).
Questionnaire parse_questionnaire(const std::string& text, const std::string& path);

// "PATH:LINE:COLUMN: message" lines for a list of problems.
std::string format_problems(const std::vector<DefinitionProblem>& problems, const std::string& path);
// The same for a whole check, with a last line saying when reading stopped at too many problems.
std::string format_problems(const DefinitionCheck& check, const std::string& path);

}  // namespace ankieta::survey
