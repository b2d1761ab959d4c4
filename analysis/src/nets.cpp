// Nets (nets.hpp): each net a 0/1 row variable over the valid base, estimated by the same one-way
// and two-way kernels as the table's own categories, so that its SE, interval and letters are
// those of a category of its own.
#include "ankieta/analysis/nets.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::analysis {
namespace {

bool in(const RowMask& mask, std::size_t row) { return mask.empty() || mask[row] != 0; }

// Per row: 0 in the net, 1 another valid answer, -1 outside the base.
std::vector<std::int32_t> net_indicator(const std::vector<std::int32_t>& category, const Net& net) {
  std::vector<std::int32_t> indicator(category.size(), -1);
  for (std::size_t row = 0; row < category.size(); ++row) {
    if (category[row] < 0) continue;
    indicator[row] = std::find(net.values.begin(), net.values.end(), category[row]) != net.values.end() ? 0 : 1;
  }
  return indicator;
}

// The value index of `code` among the variable's values ("1" and "1.0" alike), or -1.
int value_of(const survey::Variable& variable, const std::string& code) {
  const auto number = survey::parse_number(code);
  for (std::size_t idx = 0; idx < variable.values.size(); ++idx) {
    const survey::Code& value = variable.values[idx].code;
    if (value.text == code || (number && value.number && *value.number == *number)) return static_cast<int>(idx);
  }
  return -1;
}

// A multi question's base, as its shares have it: respondents in the domain who answered any item.
std::vector<std::uint8_t> question_base(const MultipleResponseResult& result, const AnalysisData& data, const RowMask& where) {
  const std::size_t rows = data.rows();
  const RowMask domain = intersect(where, data.asked(result.items.front().variable->name));
  std::vector<std::uint8_t> base(rows, 0);
  for (const auto& item : result.items) {
    const survey::Column& column = data.column(item.variable->name);
    for (std::size_t row = 0; row < rows; ++row)
      if (in(domain, row) && column.codes[row] >= 0 && static_cast<std::size_t>(column.codes[row]) < column.variable->first_missing_value)
        base[row] = 1;
  }
  return base;
}

// Per row of the base: 1 when any of the net's options is mentioned, else 0; NaN outside it.
std::vector<double> any_of(const MultipleResponseResult& result, const Net& net, const AnalysisData& data, const std::vector<std::uint8_t>& base) {
  std::vector<const survey::Column*> columns;
  for (int option : net.values) columns.push_back(&data.column(result.items[static_cast<std::size_t>(option)].variable->name));
  std::vector<double> any(data.rows(), std::nan(""));
  for (std::size_t idx = 0; idx < any.size(); ++idx) {
    if (!base[idx]) continue;
    any[idx] = 0;
    for (const survey::Column* column : columns)
      if (column->codes[idx] == 1) any[idx] = 1;  // value index 1: mentioned
  }
  return any;
}

}  // namespace

std::vector<Net> resolve_nets(const survey::Variable& variable, const std::vector<NetSpec>& specs) {
  std::vector<Net> nets;
  for (const NetSpec& spec : specs) {
    Net net;
    net.label = spec.label;
    if (spec.box != NetSpec::Box::none) {
      const ScoreBoxes boxes = score_boxes(variable);
      const bool top = spec.box == NetSpec::Box::top2;
      if (!boxes.defined)
        throw usage_error(fmt::format("'{}' has no {}: it needs at least three answers with scores (a scale's options)", variable.name,
                                      top ? "top-2" : "bottom-2"));
      const std::vector<bool>& in_box = top ? boxes.top : boxes.bottom;
      for (std::size_t idx = 0; idx < in_box.size(); ++idx)
        if (in_box[idx]) net.values.push_back(static_cast<int>(idx));
      if (net.label.pl.empty() && net.label.en.empty())
        net.label = top ? survey::Text{"2 najwyżej ocenione (top-2)", "top-2 box"} : survey::Text{"2 najniżej ocenione (bottom-2)", "bottom-2 box"};
    } else {
      for (const std::string& code : spec.codes) {
        const int value = value_of(variable, code);
        if (value < 0) {
          std::vector<std::string> codes;
          for (std::size_t idx = 0; idx < variable.first_missing_value; ++idx) codes.push_back(variable.values[idx].code.text);
          throw usage_error(fmt::format("net '{}' of '{}': no answer '{}'; its answers: {}", spec.label.en, variable.name, code,
                                        fmt::join(codes, ", ")));
        }
        if (static_cast<std::size_t>(value) >= variable.first_missing_value)
          throw usage_error(fmt::format("net '{}' of '{}': '{}' is a missing code, outside the base of the percentages", spec.label.en,
                                        variable.name, code));
        if (std::find(net.values.begin(), net.values.end(), value) == net.values.end()) net.values.push_back(value);
      }
      if (net.values.empty()) throw usage_error(fmt::format("net '{}' of '{}' names no answer", spec.label.en, variable.name));
    }
    std::sort(net.values.begin(), net.values.end());
    nets.push_back(std::move(net));
  }
  return nets;
}

std::vector<Net> resolve_option_nets(const survey::Question& question, const std::vector<NetSpec>& specs) {
  std::vector<Net> nets;
  for (const NetSpec& spec : specs) {
    if (spec.box != NetSpec::Box::none)
      throw usage_error(fmt::format("'{}' is a multiple-response question: it has no {}; name its options (LABEL=CODE,CODE)", question.id,
                                    spec.box == NetSpec::Box::top2 ? "top-2" : "bottom-2"));
    Net net;
    net.label = spec.label;
    for (const std::string& code : spec.codes) {
      const auto number = survey::parse_number(code);
      int found = -1;
      for (std::size_t idx = 0; idx < question.options.size(); ++idx) {
        const survey::Code& option = question.options[idx].code;
        if (option.text == code || (number && option.number && *option.number == *number)) found = static_cast<int>(idx);
      }
      if (found < 0) {
        std::vector<std::string> codes;
        for (const auto& option : question.options) codes.push_back(option.code.text);
        throw usage_error(fmt::format("net '{}' of '{}': no option '{}'; its options: {}", spec.label.en, question.id, code, fmt::join(codes, ", ")));
      }
      if (std::find(net.values.begin(), net.values.end(), found) == net.values.end()) net.values.push_back(found);
    }
    if (net.values.empty()) throw usage_error(fmt::format("net '{}' of '{}' names no option", spec.label.en, question.id));
    std::sort(net.values.begin(), net.values.end());
    nets.push_back(std::move(net));
  }
  return nets;
}

void add_multiple_response_nets(MultipleResponseResult& result, const AnalysisData& data, const RowMask& where,
                                const TableOptions& options, const std::vector<Net>& nets) {
  if (nets.empty()) return;
  const std::vector<std::uint8_t> base = question_base(result, data, where);
  EstimateOptions estimate_options;
  estimate_options.level = options.ci_level;
  estimate_options.df = static_cast<double>(data.design().domain_df(where));
  const std::size_t rows = data.rows();
  for (const Net& net : nets) {
    const std::vector<double> any = any_of(result, net, data, base);
    MultipleResponseNet row;
    row.net = net;
    for (double value : any) row.n += value == 1 ? 1 : 0;
    row.share = estimate_mean(data.design(), any, base, estimate_options);
    row.ci = proportion_interval(row.share.mean, row.share.mean_se, row.share.df, options.ci_method, options.ci_level, static_cast<double>(rows));
    result.nets.push_back(std::move(row));
  }
}

void add_multiple_response_banner_nets(MultipleResponseBannerResult& result, const AnalysisData& data, const RowMask& where,
                                       const std::vector<Net>& nets) {
  if (nets.empty()) return;
  add_multiple_response_nets(result.total, data, where, result.options.table, nets);
  const std::vector<std::uint8_t> base = question_base(result.total, data, where);
  EstimateOptions estimate_options;
  estimate_options.level = result.options.table.ci_level;
  estimate_options.df = static_cast<double>(data.design().domain_df(where));
  for (MultipleResponseBannerBlock& block : result.blocks) {
    const int n_cols = block.n_cols();
    const std::vector<std::int32_t> column = valid_categories(data.column(block.variable->name));
    const double alpha = block_alpha(block, result.options);
    block.net_mentions_n.assign(nets.size() * static_cast<std::size_t>(n_cols), 0);
    block.net_letters.assign(nets.size() * static_cast<std::size_t>(n_cols), "");
    block.net_block_letters = block.net_letters;
    for (std::size_t net_idx = 0; net_idx < nets.size(); ++net_idx) {
      const std::vector<double> any = any_of(result.total, nets[net_idx], data, base);
      for (std::size_t row = 0; row < any.size(); ++row)
        if (any[row] == 1 && column[row] >= 0) ++block.net_mentions_n[net_idx * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(column[row])];
      block.net_items.push_back(means_by_group(data.design(), any, column, n_cols, {}, estimate_options));
      const std::vector<std::vector<int>> beaten = beaten_columns(block.net_items.back(), n_cols, alpha);
      for (int col = 0; col < n_cols; ++col)
        for (int other : beaten[static_cast<std::size_t>(col)]) {
          block.net_letters[net_idx * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col)] += block.letter(other);
          block.net_block_letters[net_idx * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col)] += column_letter(other);
        }
    }
  }
}

void add_frequency_nets(FrequencyResult& result, const AnalysisData& data, const RowMask& where, const TableOptions& options,
                        const std::vector<Net>& nets) {
  if (nets.empty()) return;
  const survey::Variable& variable = *result.variable;
  const std::vector<std::int32_t> category = valid_categories(data.column(variable.name));
  const RowMask domain = intersect(where, data.asked(variable.name));
  FrequencyOptions frequency_options;
  frequency_options.level = options.ci_level;
  frequency_options.ci_method = options.ci_method;
  frequency_options.df = result.table.df;
  for (const Net& net : nets) {
    const FrequencyTable table = frequency(data.design(), net_indicator(category, net), 2, domain, frequency_options);
    FrequencyNet row;
    row.net = net;
    row.estimate = table.rows.front();
    row.estimate.category_idx = -1;
    row.small_base = result.any_small_base;  // the same valid base as the categories'
    result.nets.push_back(std::move(row));
  }
}

void add_banner_nets(BannerResult& result, const AnalysisData& data, const RowMask& where, const std::vector<Net>& nets) {
  if (nets.empty()) return;
  const std::string& row_name = result.row_variable->name;
  const std::vector<std::int32_t> category = valid_categories(data.column(row_name));
  const RowMask row_asked = data.asked(row_name);
  // The banner's own options and degrees of freedom (compute_banner), so that letters agree.
  CrosstabOptions options;
  options.level = result.options.table.ci_level;
  options.column_test_alpha = result.options.sig_level;
  options.bonferroni = result.options.bonferroni;
  options.df = result.degrees.df;
  options.test_df = result.degrees.test_df;
  options.test_rows = result.degrees.test_rows;
  for (const Net& net : nets) {
    const std::vector<std::int32_t> indicator = net_indicator(category, net);
    BannerNet row;
    row.net = net;
    for (std::size_t block_idx = 0; block_idx < result.blocks.size(); ++block_idx) {
      const BannerBlock& block = result.blocks[block_idx];
      const std::vector<std::int32_t> col_category = valid_categories(data.column(block.variable->name));
      const RowMask by_asked = data.asked(block.variable->name);
      RowMask domain(data.rows());
      for (std::size_t idx = 0; idx < data.rows(); ++idx) domain[idx] = row_asked[idx] && by_asked[idx] && in(where, idx);
      const int n_cols = block.table.n_cols;
      const Crosstab table = crosstab(data.design(), indicator, 2, col_category, n_cols, domain, options);
      BannerNet::Block cells;
      cells.cells.assign(table.cells.begin(), table.cells.begin() + n_cols);
      cells.letters.assign(static_cast<std::size_t>(n_cols), "");
      for (const auto& comparison : table.column_tests) {
        if (comparison.row_idx != 0 || !comparison.significant) continue;
        const int higher = comparison.difference > 0 ? comparison.col_a : comparison.col_b;
        const int lower = comparison.difference > 0 ? comparison.col_b : comparison.col_a;
        cells.letters[static_cast<std::size_t>(higher)] += block.letter(lower);
      }
      if (block_idx == 0) row.total = table.row_margins.front();
      row.blocks.push_back(std::move(cells));
    }
    result.nets.push_back(std::move(row));
  }
}

}  // namespace ankieta::analysis
