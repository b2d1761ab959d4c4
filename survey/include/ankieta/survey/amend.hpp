// Amending a survey's stored definition (`ankieta amend`): what a new version of the questionnaire
// may change without touching the meaning of the answers already stored, and what it may not.
// docs/questionnaire.md ("Amending a definition") has the rules as the user reads them.
#pragma once

#include <string>
#include <vector>

#include "ankieta/survey/questionnaire.hpp"
#include "ankieta/survey/store.hpp"

namespace ankieta::survey {

struct AmendOptions {
  // Accept a changed label of an existing code (a wording fix). Without it a changed label is
  // refused: the stored answers would be read with another meaning.
  bool relabel = false;
};

struct AmendmentCheck {
  bool identical = false;             // the new definition is the stored one, byte for byte
  std::vector<std::string> refusals;  // each a sentence, "FILE:LINE:COLUMN: ..." where it has a place
  std::vector<std::string> changes;   // what the amendment does, one line each
};

// Compares `next` with the store's definition and with the answers stored. Reads only.
AmendmentCheck check_amendment(Store& store, const Questionnaire& next, const AmendOptions& options);

}  // namespace ankieta::survey
