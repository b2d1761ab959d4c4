#include "table_report.hpp"

#include <cmath>

#include <fmt/format.h>

#include "ankieta/analysis/estimators.hpp"
#include "ankieta/analysis/frequency.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"
#include "json_writer.hpp"

namespace ankieta::cli {
namespace {

bool in(const std::vector<std::uint8_t>& domain, std::size_t row) { return domain.empty() || domain[row]; }

// Rows of `column` in the domain that hold a declared missing code, are blank, or were not asked.
struct ApartCounts {
  std::vector<std::int64_t> missing_n;  // per missing code
  std::vector<double> missing_total;
  std::int64_t blank_n = 0;
  double blank_total = 0;
  std::int64_t not_asked_n = 0;
  double not_asked_total = 0;
  std::int64_t all_n = 0;  // everyone in the --where domain
  double all_total = 0;
};

ApartCounts count_apart(const analysis::AnalysisData& data, const survey::Column& column,
                        const std::vector<std::uint8_t>& asked) {
  const survey::Variable& variable = *column.variable;
  ApartCounts counts;
  std::size_t n_missing = variable.values.size() - variable.first_missing_value;
  counts.missing_n.assign(n_missing, 0);
  counts.missing_total.assign(n_missing, 0);
  const auto& weights = data.design().weights();
  for (std::size_t row = 0; row < data.rows(); ++row) {
    if (!in(data.domain(), row)) continue;
    double weight = weights[row];
    ++counts.all_n;
    counts.all_total += weight;
    std::int32_t code = column.codes[row];
    if (!asked[row] && code < 0) {
      ++counts.not_asked_n;
      counts.not_asked_total += weight;
    } else if (code < 0) {
      ++counts.blank_n;
      counts.blank_total += weight;
    } else if (static_cast<std::size_t>(code) >= variable.first_missing_value) {
      std::size_t idx = static_cast<std::size_t>(code) - variable.first_missing_value;
      ++counts.missing_n[idx];
      counts.missing_total[idx] += weight;
    }
  }
  return counts;
}

std::string n_text(std::int64_t n) { return std::to_string(n); }

}  // namespace

std::string TableReporter::value_label(const survey::Variable& variable, std::size_t value_idx) const {
  return label(variable.values[value_idx].label);
}

std::vector<std::string> TableReporter::design_notes() const {
  const analysis::DesignSummary& summary = data_.summary();
  std::vector<std::string> notes;
  notes.push_back(fmt::format("design: {}; n = {}, strata = {}, PSUs = {}, df = {}", summary.description, summary.n,
                              summary.strata, summary.psu, summary.df));
  if (!request_.where.empty())
    notes.push_back(fmt::format("domain: {} ({} of {} respondents; standard errors use the full design)", request_.where,
                                data_.domain_rows(), data_.rows()));
  if (request_.wave) notes.push_back(fmt::format("wave {}", *request_.wave));
  return notes;
}

void TableReporter::write_design_json(JsonWriter& json) const {
  const analysis::DesignSummary& summary = data_.summary();
  json.key("design").begin_object();
  json.field("n", summary.n).field("strata", summary.strata).field("psu", summary.psu).field("df", summary.df);
  json.field("weight", summary.weight).field("description", summary.description);
  json.end_object();
  if (!request_.where.empty()) json.field("where", request_.where);
  if (request_.wave) json.field("wave", *request_.wave);
}

std::string TableReporter::emit(const TextTable& table, const std::string& json) {
  ++tables_;
  if (request_.format == OutputFormat::json) return (tables_ > 1 ? ",\n" : "") + json;
  return render_table(table, request_.format) + (request_.format == OutputFormat::text ? "\n" : "");
}

void TableReporter::finish(std::string& output) const {
  if (request_.format != OutputFormat::json) return;
  output = tables_ > 1 ? "[" + output + "]\n" : output + "\n";
}

std::string TableReporter::frequency(const std::string& name, const std::vector<std::uint8_t>& domain) {
  const survey::Column& column = data_.column(name);
  const survey::Variable& variable = *column.variable;
  const survey::Question& question = data_.questionnaire().questions[variable.question_index];
  int n_categories = static_cast<int>(variable.first_missing_value);
  std::vector<std::int32_t> category(column.codes.size());
  for (std::size_t row = 0; row < category.size(); ++row) {
    std::int32_t code = column.codes[row];
    category[row] = code >= 0 && code < n_categories ? code : -1;
  }
  analysis::FrequencyOptions options;
  options.level = request_.ci_level;
  options.ci_method = request_.ci_method;
  analysis::FrequencyTable table = analysis::frequency(data_.design(), category, n_categories, domain, options);
  std::vector<std::uint8_t> asked = data_.asked(name);
  ApartCounts apart = count_apart(data_, column, asked);
  bool weighted = !request_.design.unweighted;

  JsonWriter json;
  json.begin_object().field("kind", "freq").field("variable", name).field("label", label(variable.label));
  json.field("weighted", weighted);
  write_design_json(json);
  json.key("base").begin_object().field("n", table.base.n).field("total", table.base.total)
      .field("total_se", table.base.total_se).field("n_eff", table.base.n_eff)
      .field("all_n", apart.all_n).field("all_total", apart.all_total).end_object();
  json.field("ci_method", analysis::to_string(request_.ci_method)).field("ci_level", request_.ci_level);
  json.key("rows").begin_array();

  TextTable text;
  text.title = label(question.text) == name ? name : fmt::format("{}: {}", name, label(question.text));
  if (variable.part >= 0 && question.type == survey::QuestionType::grid) text.subtitle = label(variable.label);
  bool pl = request_.lang == survey::Language::pl;
  text.header = {pl ? "kod" : "code", pl ? "odpowiedź" : "answer", "n", pl ? "liczebność" : "total", "±SE", "%", "±SE",
                 fmt::format("{:.0f}% CI", 100 * request_.ci_level), "deff", ""};
  text.right_aligned = {false, false, true, true, true, true, true, true, true, false};
  bool flagged = false;
  for (const auto& row : table.rows) {
    std::size_t value_idx = static_cast<std::size_t>(row.category_idx);
    const survey::Code& code = variable.values[value_idx].code;
    bool small = row.n_eff < request_.small_base && row.n > 0;
    flagged |= small;
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
  if (flagged) text.notes.push_back(fmt::format("! effective base below {:.0f}: read with caution", request_.small_base));
  return emit(text, json.str());
}

std::string TableReporter::multiple_response(const survey::Question& question, const std::vector<std::string>& variables,
                                             const std::vector<std::uint8_t>& domain) {
  // Base: respondents in the domain who answered the question (any item 0/1, not a missing code).
  std::size_t rows = data_.rows();
  std::vector<std::uint8_t> base(rows, 0);
  for (const auto& name : variables) {
    const survey::Column& column = data_.column(name);
    for (std::size_t row = 0; row < rows; ++row)
      if (in(domain, row) && column.codes[row] >= 0 && static_cast<std::size_t>(column.codes[row]) < column.variable->first_missing_value)
        base[row] = 1;
  }
  std::vector<double> mentions(rows, 0.0);
  std::vector<std::vector<double>> indicators;
  for (const auto& name : variables) {
    const survey::Column& column = data_.column(name);
    std::vector<double> values(rows, std::nan(""));
    for (std::size_t row = 0; row < rows; ++row) {
      if (!base[row]) continue;
      values[row] = column.codes[row] == 1 ? 1.0 : 0.0;  // value index 1 is "mentioned"
      mentions[row] += values[row];
    }
    indicators.push_back(std::move(values));
  }
  analysis::EstimateOptions options;
  options.level = request_.ci_level;
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
  analysis::MeanEstimate base_estimate = analysis::estimate_mean(data_.design(), mentions, base, options);
  for (std::size_t idx = 0; idx < variables.size(); ++idx) {
    analysis::MeanEstimate share = analysis::estimate_mean(data_.design(), indicators[idx], base, options);
    analysis::RatioEstimate of_responses = analysis::estimate_ratio(data_.design(), indicators[idx], mentions, base, options);
    analysis::Interval ci = analysis::proportion_interval(share.mean, share.mean_se, share.df, request_.ci_method,
                                                          request_.ci_level, static_cast<double>(data_.rows()));
    int n_mentioned = 0;
    for (std::size_t row = 0; row < rows; ++row) n_mentioned += base[row] && indicators[idx][row] == 1.0;
    const survey::Option& option = question.options[idx];
    json.begin_object().field("variable", variables[idx]).field("value", option.code.text).field("label", label(option.label))
        .field("n", n_mentioned).field("total", share.total).field("total_se", share.total_se).field("prop", share.mean)
        .field("prop_se", share.mean_se);
    json.key("ci").pair(ci.lower, ci.upper);
    json.field("prop_of_responses", of_responses.ratio).field("prop_of_responses_se", of_responses.ratio_se).end_object();
    text.rows.push_back({label(option.label), n_text(n_mentioned), fixed(share.total, 1), fixed(share.total_se, 1), percent(share.mean),
                         percent(share.mean_se), fmt::format("{}–{}", percent(ci.lower), percent(ci.upper)), percent(of_responses.ratio)});
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

std::string TableReporter::grid(const survey::Question& question, const std::vector<std::string>& variables,
                                const std::vector<std::uint8_t>& domain) {
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
  analysis::FrequencyOptions options;
  options.level = request_.ci_level;
  options.ci_method = request_.ci_method;
  analysis::EstimateOptions mean_options;
  mean_options.level = request_.ci_level;
  for (std::size_t item_idx = 0; item_idx < variables.size(); ++item_idx) {
    const survey::Column& column = data_.column(variables[item_idx]);
    const survey::Variable& variable = *column.variable;
    int n_categories = static_cast<int>(variable.first_missing_value);
    std::vector<std::int32_t> category(column.codes.size());
    std::vector<double> score(column.codes.size(), std::nan(""));
    for (std::size_t row = 0; row < category.size(); ++row) {
      std::int32_t code = column.codes[row];
      bool valid = code >= 0 && code < n_categories;
      category[row] = valid ? code : -1;
      if (valid) score[row] = variable.values[static_cast<std::size_t>(code)].score.value_or(std::nan(""));
    }
    analysis::FrequencyTable table = analysis::frequency(data_.design(), category, n_categories, domain, options);
    analysis::MeanEstimate mean = analysis::estimate_mean(data_.design(), score, domain, mean_options);
    std::vector<std::string> cells = {label(question.items[item_idx].text), n_text(table.base.n)};
    json.begin_object().field("variable", variables[item_idx]).field("label", label(question.items[item_idx].text));
    json.field("n", table.base.n).field("mean", mean.mean).field("mean_se", mean.mean_se).key("rows").begin_array();
    for (const auto& row : table.rows) {
      cells.push_back(percent(row.prop));
      json.begin_object().field("value", variable.values[static_cast<std::size_t>(row.category_idx)].code.text)
          .field("n", row.n).field("total", row.total).field("total_se", row.total_se).field("prop", row.prop)
          .field("prop_se", row.prop_se).end_object();
    }
    json.end_array().end_object();
    cells.push_back(fixed(mean.mean, 2));
    cells.push_back(fixed(mean.mean_se, 2));
    text.rows.push_back(std::move(cells));
  }
  json.end_array().end_object();
  text.notes = design_notes();
  text.notes.push_back("percentages of those who rated the item; missing codes (don't know) are left out of percentages and means");
  return emit(text, json.str());
}

}  // namespace ankieta::cli
