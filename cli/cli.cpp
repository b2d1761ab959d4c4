#include "cli.hpp"

#include <cstdlib>
#include <sstream>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"

namespace ankieta::cli {

bool parse_arguments(const char* command, const char* usage, const Arguments& arguments,
                     po::options_description& options, const po::positional_options_description& positional,
                     po::variables_map& values) {
  options.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(arguments).options(options).positional(positional).run(), values);
    if (values.count("help")) {
      fmt::print("usage: ankieta {} {}\n\n", command, usage);
      std::ostringstream text;
      text << options;
      fmt::print("{}", text.str());
      return true;
    }
    po::notify(values);
  } catch (const po::error& error) {
    throw usage_error(fmt::format("{}; see 'ankieta {} --help'", error.what(), command));
  }
  return false;
}

void add_db_option(po::options_description& options) {
  options.add_options()("db", po::value<std::string>(), "survey database (default: $ANKIETA_DB, else ankieta.db)");
}

std::string database_path(const po::variables_map& values) {
  if (values.count("db")) return values["db"].as<std::string>();
  if (const char* from_environment = std::getenv("ANKIETA_DB"); from_environment && *from_environment)
    return from_environment;
  return "ankieta.db";
}

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> names;
  std::stringstream stream(text);
  std::string name;
  while (std::getline(stream, name, ','))
    if (!name.empty()) names.push_back(name);
  return names;
}

}  // namespace ankieta::cli
