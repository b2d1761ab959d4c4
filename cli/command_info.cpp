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
  const auto definitions = store.definitions();
  fmt::print("definition:     {} (sha256 {:.16}){}\n", q.source_path, q.source_hash,
             definitions.size() > 1 ? fmt::format("; definition {} of {}, amended {}", definitions.back().number, definitions.size(),
                                                  definitions.back().recorded_at)
                                    : "");
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
  if (waves.size() > 1) {
    const auto overlap = store.respondents_in_other_waves();
    for (const auto& [number, count] : waves) {
      auto found = overlap.find(number);
      fmt::print("  wave {}: {} respondents, {} of them also in another wave\n", number, count, found == overlap.end() ? 0 : found->second);
    }
  }
  std::vector<std::string> wave_limited;
  for (const auto& question : q.questions)
    if (!question.waves.empty()) wave_limited.push_back(fmt::format("{} ({})", question.id, question.waves_description()));
  if (!wave_limited.empty()) fmt::print("asked in some waves only: {}\n", fmt::join(wave_limited, ", "));

  if (definitions.size() > 1) {
    fmt::print("\ndefinitions:\n");
    for (const auto& record : definitions) {
      fmt::print("  {} version {}, {} sha256 {:.12}\n", record.number, record.version.empty() ? "-" : record.version, record.recorded_at,
                 record.sha256);
      std::string_view changes = record.changes;
      while (!changes.empty()) {
        const std::size_t end = changes.find('\n');
        fmt::print("      {}\n", changes.substr(0, end));
        changes = end == std::string_view::npos ? std::string_view() : changes.substr(end + 1);
      }
    }
  }

  auto imports = store.imports();
  fmt::print("\nimports:\n");
  if (imports.empty()) fmt::print("  none yet: ankieta import FILE.csv --db {}\n", store.path());
  for (const auto& record : imports)
    fmt::print("  #{} {} wave {}: {} read, {} loaded, {} rejected, {} skipped, {} replaced; {} sha256 {:.12}{}\n", record.id,
               record.file_name, record.wave, record.rows_read, record.rows_loaded, record.rows_rejected,
               record.rows_skipped, record.rows_replaced, record.finished_at, record.sha256,
               definitions.size() > 1 ? fmt::format("; definition {}", record.definition) : "");

  auto weight_sets = survey::list_weight_sets(store);
  fmt::print("\nweight sets:\n");
  if (weight_sets.empty()) fmt::print("  none yet: ankieta weight --frame FRAME.csv --method poststratify --name NAME --db {}\n", store.path());
  // The default of each wave is its most recent set (AnalysisData picks it the same way).
  auto is_default = [&](const survey::WeightSet& set) {
    for (auto later = weight_sets.rbegin(); later != weight_sets.rend(); ++later)
      if (later->wave == set.wave) return &*later == &set;
    return false;
  };
  for (const auto& set : weight_sets)
    fmt::print("  {}{} {} to {}{}; base {}; {} sha256 {:.12}\n", set.name, is_default(set) ? " (default)" : "",
               set.method, fmt::join(set.frame_files, ", "), set.wave ? fmt::format(" (wave {})", *set.wave) : "",
               set.base_weight.empty() ? "1" : set.base_weight, set.created_at,
               set.frame_sha256.empty() ? "" : set.frame_sha256.front());

  std::int64_t base = wave ? store.respondent_count(wave) : total;
  fmt::print("\ncompletion{} (of {} respondents):\n", wave ? fmt::format(" in wave {}", *wave) : "", base);
  const bool by_wave = !wave_limited.empty();
  fmt::print("  {:<28} {:<8} {:>9} {:>9} {:>9} {:>9}{}\n", "question", "type", "answered", "missing", "blank", "not asked",
             by_wave ? fmt::format(" {:>12}", "not in wave") : "");
  auto completion = survey::question_completion(store, wave);
  for (const auto& row : completion) {
    const survey::Question& question = q.questions[row.question_index];
    fmt::print("  {:<28} {:<8} {:>9} {:>9} {:>9} {:>9}{}\n", question.id, survey::to_string(question.type), row.answered,
               row.missing_code, row.blank, row.not_asked, by_wave ? fmt::format(" {:>12}", row.not_in_wave) : "");
  }
  if (q.stored_question_count() < q.questions.size()) {
    fmt::print("\nderived variables (computed from the stored answers, never imported):\n");
    for (std::size_t question_idx = q.stored_question_count(); question_idx < q.questions.size(); ++question_idx) {
      const survey::Question& question = q.questions[question_idx];
      fmt::print("  {:<28} {:<8} {}\n", question.id, survey::to_string(question.type), question.derivation->description);
    }
  }
  fmt::print("\nmissing = a declared missing code (e.g. don't know); not asked = its ask_if filter was false{}\n",
             by_wave ? "; not in wave = a wave that does not ask it" : "");
  return kExitOk;
}

}  // namespace ankieta::cli
