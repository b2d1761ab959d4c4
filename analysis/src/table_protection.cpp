// Disclosure control of the command and report tables (table_protection.hpp): the rules of
// disclosure.hpp applied to each result kind's cells, from the rows behind them, and the withheld
// numbers removed from the result.
#include "ankieta/analysis/table_protection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"

namespace ankieta::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool in(const RowMask& mask, std::size_t row) { return mask.empty() || mask[row] != 0; }

// Distinct contributors among rows: a firm without a holding is one, a holding is one however many
// of its firms are there. The holdings are collected and counted once, sorted (a set per cell
// would allocate per firm: three times the time of the table on a million rows).
class ContributorCount {
 public:
  explicit ContributorCount(const std::vector<std::int64_t>& holding) : holding_(&holding) {}
  void add(std::size_t row) {
    const std::int64_t group = holding_->empty() ? -1 : (*holding_)[row];
    if (group < 0) ++alone_;
    else groups_.push_back(group);
  }
  int count() {
    std::sort(groups_.begin(), groups_.end());
    groups_.erase(std::unique(groups_.begin(), groups_.end()), groups_.end());
    return alone_ + static_cast<int>(groups_.size());
  }

 private:
  const std::vector<std::int64_t>* holding_;
  int alone_ = 0;
  std::vector<std::int64_t> groups_;
};

// `letters` without `letter`. Letters are one character up to the 26th column; past it they are
// two and a cell with both "A" and "AA" loses the first match only (no table has that many).
void drop_letter(std::string& letters, const std::string& letter) {
  for (std::size_t at = letters.find(letter); at != std::string::npos; at = letters.find(letter)) letters.erase(at, letter.size());
}

void count_marks(ProtectionSummary& summary, const std::vector<CellMark>& marks) {
  for (const auto& mark : marks) summary.count(mark);
}

// The NCHS flag of a proportion, and whether it is too unreliable to publish.
CellMark proportion_mark(double p, double se, int numerator_n, int denominator_n, double df, double design_rows) {
  CellMark mark;
  if (!std::isfinite(p) || denominator_n <= 0) return mark;
  const Interval kg = proportion_interval(p, se, df, CiMethod::beta, 0.95, design_rows);
  mark.reliability = nchs_proportion(p, se, numerator_n, denominator_n, kg.lower, kg.upper, df).flag;
  if (mark.reliability == Reliability::suppress) mark.reason = Suppression::unreliable;
  return mark;
}

// The NCHS flag of a share of respondents (a multiple-response option or net) on a published mark.
void flag_share(CellMark& mark, const MeanEstimate& share, int numerator_n, const AnalysisData& data) {
  if (mark.withheld()) return;
  const CellMark quality = proportion_mark(share.mean, share.mean_se, numerator_n, share.n, share.df, static_cast<double>(data.rows()));
  mark.reliability = quality.reliability;
  mark.reason = quality.reason;
}

CellMark cv_mark(double estimate, double se, const DisclosureRules& rules) {
  CellMark mark;
  const double cv = std::isfinite(estimate) && estimate != 0 ? se / std::abs(estimate) : kNaN;
  mark.reliability = cv_flag(cv, rules);
  if (mark.reliability == Reliability::suppress) mark.reason = Suppression::unreliable;
  return mark;
}

// A banner block's grid index of (row, col), col == its column count meaning the row margin. A
// block of one column is a one-way grid: its row margins are its cells.
std::size_t banner_index(const ProtectionGrid& grid, int row, int col) {
  return grid.at(row, std::min(col, grid.grid_cols() - 1));
}

void set_primary(ProtectionGrid& grid, std::size_t idx, const PrimaryVerdict& verdict) {
  grid.status[idx] = verdict.reason;
  grid.protection[idx] = verdict.protection;
}

// The secondary pass unless the rules turn it off; the outcome goes into the summary.
void protect(ProtectionGrid& grid, const DisclosureRules& rules, ProtectionSummary& summary) {
  if (!rules.secondary) return;
  if (!protect_grid(grid).protected_ok) summary.protected_ok = false;
}

// Cells another table (or block) withheld: marked primary here so that this table's complements
// keep them from being recomputed exactly, then secondary. Their protection level is 0 (the
// interval must not be a point): they protect a cell of the other table, whose level that table's
// audit checked; the tables are not audited jointly, and a forced cell asking for a level of its
// own would cascade across the report. Returns them, to be reset after protect(). Empty cells
// stay: a known zero hides nothing.
std::vector<std::size_t> force_hidden(ProtectionGrid& grid, const std::vector<std::size_t>& cells) {
  std::vector<std::size_t> forced;
  for (std::size_t idx : cells) {
    if (grid.status[idx] != Suppression::none || grid.contributors[idx] == 0) continue;
    grid.status[idx] = Suppression::threshold;
    grid.protection[idx] = 0;
    forced.push_back(idx);
  }
  return forced;
}

void mark_forced(ProtectionGrid& grid, const std::vector<std::size_t>& forced) {
  for (std::size_t idx : forced) grid.status[idx] = Suppression::secondary;
}

// Whether a net of a one-way relation (a frequency table, a banner column) would give a withheld
// answer back: it holds some withheld answers and the relation has others outside it, or its total
// is withheld too. When it holds every withheld answer it is the total minus the published ones.
template <class Withheld>
bool net_reveals(const Net& net, int n_rows, Withheld withheld, bool total_withheld) {
  bool some_in = false, some_out = false;
  for (int row = 0; row < n_rows; ++row)
    if (withheld(row)) (std::find(net.values.begin(), net.values.end(), row) != net.values.end() ? some_in : some_out) = true;
  return some_in && (some_out || total_withheld);
}

// The estimate's numbers gone; its n and weight sum stay (the group's size, not its answers).
void withhold(MeanEstimate& estimate) {
  const int n = estimate.n;
  const double weight_sum = estimate.weight_sum;
  estimate = MeanEstimate{};
  estimate.n = n;
  estimate.weight_sum = weight_sum;
  for (double* field : {&estimate.mean, &estimate.mean_se, &estimate.ci.lower, &estimate.ci.upper, &estimate.total,
                        &estimate.total_se, &estimate.deff, &estimate.deff_replace, &estimate.total_deff, &estimate.total_deff_replace,
                        &estimate.variance, &estimate.n_eff, &estimate.df})
    *field = kNaN;
}

}  // namespace

std::set<int> SharedMargins::hidden(const std::string& variable, const std::string& domain, const void* table) const {
  std::set<int> categories;
  auto found = hidden_.find({variable, domain});
  if (found == hidden_.end()) return categories;
  for (const auto& [category, tables] : found->second)
    if (tables.size() > 1 || !tables.contains(table)) categories.insert(category);
  return categories;
}

void SharedMargins::add(const std::string& variable, const std::string& domain, int category, const void* table) {
  if (hidden_[{variable, domain}][category].insert(table).second) ++size_;
}

void ProtectionSummary::count(const CellMark& mark) {
  switch (mark.reason) {
    case Suppression::none: break;
    case Suppression::threshold: ++threshold; break;
    case Suppression::dominance: ++dominance; break;
    case Suppression::p_percent: ++p_percent; break;
    case Suppression::secondary: ++secondary; break;
    case Suppression::unreliable: ++unreliable; break;
  }
  if (mark.withheld()) return;
  switch (mark.reliability) {
    case Reliability::caution: ++caution; break;
    case Reliability::review: ++review; break;
    case Reliability::complement: ++complement; break;
    case Reliability::none:
    case Reliability::suppress: break;
  }
}

void ProtectionSummary::merge(const ProtectionSummary& other) {
  confidentiality |= other.confidentiality;
  reliability |= other.reliability;
  threshold += other.threshold;
  dominance += other.dominance;
  p_percent += other.p_percent;
  secondary += other.secondary;
  unreliable += other.unreliable;
  caution += other.caution;
  review += other.review;
  complement += other.complement;
  protected_ok &= other.protected_ok;
  negative_values |= other.negative_values;
  shared_margins |= other.shared_margins;
  report_margins |= other.report_margins;
  tests_withheld |= other.tests_withheld;
}

void protect_change(ChangeTable& table, const std::vector<const ChangeWave*>& waves, const DisclosureRules& rules) {
  const bool reliability = rules.reliability != ReliabilityRule::none;
  if (!rules.enabled && !reliability) return;
  if (table.design.panel) throw usage_error("panel tables (--panel) are not covered by disclosure control yet: leave out --protect or --panel");
  ProtectionSummary& summary = table.protection;
  summary.confidentiality = rules.enabled;
  summary.reliability = reliability;
  const bool means = !table.rows.empty() && table.rows.front().statistic == "mean";
  for (auto& row : table.rows) row.marks.assign(row.per_wave.size(), {});
  for (std::size_t t = 0; t < waves.size(); ++t) {
    const AnalysisData& data = *waves[t]->data;
    const RowMask& where = data.domain();
    // The wave's own table of the variable, protected: its marks by category (or option), or one.
    std::map<int, CellMark> by_value;
    CellMark overall;
    if (means) {
      MeansResult result = compute_means(data, {table.variable->name}, "", {}, where, TableOptions{});
      protect_means(result, data, where, rules);
      overall = result.rows.front().mark;
      summary.merge(result.protection);
    } else if (!table.variable) {
      MultipleResponseResult result = compute_multiple_response(data, *table.question, where, TableOptions{});
      protect_multiple_response(result, data, where, rules);
      for (const auto& item : result.items) by_value[item.variable->part] = item.mark;
      summary.merge(result.protection);
    } else {
      FrequencyResult result = compute_frequency(data, table.variable->name, where, TableOptions{});
      protect_frequency(result, data, where, rules);
      for (std::size_t idx = 0; idx < result.table.rows.size(); ++idx) by_value[result.table.rows[idx].category_idx] = result.marks[idx];
      summary.merge(result.protection);
    }
    for (auto& row : table.rows) {
      for (std::size_t entry = 0; entry < row.per_wave.size(); ++entry) {
        if (row.per_wave[entry].wave != waves[t]->number) continue;
        CellMark mark = means ? overall : by_value[row.value_idx];
        if (row.statistic == "total") mark.reliability = Reliability::none;  // the flags are of the shares
        row.marks[entry] = mark;
        if (!mark.withheld()) continue;
        WaveEstimate& estimate = row.per_wave[entry];
        estimate.estimate = estimate.se = kNaN;
        estimate.ci = {kNaN, kNaN};
      }
    }
  }
  bool any_withheld = false;
  for (const auto& row : table.rows)
    for (const auto& mark : row.marks) any_withheld |= mark.withheld();
  if (any_withheld && !table.tests.empty()) {
    table.tests.clear();  // the tests of equal distributions or means are functions of every estimate
    summary.tests_withheld = true;
  }
  for (auto& row : table.rows)
    for (auto& difference : row.differences) {
      bool withheld = false;
      for (std::size_t entry = 0; entry < row.per_wave.size(); ++entry)
        if ((row.per_wave[entry].wave == difference.from || row.per_wave[entry].wave == difference.to) && row.marks[entry].withheld())
          withheld = true;
      if (!withheld) continue;
      difference.estimate = difference.se = difference.t = difference.p = difference.se_independent = kNaN;
      difference.ci = {kNaN, kNaN};
    }
}

std::vector<std::int64_t> holding_of_rows(const AnalysisData& data, const DisclosureRules& rules) {
  if (rules.holding.empty()) return {};
  const survey::Column& column = data.column(rules.holding);
  std::vector<std::int64_t> holding(data.rows(), -1);
  if (!column.codes.empty()) {
    // A single-choice holding's declared missing codes ("no holding") and blanks: no holding.
    const bool categorical = column.variable->kind == survey::VariableKind::categorical;
    for (std::size_t row = 0; row < holding.size(); ++row) {
      const std::int32_t code = column.codes[row];
      if (code >= 0 && (!categorical || static_cast<std::size_t>(code) < column.variable->first_missing_value)) holding[row] = code;
    }
  } else {
    // A numeric holding id: the number itself (blank: no holding). Ids are whole numbers; a
    // fraction would be a typing error, and is kept apart from its neighbours all the same.
    std::unordered_map<double, std::int64_t> index;
    for (std::size_t row = 0; row < holding.size(); ++row) {
      const double id = column.numbers[row];
      if (std::isnan(id)) continue;
      holding[row] = index.emplace(id, static_cast<std::int64_t>(index.size())).first->second;
    }
  }
  return holding;
}

void protect_frequency(FrequencyResult& result, const AnalysisData& data, const RowMask& where, const DisclosureRules& rules,
                       const MarginSharing& margins) {
  const bool reliability = rules.reliability != ReliabilityRule::none;
  if (!rules.enabled && !reliability) return;
  FrequencyTable& table = result.table;
  const int n_rows = static_cast<int>(table.rows.size());
  result.marks.assign(static_cast<std::size_t>(n_rows + 1), {});  // the categories, then the base
  ProtectionSummary& summary = result.protection;
  summary.confidentiality = rules.enabled;
  summary.reliability = reliability;

  if (rules.enabled) {
    const std::vector<std::int64_t> holding = holding_of_rows(data, rules);
    const std::vector<std::int32_t> category = valid_categories(data.column(result.variable->name));
    const RowMask domain = intersect(where, data.asked(result.variable->name));
    std::vector<ContributorCount> contributors(static_cast<std::size_t>(n_rows + 1), ContributorCount(holding));
    for (std::size_t row = 0; row < category.size(); ++row) {
      if (category[row] < 0 || !in(domain, row)) continue;
      contributors[static_cast<std::size_t>(category[row])].add(row);
      contributors.back().add(row);
    }
    ProtectionGrid grid(n_rows, 1);
    for (int row = 0; row <= n_rows; ++row) {
      const std::size_t idx = grid.at(row, 0);
      grid.value[idx] = row < n_rows ? table.rows[static_cast<std::size_t>(row)].total : table.base.total;
      grid.contributors[idx] = contributors[static_cast<std::size_t>(row)].count();
      set_primary(grid, idx, count_primary(grid.contributors[idx], grid.value[idx], rules));
    }
    grid.frozen[grid.at(n_rows, 0)] = true;
    std::vector<std::size_t> forced;
    if (margins.shared) {
      std::vector<std::size_t> cells;
      for (int category : margins.shared->hidden(result.variable->name, margins.domain, margins.table))
        if (category < n_rows) cells.push_back(grid.at(category, 0));
      forced = force_hidden(grid, cells);
      summary.report_margins |= !forced.empty();
    }
    protect(grid, rules, summary);
    mark_forced(grid, forced);
    for (int row = 0; row <= n_rows; ++row) result.marks[static_cast<std::size_t>(row)].reason = grid.status[grid.at(row, 0)];
    if (margins.shared)
      for (int row = 0; row < n_rows; ++row)
        if (result.marks[static_cast<std::size_t>(row)].withheld()) margins.shared->add(result.variable->name, margins.domain, row, margins.table);
  }
  for (int row = 0; row < n_rows; ++row) {
    const FrequencyRow& estimate = table.rows[static_cast<std::size_t>(row)];
    CellMark& mark = result.marks[static_cast<std::size_t>(row)];
    if (table.base.n > 0 && estimate.n == table.base.n) summary.group_disclosure.push_back(estimate.category_idx);
    if (!reliability || mark.withheld()) continue;
    const CellMark quality = proportion_mark(estimate.prop, estimate.prop_se, estimate.n, table.base.n, table.df,
                                             static_cast<double>(data.rows()));
    mark.reliability = quality.reliability;
    if (quality.withheld()) mark.reason = quality.reason;
  }
  for (int row = 0; row < n_rows; ++row) {
    if (!result.marks[static_cast<std::size_t>(row)].withheld()) continue;
    FrequencyRow& estimate = table.rows[static_cast<std::size_t>(row)];
    estimate.total = estimate.total_se = estimate.prop = estimate.prop_se = kNaN;
    estimate.ci = {kNaN, kNaN};
    estimate.deff = estimate.deff_replace = estimate.n_eff = kNaN;
  }
  if (result.marks.back().withheld()) table.base.total = table.base.total_se = table.base.n_eff = kNaN;
  // A net goes with any of its answers (published, it would be their sum, and give one back from
  // the others), unless every withheld answer of the table is in it: then it is the total minus the
  // published answers, which a reader has anyway. Else the threshold rule on its own firms, and the
  // reliability flags of a share.
  for (FrequencyNet& net : result.nets) {
    if (net_reveals(net.net, n_rows, [&](int row) { return result.marks[static_cast<std::size_t>(row)].withheld(); },
                    result.marks.back().withheld()))
      net.mark.reason = Suppression::secondary;
    if (rules.enabled && !net.mark.withheld()) net.mark.reason = count_primary(net.estimate.n, net.estimate.total, rules).reason;
    if (reliability && !net.mark.withheld()) {
      const CellMark quality = proportion_mark(net.estimate.prop, net.estimate.prop_se, net.estimate.n, table.base.n, table.df,
                                               static_cast<double>(data.rows()));
      net.mark.reliability = quality.reliability;
      net.mark.reason = quality.reason;
    }
    summary.count(net.mark);
    if (!net.mark.withheld()) continue;
    FrequencyRow& estimate = net.estimate;
    estimate.total = estimate.total_se = estimate.prop = estimate.prop_se = kNaN;
    estimate.ci = {kNaN, kNaN};
    estimate.deff = estimate.deff_replace = estimate.n_eff = kNaN;
  }
  // The covariances would give the withheld cells' SEs back.
  if (summary.confidentiality || summary.reliability) {
    table.total_vcov.resize(0, 0);
    table.prop_vcov.resize(0, 0);
  }
  count_marks(summary, result.marks);
}

void protect_multiple_response(MultipleResponseResult& result, const AnalysisData& data, const RowMask& where,
                               const DisclosureRules& rules) {
  const bool reliability = rules.reliability != ReliabilityRule::none;
  if (!rules.enabled && !reliability) return;
  ProtectionSummary& summary = result.protection;
  summary.confidentiality = rules.enabled;
  summary.reliability = reliability;
  const std::vector<std::int64_t> holding = holding_of_rows(data, rules);
  for (auto& item : result.items) {
    if (rules.enabled) {
      int contributors = item.n;
      if (!holding.empty()) {
        // The option's mentions among the question's base (those who answered any of its items).
        const survey::Column& column = data.column(item.variable->name);
        const RowMask domain = intersect(where, data.asked(item.variable->name));
        ContributorCount count(holding);
        for (std::size_t row = 0; row < data.rows(); ++row)
          if (in(domain, row) && column.codes[row] == 1) count.add(row);
        contributors = count.count();
      }
      item.mark.reason = count_primary(contributors, item.share.total, rules).reason;
    }
    if (reliability) flag_share(item.mark, item.share, item.n, data);
    if (item.mark.withheld()) {
      withhold(item.share);
      item.ci = {kNaN, kNaN};
      item.of_responses.ratio = item.of_responses.ratio_se = item.of_responses.numerator_total = kNaN;
      item.of_responses.ci = {kNaN, kNaN};
    }
    summary.count(item.mark);
  }
  // A net goes with any of its options; else the threshold rule on its own firms.
  for (MultipleResponseNet& net : result.nets) {
    for (int option : net.net.values)
      if (result.items[static_cast<std::size_t>(option)].mark.withheld()) net.mark.reason = Suppression::secondary;
    if (rules.enabled && !net.mark.withheld()) net.mark.reason = count_primary(net.n, net.share.total, rules).reason;
    if (reliability) flag_share(net.mark, net.share, net.n, data);
    if (net.mark.withheld()) {
      withhold(net.share);
      net.ci = {kNaN, kNaN};
    }
    summary.count(net.mark);
  }
  // The mentions per respondent times the base is every option's mentions together: with it a
  // single withheld option would be the rest by subtraction.
  if (summary.withheld() > 0) result.mentions.mean = result.mentions.mean_se = result.mentions.total = result.mentions.total_se = kNaN;
}

void protect_grid_items(GridResult& result, const AnalysisData& data, const RowMask& where, const DisclosureRules& rules,
                        const MarginSharing& margins) {
  const bool reliability = rules.reliability != ReliabilityRule::none;
  if (!rules.enabled && !reliability) return;
  result.protection.confidentiality = rules.enabled;
  result.protection.reliability = reliability;
  for (auto& item : result.items) {
    FrequencyResult one;
    one.variable = item.variable;
    one.question = result.question;
    one.table = std::move(item.table);
    protect_frequency(one, data, where, rules, margins);
    item.table = std::move(one.table);
    item.marks = std::move(one.marks);
    result.protection.merge(one.protection);
    for (const auto& mark : item.marks)
      if (mark.withheld()) {
        withhold(item.mean);
        break;
      }
  }
}

void protect_multiple_response_banner(MultipleResponseBannerResult& result, const AnalysisData& data, const RowMask& where,
                                      const DisclosureRules& rules) {
  const bool reliability = rules.reliability != ReliabilityRule::none;
  if (!rules.enabled && !reliability) return;
  protect_multiple_response(result.total, data, where, rules);
  ProtectionSummary summary = result.total.protection;
  const std::vector<std::int64_t> holding = rules.enabled ? holding_of_rows(data, rules) : std::vector<std::int64_t>{};
  for (auto& block : result.blocks) {
    const int n_cols = block.n_cols();
    const std::size_t n_options = block.items.size();
    block.marks.assign(n_options * static_cast<std::size_t>(n_cols), {});
    const std::vector<std::int32_t> column_of = valid_categories(data.column(block.variable->name));
    const RowMask by_asked = data.asked(block.variable->name);
    for (std::size_t option = 0; option < n_options; ++option) {
      const MultipleResponseItem& total_item = result.total.items[option];
      auto at = [&](int col) -> CellMark& { return block.marks[option * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col)]; };
      if (rules.enabled) {
        // The option's mentions per column, with the total column's as the margin.
        std::vector<ContributorCount> contributors(static_cast<std::size_t>(n_cols), ContributorCount(holding));
        const survey::Column& item_column = data.column(total_item.variable->name);
        const RowMask asked = data.asked(total_item.variable->name);
        for (std::size_t row = 0; row < data.rows(); ++row)
          if (item_column.codes[row] == 1 && column_of[row] >= 0 && by_asked[row] && asked[row] && in(where, row))
            contributors[static_cast<std::size_t>(column_of[row])].add(row);
        ProtectionGrid grid(n_cols, 1);
        for (int col = 0; col < n_cols; ++col) {
          const GroupMean* share = block.share(option, col);
          const std::size_t idx = grid.at(col, 0);
          grid.value[idx] = share ? share->estimate.total : 0;
          grid.contributors[idx] = contributors[static_cast<std::size_t>(col)].count();
          set_primary(grid, idx, count_primary(grid.contributors[idx], grid.value[idx], rules));
        }
        const std::size_t total = grid.at(n_cols, 0);
        grid.value[total] = std::isfinite(total_item.share.total) ? total_item.share.total : 0;
        grid.contributors[total] = total_item.n;
        grid.status[total] = total_item.mark.reason;
        grid.frozen[total] = true;  // the total column is every block's; it is protected on its own
        protect(grid, rules, summary);
        for (int col = 0; col < n_cols; ++col) at(col).reason = grid.status[grid.at(col, 0)];
      }
      for (int col = 0; col < n_cols; ++col) {
        CellMark& mark = at(col);
        GroupMean* share = nullptr;
        for (GroupMean& group : block.items[option].groups)
          if (group.group_idx == col) share = &group;
        if (reliability && !mark.withheld() && share) {
          const CellMark quality = proportion_mark(share->estimate.mean, share->estimate.mean_se,
                                                   block.mentions_n[option * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col)],
                                                   block.base_n[static_cast<std::size_t>(col)], share->estimate.df, static_cast<double>(data.rows()));
          mark.reliability = quality.reliability;
          mark.reason = quality.reason;
        }
        summary.count(mark);
        if (!mark.withheld()) continue;
        if (share) withhold(share->estimate);
        block.letters[option * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col)].clear();
        block.block_letters[option * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col)].clear();
      }
      // Letters that compare a share with a withheld one, and differences with it, would give it back.
      bool any_withheld = false;
      for (int col = 0; col < n_cols; ++col) any_withheld |= at(col).withheld();
      if (!any_withheld) continue;
      for (int col = 0; col < n_cols; ++col) {
        const std::size_t idx = option * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col);
        for (int other = 0; other < n_cols; ++other) {
          if (!at(other).withheld()) continue;
          drop_letter(block.letters[idx], block.letter(other));
          drop_letter(block.block_letters[idx], column_letter(other));
        }
      }
      block.items[option].differences.clear();
      block.items[option].mean_vcov.resize(0, 0);
    }
    // Nets: a column's net goes with any of its options' cells there (its options do not add up,
    // so there is no total to make it safe), else the threshold rule on its own mentions.
    const std::size_t n_nets = block.net_items.size();
    block.net_marks.assign(n_nets * static_cast<std::size_t>(n_cols), {});
    for (std::size_t net_idx = 0; net_idx < n_nets; ++net_idx) {
      const Net& net = result.total.nets[net_idx].net;
      auto at = [&](int col) { return net_idx * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col); };
      for (int col = 0; col < n_cols; ++col) {
        CellMark& mark = block.net_marks[at(col)];
        for (int option : net.values)
          if (block.marks[static_cast<std::size_t>(option) * static_cast<std::size_t>(n_cols) + static_cast<std::size_t>(col)].withheld())
            mark.reason = Suppression::secondary;
        GroupMean* share = nullptr;
        for (GroupMean& group : block.net_items[net_idx].groups)
          if (group.group_idx == col) share = &group;
        if (rules.enabled && !mark.withheld() && share)
          mark.reason = count_primary(block.net_mentions_n[at(col)], share->estimate.total, rules).reason;
        if (reliability && share) flag_share(mark, share->estimate, block.net_mentions_n[at(col)], data);
        summary.count(mark);
        if (!mark.withheld()) continue;
        if (share) withhold(share->estimate);
        block.net_letters[at(col)].clear();
        block.net_block_letters[at(col)].clear();
      }
      bool any_withheld = false;
      for (int col = 0; col < n_cols; ++col) any_withheld |= block.net_marks[at(col)].withheld();
      if (!any_withheld) continue;
      for (int col = 0; col < n_cols; ++col)
        for (int other = 0; other < n_cols; ++other)
          if (block.net_marks[at(other)].withheld()) {
            drop_letter(block.net_letters[at(col)], block.letter(other));
            drop_letter(block.net_block_letters[at(col)], column_letter(other));
          }
      block.net_items[net_idx].differences.clear();
      block.net_items[net_idx].mean_vcov.resize(0, 0);
    }
  }
  result.total.protection = summary;
}

void protect_banner(BannerResult& result, const AnalysisData& data, const RowMask& where, const DisclosureRules& rules,
                    const MarginSharing& margins) {
  const bool reliability = rules.reliability != ReliabilityRule::none;
  if (!rules.enabled && !reliability) return;
  ProtectionSummary& summary = result.protection;
  summary.confidentiality = rules.enabled;
  summary.reliability = reliability;
  const int n_rows = result.n_rows;
  const std::vector<std::int64_t> holding = rules.enabled ? holding_of_rows(data, rules) : std::vector<std::int64_t>{};
  const std::vector<std::int32_t> row_category = valid_categories(data.column(result.row_variable->name));
  const RowMask row_asked = data.asked(result.row_variable->name);

  std::vector<ProtectionGrid> grids;
  for (auto& block : result.blocks) {
    const Crosstab& crosstab = block.table;
    const int n_cols = crosstab.n_cols;
    block.marks.assign(static_cast<std::size_t>((n_rows + 1) * (n_cols + 1)), {});
    ProtectionGrid grid(n_rows, n_cols);
    if (rules.enabled) {
      const std::vector<std::int32_t> col_category = valid_categories(data.column(block.variable->name));
      const RowMask by_asked = data.asked(block.variable->name);
      std::vector<ContributorCount> contributors(grid.size(), ContributorCount(holding));
      for (std::size_t row = 0; row < row_category.size(); ++row) {
        if (row_category[row] < 0 || col_category[row] < 0 || !row_asked[row] || !by_asked[row] || !in(where, row)) continue;
        const int r = row_category[row], c = col_category[row];
        const std::set<std::size_t> cells{banner_index(grid, r, c), banner_index(grid, r, n_cols), banner_index(grid, n_rows, c),
                                          banner_index(grid, n_rows, n_cols)};
        for (std::size_t idx : cells) contributors[idx].add(row);
      }
      for (int r = 0; r <= n_rows; ++r)
        for (int c = 0; c < grid.grid_cols(); ++c) {
          const std::size_t idx = grid.at(r, c);
          double value = crosstab.total;
          if (r < n_rows && c < n_cols) value = crosstab.cells[static_cast<std::size_t>(r * n_cols + c)].total;
          else if (r < n_rows) value = crosstab.row_margins[static_cast<std::size_t>(r)].total;
          else if (c < n_cols) value = crosstab.col_margins[static_cast<std::size_t>(c)].total;
          if (n_cols == 1 && r == n_rows) value = crosstab.total;
          grid.value[idx] = value;
          grid.contributors[idx] = contributors[idx].count();
          set_primary(grid, idx, count_primary(grid.contributors[idx], value, rules));
        }
      grid.frozen[banner_index(grid, n_rows, n_cols)] = true;
      std::vector<std::size_t> forced;
      if (margins.shared) {
        // Totals other tables of the report withheld: of the row variable and of this block's.
        std::vector<std::size_t> cells;
        for (int r : margins.shared->hidden(result.row_variable->name, margins.domain, margins.table))
          if (r < n_rows) cells.push_back(banner_index(grid, r, n_cols));
        for (int c : margins.shared->hidden(block.variable->name, margins.domain, margins.table))
          if (c < n_cols) cells.push_back(banner_index(grid, n_rows, c));
        forced = force_hidden(grid, cells);
        summary.report_margins |= !forced.empty();
      }
      protect(grid, rules, summary);
      mark_forced(grid, forced);
    }
    grids.push_back(std::move(grid));
  }
  // The total column is every block's row margin: a total hidden in one block must be hidden, and
  // protected, in all of them, or the others would print it and undo the first block's protection.
  if (rules.enabled && grids.size() > 1) {
    for (bool grew = true; grew;) {
      grew = false;
      std::vector<bool> hidden(static_cast<std::size_t>(n_rows), false);
      for (const auto& grid : grids)
        for (int r = 0; r < n_rows; ++r)
          if (grid.status[banner_index(grid, r, grid.cols)] != Suppression::none) hidden[static_cast<std::size_t>(r)] = true;
      for (auto& grid : grids) {
        std::vector<std::size_t> cells;
        for (int r = 0; r < n_rows; ++r)
          if (hidden[static_cast<std::size_t>(r)]) cells.push_back(banner_index(grid, r, grid.cols));
        const std::vector<std::size_t> propagated = force_hidden(grid, cells);
        if (propagated.empty()) continue;
        protect(grid, rules, summary);
        mark_forced(grid, propagated);
        summary.shared_margins = true;
        grew = true;
      }
    }
  }
  if (rules.enabled && margins.shared)
    for (std::size_t block_idx = 0; block_idx < result.blocks.size(); ++block_idx) {
      const ProtectionGrid& grid = grids[block_idx];
      const int n_cols = result.blocks[block_idx].table.n_cols;
      for (int r = 0; r < n_rows; ++r)
        if (grid.status[banner_index(grid, r, n_cols)] != Suppression::none) margins.shared->add(result.row_variable->name, margins.domain, r, margins.table);
      for (int c = 0; c < n_cols; ++c)
        if (grid.status[banner_index(grid, n_rows, c)] != Suppression::none)
          margins.shared->add(result.blocks[block_idx].variable->name, margins.domain, c, margins.table);
    }
  for (std::size_t block_idx = 0; block_idx < result.blocks.size(); ++block_idx) {
    BannerBlock& block = result.blocks[block_idx];
    Crosstab& crosstab = block.table;
    const ProtectionGrid& grid = grids[block_idx];
    const int n_cols = crosstab.n_cols;
    auto mark = [&](int r, int c) -> CellMark& { return block.marks[static_cast<std::size_t>(r * (n_cols + 1) + c)]; };
    if (rules.enabled)
      for (int r = 0; r <= n_rows; ++r)
        for (int c = 0; c <= n_cols; ++c) mark(r, c).reason = grid.status[banner_index(grid, r, c)];
    for (int c = 0; c < n_cols; ++c) {
      bool all_one_row = false;
      for (int r = 0; r < n_rows; ++r) {
        const CrosstabCell& cell = crosstab.cells[static_cast<std::size_t>(r * n_cols + c)];
        const int col_n = crosstab.col_margins[static_cast<std::size_t>(c)].n;
        if (col_n > 0 && cell.n == col_n) all_one_row = true;
        if (!reliability || mark(r, c).withheld()) continue;
        const CellMark quality = proportion_mark(cell.col_prop, cell.col_prop_se, cell.n, col_n, crosstab.df, static_cast<double>(data.rows()));
        mark(r, c).reliability = quality.reliability;
        mark(r, c).reason = quality.reason;
      }
      if (all_one_row) summary.group_disclosure.push_back(block.letter_offset + c);
    }
    // Withheld numbers out of the result; letters that compare a cell with a withheld one go too.
    for (int r = 0; r < n_rows; ++r)
      for (int c = 0; c < n_cols; ++c) {
        const std::size_t idx = static_cast<std::size_t>(r * n_cols + c);
        CrosstabCell& cell = crosstab.cells[idx];
        if (mark(r, c).withheld()) {
          cell.total = cell.total_se = cell.prop = cell.prop_se = kNaN;
          cell.row_prop = cell.row_prop_se = cell.col_prop = cell.col_prop_se = kNaN;
          cell.letters.clear();
          block.letters[idx].clear();
          continue;
        }
        for (int other = 0; other < n_cols; ++other) {
          if (!mark(r, other).withheld()) continue;
          drop_letter(cell.letters, column_letter(other));
          drop_letter(block.letters[idx], block.letter(other));
        }
      }
    for (int r = 0; r < n_rows; ++r)
      if (mark(r, n_cols).withheld()) {
        CrosstabMargin& margin = crosstab.row_margins[static_cast<std::size_t>(r)];
        margin.total = margin.total_se = margin.prop = margin.prop_se = kNaN;
      }
    for (int c = 0; c < n_cols; ++c)
      if (mark(n_rows, c).withheld()) {
        CrosstabMargin& margin = crosstab.col_margins[static_cast<std::size_t>(c)];
        margin.total = margin.total_se = margin.prop = margin.prop_se = kNaN;
      }
    if (mark(n_rows, n_cols).withheld()) crosstab.total = crosstab.total_se = kNaN;
    // The covariances would give the withheld cells' SEs back, the tests the cells themselves.
    crosstab.total_vcov.resize(0, 0);
    crosstab.prop_vcov.resize(0, 0);
    bool any_withheld = false;
    for (const auto& mark : block.marks) any_withheld |= mark.withheld();
    if (any_withheld) {
      crosstab.tests.clear();
      crosstab.rao_scott = RaoScott{};
      crosstab.cramers_v = kNaN;
      summary.tests_withheld = true;
    }
    count_marks(summary, block.marks);
  }
  // A net's cell goes with any of its answers' cells in that column (it would be their sum), its
  // total with any of their totals; else the threshold rule on the net cell's own firms.
  for (BannerNet& net : result.nets) {
    for (std::size_t block_idx = 0; block_idx < net.blocks.size(); ++block_idx) {
      const BannerBlock& block = result.blocks[block_idx];
      BannerNet::Block& cells = net.blocks[block_idx];
      const int n_cols = block.table.n_cols;
      cells.marks.assign(static_cast<std::size_t>(n_cols), {});
      for (int c = 0; c < n_cols; ++c) {
        CellMark& mark = cells.marks[static_cast<std::size_t>(c)];
        CrosstabCell& cell = cells.cells[static_cast<std::size_t>(c)];
        // As in a frequency table, within the column (whose total is published).
        if (net_reveals(net.net, n_rows, [&](int r) { return block.mark_at(r, c).withheld(); }, block.mark_at(n_rows, c).withheld()))
          mark.reason = Suppression::secondary;
        if (rules.enabled && !mark.withheld()) mark.reason = count_primary(cell.n, cell.total, rules).reason;
        if (reliability && !mark.withheld()) {
          const CellMark quality = proportion_mark(cell.col_prop, cell.col_prop_se, cell.n,
                                                   block.table.col_margins[static_cast<std::size_t>(c)].n, block.table.df,
                                                   static_cast<double>(data.rows()));
          mark.reliability = quality.reliability;
          mark.reason = quality.reason;
        }
        summary.count(mark);
      }
      for (int c = 0; c < n_cols; ++c) {
        CrosstabCell& cell = cells.cells[static_cast<std::size_t>(c)];
        std::string& letters = cells.letters[static_cast<std::size_t>(c)];
        if (cells.marks[static_cast<std::size_t>(c)].withheld()) {
          cell.total = cell.total_se = cell.prop = cell.prop_se = cell.row_prop = cell.row_prop_se = cell.col_prop = cell.col_prop_se = kNaN;
          cell.letters.clear();
          letters.clear();
          continue;
        }
        for (int other = 0; other < n_cols; ++other)
          if (cells.marks[static_cast<std::size_t>(other)].withheld()) drop_letter(letters, block.letter(other));
      }
    }
    if (!result.blocks.empty()) {
      const BannerBlock& first = result.blocks.front();
      const int margin = first.table.n_cols;
      if (net_reveals(net.net, n_rows, [&](int r) { return first.mark_at(r, margin).withheld(); }, first.mark_at(n_rows, margin).withheld()))
        net.total_mark.reason = Suppression::secondary;
    }
    if (rules.enabled && !net.total_mark.withheld()) net.total_mark.reason = count_primary(net.total.n, net.total.total, rules).reason;
    summary.count(net.total_mark);
    if (net.total_mark.withheld()) net.total.total = net.total.total_se = net.total.prop = net.total.prop_se = kNaN;
  }
}

void protect_means(MeansResult& result, const AnalysisData& data, const RowMask& where, const DisclosureRules& rules) {
  const bool reliability = rules.reliability != ReliabilityRule::none;
  if (!rules.enabled && !reliability) return;
  ProtectionSummary& summary = result.protection;
  summary.confidentiality = rules.enabled;
  summary.reliability = reliability;
  const survey::Questionnaire& q = data.questionnaire();
  const std::vector<std::int64_t> holding = rules.enabled ? holding_of_rows(data, rules) : std::vector<std::int64_t>{};
  const std::vector<double>& weights = data.design().weights();
  std::vector<std::int32_t> group_of(data.rows(), -1);
  int n_groups = 1;
  if (result.by) {
    group_of = valid_categories(data.column(result.by->name));
    n_groups = static_cast<int>(result.by->first_missing_value);
  } else {
    std::fill(group_of.begin(), group_of.end(), 0);
  }

  // Rows are variable-major, then group: the rows of one variable form a one-way table whose total
  // (every group together) is what a reader can subtract from.
  for (std::size_t first = 0; first < result.rows.size();) {
    const survey::Variable* variable = result.rows[first].variable;
    std::size_t last = first;
    while (last < result.rows.size() && result.rows[last].variable == variable) ++last;
    const int cells = static_cast<int>(last - first);
    if (rules.enabled) {
      const std::vector<double> values = mean_values(q, data.column(variable->name));
      const RowMask domain = intersect(where, data.asked(variable->name));
      // Contributions per group, the total's after the groups.
      std::vector<std::vector<Contribution>> contributions(static_cast<std::size_t>(n_groups + 1));
      std::vector<std::vector<std::int64_t>> holdings(static_cast<std::size_t>(n_groups + 1));
      std::vector<ContributorCount> contributors(static_cast<std::size_t>(n_groups + 1), ContributorCount(holding));
      bool negative = false;
      for (std::size_t row = 0; row < values.size(); ++row) {
        if (group_of[row] < 0 || std::isnan(values[row]) || !in(domain, row)) continue;
        negative |= values[row] < 0;
        for (std::size_t target : {static_cast<std::size_t>(group_of[row]), static_cast<std::size_t>(n_groups)}) {
          contributions[target].push_back({values[row], weights[row]});
          if (!holding.empty()) holdings[target].push_back(holding[row]);
          contributors[target].add(row);
        }
      }
      summary.negative_values |= negative;
      auto verdict = [&](std::size_t target) {
        const int count = contributors[target].count();
        // Losses and profits: the dominance and p % rules mean nothing there, the threshold does.
        if (negative) return count_primary(count, 0, rules);
        if (holding.empty()) return magnitude_primary(contributions[target], count, rules);
        return magnitude_primary(merge_holdings(contributions[target], holdings[target]), count, rules);
      };
      const bool by_groups = result.by != nullptr;
      ProtectionGrid grid(by_groups ? cells : 1, 1);
      for (int cell = 0; cell < cells; ++cell) {
        const MeansRow& row = result.rows[first + static_cast<std::size_t>(cell)];
        const std::size_t target = by_groups ? static_cast<std::size_t>(row.group_idx) : 0;
        const std::size_t idx = grid.at(by_groups ? cell : 0, 0);
        grid.value[idx] = std::abs(row.estimate.total);
        grid.contributors[idx] = contributors[target].count();
        set_primary(grid, idx, verdict(target));
      }
      if (by_groups) {
        // The total of every group is not in this table but is the next one a reader prints.
        const std::size_t idx = grid.at(cells, 0);
        double total = 0;
        for (const auto& contribution : contributions[static_cast<std::size_t>(n_groups)]) total += contribution.weight * contribution.value;
        grid.value[idx] = std::abs(total);
        grid.contributors[idx] = contributors[static_cast<std::size_t>(n_groups)].count();
        grid.frozen[idx] = true;
        if (!negative) protect(grid, rules, summary);
      }
      for (int cell = 0; cell < cells; ++cell)
        result.rows[first + static_cast<std::size_t>(cell)].mark.reason = grid.status[grid.at(by_groups ? cell : 0, 0)];
    }
    first = last;
  }
  for (auto& row : result.rows) {
    if (reliability && !row.mark.withheld()) {
      const CellMark quality = cv_mark(row.estimate.mean, row.estimate.mean_se, rules);
      row.mark.reliability = quality.reliability;
      row.mark.reason = quality.reason;
    }
    summary.count(row.mark);
    if (!row.mark.withheld()) continue;
    withhold(row.estimate);
    withhold(row.top_box);
    withhold(row.bottom_box);
    for (auto& quantile : row.quantiles) quantile = QuantileEstimate{quantile.p, kNaN, {kNaN, kNaN}, kNaN};
  }
  // A difference with a withheld group's mean would give it back.
  for (auto& test : result.tests) {
    auto withheld_group = [&](int group_idx) {
      for (const auto& row : result.rows)
        if (row.variable == test.variable && row.group_idx == group_idx) return row.mark.withheld();
      return false;
    };
    for (auto& group : test.by_group.groups)
      if (withheld_group(group.group_idx)) withhold(group.estimate);
    bool any_withheld = false;
    for (auto& difference : test.by_group.differences)
      if (withheld_group(difference.group_a) || withheld_group(difference.group_b)) {
        difference.difference = difference.se = difference.t = difference.p = kNaN;
        any_withheld = true;
      }
    test.by_group.mean_vcov.resize(0, 0);
    if (any_withheld) {
      TableTest& equality = test.by_group.equality;
      equality.statistic = equality.p = equality.df1 = equality.df2 = kNaN;
      equality.note = "not shown: with the published means it could give a withheld one back";
      summary.tests_withheld = true;
    }
  }
}

}  // namespace ankieta::analysis
