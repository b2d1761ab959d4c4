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
  std::int64_t wave = 1;    // the wave simulated: the wave column's value, and only the questions it asks
  // The previous wave's responses (a file of this questionnaire): its firms are surveyed again as
  // a panel, with deaths, births and moves between size classes (see write_simulated_csv).
  std::string follow_path;
  double keep = 0.6;        // --follow: the share of the previous wave's surviving firms that answer again
};

// One stratum of the simulated design.
struct SimulatedStratum {
  std::vector<std::string> values;  // code of each stratum variable, in Design::strata order
  std::int64_t population = 0;      // N_h: from the frame, else 20 × n_h (within the fpc's range)
  std::int64_t sample = 0;          // n_h: rows written for the stratum
};

struct SimulationSummary {
  std::int64_t rows = 0;
  std::vector<std::string> stratum_variables;  // names, in Design::strata order
  std::vector<SimulatedStratum> strata;  // empty when the design has no strata, weight or fpc
  std::int64_t panel = 0;   // --follow: respondents of the previous wave surveyed again
};

// Writes a header line and `options.rows` rows to `out` (UTF-8, no BOM, '\n' line ends, '.' as the
// decimal point, fields quoted only when they hold the delimiter, a quote or a line break).
//
// Columns: the respondent id ("F0000001", ...), the wave column when the questionnaire has one
// (always 1), then each question's columns in definition order (one per variable; one shared
// column for a delimited multi question).
//
// Answers: codes from each question's options, numbers within min/max (whole numbers when
// `integer: true`; one to three decimals by the width of the range), multi answers as 0/1
// columns or a separator-joined list (an option labelled like "none of these" only alone),
// dates in a fixed fieldwork period (working days from 2025-03-03 to 2025-06-27), short Polish
// comments, fake contacts ("Jan Kowalski, jan.kowalski@example.pl") for `pii: true`. About 3%
// of answers are a declared missing code and about 1.5% are blank (open comments about half the
// time). A question whose `ask_if` is not true for the row generated so far (false, or unknown
// because an answer it depends on is blank or missing) is left blank.
//
// Plausibility: a latent firm size, taken from the first stratum variable's position among its
// values (else drawn at random), drives the first employment-like numeric question (id holding
// employ, zatrudn, staff, headcount, workers or pracownik), counts and amounts (numeric from 0
// or 1 over a range wider than 100), the first option of two-option questions, scales, grids
// and multi ticks, so that larger firms export, innovate, invest and train more; a second latent
// "mood" makes scales and grids agree with one another. Years (id word year/years/age/lat/wiek/
// staz) centre on about 12. Question parameters come from the question ids, not the seed, so
// different seeds are different samples of the same synthetic population.
//
// Frame: a CSV (',' ';' or tab) with a column named after each stratum variable
// (case-insensitive) and `population`; other columns are ignored. Each row is one stratum; a
// stratum with population 0 gets no rows, strata missing from the frame get none either.
//
// Design: design variables (strata, clusters, weight, fpc) are never blank or missing. With
// strata, the rows are allocated to strata in proportion to the frame's `population` (at least
// 2 and at most N_h per stratum, largest remainders after bounded proportional allocation) and
// come out in random order; fpc[0] is N_h (or n_h / N_h when its question's max is <= 1) and the
// weight is N_h / n_h written with full precision. Without a frame the strata are the
// combinations of the stratum variables' values (options; 3 numbers; "A", "B", "C" for text),
// the rows are spread evenly over them in random order and N_h = 20 × n_h (lowered to fit the
// fpc's and the weight's max, never below n_h). Cluster ids (numbers counting from 1 or the
// question's min, "K1_00001" texts, or option codes) are nested in strata: at least 2 first-stage
// units per stratum, about 8–16 respondents per final-stage cluster (fewer in small strata);
// later-stage fpc is 50 (or 0.1 as a fraction).
//
// Waves: `wave` is written in the wave column (when the questionnaire has one), and the columns of
// questions the wave does not ask (`waves:`) are left out. In a wave after the first the firms'
// mood is a little better (0.15 of a standard deviation per wave), so scales, grids and yes/no
// answers move as a cluster's effect would move them.
//
// Panel (`follow_path`, needs a frame: the previous wave's): the previous wave's respondents are
// the firms already known. Each dies with probability 5% (leaves the population), moves to the
// neighbouring value of the first stratum variable (the size class) with probability 6% (up two
// times in three), and answers again with probability `keep`; the population of each stratum
// loses 5% of its firms, gains 6% births, and exchanges 6% with its neighbours in the same
// proportions. The rows are allocated to the new populations as above; each stratum takes its
// returning firms first (a random subset when there are more than its rows), then new firms with
// ids after the highest of the previous wave ("F0000301", ...). A returning firm keeps its id, is
// written in its new stratum, and its latent size comes from the employment it reported (grown by
// about 5%), so that its answers agree with its earlier ones. The new frame is in the summary.
// Designs with clusters are refused with a panel.
//
// Throws Error(usage) for bad options (rows < 1, a frame without design strata, more rows than
// the frame's population or fewer than 2 per stratum), Error(missing_input) when the frame
// cannot be read, Error(data) naming "FRAME:LINE" for a bad frame row or a design variable that
// cannot hold the values needed, and Error(cannot_create) when `out` cannot be written.
SimulationSummary write_simulated_csv(const Questionnaire& questionnaire, const SimulateOptions& options,
                                      std::FILE* out);

}  // namespace ankieta::survey
