// ankieta crosstab ROW --by COL[,COL...]: two-way tables of a row variable against one or more
// column variables (a banner), with column percentages, significance letters from design-based
// column-proportion tests, and the Rao–Scott, Wald and Pearson tests of independence.
#include <sstream>

#include <fmt/format.h>

#include "ankieta/analysis/crosstab.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/store.hpp"
#include "analysis_options.hpp"
#include "json_writer.hpp"
#include "table_report.hpp"

namespace ankieta::cli {
namespace {

std::vector<std::int32_t> valid_categories(const survey::Column& column) {
  const survey::Variable& variable = *column.variable;
  std::vector<std::int32_t> category(column.codes.size());
  for (std::size_t row = 0; row < category.size(); ++row) {
    std::int32_t code = column.codes[row];
    category[row] = code >= 0 && static_cast<std::size_t>(code) < variable.first_missing_value ? code : -1;
  }
  return category;
}

const survey::Variable& categorical(const survey::Questionnaire& q, const std::string& name, const char* role) {
  const survey::Variable* variable = q.find_variable(name);
  if (!variable) throw usage_error(fmt::format("unknown variable '{}'; 'ankieta info' lists the questions", name));
  if (variable->kind != survey::VariableKind::categorical)
    throw usage_error(fmt::format("{} '{}' is a {} question; crosstab takes single-choice and scale variables", role, name,
                                  survey::to_string(q.questions[variable->question_index].type)));
  return *variable;
}

std::string test_line(const analysis::TableTest& test) {
  if (test.name == "rao-scott-f" || test.name == "adjusted-wald" || test.name == "wald")
    return fmt::format("{}: F = {:.4f}, df = ({:.2f}, {:.2f}), p = {:.4g}", test.name, test.statistic, test.df1, test.df2, test.p);
  return fmt::format("{}: X² = {:.4f}, df = {:.4g}, p = {:.4g}", test.name, test.statistic, test.df, test.p);
}

}  // namespace

int run_crosstab(const Arguments& arguments) {
  po::options_description options("options");
  options.add_options()
      ("row", po::value<std::string>()->required(), "row variable")
      ("by", po::value<std::string>()->required(), "column variables, comma-separated (a banner)")
      ("sig-level", po::value<double>()->default_value(0.05), "significance level of the column-proportion tests")
      ("bonferroni", po::bool_switch(), "Bonferroni-adjust the column-proportion tests for the number of column pairs")
      ("show", po::value<std::string>()->default_value("col"), "text output: col, row or cell percentages, or total");
  add_analysis_options(options);
  po::positional_options_description positional;
  positional.add("row", 1);
  po::variables_map values;
  if (parse_arguments("crosstab", "ROW --by COL[,COL...] [--db FILE] [OPTIONS]", arguments, options, positional, values))
    return kExitOk;
  AnalysisRequest request = read_analysis_options(values);
  std::string row_name = values["row"].as<std::string>();
  std::vector<std::string> by_names;
  {
    std::stringstream stream(values["by"].as<std::string>());
    std::string name;
    while (std::getline(stream, name, ','))
      if (!name.empty()) by_names.push_back(name);
  }
  if (by_names.empty()) throw usage_error("--by needs at least one column variable");
  std::string show = values["show"].as<std::string>();
  if (show != "col" && show != "row" && show != "cell" && show != "total")
    throw usage_error(fmt::format("unknown --show '{}'; expected col, row, cell or total", show));
  double sig_level = values["sig-level"].as<double>();
  if (!(sig_level > 0 && sig_level < 1)) throw usage_error("--sig-level must be between 0 and 1, e.g. 0.05");

  survey::Store store(request.db, false);
  const survey::Questionnaire& q = store.questionnaire();
  const survey::Variable& row_variable = categorical(q, row_name, "row variable");
  std::vector<std::string> needed = {row_name};
  for (const auto& name : by_names) {
    categorical(q, name, "column variable");
    needed.push_back(name);
  }
  analysis::AnalysisData data(store, needed, request.design, request.where, request.wave);
  TableReporter reporter(data, request);
  std::vector<std::int32_t> row_category = valid_categories(data.column(row_name));
  std::vector<std::uint8_t> row_asked = data.asked(row_name);
  int n_rows = static_cast<int>(row_variable.first_missing_value);
  bool pl = request.lang == survey::Language::pl;

  analysis::CrosstabOptions crosstab_options;
  crosstab_options.level = request.ci_level;
  crosstab_options.column_test_alpha = sig_level;
  crosstab_options.bonferroni = values["bonferroni"].as<bool>();

  TextTable text;
  const survey::Question& row_question = q.questions[row_variable.question_index];
  text.title = fmt::format("{}: {}", row_name, reporter.label(row_question.text));
  text.subtitle = fmt::format("{} {}", pl ? "według" : "by", fmt::join(by_names, ", "));
  text.header = {pl ? "odpowiedź" : "answer", pl ? "ogółem" : "total"};
  text.right_aligned = {false, true};
  std::vector<std::vector<std::string>> cells(static_cast<std::size_t>(n_rows) + 2);
  std::vector<std::string> json_tables;
  std::vector<std::string> test_notes;
  analysis::Crosstab first;
  int letter_offset = 0;

  for (std::size_t by_idx = 0; by_idx < by_names.size(); ++by_idx) {
    const std::string& by = by_names[by_idx];
    const survey::Variable& by_variable = *q.find_variable(by);
    std::vector<std::int32_t> col_category = valid_categories(data.column(by));
    std::vector<std::uint8_t> by_asked = data.asked(by);
    std::vector<std::uint8_t> domain(data.rows());
    for (std::size_t row = 0; row < data.rows(); ++row)
      domain[row] = row_asked[row] && by_asked[row] && (data.domain().empty() || data.domain()[row]);
    int n_cols = static_cast<int>(by_variable.first_missing_value);
    analysis::Crosstab table = analysis::crosstab(data.design(), row_category, n_rows, col_category, n_cols, domain, crosstab_options);
    if (by_idx == 0) first = table;

    JsonWriter json;
    json.begin_object().field("kind", "crosstab").field("row", row_name).field("column", by);
    json.field("weighted", !request.design.unweighted);
    reporter.write_design_json(json);
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
          .field("letters", cell.letters).end_object();
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
          .field("label", reporter.value_label(by_variable, static_cast<std::size_t>(col)))
          .field("letter", analysis::column_letter(col)).end_object();
    json.end_array();
    json.key("tests").begin_array();
    for (const auto& test : table.tests) {
      json.begin_object().field("name", test.name).field("statistic", test.statistic);
      if (test.name == "rao-scott-f" || test.name == "wald" || test.name == "adjusted-wald")
        json.field("df1", test.df1).field("df2", test.df2);
      else
        json.field("df", test.df);
      json.field("p", test.p).end_object();
    }
    json.end_array();
    json.field("cramers_v", table.cramers_v);
    json.key("column_tests").begin_object().field("sig_level", sig_level).field("bonferroni", crosstab_options.bonferroni)
        .field("df", table.df).end_object();
    json.end_object();
    json_tables.push_back(json.str());

    // Text: one block of columns per column variable; letters run on across the banner so that
    // each column has its own, and a letter marks a column of the same block only.
    auto letter = [&](int col) { return analysis::column_letter(letter_offset + col); };
    std::vector<std::string> banner_letters(static_cast<std::size_t>(n_rows * n_cols));
    for (const auto& comparison : table.column_tests) {
      if (!comparison.significant) continue;
      int higher = comparison.difference > 0 ? comparison.col_a : comparison.col_b;
      int lower = comparison.difference > 0 ? comparison.col_b : comparison.col_a;
      banner_letters[static_cast<std::size_t>(comparison.row_idx * n_cols + higher)] += letter(lower);
    }
    for (int col = 0; col < n_cols; ++col) {
      text.header.push_back(fmt::format("{} ({})", reporter.value_label(by_variable, static_cast<std::size_t>(col)), letter(col)));
      text.right_aligned.push_back(true);
    }
    for (int row = 0; row < n_rows; ++row) {
      auto& line = cells[static_cast<std::size_t>(row)];
      for (int col = 0; col < n_cols; ++col) {
        const auto& cell = table.cell(row, col);
        std::string value = show == "col" ? percent(cell.col_prop) : show == "row" ? percent(cell.row_prop)
                          : show == "cell" ? percent(cell.prop) : fixed(cell.total, 1);
        const std::string& letters = banner_letters[static_cast<std::size_t>(row * n_cols + col)];
        if (show == "col" && !letters.empty()) value += " " + letters;
        line.push_back(value);
      }
    }
    auto& n_line = cells[static_cast<std::size_t>(n_rows)];
    auto& total_line = cells[static_cast<std::size_t>(n_rows) + 1];
    for (const auto& margin : table.col_margins) {
      n_line.push_back(std::to_string(margin.n));
      total_line.push_back(fixed(margin.total, 1));
    }
    letter_offset += n_cols;
    for (const auto& test : table.tests) test_notes.push_back(fmt::format("{} x {}: {}", row_name, by, test_line(test)));
    if (!table.tests.empty()) test_notes.push_back(fmt::format("{} x {}: Cramér's V = {:.3f}", row_name, by, table.cramers_v));
  }

  for (int row = 0; row < n_rows; ++row) {
    const auto& margin = first.row_margins[static_cast<std::size_t>(row)];
    std::vector<std::string> line = {reporter.value_label(row_variable, static_cast<std::size_t>(row)),
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
  text.notes = reporter.design_notes();
  text.notes.push_back(show == "col" ? "column percentages; declared missing codes and those not asked are left out"
                       : show == "row" ? "row percentages" : show == "cell" ? "percentages of the table total" : "weighted counts");
  if (show == "col")
    text.notes.push_back(fmt::format("letters: the column's percentage is significantly higher than that of the lettered column "
                                     "(design-based t test of two domain proportions, {} df, alpha {}{})",
                                     first.df, sig_level, crosstab_options.bonferroni ? ", Bonferroni-adjusted" : ""));
  text.notes.insert(text.notes.end(), test_notes.begin(), test_notes.end());
  text.notes.push_back("rao-scott-f: second-order Rao–Scott F (R svychisq default); rao-scott-chisq: first-order; pearson: unweighted counts");

  std::string output;
  if (request.format == OutputFormat::json) {
    output = json_tables.size() == 1 ? json_tables.front() + "\n" : "[" + fmt::format("{}", fmt::join(json_tables, ",\n")) + "]\n";
  } else {
    output = render_table(text, request.format);
  }
  write_output(output, request.out);
  return kExitOk;
}

}  // namespace ankieta::cli
