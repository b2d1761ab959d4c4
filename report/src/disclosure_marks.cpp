#include "disclosure_marks.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "ankieta/report/translate.hpp"

namespace ankieta::report {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string number_text(double value) { return fmt::format("{:g}", value); }

// The reason as a reader's words, for the notes.
const char* reason_words(analysis::Suppression reason) {
  switch (reason) {
    case analysis::Suppression::threshold: return "too few firms";
    case analysis::Suppression::dominance: return "one firm dominates";
    case analysis::Suppression::p_percent: return "p% rule";
    case analysis::Suppression::secondary: return "to protect other cells";
    case analysis::Suppression::unreliable: return "too unreliable";
    case analysis::Suppression::none: break;
  }
  return "";
}

}  // namespace

void apply_mark(Cell& cell, const analysis::CellMark& mark) {
  if (cell.kind == CellKind::text) return;
  if (mark.withheld()) {
    // A small-base flag of a withheld cell goes; every number goes, counts too (the number of
    // firms is what the threshold rule protects).
    if (cell.kind == CellKind::flag) {
      cell.value = 0;
      return;
    }
    if (cell.kind == CellKind::empty) cell.kind = CellKind::number;
    cell.value = cell.second = kNaN;
    cell.letters.clear();
    cell.small_base = false;
    cell.suppressed = std::string(analysis::to_string(mark.reason));
    cell.reliability.clear();
    return;
  }
  if (cell.kind == CellKind::number || cell.kind == CellKind::percent)
    cell.reliability = std::string(analysis::to_string(mark.reliability));
}

void apply_mark(Row& row, std::size_t first, const analysis::CellMark& mark, std::size_t estimate) {
  if (!mark.withheld()) {
    if (estimate < row.cells.size()) apply_mark(row.cells[estimate], mark);
    return;
  }
  for (std::size_t col = first; col < row.cells.size(); ++col) apply_mark(row.cells[col], mark);
}

const analysis::CellMark& wave_mark(const analysis::ChangeRow& row, std::size_t entry) {
  static const analysis::CellMark none;
  return entry < row.marks.size() ? row.marks[entry] : none;
}

analysis::CellMark difference_mark(const analysis::ChangeRow& row, const analysis::WaveDifference& difference) {
  analysis::CellMark mark;
  for (std::size_t entry = 0; entry < row.per_wave.size(); ++entry) {
    const std::int64_t wave = row.per_wave[entry].wave;
    if ((wave == difference.from || wave == difference.to) && wave_mark(row, entry).withheld() && !mark.withheld())
      mark.reason = wave_mark(row, entry).reason;
  }
  return mark;
}

void write_mark_json(JsonWriter& json, const analysis::CellMark& mark, const analysis::ProtectionSummary& summary) {
  if (!summary.applied()) return;
  json.key("suppressed");
  if (mark.withheld()) json.value(analysis::to_string(mark.reason));
  else json.null();
  json.key("reliability");
  if (mark.reliability != analysis::Reliability::none) json.value(analysis::to_string(mark.reliability));
  else json.null();
}

void write_protection_json(JsonWriter& json, const analysis::ProtectionSummary& summary, const analysis::DisclosureRules& rules) {
  if (!summary.applied()) return;
  json.key("disclosure").begin_object();
  json.field("confidentiality", summary.confidentiality);
  if (summary.confidentiality) {
    json.field("threshold", rules.threshold);
    json.key("dominance");
    if (rules.dominance) json.begin_array().value(rules.dominance_n).value(rules.dominance_k).end_array();
    else json.null();
    json.key("p");
    if (rules.p_rule) json.value(rules.p);
    else json.null();
    json.field("secondary", rules.secondary);
    json.key("holding");
    if (rules.holding.empty()) json.null();
    else json.value(rules.holding);
  }
  json.field("reliability", summary.reliability);
  if (summary.reliability) json.field("cv_caution", rules.cv_caution).field("cv_suppress", rules.cv_suppress);
  json.key("withheld").begin_object().field("threshold", summary.threshold).field("dominance", summary.dominance)
      .field("p%", summary.p_percent).field("secondary", summary.secondary).field("unreliable", summary.unreliable).end_object();
  json.key("flagged").begin_object().field("caution", summary.caution).field("complement", summary.complement)
      .field("review", summary.review).end_object();
  json.field("protected", summary.protected_ok).field("negative_values", summary.negative_values);
  json.end_object();
}

std::vector<std::string> protection_notes(const analysis::ProtectionSummary& summary, const analysis::DisclosureRules& rules,
                                          ProtectedKind kind, const std::vector<std::string>& group_labels, survey::Language language,
                                          bool rules_in_methodology) {
  std::vector<std::string> notes;
  if (!summary.applied()) return notes;
  auto tr = [&](const char* english) { return fmt::runtime(word(language, english)); };
  if (summary.confidentiality && rules_in_methodology) {
    // The rules are the methodology's; a table says only what they did to it.
    if (summary.withheld() == 0 && summary.caution + summary.review + summary.complement == 0 && summary.protected_ok &&
        group_labels.empty())
      return notes;
  } else if (summary.confidentiality) {
    std::vector<std::string> applied;
    if (rules.threshold > 0)
      applied.push_back(fmt::format(tr("fewer than {} in a cell"), count_of(language, rules.threshold, "firms", "firm")));
    if (kind == ProtectedKind::magnitude && !summary.negative_values) {
      if (rules.dominance && rules.dominance_n == 1)
        applied.push_back(fmt::format(tr("the largest firm above {}% of the cell"), number_text(rules.dominance_k)));
      else if (rules.dominance)
        applied.push_back(fmt::format(tr("the {} largest firms above {}% of the cell"), rules.dominance_n, number_text(rules.dominance_k)));
      if (rules.p_rule) applied.push_back(fmt::format(tr("the p% rule with p = {}"), number_text(rules.p)));
    }
    std::string line = fmt::format(tr("# withheld by disclosure control: {}"), fmt::join(applied, "; "));
    if (!rules.holding.empty()) line += fmt::format(tr("; firms with the same {} count as one"), rules.holding);
    if (rules.secondary && kind != ProtectedKind::shares)
      line += word(language, "; further cells withheld so that none can be recomputed from the totals (checked by linear programs)");
    notes.push_back(line);
    if (kind == ProtectedKind::counts || kind == ProtectedKind::counts_one_way) notes.push_back(word(language, "a table of counts: the threshold rule only"));
    if (kind == ProtectedKind::magnitude && summary.negative_values)
      notes.push_back(word(language, "negative values: the threshold rule only (the dominance and p% rules need contributions of one sign)"));
  }
  std::vector<std::string> counts;
  const std::pair<analysis::Suppression, int> by_reason[] = {
      {analysis::Suppression::threshold, summary.threshold}, {analysis::Suppression::dominance, summary.dominance},
      {analysis::Suppression::p_percent, summary.p_percent}, {analysis::Suppression::secondary, summary.secondary},
      {analysis::Suppression::unreliable, summary.unreliable}};
  for (const auto& [reason, count] : by_reason)
    if (count > 0) counts.push_back(fmt::format("{} ({})", count_of(language, count, "cells", "cell"), word(language, reason_words(reason))));
  if (!counts.empty()) notes.push_back(fmt::format(tr("# withheld: {}"), fmt::join(counts, ", ")));
  const int flagged = summary.caution + summary.review + summary.complement + summary.unreliable;
  if (summary.reliability && flagged == 0 && !rules_in_methodology)
    notes.push_back(word(language, kind == ProtectedKind::magnitude ? "reliability checked by the coefficient of variation: no estimate flagged"
                                                                    : "reliability checked by the NCHS standard: no share flagged"));
  else if (summary.reliability && flagged > 0) {
    if (kind == ProtectedKind::magnitude)
      notes.push_back(fmt::format(tr("reliability by the coefficient of variation: * CV at least {}% (use with caution), # CV above {}% (withheld), ? an estimate of 0"),
                                  number_text(100 * rules.cv_caution), number_text(100 * rules.cv_suppress)));
    else
      notes.push_back(word(language, "reliability of the shares by the NCHS standard (Parker et al. 2017, Korn-Graubard interval): "
                                     "# withheld (effective base below 30 or interval too wide), * use with caution, "
                                     "^ the complementary share is unreliable, ? review (few degrees of freedom or a share of 0% or 100%)"));
  }
  if (!summary.protected_ok)
    notes.push_back(word(language, "! secondary suppression could not protect every withheld cell: do not publish this table as it is"));
  if (summary.shared_margins) notes.push_back(word(language, "a total withheld under one column variable is withheld under all of them"));
  if (summary.tests_withheld)
    notes.push_back(word(language, "tests whose statistic would give a withheld cell back (chi-square, Cramér's V, F of equal means or distributions) are not shown"));
  if (summary.report_margins) notes.push_back(word(language, "a total withheld in another table of the report is withheld here too"));
  if (!group_labels.empty())
    notes.push_back(fmt::format(tr(kind == ProtectedKind::counts_one_way ? "group disclosure: every respondent answered {}"
                                                                          : "group disclosure: in columns {} every respondent gave the same answer"),
                                fmt::join(group_labels, ", ")));
  return notes;
}

}  // namespace ankieta::report
