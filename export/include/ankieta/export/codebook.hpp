// Codebooks: what every variable means, for people reading the data outside ankieta.
//
// - render_codebook(): the survey's codebook (`ankieta codebook`): questions by section with their
//   type, variables, codes and labels, missing codes, filters (ask_if) and answered counts.
// - render_dataset_codebook(): the codebook of one exported file (written next to a CSV export):
//   its columns in file order, then the same per-question description for the questions they
//   come from.
//
// Both are Markdown or a self-contained HTML page (inline CSS, no scripts, no network).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ankieta/export/dataset.hpp"
#include "ankieta/survey/questionnaire.hpp"
#include "ankieta/survey/store.hpp"

namespace ankieta::exports {

enum class CodebookFormat { md, html };
// "md" or "html"; throws Error(usage) for anything else.
CodebookFormat parse_codebook_format(std::string_view name);

struct CodebookOptions {
  survey::Language lang = survey::Language::pl;
  CodebookFormat format = CodebookFormat::md;
  std::optional<std::int64_t> wave;  // count answers in this wave only
};

// Reads every variable once to count answers (survey::question_completion).
std::string render_codebook(const survey::Store& store, const CodebookOptions& options);

// `data_file` is the name shown for the described file. Counts are of the exported rows.
std::string render_dataset_codebook(const Dataset& dataset, const std::string& data_file, CodebookFormat format);

}  // namespace ankieta::exports
