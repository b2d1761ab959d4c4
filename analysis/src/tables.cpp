#include "ankieta/analysis/tables.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::analysis {
namespace {

bool in(const RowMask& mask, std::size_t row) { return mask.empty() || mask[row]; }

// The df of every t quantile and design-df test of a table in the domain `where`: R's
// degf(subset(design, where)). A question's own base (ask_if, blanks, missing codes) is not a
// subset: R sees those rows as NA, which leave the estimate but not the design.
double domain_df(const AnalysisData& data, const RowMask& where) {
  return static_cast<double>(data.design().domain_df(where));
}

ApartCounts count_apart(const AnalysisData& data, const survey::Column& column, const RowMask& where, const RowMask& asked) {
  const survey::Variable& variable = *column.variable;
  ApartCounts counts;
  std::size_t n_missing = variable.values.size() - variable.first_missing_value;
  counts.missing_n.assign(n_missing, 0);
  counts.missing_total.assign(n_missing, 0);
  const auto& weights = data.design().weights();
  const RowMask in_wave = data.asked_in_wave(variable.name);
  for (std::size_t row = 0; row < data.rows(); ++row) {
    if (!in(where, row)) continue;
    double weight = weights[row];
    ++counts.all_n;
    counts.all_total += weight;
    std::int32_t code = column.codes[row];
    if (!in_wave[row]) {
      ++counts.not_in_wave_n;
      counts.not_in_wave_total += weight;
    } else if (!asked[row] && code < 0) {
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

const survey::Variable& categorical(const AnalysisData& data, const std::string& name, const char* role) {
  const survey::Questionnaire& q = data.questionnaire();
  const survey::Variable* variable = q.find_variable(name);
  if (!variable) throw usage_error(fmt::format("unknown variable '{}'; 'ankieta info' lists the questions", name));
  if (variable->kind != survey::VariableKind::categorical)
    throw usage_error(fmt::format("{} '{}' is a {} question; a table needs a single-choice or scale variable", role, name,
                                  survey::to_string(q.questions[variable->question_index].type)));
  return *variable;
}

// The last line of defence: an estimate or standard error that should exist but is not a finite
// number is an error naming the variable, never a silently blank cell.
void require_finite(const std::string& variable, const char* what, double value) {
  if (!std::isfinite(value))
    throw data_error(fmt::format("variable '{}': the {} is not a finite number ({}); the data hold values too large "
                                 "to analyse, check weights and answers", variable, what, value));
}

}  // namespace

bool is_small_base(double n_eff, int n, const TableOptions& options) { return n > 0 && n_eff < options.small_base; }

ScoreBoxes score_boxes(const survey::Variable& variable) {
  ScoreBoxes boxes;
  if (variable.kind != survey::VariableKind::categorical) return boxes;
  const std::size_t n_options = variable.first_missing_value;
  boxes.top.assign(n_options, false);
  boxes.bottom.assign(n_options, false);
  std::vector<double> scores;
  for (std::size_t idx = 0; idx < n_options; ++idx)
    if (variable.values[idx].score && std::isfinite(*variable.values[idx].score)) scores.push_back(*variable.values[idx].score);
  // An option is in the top box when fewer than two scored options score higher than it, so the
  // box follows the scores whatever the order of the codes, and options tied at the boundary all
  // count: scores 3, 2, 2, 1 give a top-2 of the 3 and both 2s.
  std::size_t in_top = 0, in_bottom = 0;
  for (std::size_t idx = 0; idx < n_options; ++idx) {
    const auto& score = variable.values[idx].score;
    if (!score || !std::isfinite(*score)) continue;
    const auto higher = std::count_if(scores.begin(), scores.end(), [&](double other) { return other > *score; });
    const auto lower = std::count_if(scores.begin(), scores.end(), [&](double other) { return other < *score; });
    boxes.top[idx] = higher < 2;
    boxes.bottom[idx] = lower < 2;
    in_top += boxes.top[idx];
    in_bottom += boxes.bottom[idx];
  }
  // A box that takes in every scored option (three options or fewer distinct scores) says nothing.
  boxes.defined = scores.size() >= 3 && in_top < scores.size() && in_bottom < scores.size();
  return boxes;
}

RowMask intersect(const RowMask& a, const RowMask& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  RowMask both(a.size());
  for (std::size_t row = 0; row < a.size(); ++row) both[row] = a[row] && b[row];
  return both;
}

std::vector<std::string> variables_of_question(const survey::Questionnaire& q, const survey::Question& question) {
  std::vector<std::string> names;
  for (const auto& variable : q.variables)
    if (&q.questions[variable.question_index] == &question) names.push_back(variable.name);
  return names;
}

std::vector<std::int32_t> valid_categories(const survey::Column& column) {
  const survey::Variable& variable = *column.variable;
  std::vector<std::int32_t> category(column.codes.size());
  for (std::size_t row = 0; row < category.size(); ++row) {
    std::int32_t code = column.codes[row];
    category[row] = code >= 0 && static_cast<std::size_t>(code) < variable.first_missing_value ? code : -1;
  }
  return category;
}

std::vector<double> mean_values(const survey::Questionnaire& q, const survey::Column& column) {
  const survey::Variable& variable = *column.variable;
  const survey::Question& question = q.questions[variable.question_index];
  if (variable.kind == survey::VariableKind::numeric) {
    std::vector<double> values = column.numbers;
    for (std::size_t row = 0; row < values.size(); ++row) {
      double& value = values[row];
      for (const auto& code : question.missing)
        if (code.code.number && *code.code.number == value) value = std::nan("");
      // Squares of values near DBL_MAX overflow and would blank every standard error.
      if (std::isinf(value) || std::fabs(value) > kMaxMagnitude)
        throw data_error(fmt::format("variable '{}', row {}: value {} is beyond ±{:g}; analysis takes numbers up to that "
                                     "size (check the unit, or correct the answer and import again)",
                                     variable.name, row + 1, survey::format_number(value), kMaxMagnitude));
    }
    return values;
  }
  std::vector<double> values(column.codes.size(), std::nan(""));
  for (std::size_t row = 0; row < values.size(); ++row) {
    std::int32_t code = column.codes[row];
    if (code >= 0 && static_cast<std::size_t>(code) < variable.first_missing_value)
      values[row] = variable.values[static_cast<std::size_t>(code)].score.value_or(std::nan(""));
  }
  return values;
}

bool has_scores(const survey::Questionnaire& q, const survey::Variable& variable) {
  if (variable.kind == survey::VariableKind::numeric) return true;
  auto type = q.questions[variable.question_index].type;
  return variable.kind == survey::VariableKind::categorical &&
         (type == survey::QuestionType::scale || type == survey::QuestionType::grid);
}

FrequencyResult compute_frequency(const AnalysisData& data, const std::string& name, const RowMask& where,
                                  const TableOptions& options) {
  const survey::Variable& variable = categorical(data, name, "variable");
  const survey::Column& column = data.column(name);
  FrequencyResult result;
  result.variable = &variable;
  result.question = &data.questionnaire().questions[variable.question_index];
  RowMask asked = data.asked(name);
  RowMask domain = intersect(where, asked);
  FrequencyOptions frequency_options;
  frequency_options.level = options.ci_level;
  frequency_options.ci_method = options.ci_method;
  frequency_options.df = domain_df(data, where);
  result.table = frequency(data.design(), valid_categories(column), static_cast<int>(variable.first_missing_value), domain,
                           frequency_options);
  // Every proportion of the table has the valid base as its denominator.
  const bool small = is_small_base(result.table.base.n_eff, result.table.base.n, options);
  result.small_base.assign(result.table.rows.size(), small);
  result.any_small_base = small;
  result.apart = count_apart(data, column, where, asked);
  if (result.table.base.n > 0) {
    require_finite(name, "weighted base", result.table.base.total);
    require_finite(name, "standard error of the weighted base", result.table.base.total_se);
    for (const auto& row : result.table.rows) {
      require_finite(name, "weighted count", row.total);
      require_finite(name, "standard error of a weighted count", row.total_se);
      require_finite(name, "standard error of a proportion", row.prop_se);
    }
  }
  return result;
}

namespace {

// A multi question's base (respondents in the domain who answered it: any item 0/1, not a missing
// code) and its items as 0/1 values over the base (NaN outside it).
struct MultipleResponseItems {
  std::vector<std::string> variables;
  RowMask base;
  std::vector<std::vector<double>> indicators;
  std::vector<double> mentions;  // per row: options mentioned
  RowMask where;                 // the domain asked for (its df is the table's)
};

MultipleResponseItems multiple_response_items(const AnalysisData& data, const survey::Question& question,
                                              const RowMask& where) {
  const survey::Questionnaire& q = data.questionnaire();
  if (question.type != survey::QuestionType::multi)
    throw usage_error(fmt::format("'{}' is a {} question, not a multiple-response one", question.id, survey::to_string(question.type)));
  MultipleResponseItems items;
  items.where = where;
  items.variables = variables_of_question(q, question);
  RowMask domain = intersect(where, data.asked(items.variables.front()));
  const std::size_t rows = data.rows();
  items.base.assign(rows, 0);
  for (const auto& name : items.variables) {
    const survey::Column& column = data.column(name);
    for (std::size_t row = 0; row < rows; ++row)
      if (in(domain, row) && column.codes[row] >= 0 && static_cast<std::size_t>(column.codes[row]) < column.variable->first_missing_value)
        items.base[row] = 1;
  }
  items.mentions.assign(rows, 0.0);
  for (const auto& name : items.variables) {
    const survey::Column& column = data.column(name);
    std::vector<double> values(rows, std::nan(""));
    for (std::size_t row = 0; row < rows; ++row) {
      if (!items.base[row]) continue;
      values[row] = column.codes[row] == 1 ? 1.0 : 0.0;  // value index 1 is "mentioned"
      items.mentions[row] += values[row];
    }
    items.indicators.push_back(std::move(values));
  }
  return items;
}

// Shares of respondents and of responses for each option, over the items' base.
MultipleResponseResult multiple_response_shares(const AnalysisData& data, const survey::Question& question,
                                                const MultipleResponseItems& items, const TableOptions& options) {
  const std::size_t rows = data.rows();
  EstimateOptions estimate_options;
  estimate_options.level = options.ci_level;
  estimate_options.df = domain_df(data, items.where);
  MultipleResponseResult result;
  result.question = &question;
  result.mentions = estimate_mean(data.design(), items.mentions, items.base, estimate_options);
  for (std::size_t idx = 0; idx < items.variables.size(); ++idx) {
    const std::vector<double>& indicator = items.indicators[idx];
    MultipleResponseItem item;
    item.variable = data.column(items.variables[idx]).variable;
    item.option_idx = idx;
    item.share = estimate_mean(data.design(), indicator, items.base, estimate_options);
    item.of_responses = estimate_ratio(data.design(), indicator, items.mentions, items.base, estimate_options);
    item.ci = proportion_interval(item.share.mean, item.share.mean_se, item.share.df, options.ci_method, options.ci_level,
                                  static_cast<double>(data.rows()));
    for (std::size_t row = 0; row < rows; ++row) item.n += items.base[row] && indicator[row] == 1.0;
    item.small_base = is_small_base(result.mentions.n_eff, result.mentions.n, options);
    result.items.push_back(std::move(item));
  }
  return result;
}

}  // namespace

MultipleResponseResult compute_multiple_response(const AnalysisData& data, const survey::Question& question,
                                                 const RowMask& where, const TableOptions& options) {
  return multiple_response_shares(data, question, multiple_response_items(data, question, where), options);
}

const GroupMean* MultipleResponseBannerBlock::share(std::size_t option_idx, int col_idx) const {
  for (const GroupMean& group : items[option_idx].groups)
    if (group.group_idx == col_idx) return &group;
  return nullptr;
}

std::vector<std::vector<int>> beaten_columns(const MeansByGroup& by_group, int n_cols, double alpha) {
  std::vector<std::vector<int>> beaten(static_cast<std::size_t>(n_cols));
  for (const MeanDifference& difference : by_group.differences) {
    if (!(difference.se > 0 && difference.p < alpha)) continue;
    const int higher = difference.difference > 0 ? difference.group_a : difference.group_b;
    const int lower = difference.difference > 0 ? difference.group_b : difference.group_a;
    beaten[static_cast<std::size_t>(higher)].push_back(lower);
  }
  for (auto& lower : beaten) std::sort(lower.begin(), lower.end());
  return beaten;
}

double block_alpha(const MultipleResponseBannerBlock& block, const BannerOptions& options) {
  int used_cols = 0;
  for (int count : block.base_n) used_cols += count > 0;
  const double pairs = used_cols * (used_cols - 1) / 2.0;
  return options.bonferroni && pairs > 0 ? options.sig_level / pairs : options.sig_level;
}

MultipleResponseBannerResult compute_multiple_response_banner(const AnalysisData& data, const survey::Question& question,
                                                              const std::vector<std::string>& by, const RowMask& where,
                                                              const BannerOptions& options) {
  if (by.empty()) throw usage_error("a banner needs at least one column variable");
  for (const auto& name : by) categorical(data, name, "column variable");
  MultipleResponseBannerResult result;
  result.options = options;
  const MultipleResponseItems items = multiple_response_items(data, question, where);
  result.total = multiple_response_shares(data, question, items, options.table);
  const std::size_t rows = data.rows();
  EstimateOptions estimate_options;
  estimate_options.level = options.table.ci_level;
  estimate_options.df = domain_df(data, where);
  int letter_offset = 0;
  for (const auto& name : by) {
    MultipleResponseBannerBlock block;
    block.variable = data.column(name).variable;
    block.letter_offset = letter_offset;
    const int n_cols = static_cast<int>(block.variable->first_missing_value);
    const std::vector<std::int32_t> column = valid_categories(data.column(name));
    block.base_n.assign(static_cast<std::size_t>(n_cols), 0);
    std::vector<double> col_w(static_cast<std::size_t>(n_cols)), col_w2(col_w.size());
    const auto& weights = data.design().weights();
    for (std::size_t row = 0; row < rows; ++row)
      if (items.base[row] && column[row] >= 0) {
        const auto col = static_cast<std::size_t>(column[row]);
        ++block.base_n[col];
        col_w[col] += weights[row];
        col_w2[col] += weights[row] * weights[row];
      }
    for (std::size_t col = 0; col < col_w.size(); ++col) {
      block.col_n_eff.push_back(col_w2[col] > 0 ? col_w[col] * col_w[col] / col_w2[col] : 0.0);
      block.col_small_base.push_back(is_small_base(block.col_n_eff.back(), block.base_n[col], options.table));
    }
    const double alpha = block_alpha(block, options);
    block.mentions_n.assign(items.indicators.size() * static_cast<std::size_t>(n_cols), 0);
    block.letters.assign(items.indicators.size() * static_cast<std::size_t>(n_cols), "");
    block.block_letters = block.letters;
    for (std::size_t option = 0; option < items.indicators.size(); ++option) {
      const std::vector<double>& indicator = items.indicators[option];
      for (std::size_t row = 0; row < rows; ++row)
        if (indicator[row] == 1.0 && column[row] >= 0)
          ++block.mentions_n[option * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(column[row])];
      block.items.push_back(means_by_group(data.design(), indicator, column, n_cols, {}, estimate_options));
      const std::vector<std::vector<int>> beaten = beaten_columns(block.items.back(), n_cols, alpha);
      for (int col = 0; col < n_cols; ++col) {
        const std::vector<int>& lower = beaten[static_cast<std::size_t>(col)];
        const std::size_t at = option * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col);
        for (int other : lower) {
          block.letters[at] += block.letter(other);
          block.block_letters[at] += column_letter(other);
        }
      }
    }
    letter_offset += n_cols;
    result.blocks.push_back(std::move(block));
  }
  return result;
}

GridResult compute_grid(const AnalysisData& data, const survey::Question& question, const RowMask& where,
                        const TableOptions& options) {
  if (question.type != survey::QuestionType::grid)
    throw usage_error(fmt::format("'{}' is a {} question, not a grid", question.id, survey::to_string(question.type)));
  std::vector<std::string> variables = variables_of_question(data.questionnaire(), question);
  RowMask domain = intersect(where, data.asked(variables.front()));
  FrequencyOptions frequency_options;
  frequency_options.level = options.ci_level;
  frequency_options.ci_method = options.ci_method;
  frequency_options.df = domain_df(data, where);
  EstimateOptions mean_options;
  mean_options.level = options.ci_level;
  mean_options.df = frequency_options.df;
  GridResult result;
  result.question = &question;
  for (std::size_t item_idx = 0; item_idx < variables.size(); ++item_idx) {
    const survey::Column& column = data.column(variables[item_idx]);
    const survey::Variable& variable = *column.variable;
    std::vector<double> score(column.codes.size(), std::nan(""));
    std::vector<std::int32_t> category = valid_categories(column);
    for (std::size_t row = 0; row < category.size(); ++row)
      if (category[row] >= 0) score[row] = variable.values[static_cast<std::size_t>(category[row])].score.value_or(std::nan(""));
    GridItemResult item;
    item.variable = &variable;
    item.item_idx = item_idx;
    item.table = frequency(data.design(), category, static_cast<int>(variable.first_missing_value), domain, frequency_options);
    item.mean = estimate_mean(data.design(), score, domain, mean_options);
    result.items.push_back(std::move(item));
  }
  return result;
}

BannerResult compute_banner(const AnalysisData& data, const std::string& row_name, const std::vector<std::string>& by,
                            const RowMask& where, const BannerOptions& options) {
  if (by.empty()) throw usage_error("a banner needs at least one column variable");
  BannerResult result;
  result.options = options;
  const survey::Variable& row_variable = categorical(data, row_name, "row variable");
  for (const auto& name : by) categorical(data, name, "column variable");
  result.row_variable = &row_variable;
  result.n_rows = static_cast<int>(row_variable.first_missing_value);
  std::vector<std::int32_t> row_category = valid_categories(data.column(row_name));
  RowMask row_asked = data.asked(row_name);
  CrosstabOptions crosstab_options;
  crosstab_options.level = options.table.ci_level;
  crosstab_options.column_test_alpha = options.sig_level;
  crosstab_options.bonferroni = options.bonferroni;
  const DomainDegrees degrees = data.design().domain_degrees(where);
  crosstab_options.df = degrees.df;
  crosstab_options.test_df = degrees.test_df;
  crosstab_options.test_rows = degrees.test_rows;
  result.degrees = degrees;
  int letter_offset = 0;
  for (const auto& name : by) {
    BannerBlock block;
    block.variable = data.column(name).variable;
    block.letter_offset = letter_offset;
    std::vector<std::int32_t> col_category = valid_categories(data.column(name));
    RowMask by_asked = data.asked(name);
    RowMask domain(data.rows());
    for (std::size_t row = 0; row < data.rows(); ++row) domain[row] = row_asked[row] && by_asked[row] && in(where, row);
    int n_cols = static_cast<int>(block.variable->first_missing_value);
    block.table = crosstab(data.design(), row_category, result.n_rows, col_category, n_cols, domain, crosstab_options);
    for (const CrosstabCell& cell : block.table.cells) {
      require_finite(row_name, "weighted count of a cell", cell.total);
      require_finite(row_name, "standard error of a cell's weighted count", cell.total_se);
    }
    // Kish effective bases of the percentages' denominators: (sum w)^2 / sum w^2.
    {
      const auto& weights = data.design().weights();
      std::vector<double> col_w(static_cast<std::size_t>(n_cols)), col_w2(col_w.size());
      std::vector<double> row_w(static_cast<std::size_t>(result.n_rows)), row_w2(row_w.size());
      std::vector<int> col_n(col_w.size()), row_n(row_w.size());
      for (std::size_t row = 0; row < data.rows(); ++row) {
        if (!domain[row] || row_category[row] < 0 || col_category[row] < 0) continue;
        const double w = weights[row];
        const auto r = static_cast<std::size_t>(row_category[row]), c = static_cast<std::size_t>(col_category[row]);
        col_w[c] += w, col_w2[c] += w * w, ++col_n[c];
        row_w[r] += w, row_w2[r] += w * w, ++row_n[r];
      }
      auto kish = [](double sum, double sum2) { return sum2 > 0 ? sum * sum / sum2 : 0.0; };
      double all_w = 0, all_w2 = 0;
      for (std::size_t c = 0; c < col_w.size(); ++c) {
        block.col_n_eff.push_back(kish(col_w[c], col_w2[c]));
        block.col_small_base.push_back(is_small_base(block.col_n_eff.back(), col_n[c], options.table));
        all_w += col_w[c], all_w2 += col_w2[c];
      }
      for (std::size_t r = 0; r < row_w.size(); ++r) {
        block.row_n_eff.push_back(kish(row_w[r], row_w2[r]));
        block.row_small_base.push_back(is_small_base(block.row_n_eff.back(), row_n[r], options.table));
      }
      block.n_eff = kish(all_w, all_w2);
      block.small_base = is_small_base(block.n_eff, block.table.n, options.table);
    }
    // Letters name the banner's columns (running on across blocks); a letter marks a column of
    // the same block only.
    block.letters.assign(static_cast<std::size_t>(result.n_rows * n_cols), "");
    for (const auto& comparison : block.table.column_tests) {
      if (!comparison.significant) continue;
      int higher = comparison.difference > 0 ? comparison.col_a : comparison.col_b;
      int lower = comparison.difference > 0 ? comparison.col_b : comparison.col_a;
      block.letters[static_cast<std::size_t>(comparison.row_idx * n_cols + higher)] += block.letter(lower);
    }
    letter_offset += n_cols;
    result.blocks.push_back(std::move(block));
  }
  return result;
}

MeansResult compute_means(const AnalysisData& data, const std::vector<std::string>& names, const std::string& by,
                          const std::vector<double>& probabilities, const RowMask& where, const TableOptions& options) {
  const survey::Questionnaire& q = data.questionnaire();
  for (const auto& name : names) {
    const survey::Variable* variable = q.find_variable(name);
    if (!variable) throw usage_error(fmt::format("unknown variable '{}'; 'ankieta info' lists the questions", name));
    if (!has_scores(q, *variable))
      throw usage_error(fmt::format("'{}' is a {} question; means takes numeric, scale and grid items (use 'ankieta freq {}')", name,
                                    survey::to_string(q.questions[variable->question_index].type), name));
  }
  MeansResult result;
  result.probabilities = probabilities;
  if (!by.empty()) {
    result.by = q.find_variable(by);
    if (!result.by || result.by->kind != survey::VariableKind::categorical)
      throw usage_error(fmt::format("--by '{}' must be a single-choice or scale variable", by));
  }
  EstimateOptions estimate_options;
  estimate_options.level = options.ci_level;
  estimate_options.df = domain_df(data, where);
  result.df = estimate_options.df;

  // Groups: everyone, or each category of `by` (a domain of the full design).
  struct Group {
    int value_idx = -1;
    RowMask mask;
  };
  std::vector<Group> groups;
  std::vector<std::int32_t> group_of(data.rows(), -1);
  if (!result.by) {
    groups.push_back({-1, {}});
  } else {
    const survey::Column& by_column = data.column(by);
    for (std::size_t row = 0; row < data.rows(); ++row) {
      std::int32_t code = by_column.codes[row];
      if (code >= 0 && static_cast<std::size_t>(code) < result.by->first_missing_value) group_of[row] = code;
    }
    for (std::size_t value_idx = 0; value_idx < result.by->first_missing_value; ++value_idx) {
      Group group{static_cast<int>(value_idx), RowMask(data.rows(), 0)};
      for (std::size_t row = 0; row < data.rows(); ++row)
        group.mask[row] = by_column.codes[row] == static_cast<std::int32_t>(value_idx) && in(where, row);
      groups.push_back(std::move(group));
    }
  }
  for (const auto& name : names) {
    const survey::Column& column = data.column(name);
    std::vector<double> values = mean_values(q, column);
    RowMask asked = data.asked(name);
    for (const auto& group : groups) {
      RowMask domain(data.rows());
      for (std::size_t row = 0; row < data.rows(); ++row)
        domain[row] = asked[row] && (group.mask.empty() ? in(where, row) : group.mask[row]);
      MeansRow row;
      row.variable = column.variable;
      row.group_idx = group.value_idx;
      row.estimate = estimate_mean(data.design(), values, domain, estimate_options);
      if (row.estimate.n > 0) {
        require_finite(name, "mean", row.estimate.mean);
        require_finite(name, "standard error of the mean", row.estimate.mean_se);
        require_finite(name, "total", row.estimate.total);
        require_finite(name, "standard error of the total", row.estimate.total_se);
      }
      row.small_base = is_small_base(row.estimate.n_eff, row.estimate.n, options);
      result.any_small_base |= row.small_base;
      const survey::Variable& variable = *column.variable;
      const ScoreBoxes boxes = score_boxes(variable);
      if (boxes.defined) {
        std::vector<double> top(data.rows(), std::nan("")), bottom(data.rows(), std::nan(""));
        for (std::size_t idx = 0; idx < data.rows(); ++idx) {
          std::int32_t code = column.codes[idx];
          if (code < 0 || code >= static_cast<std::int32_t>(boxes.top.size()) || std::isnan(values[idx])) continue;
          top[idx] = boxes.top[static_cast<std::size_t>(code)] ? 1.0 : 0.0;
          bottom[idx] = boxes.bottom[static_cast<std::size_t>(code)] ? 1.0 : 0.0;
        }
        row.has_boxes = true;
        row.top_box = estimate_mean(data.design(), top, domain, estimate_options);
        row.bottom_box = estimate_mean(data.design(), bottom, domain, estimate_options);
      }
      if (!probabilities.empty()) {
        QuantileOptions quantile_options;
        quantile_options.level = options.ci_level;
        row.quantiles = estimate_quantiles(data.design(), values, probabilities, domain, quantile_options);
      }
      result.rows.push_back(std::move(row));
    }
  }
  if (result.by) {
    // Design-based t tests of the differences between group means, and a Wald test that all are equal.
    for (const auto& name : names) {
      const survey::Column& column = data.column(name);
      RowMask domain = intersect(where, data.asked(name));
      MeansTest test;
      test.variable = column.variable;
      test.by_group = means_by_group(data.design(), mean_values(q, column), group_of,
                                     static_cast<int>(result.by->first_missing_value), domain, estimate_options);
      result.tests.push_back(std::move(test));
    }
  }
  return result;
}

std::vector<RatioRow> compute_ratios(const AnalysisData& data, const std::vector<std::pair<std::string, std::string>>& pairs,
                                     const std::string& by, const RowMask& where, const TableOptions& options) {
  const survey::Questionnaire& q = data.questionnaire();
  auto numeric = [&](const std::string& name) -> const survey::Variable& {
    const survey::Variable* variable = q.find_variable(name);
    if (!variable || variable->kind != survey::VariableKind::numeric)
      throw usage_error(fmt::format("--ratio: '{}' must be a numeric variable", name));
    return *variable;
  };
  const survey::Variable* by_variable = nullptr;
  if (!by.empty()) {
    by_variable = q.find_variable(by);
    if (!by_variable || by_variable->kind != survey::VariableKind::categorical)
      throw usage_error(fmt::format("--by '{}' must be a single-choice or scale variable", by));
  }
  EstimateOptions estimate_options;
  estimate_options.level = options.ci_level;
  estimate_options.df = domain_df(data, where);
  std::vector<RatioRow> rows;
  for (const auto& [numerator_name, denominator_name] : pairs) {
    const survey::Variable& numerator = numeric(numerator_name);
    const survey::Variable& denominator = numeric(denominator_name);
    std::vector<double> top = mean_values(q, data.column(numerator_name));
    std::vector<double> bottom = mean_values(q, data.column(denominator_name));
    RowMask asked = intersect(data.asked(numerator_name), data.asked(denominator_name));
    int groups = by_variable ? static_cast<int>(by_variable->first_missing_value) : 1;
    for (int group_idx = 0; group_idx < groups; ++group_idx) {
      RowMask domain(data.rows());
      for (std::size_t row = 0; row < data.rows(); ++row)
        domain[row] = asked[row] && in(where, row) && (!by_variable || data.column(by).codes[row] == group_idx);
      RatioRow ratio;
      ratio.numerator = &numerator;
      ratio.denominator = &denominator;
      ratio.group_idx = by_variable ? group_idx : -1;
      ratio.estimate = estimate_ratio(data.design(), top, bottom, domain, estimate_options);
      rows.push_back(ratio);
    }
  }
  return rows;
}

}  // namespace ankieta::analysis
