// How every YAML file of ankieta (questionnaire definitions, report specs) is read: with bounds on
// its size and on the work its aliases can cause, with duplicate keys and tab indentation reported
// at their position instead of being silently accepted or given yaml-cpp's cryptic message.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "ankieta/survey/questionnaire_loader.hpp"

namespace ankieta::survey {

struct YamlLimits {
  std::size_t max_bytes = 8 * 1024 * 1024;
  // Nodes visited with every alias expanded where it is used: a 5 KB "billion laughs" file expands
  // to billions, and every reader of the document walks the expansion.
  std::size_t max_nodes = 1'000'000;
};

struct YamlDocument {
  YAML::Node root;                           // null when `problems` is not empty
  std::vector<DefinitionProblem> problems;   // the document must not be read further when set
};

// Parses `text`. Never throws for bad content: size over the limit, tabs in indentation, invalid
// YAML, expansion past max_nodes and duplicate keys each give a problem at line:column.
YamlDocument load_yaml_document(const std::string& text, const YamlLimits& limits = {});

// Reads a whole file for one of the loaders. Throws Error(missing_input) when it does not exist, is
// a directory or cannot be read, and Error(data) when it is larger than `max_bytes`.
std::string read_yaml_file(const std::string& path, std::size_t max_bytes = YamlLimits{}.max_bytes);

}  // namespace ankieta::survey
