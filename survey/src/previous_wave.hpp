// The previous wave of a simulated panel (`ankieta simulate --follow FILE`): the respondents of a
// responses CSV with the few answers the next wave carries over - their id, the stratum they were
// drawn from, and their employment (the simulator's latent firm size). Private to simulator.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ankieta::survey {

struct PreviousRespondent {
  std::string id;
  std::vector<std::string> strata;  // the field of each stratum column, as written
  std::optional<double> size;       // the employment-like answer, when it is a number
  std::int64_t line = 0;            // in the file, for messages
};

// Reads `path` (',', ';', tab or '|' delimited, as `simulate` and the import read it): the column
// `id_column` and each of `stratum_columns` (names compared without case) must be present;
// `size_column` is read when it is present and not empty. Throws Error(missing_input) when the
// file cannot be read and Error(data) naming FILE:LINE for a missing column, a blank id or stratum,
// a repeated id, or a file without respondents.
std::vector<PreviousRespondent> read_previous_wave(const std::string& path, const std::string& id_column,
                                                   const std::vector<std::string>& stratum_columns, const std::string& size_column);

}  // namespace ankieta::survey
