#include "table_report.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"
#include "json_writer.hpp"

namespace ankieta::cli {
namespace {

// Whose PSUs and strata svychisq's nu counts (analysis::DomainDegrees).
std::string tests_df_source(const analysis::DomainDegrees& degrees, bool domain) {
  if (degrees.calibrated) return "the whole calibrated design (R's subset() of a calibrated design keeps every row)";
  return domain ? "the domain's respondents (R's subset() of an uncalibrated design drops the others)" : "the design";
}

std::string n_text(std::int64_t n) { return std::to_string(n); }

bool is_f_test(const analysis::TableTest& test) {
  return test.name == "rao-scott-f" || test.name == "wald" || test.name == "adjusted-wald";
}

std::string test_line(const analysis::TableTest& test) {
  if (!test.note.empty()) return fmt::format("{}: {}", test.name, test.note);
  if (is_f_test(test))
    return fmt::format("{}: F = {:.4f}, df = ({:.2f}, {:.2f}), p = {:.4g}", test.name, test.statistic, test.df1, test.df2, test.p);
  return fmt::format("{}: X² = {:.4f}, df = {:.4g}, p = {:.4g}", test.name, test.statistic, test.df, test.p);
}

}  // namespace

analysis::TableOptions TableReporter::table_options() const {
  analysis::TableOptions options;
  options.ci_level = request_.ci_level;
  options.ci_method = request_.ci_method;
  options.small_base = request_.small_base;
  return options;
}

std::string TableReporter::value_label(const survey::Variable& variable, std::size_t value_idx) const {
  return label(variable.values[value_idx].label);
}

std::vector<std::string> TableReporter::design_notes() const {
  const analysis::DesignSummary& summary = data_.summary();
  std::vector<std::string> notes;
  notes.push_back(fmt::format("design: {}; n = {}, strata = {}, PSUs = {}, df = {}", summary.description, summary.n,
                              summary.strata, summary.psu, summary.df));
  if (!request_.where.empty())
    notes.push_back(fmt::format("domain: {} ({} of {} respondents; standard errors use the full design; df = {}: PSUs − strata "
                                "among the domain's respondents, as R degf(subset(design, ...)))",
                                request_.where, data_.domain_rows(), data_.rows(), domain_df()));
  if (request_.wave) notes.push_back(fmt::format("wave {}", *request_.wave));
  return notes;
}

void TableReporter::write_design_json(JsonWriter& json) const {
  const analysis::DesignSummary& summary = data_.summary();
  json.key("design").begin_object();
  json.field("n", summary.n).field("strata", summary.strata).field("psu", summary.psu).field("df", summary.df);
  json.field("weight", summary.weight).field("description", summary.description);
  json.end_object();
  if (!request_.where.empty()) json.field("where", request_.where).field("domain_df", domain_df());
  if (request_.wave) json.field("wave", *request_.wave);
}

int TableReporter::domain_df() const { return data_.design().domain_df(data_.domain()); }

std::string TableReporter::emit(const TextTable& table, const std::string& json) {
  ++tables_;
  if (request_.format == OutputFormat::json) return (tables_ > 1 ? ",\n" : "") + json;
  return render_table(table, request_.format) + (request_.format == OutputFormat::text ? "\n" : "");
}

void TableReporter::finish(std::string& output) const {
  if (request_.format != OutputFormat::json) return;
  output = tables_ > 1 ? "[" + output + "]\n" : output + "\n";
}

std::string TableReporter::frequency(const analysis::FrequencyResult& result) {
  const survey::Variable& variable = *result.variable;
  const survey::Question& question = *result.question;
  const std::string& name = variable.name;
  const analysis::FrequencyTable& table = result.table;
  const analysis::ApartCounts& apart = result.apart;
  bool weighted = !request_.design.unweighted;

  JsonWriter json;
  json.begin_object().field("kind", "freq").field("variable", name).field("label", label(variable.label));
  json.field("weighted", weighted);
  write_design_json(json);
  json.key("base").begin_object().field("n", table.base.n).field("total", table.base.total)
      .field("total_se", table.base.total_se).field("n_eff", table.base.n_eff)
      .field("all_n", apart.all_n).field("all_total", apart.all_total).end_object();
  json.field("ci_method", analysis::to_string(request_.ci_method)).field("ci_level", request_.ci_level).field("df", table.df);
  json.key("rows").begin_array();

  TextTable text;
  text.title = label(question.text) == name ? name : fmt::format("{}: {}", name, label(question.text));
  if (variable.part >= 0 && question.type == survey::QuestionType::grid) text.subtitle = label(variable.label);
  bool pl = request_.lang == survey::Language::pl;
  text.header = {pl ? "kod" : "code", pl ? "odpowiedź" : "answer", "n", pl ? "liczebność" : "total", "±SE", "%", "±SE",
                 fmt::format("{:.0f}% CI", 100 * request_.ci_level), "deff", ""};
  text.right_aligned = {false, false, true, true, true, true, true, true, true, false};
  for (std::size_t row_idx = 0; row_idx < table.rows.size(); ++row_idx) {
    const auto& row = table.rows[row_idx];
    std::size_t value_idx = static_cast<std::size_t>(row.category_idx);
    const survey::Code& code = variable.values[value_idx].code;
    bool small = result.small_base[row_idx];
    json.begin_object().field("value", code.text).field("label", value_label(variable, value_idx)).field("missing", false)
        .field("n", row.n).field("total", row.total).field("total_se", row.total_se).field("prop", row.prop)
        .field("prop_se", row.prop_se);
    json.key("ci").pair(row.ci.lower, row.ci.upper);
    json.field("deff", row.deff).field("deff_replace", row.deff_replace).field("n_eff", row.n_eff).field("small_base", small);
    json.end_object();
    text.rows.push_back({code.text, value_label(variable, value_idx), n_text(row.n), fixed(row.total, 1),
                         fixed(row.total_se, 1), percent(row.prop), percent(row.prop_se),
                         fmt::format("{}–{}", percent(row.ci.lower), percent(row.ci.upper)), fixed(row.deff, 2), small ? "!" : ""});
  }
  text.rows.push_back({"", pl ? "razem (baza ważna)" : "total (valid base)", n_text(table.base.n), fixed(table.base.total, 1),
                       fixed(table.base.total_se, 1), "100.0", "", "", ""});
  text.separators_before.push_back(text.rows.size() - 1);
  std::size_t apart_start = text.rows.size();
  for (std::size_t idx = 0; idx < apart.missing_n.size(); ++idx) {
    std::size_t value_idx = variable.first_missing_value + idx;
    const survey::Code& code = variable.values[value_idx].code;
    json.begin_object().field("value", code.text).field("label", value_label(variable, value_idx)).field("missing", true)
        .field("n", apart.missing_n[idx]).field("total", apart.missing_total[idx]).end_object();
    text.rows.push_back({code.text, value_label(variable, value_idx) + (pl ? " (brak danych)" : " (missing)"),
                         n_text(apart.missing_n[idx]), fixed(apart.missing_total[idx], 1), "", "", "", "", ""});
  }
  json.end_array();
  json.key("apart").begin_object().field("blank_n", apart.blank_n).field("blank_total", apart.blank_total)
      .field("not_asked_n", apart.not_asked_n).field("not_asked_total", apart.not_asked_total).end_object();
  json.end_object();
  if (apart.blank_n) text.rows.push_back({"", pl ? "bez odpowiedzi" : "no answer", n_text(apart.blank_n), fixed(apart.blank_total, 1), "", "", "", "", ""});
  if (apart.not_asked_n)
    text.rows.push_back({"", pl ? "nie zadano (filtr)" : "not asked (filter)", n_text(apart.not_asked_n), fixed(apart.not_asked_total, 1), "", "", "", "", ""});
  if (text.rows.size() > apart_start) text.separators_before.push_back(apart_start);

  text.notes = design_notes();
  text.notes.push_back(fmt::format("{}; percentages of the valid base (n = {}); all respondents in the domain: n = {}, weighted {:.1f}",
                                   weighted ? "weighted estimates, standard errors by Taylor linearization" : "unweighted counts",
                                   table.base.n, apart.all_n, apart.all_total));
  if (question.ask_if_expression) text.notes.push_back(fmt::format("asked only when: {}", question.ask_if));
  text.notes.push_back(fmt::format("CI: {} method, t with {} df; deff against simple random sampling without replacement",
                                   analysis::to_string(request_.ci_method), table.df));
  if (result.any_small_base)
    text.notes.push_back(fmt::format("! effective base of the table (valid answers) below {:.0f}: read with caution", request_.small_base));
  return emit(text, json.str());
}

std::string TableReporter::multiple_response(const analysis::MultipleResponseResult& result) {
  const survey::Question& question = *result.question;
  const analysis::MeanEstimate& base_estimate = result.mentions;
  bool pl = request_.lang == survey::Language::pl;

  JsonWriter json;
  json.begin_object().field("kind", "multi").field("question", question.id).field("label", label(question.text));
  json.field("weighted", !request_.design.unweighted);
  write_design_json(json);
  TextTable text;
  text.title = fmt::format("{}: {}", question.id, label(question.text));
  text.subtitle = pl ? "pytanie wielokrotnego wyboru" : "multiple response";
  text.header = {pl ? "odpowiedź" : "answer", "n", pl ? "liczebność" : "total", "±SE", pl ? "% firm" : "% of respondents", "±SE",
                 fmt::format("{:.0f}% CI", 100 * request_.ci_level), pl ? "% wskazań" : "% of responses"};
  text.right_aligned = {false, true, true, true, true, true, true, true};
  json.key("rows").begin_array();
  for (const auto& item : result.items) {
    const survey::Option& option = question.options[item.option_idx];
    const analysis::MeanEstimate& share = item.share;
    json.begin_object().field("variable", item.variable->name).field("value", option.code.text).field("label", label(option.label))
        .field("n", item.n).field("total", share.total).field("total_se", share.total_se).field("prop", share.mean)
        .field("prop_se", share.mean_se);
    json.key("ci").pair(item.ci.lower, item.ci.upper);
    json.field("prop_of_responses", item.of_responses.ratio).field("prop_of_responses_se", item.of_responses.ratio_se).end_object();
    text.rows.push_back({label(option.label), n_text(item.n), fixed(share.total, 1), fixed(share.total_se, 1), percent(share.mean),
                         percent(share.mean_se), fmt::format("{}–{}", percent(item.ci.lower), percent(item.ci.upper)),
                         percent(item.of_responses.ratio)});
  }
  json.end_array();
  json.key("base").begin_object().field("n", base_estimate.n).field("total", base_estimate.weight_sum)
      .field("mentions_per_respondent", base_estimate.mean).field("mentions_per_respondent_se", base_estimate.mean_se).end_object();
  json.end_object();
  text.notes = design_notes();
  text.notes.push_back(fmt::format("base: respondents who answered (n = {}, weighted {:.1f}); on average {:.2f} answers each; "
                                   "% of respondents add up to more than 100",
                                   base_estimate.n, base_estimate.weight_sum, base_estimate.mean));
  if (question.ask_if_expression) text.notes.push_back(fmt::format("asked only when: {}", question.ask_if));
  return emit(text, json.str());
}

std::string TableReporter::grid(const analysis::GridResult& result) {
  const survey::Question& question = *result.question;
  bool pl = request_.lang == survey::Language::pl;
  TextTable text;
  text.title = fmt::format("{}: {}", question.id, label(question.text));
  text.header = {pl ? "stwierdzenie" : "item", "n"};
  text.right_aligned = {false, true};
  for (const auto& option : question.options) {
    text.header.push_back(label(option.label) + " %");
    text.right_aligned.push_back(true);
  }
  for (const char* heading : {"mean", "±SE"}) {
    text.header.push_back(pl && std::string(heading) == "mean" ? "średnia" : heading);
    text.right_aligned.push_back(true);
  }
  JsonWriter json;
  json.begin_object().field("kind", "grid").field("question", question.id).field("label", label(question.text));
  json.field("weighted", !request_.design.unweighted);
  write_design_json(json);
  json.key("items").begin_array();
  for (const auto& item : result.items) {
    const survey::Variable& variable = *item.variable;
    const analysis::FrequencyTable& table = item.table;
    const std::string item_label = label(question.items[item.item_idx].text);
    std::vector<std::string> cells = {item_label, n_text(table.base.n)};
    json.begin_object().field("variable", variable.name).field("label", item_label);
    json.field("n", table.base.n).field("mean", item.mean.mean).field("mean_se", item.mean.mean_se).key("rows").begin_array();
    for (const auto& row : table.rows) {
      cells.push_back(percent(row.prop));
      json.begin_object().field("value", variable.values[static_cast<std::size_t>(row.category_idx)].code.text)
          .field("n", row.n).field("total", row.total).field("total_se", row.total_se).field("prop", row.prop)
          .field("prop_se", row.prop_se).end_object();
    }
    json.end_array().end_object();
    cells.push_back(fixed(item.mean.mean, 2));
    cells.push_back(fixed(item.mean.mean_se, 2));
    text.rows.push_back(std::move(cells));
  }
  json.end_array().end_object();
  text.notes = design_notes();
  text.notes.push_back("percentages of those who rated the item; missing codes (don't know) are left out of percentages and means");
  return emit(text, json.str());
}

std::string TableReporter::banner(const analysis::BannerResult& result, const std::string& show) {
  const survey::Variable& row_variable = *result.row_variable;
  const std::string& row_name = row_variable.name;
  const survey::Question& row_question = data_.questionnaire().questions[row_variable.question_index];
  const int n_rows = result.n_rows;
  bool pl = request_.lang == survey::Language::pl;
  std::vector<std::string> by_names;
  for (const auto& block : result.blocks) by_names.push_back(block.variable->name);

  TextTable text;
  text.title = fmt::format("{}: {}", row_name, label(row_question.text));
  text.subtitle = fmt::format("{} {}", pl ? "według" : "by", fmt::join(by_names, ", "));
  text.header = {pl ? "odpowiedź" : "answer", pl ? "ogółem" : "total"};
  text.right_aligned = {false, true};
  std::vector<std::vector<std::string>> cells(static_cast<std::size_t>(n_rows) + 2);
  std::vector<std::string> json_tables;
  std::vector<std::string> test_notes;
  bool any_small = false;

  for (const auto& block : result.blocks) {
    const analysis::Crosstab& table = block.table;
    const survey::Variable& by_variable = *block.variable;
    const std::string& by = by_variable.name;
    const int n_cols = table.n_cols;

    JsonWriter json;
    json.begin_object().field("kind", "crosstab").field("row", row_name).field("column", by);
    json.field("weighted", !request_.design.unweighted);
    write_design_json(json);
    json.key("base").begin_object().field("n", table.n).field("total", table.total).field("total_se", table.total_se).end_object();
    json.key("cells").begin_array();
    for (const auto& cell : table.cells) {
      json.begin_object()
          .field("row", row_variable.values[static_cast<std::size_t>(cell.row_idx)].code.text)
          .field("column", by_variable.values[static_cast<std::size_t>(cell.col_idx)].code.text)
          .field("n", cell.n).field("total", cell.total).field("total_se", cell.total_se)
          .field("prop", cell.prop).field("prop_se", cell.prop_se)
          .field("row_prop", cell.row_prop).field("row_prop_se", cell.row_prop_se)
          .field("col_prop", cell.col_prop).field("col_prop_se", cell.col_prop_se)
          .field("letters", cell.letters)
          .field("small_base", block.col_small_base[static_cast<std::size_t>(cell.col_idx)])
          .field("row_small_base", block.row_small_base[static_cast<std::size_t>(cell.row_idx)]).end_object();
    }
    json.end_array();
    auto margins = [&](const char* key, const std::vector<analysis::CrosstabMargin>& list, const survey::Variable& variable) {
      json.key(key).begin_array();
      for (const auto& margin : list)
        json.begin_object().field("value", variable.values[static_cast<std::size_t>(margin.category_idx)].code.text)
            .field("n", margin.n).field("total", margin.total).field("total_se", margin.total_se)
            .field("prop", margin.prop).field("prop_se", margin.prop_se).end_object();
      json.end_array();
    };
    margins("row_margins", table.row_margins, row_variable);
    margins("col_margins", table.col_margins, by_variable);
    json.key("columns").begin_array();
    for (int col = 0; col < n_cols; ++col)
      json.begin_object().field("value", by_variable.values[static_cast<std::size_t>(col)].code.text)
          .field("label", value_label(by_variable, static_cast<std::size_t>(col)))
          .field("letter", analysis::column_letter(col)).field("n_eff", block.col_n_eff[static_cast<std::size_t>(col)])
          .field("small_base", block.col_small_base[static_cast<std::size_t>(col)]).end_object();
    json.end_array();
    json.field("n_eff", block.n_eff).field("small_base", block.small_base);
    json.key("tests").begin_array();
    for (const auto& test : table.tests) {
      json.begin_object().field("name", test.name).field("statistic", test.statistic);
      if (is_f_test(test)) json.field("df1", test.df1).field("df2", test.df2);
      else json.field("df", test.df);
      json.field("p", test.p);
      if (!std::isnan(test.design_df)) json.field("design_df", test.design_df);
      if (!test.note.empty()) json.field("note", test.note);
      json.end_object();
    }
    json.end_array();
    json.field("cramers_v", table.cramers_v).field("tests_skipped", table.tests_skipped);
    json.field("tests_design_df", table.test_df)
        .field("tests_design_df_from", result.degrees.calibrated ? "calibrated-design" : request_.where.empty() ? "design" : "domain");
    if (table.tests_skipped) json.field("tests_skipped_reason", table.tests_skipped_reason);
    json.key("column_tests").begin_object().field("sig_level", result.options.sig_level)
        .field("bonferroni", result.options.bonferroni).field("df", table.df).end_object();
    json.end_object();
    json_tables.push_back(json.str());

    // Text: one block of columns per column variable, with the banner's letters.
    for (int col = 0; col < n_cols; ++col) {
      text.header.push_back(fmt::format("{} ({})", value_label(by_variable, static_cast<std::size_t>(col)), block.letter(col)));
      text.right_aligned.push_back(true);
    }
    for (int row = 0; row < n_rows; ++row) {
      auto& line = cells[static_cast<std::size_t>(row)];
      for (int col = 0; col < n_cols; ++col) {
        const auto& cell = table.cell(row, col);
        std::string value = show == "col" ? percent(cell.col_prop) : show == "row" ? percent(cell.row_prop)
                          : show == "cell" ? percent(cell.prop) : fixed(cell.total, 1);
        const std::string& letters = block.letters_at(row, col);
        if (show == "col" && !letters.empty()) value += " " + letters;
        // The flag follows the percentage's denominator: the column, the row or the table.
        const bool small = show == "col"    ? block.col_small_base[static_cast<std::size_t>(col)]
                           : show == "row"  ? block.row_small_base[static_cast<std::size_t>(row)]
                           : show == "cell" ? block.small_base
                                            : false;
        if (small) value += " !";
        any_small |= small;
        line.push_back(value);
      }
    }
    auto& n_line = cells[static_cast<std::size_t>(n_rows)];
    auto& total_line = cells[static_cast<std::size_t>(n_rows) + 1];
    for (const auto& margin : table.col_margins) {
      n_line.push_back(std::to_string(margin.n));
      total_line.push_back(fixed(margin.total, 1));
    }
    for (const auto& test : table.tests) test_notes.push_back(fmt::format("{} x {}: {}", row_name, by, test_line(test)));
    if (!table.tests.empty() && !table.tests_skipped)
      test_notes.push_back(fmt::format("{} x {}: the design-based tests' denominator df come from {} = PSUs − strata of {} "
                                       "(R svychisq's nu: df2 = d0 × {} for rao-scott-f)",
                                       row_name, by, table.test_df, tests_df_source(result.degrees, !request_.where.empty()), table.test_df));
    if (!table.tests.empty()) test_notes.push_back(fmt::format("{} x {}: Cramér's V = {:.3f}", row_name, by, table.cramers_v));
    if (table.tests_skipped)
      test_notes.push_back(fmt::format("{} x {}: no design-based tests of independence (Rao-Scott, Wald): {}; the Pearson "
                                       "and likelihood-ratio tests above ignore the design",
                                       row_name, by, table.tests_skipped_reason));
  }

  if (request_.format == OutputFormat::json)
    return json_tables.size() == 1 ? json_tables.front() + "\n" : "[" + fmt::format("{}", fmt::join(json_tables, ",\n")) + "]\n";

  const analysis::Crosstab& first = result.blocks.front().table;
  for (int row = 0; row < n_rows; ++row) {
    const auto& margin = first.row_margins[static_cast<std::size_t>(row)];
    std::vector<std::string> line = {value_label(row_variable, static_cast<std::size_t>(row)),
                                     show == "total" ? fixed(margin.total, 1) : percent(margin.prop)};
    line.insert(line.end(), cells[static_cast<std::size_t>(row)].begin(), cells[static_cast<std::size_t>(row)].end());
    text.rows.push_back(std::move(line));
  }
  std::vector<std::string> n_line = {pl ? "n (nieważone)" : "n (unweighted)", std::to_string(first.n)};
  n_line.insert(n_line.end(), cells[static_cast<std::size_t>(n_rows)].begin(), cells[static_cast<std::size_t>(n_rows)].end());
  std::vector<std::string> total_line = {pl ? "baza ważona" : "weighted base", fixed(first.total, 1)};
  total_line.insert(total_line.end(), cells[static_cast<std::size_t>(n_rows) + 1].begin(), cells[static_cast<std::size_t>(n_rows) + 1].end());
  text.separators_before.push_back(text.rows.size());
  text.rows.push_back(std::move(n_line));
  text.rows.push_back(std::move(total_line));
  text.notes = design_notes();
  text.notes.push_back(show == "col" ? "column percentages; declared missing codes and those not asked are left out"
                       : show == "row" ? "row percentages" : show == "cell" ? "percentages of the table total" : "weighted counts");
  if (show == "col")
    text.notes.push_back(fmt::format("letters: the column's percentage is significantly higher than that of the lettered column "
                                     "(design-based t test of two domain proportions, {} df, alpha {}{})",
                                     first.df, result.options.sig_level, result.options.bonferroni ? ", Bonferroni-adjusted" : ""));
  if (any_small)
    text.notes.push_back(fmt::format("! effective base of the {} below {:.0f}: read with caution",
                                     show == "col" ? "column" : show == "row" ? "row" : "table", request_.small_base));
  text.notes.insert(text.notes.end(), test_notes.begin(), test_notes.end());
  text.notes.push_back("rao-scott-f: second-order Rao–Scott F (R svychisq default); rao-scott-chisq: first-order; pearson: unweighted counts");
  return render_table(text, request_.format);
}

std::string TableReporter::multiple_response_banner(const analysis::MultipleResponseBannerResult& result) {
  const survey::Question& question = *result.total.question;
  const analysis::MeanEstimate& base = result.total.mentions;
  bool pl = request_.lang == survey::Language::pl;
  std::vector<std::string> by_names;
  for (const auto& block : result.blocks) by_names.push_back(block.variable->name);

  TextTable text;
  text.title = fmt::format("{}: {}", question.id, label(question.text));
  text.subtitle = fmt::format("{} {} {}", pl ? "pytanie wielokrotnego wyboru" : "multiple response", pl ? "według" : "by",
                              fmt::join(by_names, ", "));
  text.header = {pl ? "odpowiedź" : "answer", pl ? "ogółem" : "total"};
  text.right_aligned = {false, true};
  const std::size_t n_options = result.total.items.size();
  std::vector<std::vector<std::string>> rows(n_options + 2);
  bool any_small = false;
  for (std::size_t option = 0; option < n_options; ++option) {
    const auto& item = result.total.items[option];
    rows[option] = {label(question.options[item.option_idx].label), percent(item.share.mean)};
  }
  rows[n_options] = {pl ? "n (nieważone)" : "n (unweighted)", std::to_string(base.n)};
  rows[n_options + 1] = {pl ? "baza ważona" : "weighted base", fixed(base.weight_sum, 1)};
  std::vector<std::string> json_tables;

  for (const auto& block : result.blocks) {
    const survey::Variable& by_variable = *block.variable;
    const int n_cols = block.n_cols();
    JsonWriter json;
    json.begin_object().field("kind", "crosstab").field("row", question.id).field("column", by_variable.name)
        .field("multiple_response", true).field("weighted", !request_.design.unweighted);
    write_design_json(json);
    json.key("base").begin_object().field("n", base.n).field("total", base.weight_sum).end_object();
    json.key("cells").begin_array();
    for (std::size_t option = 0; option < n_options; ++option) {
      const auto& item = result.total.items[option];
      for (int col = 0; col < n_cols; ++col) {
        const analysis::GroupMean* share = block.share(option, col);
        const std::size_t at = option * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        json.begin_object().field("row", question.options[item.option_idx].code.text)
            .field("variable", item.variable->name)
            .field("column", by_variable.values[static_cast<std::size_t>(col)].code.text)
            .field("n", block.mentions_n[at]).field("base_n", block.base_n[static_cast<std::size_t>(col)])
            .field("total", share ? share->estimate.total : nan).field("total_se", share ? share->estimate.total_se : nan)
            .field("col_prop", share ? share->estimate.mean : nan).field("col_prop_se", share ? share->estimate.mean_se : nan)
            .field("letters", block.block_letters[at]).end_object();
      }
    }
    json.end_array();
    json.key("columns").begin_array();
    for (int col = 0; col < n_cols; ++col)
      json.begin_object().field("value", by_variable.values[static_cast<std::size_t>(col)].code.text)
          .field("label", value_label(by_variable, static_cast<std::size_t>(col)))
          .field("letter", analysis::column_letter(col)).field("base_n", block.base_n[static_cast<std::size_t>(col)])
          .field("n_eff", block.col_n_eff[static_cast<std::size_t>(col)])
          .field("small_base", block.col_small_base[static_cast<std::size_t>(col)]).end_object();
    json.end_array();
    json.key("tests").begin_array().end_array();
    json.key("column_tests").begin_object().field("sig_level", result.options.sig_level)
        .field("bonferroni", result.options.bonferroni).field("df", domain_df()).end_object();
    json.end_object();
    json_tables.push_back(json.str());

    double weighted_base = 0;
    for (int col = 0; col < n_cols; ++col) {
      text.header.push_back(fmt::format("{} ({})", value_label(by_variable, static_cast<std::size_t>(col)), block.letter(col)));
      text.right_aligned.push_back(true);
      for (std::size_t option = 0; option < n_options; ++option) {
        const analysis::GroupMean* share = block.share(option, col);
        const std::string& letters = block.letters[option * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col)];
        const bool small = share && block.col_small_base[static_cast<std::size_t>(col)];
        any_small |= small;
        rows[option].push_back(share ? percent(share->estimate.mean) + (letters.empty() ? "" : " " + letters) + (small ? " !" : "") : "–");
      }
      const analysis::GroupMean* any = n_options > 0 ? block.share(0, col) : nullptr;
      weighted_base = any ? any->estimate.weight_sum : 0.0;
      rows[n_options].push_back(std::to_string(block.base_n[static_cast<std::size_t>(col)]));
      rows[n_options + 1].push_back(fixed(weighted_base, 1));
    }
  }

  if (request_.format == OutputFormat::json)
    return json_tables.size() == 1 ? json_tables.front() + "\n" : "[" + fmt::format("{}", fmt::join(json_tables, ",\n")) + "]\n";
  for (std::size_t option = 0; option < n_options; ++option) text.rows.push_back(std::move(rows[option]));
  text.separators_before.push_back(text.rows.size());
  text.rows.push_back(std::move(rows[n_options]));
  text.rows.push_back(std::move(rows[n_options + 1]));
  text.notes = design_notes();
  text.notes.push_back(fmt::format("% of each column's respondents who answered the question (n = {} in all) mentioning the option; "
                                   "percentages add up to more than 100",
                                   base.n));
  text.notes.push_back(fmt::format("letters: the column's percentage is significantly higher than that of the lettered column "
                                   "(design-based t test of two domain means of the 0/1 item, {} df, alpha {}{})",
                                   domain_df(), result.options.sig_level,
                                   result.options.bonferroni ? ", Bonferroni-adjusted" : ""));
  if (question.ask_if_expression) text.notes.push_back(fmt::format("asked only when: {}", question.ask_if));
  if (any_small)
    text.notes.push_back(fmt::format("! effective base of the column below {:.0f}: read with caution", request_.small_base));
  return render_table(text, request_.format);
}

std::string TableReporter::means(const analysis::MeansResult& result) {
  const survey::Variable* by_variable = result.by;
  bool pl = request_.lang == survey::Language::pl;

  JsonWriter json;
  json.begin_object().field("kind", "means");
  if (!by_variable) json.key("by").null();
  else json.field("by", by_variable->name);
  json.field("weighted", !request_.design.unweighted);
  write_design_json(json);
  json.field("df", result.df);
  json.key("rows").begin_array();
  TextTable text;
  text.title = pl ? "Średnie" : "Means";
  text.header = {pl ? "zmienna" : "variable", pl ? "grupa" : "group", "n", pl ? "średnia" : "mean", "±SE",
                 fmt::format("{:.0f}% CI", 100 * request_.ci_level), pl ? "suma" : "total", "±SE", "deff", ""};
  text.header.push_back(pl ? "top-2 / bottom-2 %" : "top-2 / bottom-2 %");
  text.right_aligned = {false, false, true, true, true, true, true, true, true, false, true, false};
  if (!result.probabilities.empty()) text.header.push_back(pl ? "kwantyle" : "quantiles");
  bool any_boxes = false;

  for (const auto& row : result.rows) {
    const analysis::MeanEstimate& estimate = row.estimate;
    const std::string& name = row.variable->name;
    json.begin_object().field("variable", name);
    if (by_variable) json.field("group", by_variable->values[static_cast<std::size_t>(row.group_idx)].code.text);
    else json.key("group").null();
    json.field("n", estimate.n).field("mean", estimate.mean).field("mean_se", estimate.mean_se);
    json.key("ci").pair(estimate.ci.lower, estimate.ci.upper);
    json.field("total", estimate.total).field("total_se", estimate.total_se).field("deff", estimate.deff)
        .field("deff_replace", estimate.deff_replace).field("n_eff", estimate.n_eff).field("small_base", row.small_base);
    std::string box_text;
    if (row.has_boxes) {
      json.field("top2", row.top_box.mean).field("top2_se", row.top_box.mean_se)
          .field("bottom2", row.bottom_box.mean).field("bottom2_se", row.bottom_box.mean_se);
      box_text = fmt::format("{} / {}", percent(row.top_box.mean), percent(row.bottom_box.mean));
      any_boxes = true;
    }
    std::string quantile_text;
    if (!result.probabilities.empty()) {
      json.key("quantiles").begin_array();
      for (const auto& quantile : row.quantiles) {
        json.begin_object().field("p", quantile.p).field("quantile", quantile.quantile);
        json.key("ci").pair(quantile.ci.lower, quantile.ci.upper);
        json.field("se", quantile.se).end_object();
        quantile_text += fmt::format("{}q{}={} ", quantile_text.empty() ? "" : "", survey::format_number(quantile.p * 100),
                                     survey::format_number(quantile.quantile));
      }
      json.end_array();
    }
    json.end_object();
    std::string group_label = by_variable ? value_label(*by_variable, static_cast<std::size_t>(row.group_idx)) : (pl ? "ogółem" : "all");
    text.rows.push_back({name, group_label, std::to_string(estimate.n), fixed(estimate.mean, 2),
                         fixed(estimate.mean_se, 2), fmt::format("{}–{}", fixed(estimate.ci.lower, 2), fixed(estimate.ci.upper, 2)),
                         fixed(estimate.total, 1), fixed(estimate.total_se, 1), fixed(estimate.deff, 2), row.small_base ? "!" : "",
                         box_text, quantile_text});
  }
  json.end_array();
  std::vector<std::string> test_notes;
  if (by_variable) {
    json.key("tests").begin_array();
    for (const auto& test : result.tests) {
      const std::string& name = test.variable->name;
      const analysis::MeansByGroup& by_group = test.by_group;
      json.begin_object().field("variable", name);
      json.key("equality").begin_object().field("name", by_group.equality.name).field("statistic", by_group.equality.statistic)
          .field("df1", by_group.equality.df1).field("df2", by_group.equality.df2).field("p", by_group.equality.p);
      if (!by_group.equality.note.empty()) json.field("note", by_group.equality.note);
      json.end_object();
      json.key("differences").begin_array();
      for (const auto& difference : by_group.differences) {
        json.begin_object().field("a", by_variable->values[static_cast<std::size_t>(difference.group_a)].code.text)
            .field("b", by_variable->values[static_cast<std::size_t>(difference.group_b)].code.text)
            .field("difference", difference.difference).field("se", difference.se).field("t", difference.t)
            .field("df", difference.df).field("p", difference.p).end_object();
        if (difference.p < 0.05)
          test_notes.push_back(fmt::format("{}: {} vs {}: difference {:.3f} (SE {:.3f}), t = {:.2f}, p = {:.4g}", name,
                                           value_label(*by_variable, static_cast<std::size_t>(difference.group_a)),
                                           value_label(*by_variable, static_cast<std::size_t>(difference.group_b)),
                                           difference.difference, difference.se, difference.t, difference.p));
      }
      json.end_array().end_object();
      if (!by_group.equality.note.empty())
        test_notes.push_back(fmt::format("{}: equal means across {}: {}", name, by_variable->name, by_group.equality.note));
      else
        test_notes.push_back(fmt::format("{}: equal means across {}: Wald F = {:.3f}, df = ({:.0f}, {:.0f}), p = {:.4g}", name,
                                         by_variable->name, by_group.equality.statistic, by_group.equality.df1,
                                         by_group.equality.df2, by_group.equality.p));
    }
    json.end_array();
  }
  json.end_object();
  text.notes = design_notes();
  text.notes.insert(text.notes.end(), test_notes.begin(), test_notes.end());
  if (by_variable)
    text.notes.push_back(fmt::format("differences listed where p < 0.05 (design-based t test on {} df; equality F on ({}, {} df))",
                                     result.df, "groups − 1", result.df));
  text.notes.push_back("declared missing codes (don't know, refused) are left out; scale items are averaged over their scores");
  if (by_variable) text.notes.push_back(fmt::format("groups of {} are domains of the full design", by_variable->name));
  if (result.any_small_base)
    text.notes.push_back(fmt::format("! effective base of the {} below {:.0f}: read with caution", by_variable ? "group" : "respondents averaged",
                                     request_.small_base));
  if (any_boxes) text.notes.push_back("top-2 / bottom-2: share of the answers scored highest / lowest (the two top or bottom scores, "
                                         "ties included) among scored answers, whatever the order of the codes");
  return request_.format == OutputFormat::json ? json.str() + "\n" : render_table(text, request_.format);
}

std::string TableReporter::ratios(const std::vector<analysis::RatioRow>& rows, const survey::Variable* by) {
  bool pl = request_.lang == survey::Language::pl;
  JsonWriter json;
  json.begin_object().field("kind", "ratios");
  if (by) json.field("by", by->name);
  else json.key("by").null();
  json.field("weighted", !request_.design.unweighted);
  write_design_json(json);
  json.key("rows").begin_array();
  TextTable text;
  text.title = pl ? "Ilorazy sum" : "Ratios of totals";
  text.header = {pl ? "iloraz" : "ratio", pl ? "grupa" : "group", "n", pl ? "iloraz" : "ratio", "±SE",
                 fmt::format("{:.0f}% CI", 100 * request_.ci_level)};
  text.right_aligned = {false, false, true, true, true, true};
  for (const auto& row : rows) {
    std::string name = row.numerator->name + "/" + row.denominator->name;
    json.begin_object().field("numerator", row.numerator->name).field("denominator", row.denominator->name);
    if (by) json.field("group", by->values[static_cast<std::size_t>(row.group_idx)].code.text);
    else json.key("group").null();
    json.field("n", row.estimate.n).field("ratio", row.estimate.ratio).field("ratio_se", row.estimate.ratio_se);
    json.key("ci").pair(row.estimate.ci.lower, row.estimate.ci.upper);
    json.field("numerator_total", row.estimate.numerator_total).field("denominator_total", row.estimate.denominator_total);
    json.end_object();
    text.rows.push_back({name, by ? value_label(*by, static_cast<std::size_t>(row.group_idx)) : (pl ? "ogółem" : "all"),
                         std::to_string(row.estimate.n), fixed(row.estimate.ratio, 4), fixed(row.estimate.ratio_se, 4),
                         fmt::format("{}–{}", fixed(row.estimate.ci.lower, 4), fixed(row.estimate.ci.upper, 4))});
  }
  json.end_array().end_object();
  text.notes = design_notes();
  text.notes.push_back("ratio of the two weighted totals over respondents with both values (R svyratio); linearization SE");
  return request_.format == OutputFormat::json ? json.str() + "\n" : render_table(text, request_.format);
}

}  // namespace ankieta::cli
