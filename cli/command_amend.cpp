// ankieta amend Q.yaml --db F: upgrade the stored definition to a new version of the questionnaire
// without losing an answer. The rules are in survey/amend.hpp; this prints what they found.
#include <fmt/format.h>

#include "ankieta/survey/amend.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"
#include "ankieta/survey/store.hpp"
#include "cli.hpp"

namespace ankieta::cli {

int run_amend(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()("questionnaire", po::value<std::string>()->required(), "the new version of the questionnaire definition (YAML)")
      ("relabel", po::bool_switch(), "accept changed labels of codes and options that have answers (a wording fix)")
      ("dry-run", po::bool_switch(), "list what the amendment would do, change nothing");
  add_db_option(options);
  po::positional_options_description positional;
  positional.add("questionnaire", 1);
  po::variables_map values;
  if (parse_arguments("amend", "QUESTIONNAIRE.yaml [--db FILE] [--relabel] [--dry-run]", arguments, options, positional, values))
    return kExitOk;
  survey::Questionnaire next = survey::load_questionnaire(values["questionnaire"].as<std::string>());
  const bool dry_run = values["dry-run"].as<bool>();
  survey::Store store(database_path(values), true);
  // The check and the change see the same answers: the write lock is held from the first read.
  store.begin_write_snapshot(kWaitForWriterMs);
  survey::AmendOptions amend_options;
  amend_options.relabel = values["relabel"].as<bool>();
  survey::AmendmentCheck check = survey::check_amendment(store, next, amend_options);
  if (check.identical) {
    fmt::print(stderr, "{}: already holds this definition (sha256 {:.12}); nothing to amend\n", store.path(), next.source_hash);
    return kExitOk;
  }
  if (!check.refusals.empty()) {
    std::string message;
    for (const auto& refusal : check.refusals) message += refusal + "\n";
    message += fmt::format("{}: not amended ({} problem{}); the database is unchanged", store.path(), check.refusals.size(),
                           check.refusals.size() == 1 ? "" : "s");
    throw data_error(message);
  }
  std::string summary;
  for (const auto& line : check.changes) summary += (summary.empty() ? "" : "\n") + line;
  if (check.changes.empty()) summary = "texts and layout of the definition only";
  if (dry_run) {
    fmt::print("{}: would amend to definition {} (version {}):\n", store.path(), store.definition_number() + 1,
               next.version.empty() ? "-" : next.version);
    for (const auto& line : check.changes) fmt::print("  {}\n", line);
    if (check.changes.empty()) fmt::print("  {}\n", summary);
    return kExitOk;
  }
  store.amend_definition(next, summary);
  fmt::print(stderr, "{}: amended to definition {} (version {}):\n", store.path(), store.definition_number(),
             next.version.empty() ? "-" : next.version);
  for (const auto& line : check.changes) fmt::print(stderr, "  {}\n", line);
  if (check.changes.empty()) fmt::print(stderr, "  {}\n", summary);
  return kExitOk;
}

}  // namespace ankieta::cli
