// The "link design" of change between survey waves (reference/waves/METHOD.md, waves_lib.R
// link_columns()): the stacked rows of the waves compared, each with its own wave's weight; the
// unit that carries the link between waves (the firm, or the first-stage cluster) is the PSU;
// variance strata and a finite population correction chosen so that linearization on the stacked
// rows gives Var(b - a) = V_a + V_b - 2 Cov_ab with each wave's own fpc (Tam 1984). This header
// derives the design's columns from per-row facts of each wave; change.hpp builds the design.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ankieta::analysis {

// One stacked row as the derivation needs it. Rows of one wave come together or not: order is free.
struct LinkRow {
  int wave = 0;          // index of the row's wave among those compared (0 = the earliest)
  std::int32_t psu = 0;  // the link unit: the same number means the same unit in every wave
  std::int32_t stratum = 0;  // the row's stratum in its own wave: the same number, the same stratum
  double sampled = 0;        // n_ht: PSUs sampled in the row's wave and stratum
  double population = 0;     // N_ht: population PSUs there (+inf when unknown)
};

// Link strata are numbered: the strata of linked units keep their `stratum` number; `partial` and
// `partial_census` take the two numbers after the largest stratum number.
struct LinkColumns {
  std::vector<std::uint8_t> in_all_waves;  // per row: its unit is present in every wave
  std::vector<std::int32_t> link_stratum;  // per row
  std::vector<double> link_fpc;            // per row: a sampling fraction in [0, 1]
  std::int32_t partial = 0;                // stratum number of units seen in some waves only
  std::int32_t partial_census = 0;         // ... all of whose rows lie in census wave-strata
  int units_in_all_waves = 0;
};

// waves_lib.R link_columns(): a unit present in every one of the `n_waves` waves goes to the
// stratum it had in the earliest wave, with phi_h = min(1, n~_h^2 / (N~_h m_h)) (geometric means
// of n_ht and N_ht over the waves, m_h the linked units of h; 1 when h is missing in a wave); other
// units go to `partial` (phi 0, with replacement) or, when all their rows are census strata
// (n_ht >= N_ht), to `partial_census` (phi 1). A linked stratum left with one unit and phi < 1
// joins `partial`.
LinkColumns link_columns(const std::vector<LinkRow>& rows, int n_waves);

}  // namespace ankieta::analysis
