// A multi question by column variables: per option the share of each column's respondents
// mentioning it, with column-proportion letters. The JSON is one crosstab object per column
// variable, marked "multiple_response".
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "ankieta/report/layouts.hpp"
#include "disclosure_marks.hpp"
#include "report_layouts.hpp"

namespace ankieta::report {
namespace {

const analysis::GroupMean* net_share(const analysis::MultipleResponseBannerBlock& block, std::size_t net_idx, int col) {
  for (const analysis::GroupMean& group : block.net_items[net_idx].groups)
    if (group.group_idx == col) return &group;
  return nullptr;
}

const analysis::CellMark& share_mark(const analysis::MultipleResponseBannerBlock& block, std::size_t at) {
  static const analysis::CellMark none;
  return at < block.marks.size() ? block.marks[at] : none;
}

}  // namespace

Table layout_multiple_response_banner(const analysis::MultipleResponseBannerResult& result, const LayoutContext& context) {
  const survey::Question& question = *result.total.question;
  const analysis::MeanEstimate& base = result.total.mentions;
  const bool pl = context.language == survey::Language::pl;
  std::vector<std::string> by_names;
  for (const auto& block : result.blocks) by_names.push_back(block.variable->name);

  Table table;
  table.kind = "crosstab";
  table.name = fmt::format("{} x {}", question.id, fmt::join(by_names, ","));
  table.title = fmt::format("{}: {}", question.id, context.label(question.text));
  table.subtitle = fmt::format("{} {} {}", pl ? "pytanie wielokrotnego wyboru" : "multiple response", pl ? "według" : "by",
                               fmt::join(by_names, ", "));
  table.header = {"variable", pl ? "odpowiedź" : "answer", pl ? "ogółem" : "total"};
  table.columns = {Column::text("variable").only(ColumnUse::data), Column::text("label"), Column::number("all")};
  const std::size_t n_options = result.total.items.size();
  for (std::size_t option = 0; option < n_options; ++option) {
    const auto& item = result.total.items[option];
    Row row;
    row.cells = {Cell::of_text(item.variable->name), Cell::of_text(context.label(question.options[item.option_idx].label)),
                 Cell::of_percent(item.share.mean)};
    apply_mark(row.cells.back(), item.mark);
    table.rows.push_back(std::move(row));
  }
  // The nets after the options (analysis/nets.hpp): the total column's share, then each block's.
  for (const analysis::MultipleResponseNet& net : result.total.nets) {
    Row row;
    row.role = RowRole::net;
    std::string codes;
    for (int option : net.net.values) codes += (codes.empty() ? "" : "+") + question.options[static_cast<std::size_t>(option)].code.text;
    row.cells = {Cell::of_text(codes), Cell::of_text(context.label(net.net.label)), Cell::of_percent(net.share.mean)};
    apply_mark(row.cells.back(), net.mark);
    table.rows.push_back(std::move(row));
  }
  Row n_line, total_line;
  n_line.role = total_line.role = RowRole::base;
  n_line.cells = {Cell::of_text(""), Cell::of_text(pl ? "n (nieważone)" : "n (unweighted)"), Cell::of_count(base.n)};
  total_line.cells = {Cell::of_text(""), Cell::of_text(pl ? "baza ważona" : "weighted base"), Cell::of_number(base.weight_sum, 1)};
  bool any_small = false;
  const double nan = std::numeric_limits<double>::quiet_NaN();

  for (const auto& block : result.blocks) {
    const survey::Variable& by_variable = *block.variable;
    const int n_cols = block.n_cols();
    JsonWriter json;
    json.begin_object().field("kind", "crosstab").field("row", question.id).field("column", by_variable.name)
        .field("multiple_response", true).field("weighted", context.weighted);
    context.write_design_json(json);
    write_protection_json(json, result.total.protection, context.disclosure);
    json.key("base").begin_object().field("n", base.n).field("total", base.weight_sum).end_object();
    json.key("cells").begin_array();
    for (std::size_t option = 0; option < n_options; ++option) {
      const auto& item = result.total.items[option];
      for (int col = 0; col < n_cols; ++col) {
        const analysis::GroupMean* share = block.share(option, col);
        const std::size_t at = option * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col);
        json.begin_object().field("row", question.options[item.option_idx].code.text)
            .field("variable", item.variable->name)
            .field("column", by_variable.values[static_cast<std::size_t>(col)].code.text);
        if (share_mark(block, at).withheld()) json.key("n").null();
        else json.field("n", block.mentions_n[at]);
        json.field("base_n", block.base_n[static_cast<std::size_t>(col)])
            .field("total", share ? share->estimate.total : nan).field("total_se", share ? share->estimate.total_se : nan)
            .field("col_prop", share ? share->estimate.mean : nan).field("col_prop_se", share ? share->estimate.mean_se : nan)
            .field("letters", block.block_letters[at]);
        write_mark_json(json, share_mark(block, at), result.total.protection);
        json.end_object();
      }
    }
    json.end_array();
    json.key("nets").begin_array();
    for (std::size_t net_idx = 0; net_idx < block.net_items.size(); ++net_idx) {
      const analysis::MultipleResponseNet& net = result.total.nets[net_idx];
      json.begin_object().field("label", context.label(net.net.label));
      json.key("values").begin_array();
      for (int option : net.net.values) json.value(question.options[static_cast<std::size_t>(option)].code.text);
      json.end_array();
      json.key("cells").begin_array();
      for (int col = 0; col < n_cols; ++col) {
        const std::size_t at = net_idx * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col);
        const analysis::GroupMean* share = net_share(block, net_idx, col);
        const analysis::CellMark mark = at < block.net_marks.size() ? block.net_marks[at] : analysis::CellMark{};
        json.begin_object().field("column", by_variable.values[static_cast<std::size_t>(col)].code.text);
        if (mark.withheld()) json.key("n").null();
        else json.field("n", block.net_mentions_n[at]);
        json.field("col_prop", share ? share->estimate.mean : nan).field("col_prop_se", share ? share->estimate.mean_se : nan)
            .field("letters", block.net_block_letters[at]);
        write_mark_json(json, mark, result.total.protection);
        json.end_object();
      }
      json.end_array();
      json.key("total").begin_object().field("prop", net.share.mean).field("prop_se", net.share.mean_se);
      write_mark_json(json, net.mark, result.total.protection);
      json.end_object().end_object();
    }
    json.end_array();
    json.key("columns").begin_array();
    for (int col = 0; col < n_cols; ++col)
      json.begin_object().field("value", by_variable.values[static_cast<std::size_t>(col)].code.text)
          .field("label", context.value_label(by_variable, static_cast<std::size_t>(col)))
          .field("letter", analysis::column_letter(col)).field("base_n", block.base_n[static_cast<std::size_t>(col)])
          .field("n_eff", block.col_n_eff[static_cast<std::size_t>(col)])
          .field("small_base", block.col_small_base[static_cast<std::size_t>(col)]).end_object();
    json.end_array();
    json.key("tests").begin_array().end_array();
    json.key("column_tests").begin_object().field("sig_level", result.options.sig_level)
        .field("bonferroni", result.options.bonferroni).field("df", context.domain_df()).end_object();
    json.end_object();
    table.json.push_back(json.str());

    for (int col = 0; col < n_cols; ++col) {
      table.header.push_back(fmt::format("{} ({})", context.value_label(by_variable, static_cast<std::size_t>(col)), block.letter(col)));
      Column column = Column::number(fmt::format("{}.{}", by_variable.name, by_variable.values[static_cast<std::size_t>(col)].code.text));
      column.letters = column.flagged = true;
      column.disclosed = result.total.protection.applied();
      table.columns.push_back(column);
      for (std::size_t option = 0; option < n_options; ++option) {
        const analysis::GroupMean* share = block.share(option, col);
        // No share: nobody in the column answered the question.
        Cell value = share ? Cell::of_percent(share->estimate.mean) : Cell();
        if (!share) value.text = "–";
        if (share) value.letters = block.letters[option * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col)];
        value.small_base = share && block.col_small_base[static_cast<std::size_t>(col)];
        if (share) apply_mark(value, share_mark(block, option * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col)));
        any_small |= value.small_base;
        table.rows[option].cells.push_back(std::move(value));
      }
      for (std::size_t net_idx = 0; net_idx < block.net_items.size(); ++net_idx) {
        const std::size_t at = net_idx * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col);
        const analysis::GroupMean* share = net_share(block, net_idx, col);
        Cell value = share ? Cell::of_percent(share->estimate.mean) : Cell::of_text("–");
        if (share) {
          value.letters = block.net_letters[at];
          value.small_base = block.col_small_base[static_cast<std::size_t>(col)];
          if (at < block.net_marks.size()) apply_mark(value, block.net_marks[at]);
        }
        table.rows[n_options + net_idx].cells.push_back(std::move(value));
      }
      const analysis::GroupMean* any = n_options > 0 ? block.share(0, col) : nullptr;
      n_line.cells.push_back(Cell::of_count(static_cast<double>(block.base_n[static_cast<std::size_t>(col)])));
      total_line.cells.push_back(Cell::of_number(any ? any->estimate.weight_sum : 0.0, 1));
    }
  }
  table.rows.push_back(std::move(n_line));
  table.rows.push_back(std::move(total_line));

  table.notes = context.design_notes();
  table.notes.push_back(fmt::format(context.tr("% of each column's respondents who answered the question (n = {} in all) mentioning the option; "
                                               "percentages add up to more than 100"),
                                    base.n));
  table.notes.push_back(fmt::format(context.tr("letters: the column's percentage is significantly higher than that of the lettered column "
                                               "(design-based t test of two domain means of the 0/1 item, {} df, alpha {}{})"),
                                    context.domain_df(), result.options.sig_level,
                                    word(context.language, result.options.bonferroni ? ", Bonferroni-adjusted" : "")));
  if (question.ask_if_expression) table.notes.push_back(fmt::format(context.tr("asked only when: {}"), question.ask_if));
  if (any_small)
    table.notes.push_back(fmt::format(context.tr("! effective base of the column below {}: read with caution"),
                                      fmt::format("{:.0f}", context.small_base)));
  for (auto& note : protection_notes(result.total.protection, context.disclosure, ProtectedKind::shares, {}, context.language))
    table.notes.push_back(std::move(note));
  return table;
}

// The same kind in a report: the statistics, chart and title the spec asks for, numbers in the
// report's language (report_layouts.hpp).
// A multi question by banner columns: % of each column's respondents mentioning each option.
Table report_multiple_response_banner(const TableSpec& spec, const analysis::MultipleResponseBannerResult& result, ReportLayout& context) {
  const survey::Question& question = *result.total.question;
  std::vector<Statistic> stats = spec.statistics.empty() ? std::vector<Statistic>{Statistic::col} : spec.statistics;
  std::vector<std::string> by_labels;
  for (const auto& block : result.blocks) by_labels.push_back(block.variable->name);
  Table table = context.start_table(spec, context.label(question.text),
                            fmt::format("{} — {}, {} {}", question.id, context.w("multiple response"), context.w("by"), fmt::join(by_labels, ", ")));
  banner_header(table, result.blocks, [](const analysis::MultipleResponseBannerBlock& block) { return block.n_cols(); }, context);
  bool flagged = false;
  for (std::size_t option = 0; option < result.total.items.size(); ++option) {
    const analysis::MultipleResponseItem& item = result.total.items[option];
    Row row, se_row;
    row.cells = {Cell::of_text(context.label(question.options[item.option_idx].label)), Cell::of_percent(item.share.mean)};
    se_row.cells = {Cell::of_text("±SE"), Cell::of_percent(item.share.mean_se)};
    apply_mark(row.cells.back(), item.mark);
    if (item.mark.withheld()) apply_mark(se_row.cells.back(), item.mark);
    for (const auto& block : result.blocks)
      for (int col = 0; col < block.n_cols(); ++col) {
        const analysis::GroupMean* share = block.share(option, col);
        Cell value = share ? Cell::of_percent(share->estimate.mean) : Cell::of_text("–");
        value.letters = block.letters[option * static_cast<std::size_t>(block.n_cols()) + static_cast<std::size_t>(col)];
        value.small_base = share && block.col_small_base[static_cast<std::size_t>(col)];
        const analysis::CellMark& mark = share_mark(block, option * static_cast<std::size_t>(block.n_cols()) + static_cast<std::size_t>(col));
        if (share) apply_mark(value, mark);
        flagged |= value.small_base;
        row.cells.push_back(value);
        se_row.cells.push_back(share ? Cell::of_percent(share->estimate.mean_se) : Cell::of_text(""));
        if (share && mark.withheld()) apply_mark(se_row.cells.back(), mark);
      }
    table.rows.push_back(std::move(row));
    if (has(stats, Statistic::se)) table.rows.push_back(std::move(se_row));
  }
  for (std::size_t net_idx = 0; net_idx < result.total.nets.size(); ++net_idx) {
    const analysis::MultipleResponseNet& net = result.total.nets[net_idx];
    Row row;
    row.role = RowRole::net;
    row.cells = {Cell::of_text(context.label(net.net.label)), Cell::of_percent(net.share.mean)};
    apply_mark(row.cells.back(), net.mark);
    for (const auto& block : result.blocks)
      for (int col = 0; col < block.n_cols(); ++col) {
        const std::size_t at = net_idx * static_cast<std::size_t>(block.n_cols()) + static_cast<std::size_t>(col);
        const analysis::GroupMean* share = net_idx < block.net_items.size() ? net_share(block, net_idx, col) : nullptr;
        Cell value = share ? Cell::of_percent(share->estimate.mean) : Cell::of_text("–");
        if (share) {
          value.letters = block.net_letters[at];
          value.small_base = block.col_small_base[static_cast<std::size_t>(col)];
          if (at < block.net_marks.size()) apply_mark(value, block.net_marks[at]);
          flagged |= value.small_base;
        }
        row.cells.push_back(value);
      }
    table.rows.push_back(std::move(row));
  }
  Row n_row, total_row;
  n_row.role = total_row.role = RowRole::base;
  n_row.cells = {Cell::of_text(context.w("Base n (unweighted)")), Cell::of_count(result.total.mentions.n)};
  total_row.cells = {Cell::of_text(context.w("Base (weighted)")), Cell::of_number(result.total.mentions.weight_sum, 1)};
  for (const auto& block : result.blocks)
    for (int col = 0; col < block.n_cols(); ++col) {
      const analysis::GroupMean* any = block.items.empty() ? nullptr : block.share(0, col);
      n_row.cells.push_back(Cell::of_count(block.base_n[static_cast<std::size_t>(col)]));
      total_row.cells.push_back(Cell::of_number(any ? any->estimate.weight_sum : 0.0, 1));
    }
  table.rows.push_back(std::move(n_row));
  if (context.weighted) table.rows.push_back(std::move(total_row));
  table.base_text = fmt::format(fmt::runtime(context.w("Base: respondents who answered, n = {} (weighted {}); {} answers each on average")),
                                result.total.mentions.n, context.number(result.total.mentions.weight_sum, 1),
                                std::isnan(result.total.mentions.mean) ? std::string(kWithheldMark) : context.number(result.total.mentions.mean, 2));
  table.notes.push_back(context.w("Percentages of each column's respondents who answered the question; they add up to more than 100."));
  table.notes.push_back(fmt::format(fmt::runtime(context.w("Letters: the column's percentage is significantly higher than that of the lettered column of the same variable (design-based t test, alpha = {}, {} df).")),
                                    context.number(context.spec.sig_level, 2), context.data.design().df()));
  if (question.ask_if_expression) table.notes.push_back(fmt::format("{}: {}", context.w("Asked only when"), question.ask_if));
  if (flagged)
    table.notes.push_back(fmt::format(fmt::runtime(context.w("! effective base of the column below {}: read with caution")), context.number(context.spec.small_base, 0)));
  context.note_protection(table, result.total.protection, ProtectedKind::shares, {});
  return table;
}

}  // namespace ankieta::report
