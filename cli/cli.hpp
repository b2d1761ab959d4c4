// Shared pieces of the command-line program: the command table, option parsing helpers, the
// database path rule and exit statuses (PRODUCT.md "Command-line contract").
#pragma once

#include <boost/program_options.hpp>

#include <string>
#include <vector>

namespace ankieta::cli {

namespace po = boost::program_options;

enum ExitStatus {
  kExitOk = 0,
  kExitUsage = 2,
  kExitDataError = 65,
  kExitNoInput = 66,
  kExitInternal = 70,
  kExitCannotCreate = 73,
};

using Arguments = std::vector<std::string>;

// How long a command that computes what it writes from what it reads (weight, amend) waits for an
// import that holds the write lock before it gives up with a sentence.
inline constexpr int kWaitForWriterMs = 60000;

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const Arguments& arguments);
};
const std::vector<Command>& commands();

int run_validate(const Arguments& arguments);
int run_init(const Arguments& arguments);
int run_amend(const Arguments& arguments);
int run_import(const Arguments& arguments);
int run_info(const Arguments& arguments);
int run_simulate(const Arguments& arguments);
int run_freq(const Arguments& arguments);
int run_crosstab(const Arguments& arguments);
int run_means(const Arguments& arguments);
int run_change(const Arguments& arguments);
int run_weight(const Arguments& arguments);
int run_export(const Arguments& arguments);
int run_codebook(const Arguments& arguments);
int run_report(const Arguments& arguments);
int run_form(const Arguments& arguments);

// Parses `arguments` against `options` (and positional names); prints help and returns true when
// --help was given. Unknown options and bad values become usage errors naming the command.
bool parse_arguments(const char* command, const char* usage, const Arguments& arguments,
                     po::options_description& options, const po::positional_options_description& positional,
                     po::variables_map& values);

// --db option; value resolved as: --db, then $ANKIETA_DB, then ankieta.db.
void add_db_option(po::options_description& options);
std::string database_path(const po::variables_map& values);

// A comma-separated list of names from an option ("size_class,subregion"); empty items dropped.
std::vector<std::string> split_names(const std::string& text);

}  // namespace ankieta::cli
