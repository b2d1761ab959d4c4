// The `derived:` list of a definition: the analyst's own variables (recodes, bands, conditions and
// computed numbers), read and checked after the stored questions, whose variables they use.
#pragma once

#include <yaml-cpp/yaml.h>

#include "ankieta/survey/questionnaire.hpp"
#include "definition_reader.hpp"

namespace ankieta::survey::definition {

// Appends one question and one variable (stored = false) per entry of `list` after the stored
// ones, and reports every problem through `reader` at its line and column. A derived variable may
// use stored variables and derived ones defined before it, which also rules out cycles.
void read_derived(DefinitionReader& reader, const YAML::Node& list, Questionnaire& q);

}  // namespace ankieta::survey::definition
