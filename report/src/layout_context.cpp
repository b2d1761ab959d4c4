// What every table of a command says about its design, in its notes and in its JSON.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ankieta/report/layouts.hpp"

namespace ankieta::report {

int LayoutContext::domain_df() const { return data.design().domain_df(data.domain()); }

std::vector<std::string> LayoutContext::design_notes() const {
  const analysis::DesignSummary& summary = data.summary();
  std::vector<std::string> notes;
  // In English in every language: the description is the analysis library's (DesignSummary), one
  // sentence that the JSON carries too; translating it needs its parts, which the summary does not keep.
  notes.push_back(fmt::format("design: {}; n = {}, strata = {}, PSUs = {}, df = {}", summary.description, summary.n,
                              summary.strata, summary.psu, summary.df));
  if (!where.empty())
    notes.push_back(fmt::format(tr("domain: {} ({} of {}; standard errors use the full design; df = {}: PSUs − strata among the "
                                   "domain's respondents, as R degf(subset(design, ...)))"),
                                where, data.domain_rows(), count_of(language, static_cast<std::int64_t>(data.rows()), "respondents", "respondent"),
                                domain_df()));
  if (data.latest_wave_of() > 0)
    notes.push_back(fmt::format(tr("wave {} (the latest of {}; --wave N for another)"), *data.wave(), data.latest_wave_of()));
  else if (data.wave())
    notes.push_back(fmt::format(tr("wave {}"), *data.wave()));
  else if (!data.pooled_waves().empty())
    notes.push_back(fmt::format(tr("waves {} pooled: each firm counts once per wave it answered in, with that wave's weight; "
                                   "standard errors from the link design (the firm as the PSU across the waves)"),
                                fmt::join(data.pooled_waves(), ", ")));
  for (const auto& column : data.columns().columns)
    if (column.divisions_by_zero > 0)
      notes.push_back(fmt::format(tr("{}: a division by zero gave a missing value (count: {})"), column.variable->name, column.divisions_by_zero));
  return notes;
}

void LayoutContext::write_design_json(JsonWriter& json) const {
  const analysis::DesignSummary& summary = data.summary();
  json.key("design").begin_object();
  json.field("n", summary.n).field("strata", summary.strata).field("psu", summary.psu).field("df", summary.df);
  json.field("weight", summary.weight).field("description", summary.description);
  json.end_object();
  if (!where.empty()) json.field("where", where).field("domain_df", domain_df());
  if (data.wave()) json.field("wave", *data.wave());
  if (!data.pooled_waves().empty()) {
    json.key("waves").begin_array();
    for (std::int64_t wave : data.pooled_waves()) json.value(wave);
    json.end_array();
    json.field("pooled", true);
  }
  bool any_division = false;
  for (const auto& column : data.columns().columns) {
    if (column.divisions_by_zero == 0) continue;
    if (!any_division) json.key("divisions_by_zero").begin_object();
    any_division = true;
    json.field(column.variable->name, static_cast<std::int64_t>(column.divisions_by_zero));
  }
  if (any_division) json.end_object();
}

}  // namespace ankieta::report
