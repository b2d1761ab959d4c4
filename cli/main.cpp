// ankieta: the command-line program. It dispatches to one function per subcommand and turns
// errors into messages on stderr and the exit statuses of PRODUCT.md.
#include <malloc.h>

#include <cstdio>
#include <exception>
#include <string>

#include <boost/program_options/errors.hpp>
#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "cli.hpp"

namespace ankieta::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"validate", "check a questionnaire definition; every problem with file:line:column", run_validate},
      {"init", "create a survey database from a questionnaire definition", run_init},
      {"amend", "upgrade the stored definition to a new version, keeping every answer", run_amend},
      {"import", "check and load a response CSV (all or nothing by default)", run_import},
      {"info", "questionnaire, waves, imports and per-question completion", run_info},
      {"freq", "one-way tables with design-based standard errors", run_freq},
      {"crosstab", "two-way tables and banners with tests and significance letters", run_crosstab},
      {"means", "means and totals of numeric and scale questions", run_means},
      {"change", "change between waves, with SEs that account for the firms in both waves", run_change},
      {"weight", "weight to a population frame: post-stratify, rake, calibrate, trim", run_weight},
      {"simulate", "write realistic synthetic responses as CSV", run_simulate},
      {"export", "microdata with labels: SPSS .sav, Stata .dta, CSV with a codebook", run_export},
      {"codebook", "variables, codes and labels, missing codes, filters, answered counts", run_codebook},
      {"report", "a whole report from a YAML spec: HTML, XLSX or Markdown", run_report},
      {"form", "the questionnaire for collecting answers: a data-entry workbook (.xlsx)", run_form},
  };
  return table;
}

namespace {

void print_usage(std::FILE* out) {
  fmt::print(out, "ankieta {} - questionnaire surveys with design-based statistics\n\n", ANKIETA_VERSION);
  fmt::print(out, "usage: ankieta COMMAND [OPTIONS]   (ankieta COMMAND --help for its options)\n\ncommands:\n");
  for (const auto& command : commands()) fmt::print(out, "  {:<10} {}\n", command.name, command.summary);
  fmt::print(out, "\nThe database is --db FILE, else $ANKIETA_DB, else ankieta.db in the current folder.\n");
}

int exit_status(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return kExitUsage;
    case ErrorKind::data: return kExitDataError;
    case ErrorKind::missing_input: return kExitNoInput;
    case ErrorKind::cannot_create: return kExitCannotCreate;
    case ErrorKind::internal: return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace
}  // namespace ankieta::cli

int main(int argc, char** argv) {
  using namespace ankieta::cli;
  // An analysis allocates and frees arrays of a million rows several times. By default glibc
  // maps each one fresh from the kernel (zeroed page by page) and unmaps it on free; keeping
  // freed memory in the heap lets the next array reuse it without page faults.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  if (argc < 2) {
    print_usage(stderr);
    return kExitUsage;
  }
  std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(stdout);
    return kExitOk;
  }
  if (name == "--version") {
    fmt::print("ankieta {}\n", ANKIETA_VERSION);
    return kExitOk;
  }
  Arguments arguments(argv + 2, argv + argc);
  for (const auto& command : commands()) {
    if (name != command.name) continue;
    try {
      return command.run(arguments);
    } catch (const ankieta::Error& error) {
      fmt::print(stderr, "ankieta {}: {}\n", name, error.what());
      return exit_status(error.kind());
    } catch (const std::exception& error) {
      fmt::print(stderr, "ankieta {}: internal error: {}\n", name, error.what());
      return kExitInternal;
    }
  }
  fmt::print(stderr, "ankieta: unknown command '{}'\n\n", name);
  print_usage(stderr);
  return kExitUsage;
}
