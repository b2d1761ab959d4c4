// From a spec to a Document: the tables of analysis/tables.hpp computed on one AnalysisData, laid
// out in the report's language by the layout of their kind (layout_<kind>.cpp, report_layouts.hpp,
// beside the same kind's terminal layout), and a methodology section written from the same data.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <memory>
#include <numeric>

#include <fmt/format.h>

#include "ankieta/analysis/analysis_data.hpp"
#include "ankieta/analysis/confidence_interval.hpp"
#include "ankieta/analysis/design.hpp"
#include "ankieta/analysis/nets.hpp"
#include "ankieta/analysis/table_protection.hpp"
#include "ankieta/analysis/tables.hpp"
#include "ankieta/analysis/wave_comparison.hpp"
#include "ankieta/report/layouts.hpp"
#include "report_layouts.hpp"
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

// A command's table in a report: the report's writers show every column, so the columns kept for
// the data (the tidy CSV's codes) go.
void drop_data_columns(Table& table) {
  if (table.columns.empty()) return;
  std::vector<std::size_t> kept;
  for (std::size_t col = 0; col < table.columns.size(); ++col)
    if (table.columns[col].use != ColumnUse::data) kept.push_back(col);
  auto keep = [&](auto& list) {
    std::decay_t<decltype(list)> out;
    for (std::size_t col : kept)
      if (col < list.size()) out.push_back(std::move(list[col]));
    list = std::move(out);
  };
  keep(table.header);
  keep(table.columns);
  for (Row& row : table.rows) keep(row.cells);
}

// Everything one table needs while it is laid out.
class Builder {
 public:
  Builder(const ReportSpec& spec, const survey::Store& store, const analysis::AnalysisData& data, const BuildOptions& options,
          const UsedDesign& used, const analysis::DesignChoice& choice, analysis::SharedMargins& shared)
      : spec_(spec), store_(store), data_(data), q_(data.questionnaire()), options_(options), lang_(spec.language), used_(used),
        choice_(choice), shared_(shared), layout_(data, spec) {
    configure(layout_);
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
    if (data_.wave())
      document.title_facts.push_back(data_.latest_wave_of() ? fmt::format(fmt::runtime(w("Wave: {} (the latest of {})")), *data_.wave(), data_.latest_wave_of())
                                                            : fmt::format(fmt::runtime(w("Wave: {}")), *data_.wave()));
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
      for (const auto& table_spec : section_spec.tables)
        for (auto& table : tables(table_spec)) section.tables.push_back(std::move(table));
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
  const analysis::DesignChoice& choice_;
  analysis::SharedMargins& shared_;  // the margins the report's tables withheld (table_protection.hpp)
  std::optional<survey::WeightSet> weight_set_;  // the weight set in use, if any
  analysis::TableOptions table_options_;
  ReportLayout layout_;  // the tables' layouts (layout_<kind>.cpp), their numbering and design effects
  // Tables with a `wave:` of their own: that wave's data and layouts, made when first needed.
  std::map<std::int64_t, std::unique_ptr<analysis::AnalysisData>> wave_data_;
  std::map<std::int64_t, std::unique_ptr<ReportLayout>> wave_layouts_;
  // The comparisons of the tables across waves, for the methodology: waves, linked units, df.
  struct Comparison {
    std::vector<std::int64_t> waves;
    int linked = 0, psu = 0, strata = 0, df = 0;
    std::string unit_word;
    bool operator==(const Comparison&) const = default;
  };
  std::vector<Comparison> comparisons_;

  void configure(ReportLayout& layout) const {
    layout.language = spec_.language;
    layout.weighted = !used_.unweighted;
    layout.where = spec_.where;
    layout.ci_level = spec_.ci_level;
    layout.ci_method = used_.ci_method;
    layout.small_base = spec_.small_base;
    layout.disclosure = spec_.disclosure;
  }

  const char* w(const char* english) const { return word(lang_, english); }
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

  RowMask where_mask(const std::string& where, const analysis::AnalysisData& data) const {
    if (where.empty()) return data.domain();
    auto expression = survey::Expression::parse(where);
    std::vector<survey::SymbolInfo> symbols = survey::make_symbols(q_);
    expression->bind(survey::make_symbol_lookup(q_, symbols));
    survey::ColumnSet set;
    set.rows = data.rows();
    for (const auto& reference : expression->references()) set.columns.push_back(data.column(reference.name));
    std::vector<survey::Truth> truth = survey::evaluate_rows(*expression, q_, set);
    RowMask mask(truth.size());
    std::size_t selected = 0;
    for (std::size_t row = 0; row < truth.size(); ++row) selected += (mask[row] = truth[row] == survey::Truth::true_);
    if (selected == 0)
      throw data_error(fmt::format("{}: where '{}' selects no respondents; check the codes with 'ankieta codebook'", spec_.path, where));
    return analysis::intersect(data.domain(), mask);
  }

  std::vector<Table> tables(const TableSpec& spec) {
    if (!of_one_wave(spec, q_)) return across_waves(spec);
    if (!spec.wave || spec.wave == data_.wave()) return {table(spec, data_, layout_)};
    // A table of another wave: laid out with that wave's data, numbered and summarised with the rest.
    ReportLayout& layout = wave_layout(spec);
    layout.table_count = layout_.table_count;
    Table result = table(spec, *wave_data_.at(*spec.wave), layout);
    layout_.table_count = layout.table_count;
    layout_.deffs.insert(layout_.deffs.end(), layout.deffs.begin(), layout.deffs.end());
    layout.deffs.clear();
    result.notes.insert(result.notes.begin(), fmt::format(fmt::runtime(w("wave {}")), *spec.wave));
    return {std::move(result)};
  }

  std::vector<std::int64_t> database_waves() const {
    std::vector<std::int64_t> waves;
    for (const auto& [wave, count] : store_.waves()) waves.push_back(wave);
    return waves;
  }

  ReportLayout& wave_layout(const TableSpec& spec) {
    const std::int64_t wave = *spec.wave;
    if (auto found = wave_layouts_.find(wave); found != wave_layouts_.end()) return *found->second;
    const std::vector<std::int64_t> waves = database_waves();
    if (std::find(waves.begin(), waves.end(), wave) == waves.end())
      throw data_error(survey::format_problems(
          {{spec.wave_position, fmt::format("wave: wave {} is not in the database (its waves: {})", wave, fmt::join(waves, ", "))}}, spec_.path));
    std::vector<std::string> variables = report_variables(spec_, q_, wave);
    for (const auto& list : {used_.strata, used_.clusters, used_.fpc})
      for (const auto& name : list)
        if (std::find(variables.begin(), variables.end(), name) == variables.end()) variables.push_back(name);
    auto data = std::make_unique<analysis::AnalysisData>(store_, variables, choice_, spec_.where, wave);
    auto layout = std::make_unique<ReportLayout>(*data, spec_);
    configure(*layout);
    wave_data_.emplace(wave, std::move(data));
    return *wave_layouts_.emplace(wave, std::move(layout)).first->second;
  }

  // A change table, or the waves side by side (by: [wave]): the waves' own designs and the link design.
  std::vector<Table> across_waves(const TableSpec& spec) {
    std::vector<std::int64_t> waves = spec.waves.empty() ? analysis::waves_asking(store_, spec.variables) : spec.waves;
    // A report written for the survey's later waves still builds on its first: a comparison the
    // database cannot make yet is shown as a table without rows that says why.
    if (waves.size() < 2 && spec.waves.empty())
      return {empty_table(spec, waves.empty()
                                    ? fmt::format(fmt::runtime(w("Not shown: no wave of the database asks {}.")), fmt::join(spec.variables, ", "))
                                    : fmt::format(fmt::runtime(w("Not shown yet: a comparison needs two waves that ask {}; the database holds only wave {}.")),
                                                  fmt::join(spec.variables, ", "), waves.front()))};
    if (waves.size() < 2)
      throw data_error(survey::format_problems(
          {{spec.variable_position, fmt::format("{} needs two waves that ask {}; the database holds {}",
                                                spec.kind == TableKind::change ? "a change table" : "by: [wave]", fmt::join(spec.variables, ", "),
                                                waves.empty() ? std::string("none") : fmt::format("only wave {}", waves.front()))}},
          spec_.path));
    std::string where = spec_.where;
    if (!spec.where.empty()) where = where.empty() ? spec.where : fmt::format("({}) and ({})", where, spec.where);
    // Within each category of a variable: a change table's `by`, a crosstab's `by: [wave, COL]`.
    const survey::Variable* by = nullptr;
    for (const auto& name : spec.by)
      if (name != "wave" || q_.find_variable("wave")) by = q_.find_variable(name);
    analysis::ChangeSettings settings;
    settings.level = spec_.ci_level;
    settings.lonely_psu = used_.lonely_psu;
    settings.scale_categories = spec.kind == TableKind::crosstab;  // a crosstab by wave: the categories
    std::vector<Table> result;
    const std::size_t categories = by ? by->first_missing_value : 1;
    for (std::size_t value = 0; value < categories; ++value) {
      const std::string domain = by ? analysis::category_domain(where, *by, value) : where;
      std::optional<analysis::WaveComparison> comparison;
      try {
        std::vector<std::string> variables = spec.variables;
        if (spec_.disclosure.enabled && !spec_.disclosure.holding.empty() &&
            std::find(variables.begin(), variables.end(), spec_.disclosure.holding) == variables.end())
          variables.push_back(spec_.disclosure.holding);
        comparison = analysis::load_wave_comparison(store_, choice_, domain, variables, waves);
      } catch (const Error& error) {
        // A category without answers in some wave cannot be compared; the others are still shown.
        if (!by || error.kind() != ErrorKind::data) throw;
        Table table = empty_table(spec, fmt::format(fmt::runtime(w("Not shown: {} = {} ({}): {}")), by->name, by->values[value].code.text,
                                                    by->values[value].label.in(lang_), error.what()));
        result.push_back(std::move(table));
        continue;
      }
      for (const auto& name : spec.variables) {
        analysis::ChangeTable change = analysis::compute_change(comparison->pointers, name, settings);
        analysis::protect_change(change, comparison->pointers, spec_.disclosure);
        if (change.protection.applied()) {
          layout_.protection.merge(change.protection);
          ++layout_.protected_tables;
        }
        WaveTableContext context{q_, name, lang_, weighted(), spec_.sig_level,
                                 comparison->unit_word == "firms" ? w("firms") : comparison->unit_word, domain};
        context.ci_level = spec_.ci_level;
        context.disclosure = spec_.disclosure;
        context.rules_in_methodology = true;
        context.by = by;
        context.by_value = by ? static_cast<int>(value) : -1;
        Table table = spec.kind == TableKind::change ? layout_change(change, context, !has(spec.statistics, Statistic::total))
                                                     : layout_wave_banner(change, context);
        table.number = ++layout_.table_count;
        table.id = fmt::format("t{}", table.number);
        if (!spec.title.in(lang_).empty()) {
          table.title = spec.title.in(lang_);
          if (by) table.title += fmt::format(" — {}", by->values[value].label.in(lang_));
        }
        if (spec.chart == ChartKind::none) table.chart = Chart{};
        table.json.clear();  // a report's tables have no JSON form
        drop_data_columns(table);
        result.push_back(std::move(table));
        Comparison used{change.waves, change.design.psu_in_all_waves, change.design.psu, change.design.strata, change.design.df,
                        context.unit_word};
        if (std::find(comparisons_.begin(), comparisons_.end(), used) == comparisons_.end()) comparisons_.push_back(std::move(used));
      }
    }
    return result;
  }

  // A table without rows whose note says why (a comparison the database cannot make).
  Table empty_table(const TableSpec& spec, std::string note) {
    Table table;
    table.kind = spec.kind == TableKind::change ? "change" : "by_wave";
    table.number = ++layout_.table_count;
    table.id = fmt::format("t{}", table.number);
    table.title = spec.title.in(lang_).empty() ? fmt::format("{}", fmt::join(spec.variables, ", ")) : spec.title.in(lang_);
    table.notes.push_back(std::move(note));
    return table;
  }

  Table table(const TableSpec& spec, const analysis::AnalysisData& data, ReportLayout& layout) {
    RowMask where = where_mask(spec.where, data);
    const analysis::DisclosureRules& rules = spec_.disclosure;
    // Each result protected (analysis/table_protection.hpp) before its layout sees it, the margins
    // it shares with the report's other tables of the same domain and wave withheld alike.
    const analysis::MarginSharing margins{&shared_, fmt::format("{}|{}", spec.where, data.wave() ? std::to_string(*data.wave()) : ""), &spec};
    auto protect = [&](auto result, auto protector) {
      protector(result, data, where, rules);
      return result;
    };
    auto share = [&](auto result, auto protector) {
      protector(result, data, where, rules, margins);
      return result;
    };
    switch (spec.kind) {
      case TableKind::freq: {
        const survey::Question* question = q_.find_question(spec.variables.front());
        if (question && question->type == survey::QuestionType::multi) {
          analysis::MultipleResponseResult result = analysis::compute_multiple_response(data, *question, where, table_options_);
          analysis::add_multiple_response_nets(result, data, where, table_options_, analysis::resolve_option_nets(*question, spec.nets));
          return report_multiple_response(spec, protect(std::move(result), analysis::protect_multiple_response), layout);
        }
        if (question && question->type == survey::QuestionType::grid)
          return report_grid(spec, share(analysis::compute_grid(data, *question, where, table_options_), analysis::protect_grid_items), layout);
        analysis::FrequencyResult result = analysis::compute_frequency(data, spec.variables.front(), where, table_options_);
        analysis::add_frequency_nets(result, data, where, table_options_, analysis::resolve_nets(*result.variable, spec.nets));
        return report_frequency(spec, share(std::move(result), analysis::protect_frequency), layout);
      }
      case TableKind::crosstab: {
        analysis::BannerOptions options;
        options.table = table_options_;
        options.sig_level = spec_.sig_level;
        const survey::Question* question = q_.find_question(spec.variables.front());
        if (question && question->type == survey::QuestionType::multi) {
          analysis::MultipleResponseBannerResult result = analysis::compute_multiple_response_banner(data, *question, spec.by, where, options);
          analysis::add_multiple_response_banner_nets(result, data, where, analysis::resolve_option_nets(*question, spec.nets));
          return report_multiple_response_banner(spec, protect(std::move(result), analysis::protect_multiple_response_banner), layout);
        }
        analysis::BannerResult result = analysis::compute_banner(data, spec.variables.front(), spec.by, where, options);
        analysis::add_banner_nets(result, data, where, analysis::resolve_nets(*result.row_variable, spec.nets));
        return report_banner(spec, share(std::move(result), analysis::protect_banner), layout);
      }
      case TableKind::change: break;  // tables(): across_waves()
      case TableKind::means:
        return report_means(
            spec,
            protect(analysis::compute_means(data, spec.variables, spec.by.empty() ? "" : spec.by.front(), {}, where, table_options_),
                    analysis::protect_means),
            layout);
    }
    throw Error(ErrorKind::internal, "unknown table kind");
  }

  // The methodology: written from the data, so that it states what was actually done.
  Section methodology() {
    Section section;
    section.id = "s1";
    section.title = w("Methodology");
    const analysis::DesignSummary& summary = data_.summary();

    // On a database of several waves the report is of one: its respondents, and the database's.
    std::size_t in_database = 0;
    const auto waves = store_.waves();
    for (const auto& [wave, count] : waves) in_database += static_cast<std::size_t>(count);
    const bool several_waves = waves.size() > 1 && data_.wave();

    Block sample;
    sample.heading = w("Sample and population");
    std::string strata = fmt::format("{}", fmt::join(used_.strata, " × "));
    sample.paragraphs.push_back(fmt::format(fmt::runtime(w("The survey '{}' has {} respondents in the database ({} in this report). The sample design is {}; {} strata, {} primary sampling units, {} degrees of freedom for intervals and tests (PSUs minus strata).")),
                                            label(q_.title), data_.rows(), data_.domain_rows(), design_text(), summary.strata,
                                            summary.psu, summary.df));
    if (several_waves)
      sample.paragraphs.push_back(fmt::format(fmt::runtime(w("These are the respondents of wave {}; the database holds {} respondents of {} waves in all.")),
                                              *data_.wave(), in_database, waves.size()));
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
    responses.bullets.push_back(several_waves ? fmt::format(fmt::runtime(w("respondents analysed: {} (of {} in wave {})")), data_.domain_rows(),
                                                            data_.rows(), *data_.wave())
                                              : fmt::format(fmt::runtime(w("respondents analysed: {} (of {} in the database)")), data_.domain_rows(),
                                                            data_.rows()));
    if (!spec_.where.empty()) responses.bullets.push_back(fmt::format("{}: {}", w("Domain"), spec_.where));
    section.text.push_back(std::move(responses));

    section.text.push_back(weighting_block());

    Block effects;
    effects.heading = w("Design effects");
    if (!weighted()) {
      effects.paragraphs.push_back(w("Unweighted analysis: the design effect is 1 by construction."));
    } else if (!layout_.deffs.empty()) {
      std::vector<double> sorted = layout_.deffs;
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
    if (!comparisons_.empty()) section.text.push_back(change_block());
    section.text.push_back(disclosure_block());
    return section;
  }

  // What disclosure control did, across every table of the report (docs/disclosure.md).
  Block disclosure_block() const {
    const analysis::DisclosureRules& rules = spec_.disclosure;
    Block block;
    block.heading = w("Disclosure control");
    if (!rules.enabled && rules.reliability == analysis::ReliabilityRule::none) {
      block.paragraphs.push_back(w("Disclosure control is turned off in the report spec (disclosure: off): cells of few firms or dominated by one are printed as they are, and the tables are not fit for publication without a check."));
      return block;
    }
    analysis::ProtectionSummary summary = layout_.protection;
    int tables = layout_.protected_tables;
    for (const auto& [wave, layout] : wave_layouts_) {
      summary.merge(layout->protection);
      tables += layout->protected_tables;
    }
    if (rules.enabled) {
      std::vector<std::string> applied;
      if (rules.threshold > 0)
        applied.push_back(fmt::format(fmt::runtime(w("fewer than {} make the cell (threshold rule)")), count_of(lang_, rules.threshold, "firms", "firm")));
      if (rules.dominance && rules.dominance_n == 1)
        applied.push_back(fmt::format(fmt::runtime(w("for totals and means, the largest firm holds more than {}% of the cell (dominance rule)")),
                                      survey::format_number(rules.dominance_k)));
      else if (rules.dominance)
        applied.push_back(fmt::format(fmt::runtime(w("for totals and means, the {} largest firms hold more than {}% of the cell (dominance rule)")),
                                      rules.dominance_n, survey::format_number(rules.dominance_k)));
      if (rules.p_rule)
        applied.push_back(fmt::format(fmt::runtime(w("for totals and means, the second largest firm could estimate the largest to within {}% (p% rule)")),
                                      survey::format_number(rules.p)));
      block.paragraphs.push_back(fmt::format(fmt::runtime(w("A cell is withheld (#) when {}. These are the rules of the Act on official statistics (art. 38 sec. 2) and of the tau-ARGUS manual; firms are counted unweighted, their contributions with their weights.")),
                                             fmt::join(applied, w("; or when "))));
      if (rules.secondary)
        block.paragraphs.push_back(w("Further cells are withheld so that no withheld cell can be recomputed from the published cells and totals or narrowed to within its protection level; every choice is checked by linear programs (GLPK)."));
      else
        block.paragraphs.push_back(w("Only the cells the rules name are withheld (secondary: false): a withheld cell may be recomputable from the totals."));
      if (!rules.holding.empty())
        block.paragraphs.push_back(fmt::format(fmt::runtime(w("Firms with the same value of {} count as one firm (a holding).")), rules.holding));
    }
    if (rules.reliability != analysis::ReliabilityRule::none)
      block.paragraphs.push_back(fmt::format(fmt::runtime(w("Reliability: shares follow the NCHS Data Presentation Standards for Proportions (Parker et al. 2017, Korn–Graubard intervals); means are marked * from a coefficient of variation of {}% and withheld above {}%.")),
                                             survey::format_number(100 * rules.cv_caution), survey::format_number(100 * rules.cv_suppress)));
    block.bullets.push_back(fmt::format(fmt::runtime(w("tables protected: {}")), tables));
    const std::pair<const char*, int> counts[] = {{"withheld, too few firms: {}", summary.threshold},
                                                  {"withheld, dominated by the largest firms: {}", summary.dominance},
                                                  {"withheld, p% rule: {}", summary.p_percent},
                                                  {"withheld to protect other cells: {}", summary.secondary},
                                                  {"withheld as too unreliable: {}", summary.unreliable},
                                                  {"marked * (use with caution): {}", summary.caution}};
    for (const auto& [text, count] : counts)
      if (count > 0 || std::string_view(text).starts_with("withheld, too few")) block.bullets.push_back(fmt::format(fmt::runtime(w(text)), count));
    if (!summary.protected_ok)
      block.bullets.push_back(w("! in some tables secondary suppression could not protect every withheld cell: those tables say so and must not be published as they are"));
    return block;
  }

  // How the tables across waves were computed, with the overlap of each comparison.
  Block change_block() const {
    Block block;
    block.heading = w("Change between waves");
    block.paragraphs.push_back(w("Each wave's estimates come from that wave's own design and weights, as in the tables of one wave. A change is the later wave's estimate minus the earlier one's. Its standard error accounts for the units surveyed in more than one wave, whose answers are correlated: Taylor linearization on the stacked waves with the unit as the primary sampling unit, each wave post-stratified to its own stratum population counts, link strata and a link finite population correction (the link design, after Tam 1984). Treating the waves as independent samples would overstate these standard errors, and so would the plain stacked design. Domains are defined in each wave by that wave's answers."));
    for (const Comparison& comparison : comparisons_)
      block.bullets.push_back(fmt::format(fmt::runtime(w("waves {}: {} {} in every wave; link design with {} PSUs, {} strata, {} degrees of freedom")),
                                          fmt::join(comparison.waves, ", "), comparison.linked, comparison.unit_word, comparison.psu,
                                          comparison.strata, comparison.df));
    return block;
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
  // A margin one table withholds is withheld in every table that shows it: the tables are built
  // again while a pass adds one (each pass only adds to a finite set, so this ends; two or three
  // passes in practice).
  analysis::SharedMargins shared;
  for (;;) {
    const std::size_t before = shared.size();
    Document document = Builder(spec, store, data, options, used, choice, shared).build();
    if (shared.size() == before) return document;
  }
}

}  // namespace ankieta::report
