// Ratios of two weighted totals (R svyratio), overall or by the groups of a column variable.
#include <fmt/format.h>

#include "ankieta/report/layouts.hpp"

namespace ankieta::report {

Table layout_ratios(const std::vector<analysis::RatioRow>& rows, const survey::Variable* by, const LayoutContext& context) {
  const bool pl = context.language == survey::Language::pl;
  JsonWriter json;
  json.begin_object().field("kind", "ratios");
  if (by) json.field("by", by->name);
  else json.key("by").null();
  json.field("weighted", context.weighted);
  context.write_design_json(json);
  json.key("rows").begin_array();
  Table table;
  table.kind = "ratios";
  table.name = by ? fmt::format("ratios by {}", by->name) : "ratios";
  table.title = pl ? "Ilorazy sum" : "Ratios of totals";
  table.header = {pl ? "iloraz" : "ratio", "group", pl ? "grupa" : "group", "n", pl ? "iloraz" : "ratio", "±SE",
                  fmt::format("{:.0f}% CI", 100 * context.ci_level), "numerator_total", "denominator_total"};
  table.columns = {Column::text("name"), Column::text("group").only(ColumnUse::data), Column::text("group_label"),
                   Column::number("n"), Column::number("ratio"), Column::number("ratio_se"),
                   Column::pair("ci_lower", "ci_upper"), Column::number("numerator_total").only(ColumnUse::data),
                   Column::number("denominator_total").only(ColumnUse::data)};
  for (const auto& row : rows) {
    std::string name = row.numerator->name + "/" + row.denominator->name;
    json.begin_object().field("numerator", row.numerator->name).field("denominator", row.denominator->name);
    if (by) json.field("group", by->values[static_cast<std::size_t>(row.group_idx)].code.text);
    else json.key("group").null();
    json.field("n", row.estimate.n).field("ratio", row.estimate.ratio).field("ratio_se", row.estimate.ratio_se);
    json.key("ci").pair(row.estimate.ci.lower, row.estimate.ci.upper);
    json.field("numerator_total", row.estimate.numerator_total).field("denominator_total", row.estimate.denominator_total);
    json.end_object();
    Row line;
    line.cells = {Cell::of_text(name),
                  Cell::of_text(by ? by->values[static_cast<std::size_t>(row.group_idx)].code.text : ""),
                  Cell::of_text(by ? context.value_label(*by, static_cast<std::size_t>(row.group_idx)) : (pl ? "ogółem" : "all")),
                  Cell::of_count(static_cast<double>(row.estimate.n)),
                  Cell::of_number(row.estimate.ratio, 4),
                  Cell::of_number(row.estimate.ratio_se, 4),
                  Cell::of_pair(CellKind::number, row.estimate.ci.lower, row.estimate.ci.upper, 4),
                  Cell::of_number(row.estimate.numerator_total, 1),
                  Cell::of_number(row.estimate.denominator_total, 1)};
    table.rows.push_back(std::move(line));
  }
  json.end_array().end_object();
  table.json.push_back(json.str());
  table.notes = context.design_notes();
  table.notes.push_back(word(context.language, "ratio of the two weighted totals over respondents with both values (R svyratio); linearization SE"));
  return table;
}

}  // namespace ankieta::report
