// Synthetic responses for a questionnaire (`ankieta simulate`): a CSV that imports cleanly into a
// database made from the same definition, with plausible answers, filters respected and a valid
// sample design. For demonstrations, tests and benchmarks; nothing in it describes real firms.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "ankieta/survey/questionnaire.hpp"

namespace ankieta::survey {

struct SimulateOptions {
  std::int64_t rows = 0;    // respondents to write (>= 1)
  std::uint64_t seed = 0;   // the same seed and options give the same bytes on every platform
  std::string frame_path;   // population frame CSV (stratum variables + `population`); empty = none
  char delimiter = ',';     // ',', ';', tab or '|'
};

// One stratum of the simulated design.
struct SimulatedStratum {
  std::vector<std::string> values;  // code of each stratum variable, in Design::strata order
  std::int64_t population = 0;      // N_h: from the frame, else 20 × n_h (within the fpc's range)
  std::int64_t sample = 0;          // n_h: rows written for the stratum
};

struct SimulationSummary {
  std::int64_t rows = 0;
  std::vector<SimulatedStratum> strata;  // empty when the design has no strata, weight or fpc
};

// Writes a header line and `options.rows` rows to `out` (UTF-8, no BOM, '\n' line ends, '.' as the
// decimal point, fields quoted only when they hold the delimiter, a quote or a line break).
//
// Columns: the respondent id ("F0000001", ...), the wave column when the questionnaire has one
// (always 1), then each question's columns in definition order (one per variable; one shared
// column for a delimited multi question).
//
// Answers: codes from each question's options, numbers within min/max (whole numbers when
// `integer: true`), multi answers as 0/1 columns or a separator-joined list, dates in a fixed
// fieldwork period (weekdays from 2025-03-03 to 2025-06-27), short Polish texts, fake contacts
// (example.pl addresses) for `pii: true`. About 3% of answers are a declared missing code and
// about 1.5% are blank (open texts are blank more often). A question whose `ask_if` is not true
// for the row generated so far (false, or unknown because of a blank or missing answer it
// depends on) is left blank. A latent firm size, taken from the first stratum variable's
// position among its values (else random), drives an employment-like numeric question (by id:
// employ/zatrudn/staff/headcount/workers), yes/no questions (the first option), scales, grids,
// multi choices and count-like numbers, so that larger firms export, innovate and invest more;
// a second latent "mood" makes scales agree with one another. Question parameters depend on the
// question ids only, so different seeds are different samples of the same population.
//
// Design: design variables (strata, clusters, weight, fpc) are never blank or missing. With
// strata, the rows are allocated to strata in proportion to the frame's `population` (at least
// 2 and at most N_h per stratum, largest remainders after bounded proportional allocation) and
// come out in random order; fpc[0] is N_h (or n_h / N_h when its question's max is <= 1) and the
// weight is N_h / n_h written with full precision. Without a frame the strata are the
// combinations of the stratum variables' values with random population shares and N_h = 20 × n_h
// (lowered to fit the fpc's and the weight's max). Cluster ids (numbers counting from 1 or the
// question's min, "K1_00001" texts, or option codes) are nested in strata: at least 2 first-stage
// units per stratum, about 8–16 respondents per final-stage cluster; later-stage fpc is 50
// (or 0.1 as a fraction).
//
// Throws Error(usage) for bad options (rows < 1, a frame without design strata, more rows than
// the frame's population or fewer than 2 per stratum), Error(missing_input) when the frame
// cannot be read, Error(data) naming "FRAME:LINE" for a bad frame row or a design variable that
// cannot hold the values needed, and Error(cannot_create) when `out` cannot be written.
SimulationSummary write_simulated_csv(const Questionnaire& questionnaire, const SimulateOptions& options, std::FILE* out);

}  // namespace ankieta::survey
