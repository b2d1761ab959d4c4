// Per-question completion counts for `ankieta info` and the codebook: how many respondents
// answered, gave a declared missing code, left it blank although asked, or were not asked.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ankieta/survey/store.hpp"

namespace ankieta::survey {

struct QuestionCompletion {
  std::size_t question_index = 0;
  std::int64_t answered = 0;      // at least one variable holds a real answer
  std::int64_t missing_code = 0;  // only declared missing codes (don't know, refused)
  std::int64_t blank = 0;         // asked but left blank
  std::int64_t not_asked = 0;     // blank, and the ask_if filter is not true (false, or unknown because
                                  // the filter question itself was not answered)
  std::int64_t not_in_wave = 0;   // in a wave that does not ask the question (`waves:`)
};

std::vector<QuestionCompletion> question_completion(const Store& store, std::optional<std::int64_t> wave);

}  // namespace ankieta::survey
