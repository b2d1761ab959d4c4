// From a spec to a Document: the tables of analysis/tables.hpp computed on one AnalysisData, laid
// out in the report's language, and a methodology section written from the same data.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "ankieta/analysis/analysis_data.hpp"
#include "ankieta/analysis/confidence_interval.hpp"
#include "ankieta/analysis/design.hpp"
#include "ankieta/analysis/tables.hpp"
#include "ankieta/report/layouts.hpp"
#include "ankieta/report/report.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/expression.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"
#include "ankieta/survey/symbols.hpp"
#include "ankieta/survey/text_util.hpp"
#include "ankieta/survey/weight_sets.hpp"

namespace ankieta::report {
namespace {

using analysis::RowMask;
using survey::Language;

bool has(const std::vector<Statistic>& list, Statistic statistic) {
  return std::find(list.begin(), list.end(), statistic) != list.end();
}

std::string today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &local);
  return text;
}

// The design the tables are computed with: the questionnaire's design block with the spec's and
// the command line's choices applied, as AnalysisData applies them (an unweighted analysis is a
// simple random sample: no strata, clusters or fpc). The methodology describes this, not the
// questionnaire's block.
struct UsedDesign {
  bool unweighted = false;
  std::vector<std::string> strata, clusters, fpc;
  analysis::LonelyPsu lonely_psu = analysis::LonelyPsu::fail;
  std::string lonely_psu_name = "fail";
  analysis::CiMethod ci_method = analysis::CiMethod::logit;
};

// A stratum or frame value as text that compares equal however it was written ("1", "1.0").
std::string comparable(const std::string& text) {
  if (auto number = survey::parse_number(text)) return survey::format_number(*number);
  return text;
}

// Everything one table needs while it is laid out.
class Builder {
 public:
  Builder(const ReportSpec& spec, const survey::Store& store, const analysis::AnalysisData& data, const BuildOptions& options,
          const UsedDesign& used)
      : spec_(spec), store_(store), data_(data), q_(data.questionnaire()), options_(options), lang_(spec.language), used_(used),
        context_{data} {
    context_.language = spec.language;
    context_.weighted = !used.unweighted;
    context_.where = spec.where;
    context_.ci_level = spec.ci_level;
    context_.ci_method = used.ci_method;
    context_.small_base = spec.small_base;
    table_options_.ci_level = spec.ci_level;
    table_options_.ci_method = used.ci_method;
    table_options_.small_base = spec.small_base;
    if (!data.summary().weight_set.empty()) weight_set_ = survey::find_weight_set(store, data.summary().weight_set);
  }

  Document build() {
    Document document;
    document.language = lang_;
    document.title = spec_.title.in(lang_);
    document.subtitle = spec_.subtitle.in(lang_);
    document.author = spec_.author;
    document.questionnaire_title = q_.title.in(lang_);
    document.date = options_.date.empty() ? today() : options_.date;
    document.version = options_.version;
    document.database = store_.path().substr(store_.path().find_last_of('/') + 1);
    const auto& summary = data_.summary();
    document.title_facts.push_back(fmt::format("{}: {}", w("Respondents"), data_.domain_rows()));
    document.title_facts.push_back(fmt::format("{}: {}", w("Weights"), weights_text()));
    if (!spec_.where.empty()) document.title_facts.push_back(fmt::format("{}: {}", w("Domain"), spec_.where));
    (void)summary;
    std::vector<Section> sections;
    for (const auto& section_spec : spec_.sections) {
      Section section;
      section.id = fmt::format("s{}", sections.size() + 2);
      section.title = section_spec.title.in(lang_);
      if (!section_spec.intro.in(lang_).empty()) {
        Block intro;
        intro.paragraphs.push_back(section_spec.intro.in(lang_));
        section.text.push_back(std::move(intro));
      }
      for (const auto& table_spec : section_spec.tables) section.tables.push_back(table(table_spec));
      sections.push_back(std::move(section));
    }
    document.sections.push_back(methodology());
    for (auto& section : sections) document.sections.push_back(std::move(section));
    return document;
  }

 private:
  const ReportSpec& spec_;
  const survey::Store& store_;
  const analysis::AnalysisData& data_;
  const survey::Questionnaire& q_;
  const BuildOptions& options_;
  Language lang_;
  const UsedDesign& used_;
  std::optional<survey::WeightSet> weight_set_;  // the weight set in use, if any
  analysis::TableOptions table_options_;
  LayoutContext context_;  // for the charts, which the terminal commands draw the same way (layouts.hpp)
  int table_count_ = 0;
  std::vector<double> deffs_;  // of the proportions shown, for the methodology

  const char* w(const char* english) const { return word(lang_, english); }
  // A frequency table's chart as the spec asks for it (automatic already resolved).
  static Chart::Kind chart_kind(ChartKind kind) {
    switch (kind) {
      case ChartKind::none: return Chart::Kind::none;
      case ChartKind::stacked: return Chart::Kind::stacked;
      case ChartKind::dot: return Chart::Kind::dot;
      case ChartKind::automatic:
      case ChartKind::bar: return Chart::Kind::bar;
    }
    return Chart::Kind::bar;
  }
  // Design effects of estimates with a sampling variance (a stratum variable's shares have none).
  void note_deff(int n, double deff) {
    if (n > 0 && std::isfinite(deff) && deff > 1e-6) deffs_.push_back(deff);
  }
  std::string design_text() const {
    std::vector<std::string> parts;
    if (!weighted()) return w("unweighted (simple random sample, weight 1)");
    parts.push_back(used_.strata.empty() ? w("no strata") : fmt::format("{} ({})", w("stratified sampling"), fmt::join(used_.strata, " × ")));
    parts.push_back(used_.clusters.empty() ? w("respondents sampled directly (each its own PSU)")
                                           : fmt::format("{}: {}", w("clusters"), fmt::join(used_.clusters, ", ")));
    parts.push_back(fmt::format("{}: {}", w("weights"), weights_text()));
    parts.push_back(used_.fpc.empty() ? w("no finite population correction (first stage with replacement)")
                                      : fmt::format("{}: {}", w("finite population correction"), fmt::join(used_.fpc, ", ")));
    return fmt::format("{}", fmt::join(parts, "; "));
  }
  std::string label(const survey::Text& text) const { return text.in(lang_); }
  std::string value_label(const survey::Variable& variable, int value_idx) const {
    return label(variable.values[static_cast<std::size_t>(value_idx)].label);
  }
  std::string number(double value, int decimals) const { return format_number(value, decimals, lang_); }
  bool weighted() const { return !used_.unweighted; }

  std::string weights_text() const {
    const auto& summary = data_.summary();
    if (!weighted()) return w("unweighted");
    if (!summary.weight_set.empty()) return fmt::format("{} '{}'", w("weight set"), summary.weight_set);
    if (!summary.weight.empty())
      return fmt::format("{} ({})", summary.weight == q_.design.weight ? w("design weights") : w("weight variable"), summary.weight);
    if (!used_.fpc.empty()) return fmt::format("{} ({})", w("design weights"), w("population over sample size, from the fpc"));
    return w("none (weight 1)");
  }

  RowMask where_mask(const std::string& where) const {
    if (where.empty()) return data_.domain();
    auto expression = survey::Expression::parse(where);
    std::vector<survey::SymbolInfo> symbols = survey::make_symbols(q_);
    expression->bind(survey::make_symbol_lookup(q_, symbols));
    survey::ColumnSet set;
    set.rows = data_.rows();
    for (const auto& reference : expression->references()) set.columns.push_back(data_.column(reference.name));
    std::vector<survey::Truth> truth = survey::evaluate_rows(*expression, q_, set);
    RowMask mask(truth.size());
    std::size_t selected = 0;
    for (std::size_t row = 0; row < truth.size(); ++row) selected += (mask[row] = truth[row] == survey::Truth::true_);
    if (selected == 0)
      throw data_error(fmt::format("{}: where '{}' selects no respondents; check the codes with 'ankieta codebook'", spec_.path, where));
    return analysis::intersect(data_.domain(), mask);
  }

  Table start_table(const TableSpec& spec, const std::string& default_title, const std::string& subtitle) {
    Table table;
    table.number = ++table_count_;
    table.id = fmt::format("t{}", table.number);
    table.title = spec.title.in(lang_).empty() ? default_title : spec.title.in(lang_);
    table.subtitle = subtitle;
    if (!spec.where.empty()) table.notes.push_back(fmt::format("{}: {}", w("Domain"), spec.where));
    return table;
  }

  void note_small_base(Table& table, bool flagged) const {
    if (flagged)
      table.notes.push_back(fmt::format(fmt::runtime(w("! effective base below {}: read with caution")), number(spec_.small_base, 0)));
  }

  std::string ci_header(const char* end) const {
    return fmt::format("{}% CI {}", number(100 * spec_.ci_level, 0), w(end));
  }

  Table table(const TableSpec& spec) {
    RowMask where = where_mask(spec.where);
    switch (spec.kind) {
      case TableKind::freq: {
        const survey::Question* question = q_.find_question(spec.variables.front());
        if (question && question->type == survey::QuestionType::multi)
          return multiple_response(spec, analysis::compute_multiple_response(data_, *question, where, table_options_));
        if (question && question->type == survey::QuestionType::grid)
          return grid(spec, analysis::compute_grid(data_, *question, where, table_options_));
        return frequency(spec, analysis::compute_frequency(data_, spec.variables.front(), where, table_options_));
      }
      case TableKind::crosstab: {
        analysis::BannerOptions options;
        options.table = table_options_;
        options.sig_level = spec_.sig_level;
        const survey::Question* question = q_.find_question(spec.variables.front());
        if (question && question->type == survey::QuestionType::multi)
          return multiple_response_banner(spec, analysis::compute_multiple_response_banner(data_, *question, spec.by, where, options));
        return banner(spec, analysis::compute_banner(data_, spec.variables.front(), spec.by, where, options));
      }
      case TableKind::means:
        return means(spec, analysis::compute_means(data_, spec.variables, spec.by.empty() ? "" : spec.by.front(), {}, where,
                                                   table_options_));
    }
    throw Error(ErrorKind::internal, "unknown table kind");
  }

  Table frequency(const TableSpec& spec, const analysis::FrequencyResult& result) {
    const survey::Variable& variable = *result.variable;
    const survey::Question& question = *result.question;
    std::vector<Statistic> stats = spec.statistics.empty() ? std::vector<Statistic>{Statistic::n, Statistic::percent, Statistic::ci}
                                                           : spec.statistics;
    std::string title = variable.part >= 0 ? fmt::format("{}: {}", label(question.text), label(variable.label)) : label(question.text);
    Table table = start_table(spec, title, variable.name);
    table.header.push_back(w("Answer"));
    if (has(stats, Statistic::n)) table.header.push_back("n");
    if (has(stats, Statistic::total)) table.header.push_back(w("Weighted total"));
    table.header.push_back("%");
    if (has(stats, Statistic::se)) table.header.push_back("±SE");
    if (has(stats, Statistic::ci)) {
      table.header.push_back(ci_header("from"));
      table.header.push_back(ci_header("to"));
    }
    if (has(stats, Statistic::deff)) table.header.push_back("deff");
    for (std::size_t row_idx = 0; row_idx < result.table.rows.size(); ++row_idx) {
      const auto& estimate = result.table.rows[row_idx];
      Row row;
      row.cells.push_back(Cell::of_text(value_label(variable, estimate.category_idx)));
      if (has(stats, Statistic::n)) row.cells.push_back(Cell::of_count(estimate.n));
      if (has(stats, Statistic::total)) row.cells.push_back(Cell::of_number(estimate.total, 1));
      Cell share = Cell::of_percent(estimate.prop);
      share.small_base = result.small_base[row_idx];
      row.cells.push_back(share);
      if (has(stats, Statistic::se)) row.cells.push_back(Cell::of_percent(estimate.prop_se));
      if (has(stats, Statistic::ci)) {
        row.cells.push_back(Cell::of_percent(estimate.ci.lower));
        row.cells.push_back(Cell::of_percent(estimate.ci.upper));
      }
      if (has(stats, Statistic::deff)) row.cells.push_back(Cell::of_number(estimate.deff, 2));
      note_deff(estimate.n, estimate.deff);
      table.rows.push_back(std::move(row));
    }
    auto apart_row = [&](const std::string& text, double n, double total, RowRole role) {
      Row row;
      row.role = role;
      row.cells.push_back(Cell::of_text(text));
      if (has(stats, Statistic::n)) row.cells.push_back(Cell::of_count(n));
      if (has(stats, Statistic::total)) row.cells.push_back(Cell::of_number(total, 1));
      row.cells.push_back(role == RowRole::base ? Cell::of_percent(1.0) : Cell());
      while (row.cells.size() < table.header.size()) row.cells.push_back(Cell());
      table.rows.push_back(std::move(row));
    };
    apart_row(w("Total (valid base)"), result.table.base.n, result.table.base.total, RowRole::base);
    const analysis::ApartCounts& apart = result.apart;
    for (std::size_t idx = 0; idx < apart.missing_n.size(); ++idx)
      apart_row(value_label(variable, static_cast<int>(variable.first_missing_value + idx)), static_cast<double>(apart.missing_n[idx]),
                apart.missing_total[idx], RowRole::apart);
    if (apart.blank_n) apart_row(w("no answer"), static_cast<double>(apart.blank_n), apart.blank_total, RowRole::apart);
    if (apart.not_asked_n) apart_row(w("not asked (filter)"), static_cast<double>(apart.not_asked_n), apart.not_asked_total, RowRole::apart);
    table.base_text = fmt::format(fmt::runtime(w("Base: respondents with a valid answer, n = {} (weighted {}); all respondents in the domain: {}")),
                                  result.table.base.n, number(result.table.base.total, 1), apart.all_n);
    if (question.ask_if_expression) table.notes.push_back(fmt::format("{}: {}", w("Asked only when"), question.ask_if));
    if (!apart.missing_n.empty() || apart.blank_n || apart.not_asked_n)
      table.notes.push_back(w("Missing codes (don't know, refused), blanks and those not asked are shown apart and left out of the percentages."));
    note_small_base(table, result.any_small_base);

    ChartKind kind = spec.chart;
    if (kind == ChartKind::automatic) kind = question.type == survey::QuestionType::scale ? ChartKind::stacked : ChartKind::bar;
    table.chart = frequency_chart(result, chart_kind(kind), context_);
    return table;
  }

  Table multiple_response(const TableSpec& spec, const analysis::MultipleResponseResult& result) {
    const survey::Question& question = *result.question;
    std::vector<Statistic> stats = spec.statistics.empty() ? std::vector<Statistic>{Statistic::n, Statistic::percent, Statistic::ci}
                                                           : spec.statistics;
    Table table = start_table(spec, label(question.text), fmt::format("{} — {}", question.id, w("multiple response")));
    table.header.push_back(w("Answer"));
    if (has(stats, Statistic::n)) table.header.push_back("n");
    if (has(stats, Statistic::total)) table.header.push_back(w("Weighted total"));
    table.header.push_back(w("% of respondents"));
    if (has(stats, Statistic::se)) table.header.push_back("±SE");
    if (has(stats, Statistic::ci)) {
      table.header.push_back(ci_header("from"));
      table.header.push_back(ci_header("to"));
    }
    table.header.push_back(w("% of responses"));
    std::vector<const analysis::MultipleResponseItem*> items;
    for (const auto& item : result.items) items.push_back(&item);
    if (spec.sort_descending)
      std::stable_sort(items.begin(), items.end(), [](const auto* a, const auto* b) { return a->share.mean > b->share.mean; });
    if (spec.top > 0 && items.size() > static_cast<std::size_t>(spec.top)) items.resize(static_cast<std::size_t>(spec.top));
    bool flagged = false;
    for (const auto* item : items) {
      Row row;
      row.cells.push_back(Cell::of_text(label(question.options[item->option_idx].label)));
      if (has(stats, Statistic::n)) row.cells.push_back(Cell::of_count(item->n));
      if (has(stats, Statistic::total)) row.cells.push_back(Cell::of_number(item->share.total, 1));
      Cell share = Cell::of_percent(item->share.mean);
      share.small_base = item->small_base;
      flagged |= item->small_base;
      row.cells.push_back(share);
      if (has(stats, Statistic::se)) row.cells.push_back(Cell::of_percent(item->share.mean_se));
      if (has(stats, Statistic::ci)) {
        row.cells.push_back(Cell::of_percent(item->ci.lower));
        row.cells.push_back(Cell::of_percent(item->ci.upper));
      }
      row.cells.push_back(Cell::of_percent(item->of_responses.ratio));
      note_deff(item->n, item->share.deff);
      table.rows.push_back(std::move(row));
    }
    Row base;
    base.role = RowRole::base;
    base.cells.push_back(Cell::of_text(w("Base (respondents who answered)")));
    if (has(stats, Statistic::n)) base.cells.push_back(Cell::of_count(result.mentions.n));
    if (has(stats, Statistic::total)) base.cells.push_back(Cell::of_number(result.mentions.weight_sum, 1));
    while (base.cells.size() < table.header.size()) base.cells.push_back(Cell());
    table.rows.push_back(std::move(base));
    table.base_text = fmt::format(fmt::runtime(w("Base: respondents who answered, n = {} (weighted {}); {} answers each on average")),
                                  result.mentions.n, number(result.mentions.weight_sum, 1), number(result.mentions.mean, 2));
    table.notes.push_back(w("Several answers possible: percentages of respondents add up to more than 100."));
    if (spec.sort_descending) table.notes.push_back(w("Answers sorted from the most frequent."));
    if (spec.top > 0 && result.items.size() > static_cast<std::size_t>(spec.top))
      table.notes.push_back(fmt::format(fmt::runtime(w("The {} most frequent answers of {}.")), spec.top, result.items.size()));
    if (question.ask_if_expression) table.notes.push_back(fmt::format("{}: {}", w("Asked only when"), question.ask_if));
    note_small_base(table, flagged);
    // Bars or dots only: a stacked chart of shares that add up to more than 100% would mislead.
    table.chart = multiple_response_chart(result, items, spec.chart == ChartKind::none ? Chart::Kind::none
                                                         : spec.chart == ChartKind::dot ? Chart::Kind::dot
                                                                                        : Chart::Kind::bar,
                                          context_);
    return table;
  }

  Table grid(const TableSpec& spec, const analysis::GridResult& result) {
    const survey::Question& question = *result.question;
    std::vector<Statistic> stats = spec.statistics.empty() ? std::vector<Statistic>{Statistic::n, Statistic::percent, Statistic::mean}
                                                           : spec.statistics;
    Table table = start_table(spec, label(question.text), question.id);
    table.header.push_back(w("Item"));
    if (has(stats, Statistic::n)) table.header.push_back("n");
    for (const auto& option : question.options) table.header.push_back(label(option.label) + " %");
    table.header.push_back(w("Mean"));
    if (has(stats, Statistic::se)) table.header.push_back("±SE");
    int min_n = -1;
    for (const auto& item : result.items) {
      Row row;
      std::string item_label = label(question.items[item.item_idx].text);
      row.cells.push_back(Cell::of_text(item_label));
      if (has(stats, Statistic::n)) row.cells.push_back(Cell::of_count(item.table.base.n));
      for (const auto& estimate : item.table.rows) {
        row.cells.push_back(Cell::of_percent(estimate.prop));
        note_deff(estimate.n, estimate.deff);
      }
      Cell mean = Cell::of_number(item.mean.mean, 2);
      mean.small_base = item.mean.n_eff < spec_.small_base;
      row.cells.push_back(mean);
      if (has(stats, Statistic::se)) row.cells.push_back(Cell::of_number(item.mean.mean_se, 2));
      table.rows.push_back(std::move(row));
      min_n = min_n < 0 ? item.table.base.n : std::min(min_n, item.table.base.n);
    }
    table.base_text = fmt::format(fmt::runtime(w("Base: respondents who rated the item (n from {} per item)")), std::max(min_n, 0));
    table.notes.push_back(w("Percentages of those who rated the item; 'don't know' is left out of the percentages and the mean."));
    std::vector<std::string> scores;
    for (const auto& option : question.options)
      scores.push_back(fmt::format("{} = {}", survey::format_number(option.score.value_or(option.code.number.value_or(0))), label(option.label)));
    table.notes.push_back(fmt::format("{}: {}", w("Mean of the scores"), fmt::join(scores, "; ")));
    if (question.ask_if_expression) table.notes.push_back(fmt::format("{}: {}", w("Asked only when"), question.ask_if));
    table.chart = grid_chart(result, context_);
    if (spec.chart == ChartKind::none) table.chart.kind = Chart::Kind::none;
    return table;
  }

  // A banner's header: the answer and total columns, then a group of lettered columns per block.
  template <class Block, class ColumnCount>
  void banner_header(Table& table, const std::vector<Block>& blocks, ColumnCount n_cols) const {
    table.header_groups.push_back({"", 2});
    table.header = {w("Answer"), w("Total")};
    for (const auto& block : blocks) {
      const survey::Question& by_question = q_.questions[block.variable->question_index];
      std::string group = label(by_question.text);
      if (group.size() > 60) group = block.variable->name;
      table.header_groups.push_back({group, n_cols(block)});
      for (int col = 0; col < n_cols(block); ++col)
        table.header.push_back(fmt::format("{} ({})", value_label(*block.variable, col), block.letter(col)));
    }
  }

  Table banner(const TableSpec& spec, const analysis::BannerResult& result) {
    const survey::Variable& row_variable = *result.row_variable;
    const survey::Question& row_question = q_.questions[row_variable.question_index];
    std::vector<Statistic> stats = spec.statistics.empty() ? std::vector<Statistic>{Statistic::col} : spec.statistics;
    Statistic shown = has(stats, Statistic::row) ? Statistic::row : has(stats, Statistic::cell) ? Statistic::cell
                    : has(stats, Statistic::total) && !has(stats, Statistic::col) ? Statistic::total : Statistic::col;
    std::vector<std::string> by_labels;
    for (const auto& block : result.blocks) by_labels.push_back(block.variable->name);
    std::string subtitle = fmt::format("{} — {} {}", row_variable.name, w("by"), fmt::join(by_labels, ", "));
    std::string title = row_variable.part >= 0 ? fmt::format("{}: {}", label(row_question.text), label(row_variable.label))
                                               : label(row_question.text);
    Table table = start_table(spec, title, subtitle);
    banner_header(table, result.blocks, [](const analysis::BannerBlock& block) { return block.table.n_cols; });
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
      row.cells.push_back(Cell::of_text(value_label(row_variable, row_idx)));
      const auto& margin = first.row_margins[static_cast<std::size_t>(row_idx)];
      row.cells.push_back(shown == Statistic::total ? Cell::of_number(margin.total, 1) : Cell::of_percent(margin.prop));
      Row se_row;
      se_row.cells.push_back(Cell::of_text("±SE"));
      se_row.cells.push_back(shown == Statistic::total ? Cell::of_number(margin.total_se, 1) : Cell::of_percent(margin.prop_se));
      for (const auto& block : result.blocks) {
        for (int col = 0; col < block.table.n_cols; ++col) {
          const auto& cell = block.table.cell(row_idx, col);
          Cell value = value_of(cell);
          if (shown == Statistic::col) value.letters = block.letters_at(row_idx, col);
          value.small_base = shown == Statistic::row    ? block.row_small_base[static_cast<std::size_t>(row_idx)]
                             : shown == Statistic::cell ? block.small_base
                             : shown == Statistic::col  ? block.col_small_base[static_cast<std::size_t>(col)]
                                                        : false;
          flagged |= value.small_base;
          row.cells.push_back(value);
          se_row.cells.push_back(se_of(cell));
        }
      }
      table.rows.push_back(std::move(row));
      if (has(stats, Statistic::se)) table.rows.push_back(std::move(se_row));
    }
    Row n_row, total_row;
    n_row.role = total_row.role = RowRole::base;
    n_row.cells = {Cell::of_text(w("Base n (unweighted)")), Cell::of_count(first.n)};
    total_row.cells = {Cell::of_text(w("Base (weighted)")), Cell::of_number(first.total, 1)};
    for (const auto& block : result.blocks)
      for (const auto& margin : block.table.col_margins) {
        n_row.cells.push_back(Cell::of_count(margin.n));
        total_row.cells.push_back(Cell::of_number(margin.total, 1));
      }
    table.rows.push_back(std::move(n_row));
    if (weighted()) table.rows.push_back(std::move(total_row));
    table.base_text = fmt::format(fmt::runtime(w("Base: respondents who answered both questions, n = {}")), first.n);
    table.notes.push_back(shown == Statistic::col ? w("Column percentages.") : shown == Statistic::row ? w("Row percentages.")
                          : shown == Statistic::cell ? w("Percentages of the table total.") : w("Weighted counts."));
    if (shown == Statistic::col)
      table.notes.push_back(fmt::format(fmt::runtime(w("Letters: the column's percentage is significantly higher than that of the lettered column of the same variable (design-based t test, alpha = {}, {} df).")),
                                        number(spec_.sig_level, 2), first.df));
    for (const auto& block : result.blocks) {
      for (const auto& test : block.table.tests) {
        if (test.name != "rao-scott-f" || !test.note.empty()) continue;
        table.notes.push_back(fmt::format(fmt::runtime(w("{} × {}: Rao–Scott F = {}, df = ({}, {}), p = {}; Cramér's V = {}")), row_variable.name,
                                          block.variable->name, number(test.statistic, 2), number(test.df1, 2), number(test.df2, 1),
                                          p_text(test.p), number(block.table.cramers_v, 3)));
      }
    }
    if (row_question.ask_if_expression) table.notes.push_back(fmt::format("{}: {}", w("Asked only when"), row_question.ask_if));
    if (flagged)
      table.notes.push_back(fmt::format(fmt::runtime(w("! effective base of the column below {}: read with caution")), number(spec_.small_base, 0)));

    if (spec.chart != ChartKind::none && shown != Statistic::total) table.chart = banner_chart(result, context_);
    return table;
  }

  // A multi question by banner columns: % of each column's respondents mentioning each option.
  Table multiple_response_banner(const TableSpec& spec, const analysis::MultipleResponseBannerResult& result) {
    const survey::Question& question = *result.total.question;
    std::vector<Statistic> stats = spec.statistics.empty() ? std::vector<Statistic>{Statistic::col} : spec.statistics;
    std::vector<std::string> by_labels;
    for (const auto& block : result.blocks) by_labels.push_back(block.variable->name);
    Table table = start_table(spec, label(question.text),
                              fmt::format("{} — {}, {} {}", question.id, w("multiple response"), w("by"), fmt::join(by_labels, ", ")));
    banner_header(table, result.blocks, [](const analysis::MultipleResponseBannerBlock& block) { return block.n_cols(); });
    bool flagged = false;
    for (std::size_t option = 0; option < result.total.items.size(); ++option) {
      const analysis::MultipleResponseItem& item = result.total.items[option];
      Row row, se_row;
      row.cells = {Cell::of_text(label(question.options[item.option_idx].label)), Cell::of_percent(item.share.mean)};
      se_row.cells = {Cell::of_text("±SE"), Cell::of_percent(item.share.mean_se)};
      for (const auto& block : result.blocks)
        for (int col = 0; col < block.n_cols(); ++col) {
          const analysis::GroupMean* share = block.share(option, col);
          Cell value = share ? Cell::of_percent(share->estimate.mean) : Cell::of_text("–");
          value.letters = block.letters[option * static_cast<std::size_t>(block.n_cols()) + static_cast<std::size_t>(col)];
          value.small_base = share && block.col_small_base[static_cast<std::size_t>(col)];
          flagged |= value.small_base;
          row.cells.push_back(value);
          se_row.cells.push_back(share ? Cell::of_percent(share->estimate.mean_se) : Cell::of_text(""));
        }
      table.rows.push_back(std::move(row));
      if (has(stats, Statistic::se)) table.rows.push_back(std::move(se_row));
    }
    Row n_row, total_row;
    n_row.role = total_row.role = RowRole::base;
    n_row.cells = {Cell::of_text(w("Base n (unweighted)")), Cell::of_count(result.total.mentions.n)};
    total_row.cells = {Cell::of_text(w("Base (weighted)")), Cell::of_number(result.total.mentions.weight_sum, 1)};
    for (const auto& block : result.blocks)
      for (int col = 0; col < block.n_cols(); ++col) {
        const analysis::GroupMean* any = block.items.empty() ? nullptr : block.share(0, col);
        n_row.cells.push_back(Cell::of_count(block.base_n[static_cast<std::size_t>(col)]));
        total_row.cells.push_back(Cell::of_number(any ? any->estimate.weight_sum : 0.0, 1));
      }
    table.rows.push_back(std::move(n_row));
    if (weighted()) table.rows.push_back(std::move(total_row));
    table.base_text = fmt::format(fmt::runtime(w("Base: respondents who answered, n = {} (weighted {}); {} answers each on average")),
                                  result.total.mentions.n, number(result.total.mentions.weight_sum, 1),
                                  number(result.total.mentions.mean, 2));
    table.notes.push_back(w("Percentages of each column's respondents who answered the question; they add up to more than 100."));
    table.notes.push_back(fmt::format(fmt::runtime(w("Letters: the column's percentage is significantly higher than that of the lettered column of the same variable (design-based t test, alpha = {}, {} df).")),
                                      number(spec_.sig_level, 2), data_.design().df()));
    if (question.ask_if_expression) table.notes.push_back(fmt::format("{}: {}", w("Asked only when"), question.ask_if));
    if (flagged)
      table.notes.push_back(fmt::format(fmt::runtime(w("! effective base of the column below {}: read with caution")), number(spec_.small_base, 0)));
    return table;
  }

  std::string p_text(double p) const {
    if (!std::isfinite(p)) return "";
    if (p < 0.001) return lang_ == Language::pl ? "< 0,001" : "< 0.001";
    return number(p, 3);
  }

  Table means(const TableSpec& spec, const analysis::MeansResult& result) {
    std::vector<Statistic> stats = spec.statistics.empty() ? std::vector<Statistic>{Statistic::n, Statistic::mean, Statistic::ci}
                                                           : spec.statistics;
    std::string title = w("Means");
    if (result.rows.size() == 1 || (result.by && !result.rows.empty() && spec.variables.size() == 1)) {
      const survey::Variable& variable = *result.rows.front().variable;
      title = label(q_.questions[variable.question_index].text);
    }
    Table table = start_table(spec, title, result.by ? fmt::format("{} {} {}", fmt::join(spec.variables, ", "), w("by"), result.by->name)
                                                     : fmt::format("{}", fmt::join(spec.variables, ", ")));
    table.header = {w("Variable")};
    if (result.by) table.header.push_back(w("Group"));
    if (has(stats, Statistic::n)) table.header.push_back("n");
    table.header.push_back(w("Mean"));
    if (has(stats, Statistic::se)) table.header.push_back("±SE");
    if (has(stats, Statistic::ci)) {
      table.header.push_back(ci_header("from"));
      table.header.push_back(ci_header("to"));
    }
    if (has(stats, Statistic::total)) table.header.push_back(w("Total"));
    if (has(stats, Statistic::deff)) table.header.push_back("deff");
    // Letters: group means significantly higher than the lettered group's (pairwise design-based t tests).
    std::map<std::pair<const survey::Variable*, int>, std::string> letters;
    for (const auto& test : result.tests)
      for (const auto& difference : test.by_group.differences) {
        if (!(difference.p < spec_.sig_level)) continue;
        int higher = difference.difference > 0 ? difference.group_a : difference.group_b;
        int lower = difference.difference > 0 ? difference.group_b : difference.group_a;
        letters[{test.variable, higher}] += analysis::column_letter(lower);
      }
    for (auto& [key, text] : letters) std::sort(text.begin(), text.end());
    for (const auto& row : result.rows) {
      Row line;
      const survey::Variable& variable = *row.variable;
      std::string variable_label = variable.part >= 0 ? label(variable.label) : label(q_.questions[variable.question_index].text);
      if (variable_label.size() > 90) variable_label = variable.name;
      line.cells.push_back(Cell::of_text(variable_label));
      std::string group = result.by ? fmt::format("{} ({})", value_label(*result.by, row.group_idx), analysis::column_letter(row.group_idx))
                                    : w("All");
      if (result.by) line.cells.push_back(Cell::of_text(group));
      if (has(stats, Statistic::n)) line.cells.push_back(Cell::of_count(row.estimate.n));
      Cell mean = Cell::of_number(row.estimate.mean, 2);
      mean.small_base = row.small_base;
      if (auto found = letters.find({row.variable, row.group_idx}); found != letters.end()) mean.letters = found->second;
      line.cells.push_back(mean);
      if (has(stats, Statistic::se)) line.cells.push_back(Cell::of_number(row.estimate.mean_se, 2));
      if (has(stats, Statistic::ci)) {
        line.cells.push_back(Cell::of_number(row.estimate.ci.lower, 2));
        line.cells.push_back(Cell::of_number(row.estimate.ci.upper, 2));
      }
      if (has(stats, Statistic::total)) line.cells.push_back(Cell::of_number(row.estimate.total, 1));
      if (has(stats, Statistic::deff)) line.cells.push_back(Cell::of_number(row.estimate.deff, 2));
      table.rows.push_back(std::move(line));
    }
    table.base_text = w("Base: respondents with a valid answer in each group (column n)");
    table.notes.push_back(w("Don't know and refused are left out; scale items are averaged over their scores."));
    if (result.by) {
      table.notes.push_back(fmt::format(fmt::runtime(w("Letters: the group's mean is significantly higher than that of the lettered group (design-based t test, alpha = {}).")),
                                        number(spec_.sig_level, 2)));
      for (const auto& test : result.tests) {
        const auto& equality = test.by_group.equality;
        if (!equality.note.empty()) continue;
        table.notes.push_back(fmt::format(fmt::runtime(w("{}: equal means across {}: Wald F = {}, df = ({}, {}), p = {}")), test.variable->name,
                                          result.by->name, number(equality.statistic, 2), number(equality.df1, 0), number(equality.df2, 0),
                                          p_text(equality.p)));
      }
    }
    note_small_base(table, result.any_small_base);
    table.chart = means_chart(result, spec.chart == ChartKind::none ? Chart::Kind::none
                                      : spec.chart == ChartKind::bar ? Chart::Kind::bar
                                                                     : Chart::Kind::dot,
                              spec.variables.size() > 1, context_);
    return table;
  }

  // The methodology: written from the data, so that it states what was actually done.
  Section methodology() {
    Section section;
    section.id = "s1";
    section.title = w("Methodology");
    const analysis::DesignSummary& summary = data_.summary();

    Block sample;
    sample.heading = w("Sample and population");
    std::string strata = fmt::format("{}", fmt::join(used_.strata, " × "));
    sample.paragraphs.push_back(fmt::format(fmt::runtime(w("The survey '{}' has {} respondents in the database ({} in this report). The sample design is {}; {} strata, {} primary sampling units, {} degrees of freedom for intervals and tests (PSUs minus strata).")),
                                            label(q_.title), data_.rows(), data_.domain_rows(), design_text(), summary.strata,
                                            summary.psu, summary.df));
    if (!used_.strata.empty()) sample.paragraphs.push_back(fmt::format("{}: {}.", w("Strata"), strata));
    section.text.push_back(std::move(sample));
    if (!used_.strata.empty()) section.text.push_back(strata_block());

    Block responses;
    responses.heading = w("Responses");
    for (const auto& record : store_.imports())
      // "1 wiersz", "3 wiersze", "5 wierszy": the noun agrees with the number (translate.hpp).
      responses.bullets.push_back(fmt::format(fmt::runtime(w("{}: {} read, {} loaded, {} rejected (wave {})")),
                                              record.file_name.substr(record.file_name.find_last_of('/') + 1),
                                              count_of(lang_, static_cast<std::int64_t>(record.rows_read), "rows", "row"),
                                              record.rows_loaded, record.rows_rejected, record.wave));
    responses.bullets.push_back(fmt::format(fmt::runtime(w("respondents analysed: {} (of {} in the database)")), data_.domain_rows(),
                                            data_.rows()));
    if (!spec_.where.empty()) responses.bullets.push_back(fmt::format("{}: {}", w("Domain"), spec_.where));
    section.text.push_back(std::move(responses));

    section.text.push_back(weighting_block());

    Block effects;
    effects.heading = w("Design effects");
    if (!weighted()) {
      effects.paragraphs.push_back(w("Unweighted analysis: the design effect is 1 by construction."));
    } else if (!deffs_.empty()) {
      std::vector<double> sorted = deffs_;
      std::sort(sorted.begin(), sorted.end());
      double median = sorted[sorted.size() / 2];
      effects.paragraphs.push_back(fmt::format(fmt::runtime(w("Design effects (deff) of the {} proportions in the tables range from {} to {}, median {}: the variance of an estimate is that many times the variance under simple random sampling of the same size.")),
                                               sorted.size(), number(sorted.front(), 2), number(sorted.back(), 2), number(median, 2)));
    } else {
      effects.paragraphs.push_back(w("No table of this report shows a proportion with a sampling variance, so no design effect is given."));
    }
    section.text.push_back(std::move(effects));

    Block method;
    method.heading = w("Estimation");
    method.bullets.push_back(estimation_text());
    if (weighted() && !used_.strata.empty()) method.bullets.push_back(lonely_psu_text());
    method.bullets.push_back(fmt::format(fmt::runtime(w("Confidence intervals at {}%: for proportions {}, for means Wald intervals with t on {} df.")),
                                         number(100 * spec_.ci_level, 0), ci_method_text(), summary.df));
    method.bullets.push_back(w("Subgroups (banner columns, filters, the report's domain) are domains of the full design, not separate samples."));
    method.bullets.push_back(w("Tests of independence: Rao–Scott second-order corrected F (R svychisq); significance letters from design-based t tests of two domain proportions or means, with their covariance."));
    method.bullets.push_back(fmt::format(fmt::runtime(w("Small bases: estimates whose effective base is below {} are marked with !.")), number(spec_.small_base, 0)));
    method.bullets.push_back(fmt::format(fmt::runtime(w("Computed with ankieta {}.")), options_.version));
    section.text.push_back(std::move(method));
    return section;
  }

  // How the standard errors were computed, from the design in use: each clause only when it holds.
  std::string estimation_text() const {
    if (!weighted())
      return w("Proportions, means and totals are unweighted; standard errors as for a simple random sample drawn with replacement (R survey: svydesign(ids = ~1) without weights).");
    std::string design = fmt::format("{}{}", used_.strata.empty() ? w("unstratified") : w("stratified"),
                                     used_.clusters.empty() ? w(" sample of respondents") : w(" cluster sample"));
    std::string fpc = used_.fpc.empty() ? w("without finite population correction, the first stage taken as drawn with replacement")
                                        : fmt::format(fmt::runtime(w("with finite population correction from {}")), fmt::join(used_.fpc, ", "));
    std::string calibrated = weight_set_ ? fmt::format(fmt::runtime(w("; the variance accounts for the {} of weight set '{}'")),
                                                       method_name(weight_set_->method), weight_set_->name)
                                         : std::string();
    return fmt::format(fmt::runtime(w("Proportions, means and totals are design-based estimates; standard errors by Taylor linearization for the {} {}{} (as R survey: svymean, svytotal).")),
                       design, fpc, calibrated);
  }

  std::string lonely_psu_text() const {
    std::vector<int> psu = data_.design().psu_per_stratum();
    long lonely = std::count(psu.begin(), psu.end(), 1);
    if (lonely == 0) return w("Every stratum has at least two primary sampling units.");
    const char* rule = "";
    switch (used_.lonely_psu) {
      case analysis::LonelyPsu::fail: rule = "no rule (an estimate that needs one stops)"; break;
      case analysis::LonelyPsu::remove: rule = "left out of the variance"; break;
      case analysis::LonelyPsu::adjust: rule = "compared with the overall mean instead of the stratum's"; break;
      case analysis::LonelyPsu::certainty: rule = "taken as sampled with certainty, adding no variance"; break;
      case analysis::LonelyPsu::average: rule = "the other strata's variance scaled up in their place"; break;
    }
    return fmt::format(fmt::runtime(w("Strata with a single primary sampling unit: {}; {} (rule {}, as R options(survey.lonely.psu)).")), lonely,
                       w(rule), used_.lonely_psu_name);
  }

  std::string ci_method_text() const {
    switch (used_.ci_method) {
      case analysis::CiMethod::logit: return w("on the logit scale (R svyciprop)");
      case analysis::CiMethod::wald:
      case analysis::CiMethod::mean: return w("Wald intervals (R svyciprop method \"mean\")");
      case analysis::CiMethod::beta: return w("Korn–Graubard intervals (R svyciprop method \"beta\")");
      case analysis::CiMethod::xlogit: return w("on the logit scale by the delta method (R svyciprop method \"xlogit\")");
      case analysis::CiMethod::asin: return w("on the arcsine square-root scale (R svyciprop method \"asin\")");
    }
    return "";
  }

  // A stratum variable's value in row `row`: a key that orders the strata (codes, numbers, texts in
  // order of appearance), its code as in a frame, and its label. A text stratum marked pii shows
  // a running number instead of its value: the report is published, the names are not.
  struct StratumValue {
    double key = 0;
    std::string code;
    std::string label;
  };
  StratumValue stratum_value(const survey::Column& column, std::size_t row) const {
    const survey::Variable& variable = *column.variable;
    StratumValue value;
    if (variable.kind == survey::VariableKind::numeric) {
      value.key = column.numbers[row];
      value.code = value.label = survey::format_number(column.numbers[row]);
      return value;
    }
    std::int32_t code = column.codes[row];
    value.key = code;
    if (code < 0) {
      value.label = "?";
    } else if (variable.kind == survey::VariableKind::categorical) {
      value.code = variable.values[static_cast<std::size_t>(code)].code.text;
      value.label = value_label(variable, code);
    } else if (q_.questions[variable.question_index].pii) {
      value.code = column.texts[static_cast<std::size_t>(code)];
      value.label = fmt::format("#{}", code + 1);
    } else {
      value.code = value.label = column.texts[static_cast<std::size_t>(code)];
    }
    return value;
  }

  // The weight set's population figures of the cells of the strata, when one of its tables is the
  // strata (post-stratification on them, or a raking margin of a single stratum variable).
  std::map<std::vector<std::string>, double> frame_counts(std::string& origin) const {
    std::map<std::vector<std::string>, double> counts;
    if (!weight_set_) return counts;
    for (const auto& target : weight_set_->targets) {
      if (target.kind != "cell" || target.variables != used_.strata) continue;
      std::vector<std::string> key;
      for (const auto& value : target.values) key.push_back(comparable(value));
      counts[key] += target.population;
    }
    if (!counts.empty()) {
      std::vector<std::string> files;
      for (const auto& file : weight_set_->frame_files) files.push_back(file.substr(file.find_last_of('/') + 1));
      origin = fmt::format(fmt::runtime(w("weight set '{}' ({})")), weight_set_->name, fmt::join(files, ", "));
    }
    return counts;
  }

  Block strata_block() {
    Block block;
    Table& table = block.table;
    block.has_table = true;
    table.id = "strata";
    table.title = w("Sample and population per stratum");
    std::vector<const survey::Column*> columns;
    bool any_pii = false;
    for (const auto& name : used_.strata) {
      const survey::Column& column = data_.column(name);
      columns.push_back(&column);
      const survey::Question& question = q_.questions[column.variable->question_index];
      any_pii = any_pii || (question.pii && column.variable->kind == survey::VariableKind::text);
      std::string text = label(question.text);
      table.header.push_back(text.empty() || text.size() > 40 ? name : text);
    }
    // Population N per stratum: from a first-stage fpc when units are sampled directly (with
    // clusters it counts PSUs, not units), else from the weight set's figures of the strata.
    const bool fpc_counts_units = !used_.fpc.empty() && used_.clusters.empty();
    std::string frame_origin;
    std::map<std::vector<std::string>, double> frame = fpc_counts_units ? std::map<std::vector<std::string>, double>{} : frame_counts(frame_origin);
    const bool has_population = fpc_counts_units || !frame.empty();
    table.header.push_back(w("Sample n"));
    if (has_population) {
      table.header.push_back(w("Population N"));
      table.header.push_back(w("Sampling fraction %"));
    }
    table.header.push_back(w("Sum of weights"));
    table.header.push_back(w("Mean weight"));
    struct Stratum {
      std::vector<std::string> codes, labels;
      std::size_t n = 0;
      double population = std::nan("");
      double weight_sum = 0;
    };
    std::map<std::vector<double>, Stratum> strata;
    const auto& weights = data_.design().weights();
    const survey::Column* fpc = fpc_counts_units ? &data_.column(used_.fpc.front()) : nullptr;
    std::vector<double> key(columns.size());
    for (std::size_t row = 0; row < data_.rows(); ++row) {
      std::vector<StratumValue> values;
      for (std::size_t idx = 0; idx < columns.size(); ++idx) {
        values.push_back(stratum_value(*columns[idx], row));
        key[idx] = values.back().key;
      }
      Stratum& stratum = strata[key];
      if (stratum.n == 0)
        for (auto& value : values) {
          stratum.codes.push_back(comparable(value.code));
          stratum.labels.push_back(std::move(value.label));
        }
      ++stratum.n;
      stratum.weight_sum += weights[row];
      if (fpc && std::isfinite(fpc->numbers[row])) stratum.population = fpc->numbers[row];
    }
    double sample_total = 0, population_total = 0, weight_total = 0;
    bool every_population = true;
    for (auto& [stratum_key, stratum] : strata) {
      Row row;
      for (const auto& text : stratum.labels) row.cells.push_back(Cell::of_text(text));
      double population = stratum.population;
      if (fpc && population > 0 && population <= 1) population = static_cast<double>(stratum.n) / population;  // a sampling fraction
      if (!fpc) {
        auto found = frame.find(stratum.codes);
        population = found == frame.end() ? std::nan("") : found->second;
      }
      every_population = every_population && std::isfinite(population);
      row.cells.push_back(Cell::of_count(static_cast<double>(stratum.n)));
      if (has_population) {
        row.cells.push_back(std::isfinite(population) ? Cell::of_count(population) : Cell());
        row.cells.push_back(std::isfinite(population) && population > 0 ? Cell::of_percent(static_cast<double>(stratum.n) / population) : Cell());
      }
      row.cells.push_back(Cell::of_number(stratum.weight_sum, 1));
      row.cells.push_back(Cell::of_number(stratum.weight_sum / static_cast<double>(stratum.n), 2));
      sample_total += static_cast<double>(stratum.n);
      population_total += std::isfinite(population) ? population : 0;
      weight_total += stratum.weight_sum;
      table.rows.push_back(std::move(row));
    }
    Row total;
    total.role = RowRole::base;
    total.cells.push_back(Cell::of_text(w("Total")));
    for (std::size_t idx = 1; idx < used_.strata.size(); ++idx) total.cells.push_back(Cell());
    total.cells.push_back(Cell::of_count(sample_total));
    if (has_population) {
      total.cells.push_back(every_population ? Cell::of_count(population_total) : Cell());
      total.cells.push_back(every_population && population_total > 0 ? Cell::of_percent(sample_total / population_total) : Cell());
    }
    total.cells.push_back(Cell::of_number(weight_total, 1));
    total.cells.push_back(Cell::of_number(weight_total / sample_total, 2));
    table.rows.push_back(std::move(total));
    if (fpc_counts_units)
      table.notes.push_back(fmt::format(fmt::runtime(w("Population N from the fpc variable {}; sum of weights with the weights used in this report.")),
                                        used_.fpc.front()));
    else if (!frame.empty())
      table.notes.push_back(fmt::format(fmt::runtime(w("Population N from the frame counts of {}; sum of weights with the weights used in this report.")),
                                        frame_origin));
    else
      table.notes.push_back(w("No population figures per stratum: the design has no finite population correction for its units and the weights were not calibrated to the strata. Sum of weights with the weights used in this report."));
    if (any_pii) table.notes.push_back(w("Strata of a variable marked as personal data (pii) are numbered, not named."));
    return block;
  }

  Block weighting_block() {
    Block block;
    block.heading = w("Weighting");
    const analysis::DesignSummary& summary = data_.summary();
    if (!weighted()) {
      block.paragraphs.push_back(w("The tables are unweighted: every respondent counts once, as in a simple random sample."));
      return block;
    }
    if (weight_set_) {
      const survey::WeightSet& set = *weight_set_;
      std::vector<std::string> files;
      for (const auto& file : set.frame_files) files.push_back(file.substr(file.find_last_of('/') + 1));
      std::string base = set.base_weight.empty() ? (used_.fpc.empty() ? std::string(w("weight 1")) : std::string(w("from the fpc")))
                                                 : set.base_weight;
      block.paragraphs.push_back(fmt::format(fmt::runtime(w("Weight set '{}': {} of the base weights ({}) to {} population figures from {} (made {}). Standard errors take the calibration into account (as R survey's postStratify, rake and calibrate).")),
                                             set.name, method_name(set.method), base, set.targets.size(), fmt::join(files, ", "),
                                             set.created_at));
      // The population figures, one line per table of the frame (a post-stratification's cells,
      // each raking margin, the calibration totals).
      std::map<int, std::vector<const survey::WeightTarget*>> tables;
      for (const auto& target : set.targets) tables[target.table].push_back(&target);
      for (const auto& [table_idx, targets] : tables) {
        std::vector<std::string> figures;
        for (const survey::WeightTarget* target : targets) {
          std::string cell = target->kind == "cell"  ? fmt::format("{}", fmt::join(target->values, " × "))
                             : target->kind == "size" ? std::string(w("population size"))
                                                      : fmt::format("{} {}", w("total of"), fmt::join(target->variables, ", "));
          figures.push_back(fmt::format("{} = {}", cell, number(target->population, 0)));
        }
        const survey::WeightTarget& first = *targets.front();
        block.bullets.push_back(fmt::format(fmt::runtime(w("population figures of {}: {}")),
                                            first.kind == "cell" ? fmt::format("{}", fmt::join(first.variables, " × ")) : std::string(w("totals")),
                                            fmt::join(figures, "; ")));
      }
      std::string low = set.parameter("trim_low"), high = set.parameter("trim_high");
      if (!low.empty() || !high.empty())
        block.bullets.push_back(fmt::format(fmt::runtime(w("weights trimmed to [{}, {}] (R trimWeights)")), low.empty() ? "-inf" : low,
                                            high.empty() ? "inf" : high));
      else
        block.bullets.push_back(w("weights not trimmed"));
      if (set.method == "calibrate") {
        std::string lower = set.parameter("bounds_lower"), upper = set.parameter("bounds_upper");
        block.bullets.push_back(fmt::format(fmt::runtime(w("calibration function {}, bounds on g [{}, {}]")), set.parameter("calfun"),
                                            lower.empty() ? "-inf" : lower, upper.empty() ? "inf" : upper));
      }
    } else if (!summary.weight.empty()) {
      block.paragraphs.push_back(fmt::format(fmt::runtime(w("No weight set is in use: the weights of the variable {} were used as they are, without calibration to population figures.")),
                                             summary.weight));
    } else if (!used_.fpc.empty()) {
      block.paragraphs.push_back(fmt::format(fmt::runtime(w("No weight set is in use: the weights are derived from the fpc {} (population over sample size in each stratum).")),
                                             fmt::join(used_.fpc, ", ")));
    } else {
      block.paragraphs.push_back(w("No weight set and no weight variable are in use: every respondent has weight 1."));
    }
    // Diagnostics of the weights in use, computed here from the weights themselves.
    const auto& weights = data_.design().weights();
    double sum = 0, sum2 = 0, low = INFINITY, high = -INFINITY;
    std::size_t n = 0;
    for (std::size_t row = 0; row < weights.size(); ++row) {
      if (!data_.domain().empty() && !data_.domain()[row]) continue;
      double weight = weights[row];
      sum += weight;
      sum2 += weight * weight;
      low = std::min(low, weight);
      high = std::max(high, weight);
      ++n;
    }
    double mean = sum / static_cast<double>(n);
    double variance = n > 1 ? (sum2 - static_cast<double>(n) * mean * mean) / static_cast<double>(n - 1) : 0;
    double cv = mean > 0 ? std::sqrt(std::max(variance, 0.0)) / mean : 0;
    double n_eff = sum2 > 0 ? sum * sum / sum2 : 0;
    block.bullets.push_back(fmt::format(fmt::runtime(w("weights from {} to {} (ratio {}), sum {}")), number(low, 2), number(high, 2),
                                        number(low > 0 ? high / low : NAN, 1), number(sum, 1)));
    block.bullets.push_back(fmt::format(fmt::runtime(w("coefficient of variation {}; Kish design effect of weighting 1 + CV² = {}; effective sample size {} of {}")),
                                        number(cv, 3), number(static_cast<double>(n) / n_eff, 3), number(n_eff, 1), n));
    return block;
  }

  std::string method_name(const std::string& method) const {
    if (method == "poststratify") return w("post-stratification");
    if (method == "rake") return w("raking");
    if (method == "calibrate") return w("linear calibration (GREG)");
    return method;
  }
};

}  // namespace

Document build_report(const ReportSpec& spec, const survey::Store& store, const BuildOptions& options) {
  const survey::Questionnaire& q = store.questionnaire();
  check_report_spec(spec, q);
  analysis::DesignChoice choice;
  if (spec.weights == "unweighted") choice.unweighted = true;
  else if (spec.weights == "design") choice.design_weights_only = true;
  else if (!spec.weights.empty()) choice.weight = spec.weights;
  if (choice.weight && !q.find_variable(*choice.weight) && !survey::find_weight_set(store, *choice.weight)) {
    std::string problem = fmt::format("'{}' is neither a weight set nor a variable; expected a weight set ('ankieta info' lists them), "
                                      "a numeric variable, design or unweighted", *choice.weight);
    if (spec.weights_position.line <= 0) throw usage_error("--weight: " + problem);  // from the command line
    throw data_error(survey::format_problems({{spec.weights_position, "weights: " + problem}}, spec.path));
  }
  choice.strata = spec.strata;
  choice.clusters = spec.clusters;
  choice.fpc = spec.fpc;
  UsedDesign used;
  if (!spec.lonely_psu.empty()) {
    choice.lonely_psu = analysis::parse_lonely_psu(spec.lonely_psu);
    used.lonely_psu_name = spec.lonely_psu;
  }
  // A report takes the rule on its command line and in its spec; the error says so.
  choice.lonely_psu_hint = "choose --lonely-psu remove|adjust|certainty|average, or lonely_psu: in the report spec";
  used.lonely_psu = choice.lonely_psu;
  if (!spec.ci_method.empty()) used.ci_method = analysis::parse_ci_method(spec.ci_method);
  used.unweighted = choice.unweighted;
  if (!used.unweighted) {
    used.strata = choice.strata.value_or(q.design.strata);
    used.clusters = choice.clusters.value_or(q.design.clusters);
    used.fpc = choice.fpc.value_or(q.design.fpc);
  }
  std::vector<std::string> variables = report_variables(spec, q);
  // The methodology describes the design: its strata, clusters and fpc are loaded as well.
  for (const auto& list : {used.strata, used.clusters, used.fpc})
    for (const auto& name : list)
      if (std::find(variables.begin(), variables.end(), name) == variables.end()) variables.push_back(name);
  analysis::AnalysisData data(store, variables, choice, spec.where, spec.wave);
  return Builder(spec, store, data, options, used).build();
}

}  // namespace ankieta::report
