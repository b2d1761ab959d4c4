// The link design's derived columns, rule for rule as reference/waves/waves_lib.R link_columns()
// (METHOD.md, "The link design"): the reference values were computed from columns made that way.
#include "ankieta/analysis/link_design.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"

namespace ankieta::analysis {

LinkColumns link_columns(const std::vector<LinkRow>& rows, int n_waves) {
  LinkColumns out;
  std::int32_t n_units = 0;
  std::int32_t top_stratum = -1;
  for (const LinkRow& row : rows) {
    if (row.wave < 0 || row.wave >= n_waves || row.psu < 0 || row.stratum < 0)
      throw usage_error("link design: a row's wave, unit or stratum is out of range");
    n_units = std::max(n_units, row.psu + 1);
    top_stratum = std::max(top_stratum, row.stratum);
  }
  out.partial = top_stratum + 1;
  out.partial_census = top_stratum + 2;
  const auto units = static_cast<std::size_t>(n_units);

  // Presence per unit and wave, the unit's stratum in its earliest wave, and whether every row of
  // the unit lies in a census wave-stratum.
  const auto waves = static_cast<std::size_t>(n_waves);
  std::vector<std::uint8_t> present(units * waves, 0);  // unit-major: present[unit * waves + wave]
  std::vector<int> first_wave(units, n_waves);
  std::vector<std::int32_t> first_stratum(units, -1);
  std::vector<std::uint8_t> census(units, 1);
  // n_ht and N_ht of each (stratum, wave) that has rows.
  std::map<std::pair<std::int32_t, int>, std::pair<double, double>> counts;
  for (const LinkRow& row : rows) {
    const auto unit = static_cast<std::size_t>(row.psu);
    present[unit * waves + static_cast<std::size_t>(row.wave)] = 1;
    if (row.wave < first_wave[unit]) {
      first_wave[unit] = row.wave;
      first_stratum[unit] = row.stratum;
    }
    if (!(row.sampled >= row.population)) census[unit] = 0;
    counts.emplace(std::make_pair(row.stratum, row.wave), std::make_pair(row.sampled, row.population));
  }
  std::vector<std::uint8_t> linked(units, 0);
  std::map<std::int32_t, int> linked_per_stratum;  // m_h
  for (std::size_t unit = 0; unit < units; ++unit) {
    const auto first = present.begin() + static_cast<std::ptrdiff_t>(unit * waves);
    linked[unit] = std::all_of(first, first + static_cast<std::ptrdiff_t>(waves), [](std::uint8_t p) { return p != 0; });
    if (linked[unit]) {
      ++linked_per_stratum[first_stratum[unit]];
      ++out.units_in_all_waves;
    }
  }

  std::map<std::int32_t, double> phi;
  for (const auto& [stratum, m] : linked_per_stratum) {
    std::vector<double> n, big_n;
    for (int wave = 0; wave < n_waves; ++wave) {
      auto it = counts.find({stratum, wave});
      if (it == counts.end()) continue;
      n.push_back(it->second.first);
      big_n.push_back(it->second.second);
    }
    if (static_cast<int>(n.size()) < n_waves) {  // the stratum is missing in a wave: no correction
      phi[stratum] = 1.0;
      continue;
    }
    // Geometric means over the waves, exact when the counts are equal in every wave (as R).
    auto geometric_mean = [n_waves](const std::vector<double>& values) {
      if (std::all_of(values.begin(), values.end(), [&](double v) { return v == values.front(); })) return values.front();
      double product = 1.0;
      for (double v : values) product *= v;
      return std::pow(product, 1.0 / n_waves);
    };
    const double gm_n = geometric_mean(n);
    const double gm_big_n = geometric_mean(big_n);
    phi[stratum] = std::isinf(gm_big_n) ? 0.0 : std::min(1.0, gm_n * gm_n / (gm_big_n * m));
  }

  std::vector<std::int32_t> unit_stratum(units, -1);
  std::map<std::int32_t, int> units_per_stratum;
  for (std::size_t unit = 0; unit < units; ++unit) {
    if (first_wave[unit] == n_waves) continue;  // a number without rows
    unit_stratum[unit] = linked[unit] ? first_stratum[unit] : census[unit] ? out.partial_census : out.partial;
    ++units_per_stratum[unit_stratum[unit]];
  }
  // A linked stratum with a single unit and phi < 1 would be a lonely PSU: it joins `partial`.
  for (std::size_t unit = 0; unit < units; ++unit) {
    const std::int32_t stratum = unit_stratum[unit];
    if (stratum < 0 || stratum == out.partial || stratum == out.partial_census) continue;
    if (units_per_stratum[stratum] == 1 && phi[stratum] < 1) unit_stratum[unit] = out.partial;
  }

  out.in_all_waves.resize(rows.size());
  out.link_stratum.resize(rows.size());
  out.link_fpc.resize(rows.size());
  for (std::size_t idx = 0; idx < rows.size(); ++idx) {
    const auto unit = static_cast<std::size_t>(rows[idx].psu);
    const std::int32_t stratum = unit_stratum[unit];
    out.in_all_waves[idx] = linked[unit];
    out.link_stratum[idx] = stratum;
    out.link_fpc[idx] = stratum == out.partial ? 0.0 : stratum == out.partial_census ? 1.0 : phi[stratum];
  }
  return out;
}

}  // namespace ankieta::analysis
