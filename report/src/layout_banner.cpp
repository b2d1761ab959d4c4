// A banner: a row variable against one block of lettered columns per column variable, with the
// design-based tests of independence per block and column-proportion letters. The JSON is one
// crosstab object per column variable (the contract's "crosstab").
#include <cmath>

#include <fmt/format.h>

#include "ankieta/report/layouts.hpp"
#include "disclosure_marks.hpp"
#include "report_layouts.hpp"

namespace ankieta::report {
namespace {

// Whose PSUs and strata svychisq's nu counts (analysis::DomainDegrees).
const char* tests_df_source(const analysis::DomainDegrees& degrees, bool domain) {
  if (degrees.calibrated) return "the whole calibrated design (R's subset() of a calibrated design keeps every row)";
  return domain ? "the domain's respondents (R's subset() of an uncalibrated design drops the others)" : "the design";
}

// n as the JSON has it: null when withheld.
void write_count(JsonWriter& json, int n, const analysis::CellMark& mark) {
  if (mark.withheld()) json.key("n").null();
  else json.field("n", n);
}

// The columns whose respondents all gave one answer (a group disclosure), by their letters.
std::vector<std::string> group_letters(const analysis::BannerResult& result) {
  std::vector<std::string> letters;
  for (int idx : result.protection.group_disclosure) letters.push_back(analysis::column_letter(idx));
  return letters;
}

bool is_f_test(const analysis::TableTest& test) {
  return test.name == "rao-scott-f" || test.name == "wald" || test.name == "adjusted-wald";
}

std::string test_line(const analysis::TableTest& test) {
  if (!test.note.empty()) return fmt::format("{}: {}", test.name, test.note);
  if (is_f_test(test))
    return fmt::format("{}: F = {:.4f}, df = ({:.2f}, {:.2f}), p = {:.4g}", test.name, test.statistic, test.df1, test.df2, test.p);
  return fmt::format("{}: X² = {:.4f}, df = {:.4g}, p = {:.4g}", test.name, test.statistic, test.df, test.p);
}

std::string block_json(const analysis::BannerResult& result, const analysis::BannerBlock& block, const LayoutContext& context) {
  const analysis::Crosstab& crosstab = block.table;
  const survey::Variable& row_variable = *result.row_variable;
  const survey::Variable& by_variable = *block.variable;
  JsonWriter json;
  json.begin_object().field("kind", "crosstab").field("row", row_variable.name).field("column", by_variable.name);
  json.field("weighted", context.weighted);
  context.write_design_json(json);
  const analysis::CellMark& corner = block.mark_at(crosstab.n_rows, crosstab.n_cols);
  json.key("base").begin_object();
  write_count(json, crosstab.n, corner);
  json.field("total", crosstab.total).field("total_se", crosstab.total_se);
  write_mark_json(json, corner, result.protection);
  json.end_object();
  write_protection_json(json, result.protection, context.disclosure);
  json.key("cells").begin_array();
  for (const auto& cell : crosstab.cells) {
    const analysis::CellMark& mark = block.mark_at(cell.row_idx, cell.col_idx);
    json.begin_object()
        .field("row", row_variable.values[static_cast<std::size_t>(cell.row_idx)].code.text)
        .field("column", by_variable.values[static_cast<std::size_t>(cell.col_idx)].code.text);
    write_count(json, cell.n, mark);
    json.field("total", cell.total).field("total_se", cell.total_se)
        .field("prop", cell.prop).field("prop_se", cell.prop_se)
        .field("row_prop", cell.row_prop).field("row_prop_se", cell.row_prop_se)
        .field("col_prop", cell.col_prop).field("col_prop_se", cell.col_prop_se)
        .field("letters", cell.letters)
        .field("small_base", block.col_small_base[static_cast<std::size_t>(cell.col_idx)])
        .field("row_small_base", block.row_small_base[static_cast<std::size_t>(cell.row_idx)]);
    write_mark_json(json, mark, result.protection);
    json.end_object();
  }
  json.end_array();
  auto margins = [&](const char* key, const std::vector<analysis::CrosstabMargin>& list, const survey::Variable& variable, bool rows) {
    json.key(key).begin_array();
    for (const auto& margin : list) {
      const analysis::CellMark& mark = rows ? block.mark_at(margin.category_idx, crosstab.n_cols) : block.mark_at(crosstab.n_rows, margin.category_idx);
      json.begin_object().field("value", variable.values[static_cast<std::size_t>(margin.category_idx)].code.text);
      write_count(json, margin.n, mark);
      json.field("total", margin.total).field("total_se", margin.total_se).field("prop", margin.prop).field("prop_se", margin.prop_se);
      write_mark_json(json, mark, result.protection);
      json.end_object();
    }
    json.end_array();
  };
  margins("row_margins", crosstab.row_margins, row_variable, true);
  margins("col_margins", crosstab.col_margins, by_variable, false);
  json.key("nets").begin_array();
  const std::size_t block_idx = static_cast<std::size_t>(&block - result.blocks.data());
  for (const analysis::BannerNet& net : result.nets) {
    json.begin_object().field("label", context.label(net.net.label));
    json.key("values").begin_array();
    for (int value : net.net.values) json.value(row_variable.values[static_cast<std::size_t>(value)].code.text);
    json.end_array();
    json.key("cells").begin_array();
    const analysis::BannerNet::Block& cells = net.blocks[block_idx];
    for (std::size_t col = 0; col < cells.cells.size(); ++col) {
      const analysis::CrosstabCell& cell = cells.cells[col];
      const analysis::CellMark mark = col < cells.marks.size() ? cells.marks[col] : analysis::CellMark{};
      json.begin_object().field("column", by_variable.values[col].code.text);
      write_count(json, cell.n, mark);
      json.field("total", cell.total).field("total_se", cell.total_se).field("prop", cell.prop).field("prop_se", cell.prop_se)
          .field("col_prop", cell.col_prop).field("col_prop_se", cell.col_prop_se).field("letters", cells.letters[col]);
      write_mark_json(json, mark, result.protection);
      json.end_object();
    }
    json.end_array();
    json.key("total").begin_object();
    write_count(json, net.total.n, net.total_mark);
    json.field("total", net.total.total).field("total_se", net.total.total_se).field("prop", net.total.prop).field("prop_se", net.total.prop_se);
    write_mark_json(json, net.total_mark, result.protection);
    json.end_object().end_object();
  }
  json.end_array();
  json.key("columns").begin_array();
  for (int col = 0; col < crosstab.n_cols; ++col)
    json.begin_object().field("value", by_variable.values[static_cast<std::size_t>(col)].code.text)
        .field("label", context.value_label(by_variable, static_cast<std::size_t>(col)))
        .field("letter", analysis::column_letter(col)).field("n_eff", block.col_n_eff[static_cast<std::size_t>(col)])
        .field("small_base", block.col_small_base[static_cast<std::size_t>(col)]).end_object();
  json.end_array();
  json.field("n_eff", block.n_eff).field("small_base", block.small_base);
  json.key("tests").begin_array();
  for (const auto& test : crosstab.tests) {
    json.begin_object().field("name", test.name).field("statistic", test.statistic);
    if (is_f_test(test)) json.field("df1", test.df1).field("df2", test.df2);
    else json.field("df", test.df);
    json.field("p", test.p);
    if (!std::isnan(test.design_df)) json.field("design_df", test.design_df);
    if (!test.note.empty()) json.field("note", test.note);
    json.end_object();
  }
  json.end_array();
  json.field("cramers_v", crosstab.cramers_v).field("tests_skipped", crosstab.tests_skipped);
  json.field("tests_design_df", crosstab.test_df)
      .field("tests_design_df_from", result.degrees.calibrated ? "calibrated-design" : context.where.empty() ? "design" : "domain");
  if (crosstab.tests_skipped) json.field("tests_skipped_reason", crosstab.tests_skipped_reason);
  json.key("column_tests").begin_object().field("sig_level", result.options.sig_level)
      .field("bonferroni", result.options.bonferroni).field("df", crosstab.df).end_object();
  json.end_object();
  return json.str();
}

}  // namespace

Table layout_banner(const analysis::BannerResult& result, BannerShow show, const LayoutContext& context) {
  const survey::Variable& row_variable = *result.row_variable;
  const std::string& row_name = row_variable.name;
  const survey::Question& row_question = context.data.questionnaire().questions[row_variable.question_index];
  const int n_rows = result.n_rows;
  const bool pl = context.language == survey::Language::pl;
  std::vector<std::string> by_names;
  for (const auto& block : result.blocks) by_names.push_back(block.variable->name);

  Table table;
  table.kind = "crosstab";
  table.name = fmt::format("{} x {}", row_name, fmt::join(by_names, ","));
  table.title = fmt::format("{}: {}", row_name, context.label(row_question.text));
  table.subtitle = fmt::format("{} {}", pl ? "według" : "by", fmt::join(by_names, ", "));
  table.header = {"value", pl ? "odpowiedź" : "answer", pl ? "ogółem" : "total"};
  table.columns = {Column::text("value").only(ColumnUse::data), Column::text("label"), Column::number("all")};
  const bool disclosed = result.protection.applied();
  table.columns.back().disclosed = disclosed;
  const analysis::BannerBlock& first_block = result.blocks.front();
  const analysis::Crosstab& first = first_block.table;
  for (int row = 0; row < n_rows; ++row) {
    const auto& margin = first.row_margins[static_cast<std::size_t>(row)];
    Row line;
    line.cells = {Cell::of_text(row_variable.values[static_cast<std::size_t>(row)].code.text),
                  Cell::of_text(context.value_label(row_variable, static_cast<std::size_t>(row))),
                  show == BannerShow::total ? Cell::of_number(margin.total, 1) : Cell::of_percent(margin.prop)};
    apply_mark(line.cells.back(), first_block.mark_at(row, first.n_cols));
    table.rows.push_back(std::move(line));
  }
  Row n_line, total_line;
  n_line.role = total_line.role = RowRole::base;
  n_line.cells = {Cell::of_text(""), Cell::of_text(pl ? "n (nieważone)" : "n (unweighted)"), Cell::of_count(first.n)};
  total_line.cells = {Cell::of_text(""), Cell::of_text(pl ? "baza ważona" : "weighted base"), Cell::of_number(first.total, 1)};
  apply_mark(n_line, 2, first_block.mark_at(n_rows, first.n_cols));
  apply_mark(total_line, 2, first_block.mark_at(n_rows, first.n_cols));
  std::vector<std::string> test_notes;
  bool any_small = false;

  for (const auto& block : result.blocks) {
    const analysis::Crosstab& crosstab = block.table;
    const survey::Variable& by_variable = *block.variable;
    const std::string& by = by_variable.name;
    table.json.push_back(block_json(result, block, context));

    // One block of columns per column variable, with the banner's letters.
    for (int col = 0; col < crosstab.n_cols; ++col) {
      table.header.push_back(fmt::format("{} ({})", context.value_label(by_variable, static_cast<std::size_t>(col)), block.letter(col)));
      Column column = Column::number(fmt::format("{}.{}", by, by_variable.values[static_cast<std::size_t>(col)].code.text));
      column.letters = show == BannerShow::col;
      column.flagged = show != BannerShow::total;
      column.disclosed = disclosed;
      table.columns.push_back(column);
    }
    for (int row = 0; row < n_rows; ++row) {
      auto& line = table.rows[static_cast<std::size_t>(row)];
      for (int col = 0; col < crosstab.n_cols; ++col) {
        const auto& cell = crosstab.cell(row, col);
        Cell value = show == BannerShow::col    ? Cell::of_percent(cell.col_prop)
                     : show == BannerShow::row  ? Cell::of_percent(cell.row_prop)
                     : show == BannerShow::cell ? Cell::of_percent(cell.prop)
                                                : Cell::of_number(cell.total, 1);
        if (show == BannerShow::col) value.letters = block.letters_at(row, col);
        // The flag follows the percentage's denominator: the column, the row or the table.
        value.small_base = show == BannerShow::col    ? block.col_small_base[static_cast<std::size_t>(col)]
                           : show == BannerShow::row  ? block.row_small_base[static_cast<std::size_t>(row)]
                           : show == BannerShow::cell ? block.small_base
                                                      : false;
        apply_mark(value, block.mark_at(row, col));
        any_small |= value.small_base;
        line.cells.push_back(std::move(value));
      }
    }
    for (const auto& margin : crosstab.col_margins) {
      const analysis::CellMark& mark = block.mark_at(n_rows, margin.category_idx);
      n_line.cells.push_back(Cell::of_count(margin.n));
      total_line.cells.push_back(Cell::of_number(margin.total, 1));
      apply_mark(n_line.cells.back(), mark);
      apply_mark(total_line.cells.back(), mark);
    }
    for (const auto& test : crosstab.tests) test_notes.push_back(fmt::format("{} x {}: {}", row_name, by, test_line(test)));
    if (!crosstab.tests.empty() && !crosstab.tests_skipped)
      test_notes.push_back(fmt::format(context.tr("{} x {}: the design-based tests' denominator df come from {} = PSUs − strata of {} "
                                                  "(R svychisq's nu: df2 = d0 × {} for rao-scott-f)"),
                                       row_name, by, crosstab.test_df,
                                       word(context.language, tests_df_source(result.degrees, !context.where.empty())), crosstab.test_df));
    if (!crosstab.tests.empty())
      test_notes.push_back(fmt::format(context.tr("{} x {}: Cramér's V = {}"), row_name, by, fmt::format("{:.3f}", crosstab.cramers_v)));
    if (crosstab.tests_skipped)
      test_notes.push_back(fmt::format(context.tr("{} x {}: no design-based tests of independence (Rao-Scott, Wald): {}; the Pearson "
                                                  "and likelihood-ratio tests above ignore the design"),
                                       row_name, by, crosstab.tests_skipped_reason));
  }
  // The nets after the categories, each cell its own domain share (analysis/nets.hpp).
  for (const analysis::BannerNet& net : result.nets) {
    Row line;
    line.role = RowRole::net;
    std::string codes;
    for (int value : net.net.values) codes += (codes.empty() ? "" : "+") + row_variable.values[static_cast<std::size_t>(value)].code.text;
    line.cells = {Cell::of_text(codes), Cell::of_text(context.label(net.net.label)),
                  show == BannerShow::total ? Cell::of_number(net.total.total, 1) : Cell::of_percent(net.total.prop)};
    apply_mark(line.cells.back(), net.total_mark);
    for (std::size_t block_idx = 0; block_idx < net.blocks.size(); ++block_idx) {
      const analysis::BannerBlock& block = result.blocks[block_idx];
      const analysis::BannerNet::Block& cells = net.blocks[block_idx];
      for (std::size_t col = 0; col < cells.cells.size(); ++col) {
        const analysis::CrosstabCell& cell = cells.cells[col];
        Cell value = show == BannerShow::col    ? Cell::of_percent(cell.col_prop)
                     : show == BannerShow::row  ? Cell::of_percent(cell.row_prop)
                     : show == BannerShow::cell ? Cell::of_percent(cell.prop)
                                                : Cell::of_number(cell.total, 1);
        if (show == BannerShow::col) value.letters = cells.letters[col];
        value.small_base = show == BannerShow::col ? block.col_small_base[col] : show == BannerShow::cell ? block.small_base : false;
        if (col < cells.marks.size()) apply_mark(value, cells.marks[col]);
        line.cells.push_back(std::move(value));
      }
    }
    table.rows.push_back(std::move(line));
  }
  table.rows.push_back(std::move(n_line));
  table.rows.push_back(std::move(total_line));

  table.notes = context.design_notes();
  table.notes.push_back(word(context.language, show == BannerShow::col    ? "column percentages; declared missing codes and those not asked are left out"
                                               : show == BannerShow::row  ? "row percentages"
                                               : show == BannerShow::cell ? "percentages of the table total"
                                                                          : "weighted counts"));
  if (show == BannerShow::col)
    table.notes.push_back(fmt::format(context.tr("letters: the column's percentage is significantly higher than that of the lettered column "
                                                 "(design-based t test of two domain proportions, {} df, alpha {}{})"),
                                      first.df, result.options.sig_level,
                                      word(context.language, result.options.bonferroni ? ", Bonferroni-adjusted" : "")));
  if (any_small)
    table.notes.push_back(fmt::format(context.tr(show == BannerShow::col   ? "! effective base of the column below {}: read with caution"
                                                 : show == BannerShow::row ? "! effective base of the row below {}: read with caution"
                                                                           : "! effective base of the table below {}: read with caution"),
                                      fmt::format("{:.0f}", context.small_base)));
  table.notes.insert(table.notes.end(), test_notes.begin(), test_notes.end());
  table.notes.push_back(word(context.language, "rao-scott-f: second-order Rao–Scott F (R svychisq default); rao-scott-chisq: first-order; pearson: unweighted counts"));
  for (auto& note : protection_notes(result.protection, context.disclosure, ProtectedKind::counts, group_letters(result), context.language))
    table.notes.push_back(std::move(note));
  // The chart shows column percentages, whatever --show puts in the cells (as the report's).
  if (show != BannerShow::total) table.chart = banner_chart(result, context);
  return table;
}

// The same kind in a report: the statistics, chart and title the spec asks for, numbers in the
// report's language (report_layouts.hpp).
Table report_banner(const TableSpec& spec, const analysis::BannerResult& result, ReportLayout& context) {
  const survey::Variable& row_variable = *result.row_variable;
  const survey::Question& row_question = context.data.questionnaire().questions[row_variable.question_index];
  std::vector<Statistic> stats = spec.statistics.empty() ? std::vector<Statistic>{Statistic::col} : spec.statistics;
  Statistic shown = has(stats, Statistic::row) ? Statistic::row : has(stats, Statistic::cell) ? Statistic::cell
                  : has(stats, Statistic::total) && !has(stats, Statistic::col) ? Statistic::total : Statistic::col;
  std::vector<std::string> by_labels;
  for (const auto& block : result.blocks) by_labels.push_back(block.variable->name);
  std::string subtitle = fmt::format("{} — {} {}", row_variable.name, context.w("by"), fmt::join(by_labels, ", "));
  std::string title = row_variable.part >= 0 ? fmt::format("{}: {}", context.label(row_question.text), context.label(row_variable.label))
                                             : context.label(row_question.text);
  Table table = context.start_table(spec, title, subtitle);
  banner_header(table, result.blocks, [](const analysis::BannerBlock& block) { return block.table.n_cols; }, context);
  const analysis::Crosstab& first = result.blocks.front().table;
  auto value_of = [&](const analysis::CrosstabCell& cell) {
    switch (shown) {
      case Statistic::row: return Cell::of_percent(cell.row_prop);
      case Statistic::cell: return Cell::of_percent(cell.prop);
      case Statistic::total: return Cell::of_number(cell.total, 1);
      default: return Cell::of_percent(cell.col_prop);
    }
  };
  auto se_of = [&](const analysis::CrosstabCell& cell) {
    switch (shown) {
      case Statistic::row: return Cell::of_percent(cell.row_prop_se);
      case Statistic::cell: return Cell::of_percent(cell.prop_se);
      case Statistic::total: return Cell::of_number(cell.total_se, 1);
      default: return Cell::of_percent(cell.col_prop_se);
    }
  };
  bool flagged = false;
  for (int row_idx = 0; row_idx < result.n_rows; ++row_idx) {
    Row row;
    row.cells.push_back(Cell::of_text(context.value_label(row_variable, row_idx)));
    const auto& margin = first.row_margins[static_cast<std::size_t>(row_idx)];
    const analysis::CellMark& margin_mark = result.blocks.front().mark_at(row_idx, first.n_cols);
    row.cells.push_back(shown == Statistic::total ? Cell::of_number(margin.total, 1) : Cell::of_percent(margin.prop));
    apply_mark(row.cells.back(), margin_mark);
    Row se_row;
    se_row.cells.push_back(Cell::of_text("±SE"));
    se_row.cells.push_back(shown == Statistic::total ? Cell::of_number(margin.total_se, 1) : Cell::of_percent(margin.prop_se));
    if (margin_mark.withheld()) apply_mark(se_row.cells.back(), margin_mark);
    for (const auto& block : result.blocks) {
      for (int col = 0; col < block.table.n_cols; ++col) {
        const auto& cell = block.table.cell(row_idx, col);
        Cell value = value_of(cell);
        if (shown == Statistic::col) value.letters = block.letters_at(row_idx, col);
        value.small_base = shown == Statistic::row    ? block.row_small_base[static_cast<std::size_t>(row_idx)]
                           : shown == Statistic::cell ? block.small_base
                           : shown == Statistic::col  ? block.col_small_base[static_cast<std::size_t>(col)]
                                                      : false;
        const analysis::CellMark& mark = block.mark_at(row_idx, col);
        apply_mark(value, mark);
        flagged |= value.small_base;
        row.cells.push_back(value);
        se_row.cells.push_back(se_of(cell));
        if (mark.withheld()) apply_mark(se_row.cells.back(), mark);
      }
    }
    table.rows.push_back(std::move(row));
    if (has(stats, Statistic::se)) table.rows.push_back(std::move(se_row));
  }
  for (const analysis::BannerNet& net : result.nets) {
    Row row, se_row;
    row.role = se_row.role = RowRole::net;
    row.cells.push_back(Cell::of_text(context.label(net.net.label)));
    row.cells.push_back(shown == Statistic::total ? Cell::of_number(net.total.total, 1) : Cell::of_percent(net.total.prop));
    apply_mark(row.cells.back(), net.total_mark);
    se_row.cells.push_back(Cell::of_text("±SE"));
    se_row.cells.push_back(shown == Statistic::total ? Cell::of_number(net.total.total_se, 1) : Cell::of_percent(net.total.prop_se));
    if (net.total_mark.withheld()) apply_mark(se_row.cells.back(), net.total_mark);
    for (std::size_t block_idx = 0; block_idx < net.blocks.size(); ++block_idx) {
      const analysis::BannerBlock& block = result.blocks[block_idx];
      const analysis::BannerNet::Block& cells = net.blocks[block_idx];
      for (std::size_t col = 0; col < cells.cells.size(); ++col) {
        Cell value = value_of(cells.cells[col]);
        if (shown == Statistic::col) value.letters = cells.letters[col];
        value.small_base = shown == Statistic::col ? block.col_small_base[col] : shown == Statistic::cell ? block.small_base : false;
        const analysis::CellMark mark = col < cells.marks.size() ? cells.marks[col] : analysis::CellMark{};
        apply_mark(value, mark);
        flagged |= value.small_base;
        row.cells.push_back(value);
        se_row.cells.push_back(se_of(cells.cells[col]));
        if (mark.withheld()) apply_mark(se_row.cells.back(), mark);
      }
    }
    table.rows.push_back(std::move(row));
    if (has(stats, Statistic::se)) table.rows.push_back(std::move(se_row));
  }
  Row n_row, total_row;
  n_row.role = total_row.role = RowRole::base;
  n_row.cells = {Cell::of_text(context.w("Base n (unweighted)")), Cell::of_count(first.n)};
  total_row.cells = {Cell::of_text(context.w("Base (weighted)")), Cell::of_number(first.total, 1)};
  apply_mark(n_row, 1, result.blocks.front().mark_at(result.n_rows, first.n_cols));
  apply_mark(total_row, 1, result.blocks.front().mark_at(result.n_rows, first.n_cols));
  for (const auto& block : result.blocks)
    for (const auto& margin : block.table.col_margins) {
      const analysis::CellMark& mark = block.mark_at(result.n_rows, margin.category_idx);
      n_row.cells.push_back(Cell::of_count(margin.n));
      total_row.cells.push_back(Cell::of_number(margin.total, 1));
      apply_mark(n_row.cells.back(), mark);
      apply_mark(total_row.cells.back(), mark);
    }
  table.rows.push_back(std::move(n_row));
  if (context.weighted) table.rows.push_back(std::move(total_row));
  table.base_text = fmt::format(fmt::runtime(context.w("Base: respondents who answered both questions, n = {}")), first.n);
  table.notes.push_back(shown == Statistic::col ? context.w("Column percentages.") : shown == Statistic::row ? context.w("Row percentages.")
                        : shown == Statistic::cell ? context.w("Percentages of the table total.") : context.w("Weighted counts."));
  if (shown == Statistic::col)
    table.notes.push_back(fmt::format(fmt::runtime(context.w("Letters: the column's percentage is significantly higher than that of the lettered column of the same variable (design-based t test, alpha = {}, {} df).")),
                                      context.number(context.spec.sig_level, 2), first.df));
  for (const auto& block : result.blocks) {
    for (const auto& test : block.table.tests) {
      if (test.name != "rao-scott-f" || !test.note.empty()) continue;
      table.notes.push_back(fmt::format(fmt::runtime(context.w("{} × {}: Rao–Scott F = {}, df = ({}, {}), p = {}; Cramér's V = {}")), row_variable.name,
                                        block.variable->name, context.number(test.statistic, 2), context.number(test.df1, 2), context.number(test.df2, 1),
                                        context.p_text(test.p), context.number(block.table.cramers_v, 3)));
    }
  }
  if (row_question.ask_if_expression) table.notes.push_back(fmt::format("{}: {}", context.w("Asked only when"), row_question.ask_if));
  if (flagged)
    table.notes.push_back(fmt::format(fmt::runtime(context.w("! effective base of the column below {}: read with caution")), context.number(context.spec.small_base, 0)));
  context.note_protection(table, result.protection, ProtectedKind::counts, group_letters(result));

  if (spec.chart != ChartKind::none && shown != Statistic::total) table.chart = banner_chart(result, context);
  return table;
}

}  // namespace ankieta::report
