// ankieta info --db F: what a survey database holds.
#include <fmt/format.h>

#include "ankieta/survey/completion.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "ankieta/survey/weight_sets.hpp"
#include "analysis_options.hpp"
#include "option_values.hpp"
#include "cli.hpp"

namespace ankieta::cli {

int run_info(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("wave", whole_number(1), "count only this wave")
      ("lang", po::value<std::string>()->default_value("pl"), "language of labels: pl or en");
  add_db_option(options);
  po::positional_options_description positional;
  po::variables_map values;
  if (parse_arguments("info", "[--db FILE] [--wave W] [--lang pl|en]", arguments, options, positional, values)) return kExitOk;
  survey::Language lang = parse_language(values["lang"].as<std::string>());
  std::optional<std::int64_t> wave;
  if (values.count("wave")) wave = values["wave"].as<std::int64_t>();

  survey::Store store(database_path(values), false);
  const survey::Questionnaire& q = store.questionnaire();
  fmt::print("database:       {}\n", store.path());
  fmt::print("questionnaire:  {} (version {}) {}\n", q.id, q.version.empty() ? "-" : q.version, q.title.in(lang));
  fmt::print("definition:     {} (sha256 {:.16})\n", q.source_path, q.source_hash);
  fmt::print("questions:      {} in {} sections, {} stored variables\n", q.stored_question_count(), q.sections.size(), q.stored_variable_count());
  if (q.derived_variable_count > 0) fmt::print("derived:        {} {} computed from the stored answers (listed below)\n", q.derived_variable_count,
                                             q.derived_variable_count == 1 ? "variable" : "variables");
  std::string design;
  if (!q.design.strata.empty()) design += fmt::format("strata {}; ", fmt::join(q.design.strata, " x "));
  if (!q.design.clusters.empty()) design += fmt::format("clusters {}; ", fmt::join(q.design.clusters, ", "));
  design += q.design.weight.empty() ? "no base weight" : fmt::format("weight {}", q.design.weight);
  if (!q.design.fpc.empty()) design += fmt::format("; fpc {}", fmt::join(q.design.fpc, ", "));
  fmt::print("design:         {}\n", design);

  auto waves = store.waves();
  std::int64_t total = 0;
  for (const auto& [number, count] : waves) total += count;
  fmt::print("respondents:    {}", total);
  if (!waves.empty()) {
    std::vector<std::string> parts;
    for (const auto& [number, count] : waves) parts.push_back(fmt::format("wave {}: {}", number, count));
    fmt::print(" ({})", fmt::join(parts, ", "));
  }
  fmt::print("\n");

  auto imports = store.imports();
  fmt::print("\nimports:\n");
  if (imports.empty()) fmt::print("  none yet: ankieta import FILE.csv --db {}\n", store.path());
  for (const auto& record : imports)
    fmt::print("  #{} {} wave {}: {} read, {} loaded, {} rejected, {} skipped, {} replaced; {} sha256 {:.12}\n", record.id,
               record.file_name, record.wave, record.rows_read, record.rows_loaded, record.rows_rejected,
               record.rows_skipped, record.rows_replaced, record.finished_at, record.sha256);

  auto weight_sets = survey::list_weight_sets(store);
  fmt::print("\nweight sets:\n");
  if (weight_sets.empty()) fmt::print("  none yet: ankieta weight --frame FRAME.csv --method poststratify --name NAME --db {}\n", store.path());
  for (const auto& set : weight_sets)
    fmt::print("  {}{} {} to {}{}; base {}; {} sha256 {:.12}\n", set.name, &set == &weight_sets.back() ? " (default)" : "",
               set.method, fmt::join(set.frame_files, ", "), set.wave ? fmt::format(" (wave {})", *set.wave) : "",
               set.base_weight.empty() ? "1" : set.base_weight, set.created_at,
               set.frame_sha256.empty() ? "" : set.frame_sha256.front());

  std::int64_t base = wave ? store.respondent_count(wave) : total;
  fmt::print("\ncompletion{} (of {} respondents):\n", wave ? fmt::format(" in wave {}", *wave) : "", base);
  fmt::print("  {:<28} {:<8} {:>9} {:>9} {:>9} {:>9}\n", "question", "type", "answered", "missing", "blank", "not asked");
  auto completion = survey::question_completion(store, wave);
  for (const auto& row : completion) {
    const survey::Question& question = q.questions[row.question_index];
    fmt::print("  {:<28} {:<8} {:>9} {:>9} {:>9} {:>9}\n", question.id, survey::to_string(question.type), row.answered,
               row.missing_code, row.blank, row.not_asked);
  }
  if (q.stored_question_count() < q.questions.size()) {
    fmt::print("\nderived variables (computed from the stored answers, never imported):\n");
    for (std::size_t question_idx = q.stored_question_count(); question_idx < q.questions.size(); ++question_idx) {
      const survey::Question& question = q.questions[question_idx];
      fmt::print("  {:<28} {:<8} {}\n", question.id, survey::to_string(question.type), question.derivation->description);
    }
  }
  fmt::print("\nmissing = a declared missing code (e.g. don't know); not asked = its ask_if filter was false\n");
  return kExitOk;
}

}  // namespace ankieta::cli
