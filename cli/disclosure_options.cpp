#include "disclosure_options.hpp"

#include <cmath>

#include <fmt/format.h>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"
#include "option_values.hpp"

namespace ankieta::cli {
namespace {

// "--dominance 1,75": n whole and at least 1, k a percentage in (0, 100]; "off".
void read_dominance(const std::string& text, analysis::DisclosureRules& rules) {
  if (text == "off") {
    rules.dominance = false;
    return;
  }
  const std::vector<std::string> parts = split_names(text);
  auto n = parts.size() == 2 ? survey::parse_number(parts[0]) : std::nullopt;
  auto k = parts.size() == 2 ? survey::parse_number(parts[1]) : std::nullopt;
  if (!n || !k || *n != std::floor(*n) || *n < 1 || *n > 1000 || !(*k > 0 && *k <= 100))
    throw usage_error(fmt::format("--dominance {}: expected N,K (the N largest firms above K% of a cell, e.g. 1,75) or off",
                                  survey::quote_for_message(text)));
  rules.dominance = true;
  rules.dominance_n = static_cast<int>(*n);
  rules.dominance_k = *k;
}

void read_p_rule(const std::string& text, analysis::DisclosureRules& rules) {
  if (text == "off") {
    rules.p_rule = false;
    return;
  }
  auto p = survey::parse_number(text);
  if (!p || !(*p > 0 && *p <= 100))
    throw usage_error(fmt::format("--p-rule {}: expected a percentage above 0 and at most 100 (e.g. 10) or off", survey::quote_for_message(text)));
  rules.p_rule = true;
  rules.p = *p;
}

}  // namespace

void add_disclosure_options(po::options_description& options) {
  options.add_options()
      ("protect", po::bool_switch(), "withhold cells that could reveal a firm: threshold 3 firms, dominance (1, 75%), p% rule 10, "
                                     "and the complementary cells that protect them (docs/disclosure.md)")
      ("threshold", int_number(0, 1000), "confidentiality: withhold a cell of fewer than N firms (default 3; 0: off); implies --protect")
      ("dominance", po::value<std::string>(), "confidentiality: N,K withholds a magnitude cell whose N largest firms hold more than K% "
                                              "(default 1,75; off); implies --protect")
      ("p-rule", po::value<std::string>(), "confidentiality: the p% rule (default 10; off); implies --protect")
      ("holding", po::value<std::string>(), "variable whose equal values are one firm (a holding) for the rules; implies --protect")
      ("no-secondary", po::bool_switch(), "withhold only the cells the rules name, not the complementary ones (not safe to publish)")
      ("reliability", po::bool_switch(), "flag and withhold unreliable estimates: NCHS 2017 for shares, the CV for means")
      ("cv-caution", real_number(0, Bound::open, 1000, Bound::closed), "CV (percent) from which a mean is marked * use with caution (default 30)")
      ("cv-suppress", real_number(0, Bound::open, 1000, Bound::closed), "CV (percent) above which a mean is withheld (default 50)");
}

analysis::DisclosureRules read_disclosure_options(const po::variables_map& values) {
  analysis::DisclosureRules rules;
  rules.enabled = values["protect"].as<bool>();
  if (values.count("threshold")) {
    rules.threshold = values["threshold"].as<int>();
    rules.enabled = true;
  }
  if (values.count("dominance")) {
    read_dominance(values["dominance"].as<std::string>(), rules);
    rules.enabled = true;
  }
  if (values.count("p-rule")) {
    read_p_rule(values["p-rule"].as<std::string>(), rules);
    rules.enabled = true;
  }
  if (values.count("holding")) {
    rules.holding = values["holding"].as<std::string>();
    rules.enabled = true;
  }
  if (values["no-secondary"].as<bool>()) {
    if (!rules.enabled) throw usage_error("--no-secondary needs the confidentiality rules: add --protect");
    rules.secondary = false;
  }
  if (values["reliability"].as<bool>()) rules.reliability = analysis::ReliabilityRule::nchs;
  if (values.count("cv-caution")) rules.cv_caution = values["cv-caution"].as<double>() / 100;
  if (values.count("cv-suppress")) rules.cv_suppress = values["cv-suppress"].as<double>() / 100;
  if ((values.count("cv-caution") || values.count("cv-suppress")) && rules.reliability == analysis::ReliabilityRule::none)
    throw usage_error("--cv-caution and --cv-suppress set the reliability flags: add --reliability");
  if (rules.cv_suppress < rules.cv_caution)
    throw usage_error(fmt::format("--cv-suppress ({}%) must not be below --cv-caution ({}%)", 100 * rules.cv_suppress, 100 * rules.cv_caution));
  if (rules.enabled && rules.threshold == 0 && !rules.dominance && !rules.p_rule)
    throw usage_error("every confidentiality rule is off (--threshold 0, --dominance off, --p-rule off): leave out --protect instead");
  return rules;
}

}  // namespace ankieta::cli
