// The rules of `ankieta amend`: a new version of a definition may add what the stored answers do
// not depend on (questions, options, missing codes, waves, texts, derived variables, the design)
// and may not change what they mean (a type, a code's label or score, which codes are missing, a
// filter) or drop what they hold. Each rule compares the two definitions and, where the answer
// depends on the data, counts the stored answers it would touch: a change that touches none is
// allowed, so a question added by mistake can be taken out again.
#include "ankieta/survey/amend.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ankieta/survey/text_util.hpp"
#include "sqlite.hpp"

namespace ankieta::survey {
namespace {

bool same_text(const Text& a, const Text& b) { return a.pl == b.pl && a.en == b.en; }

std::string quoted_label(const Text& label) {
  const std::string& text = label.pl.empty() ? label.en : label.pl;
  return text.empty() ? std::string() : fmt::format(" '{}'", text);
}

class AmendmentChecker {
 public:
  AmendmentChecker(Store& store, const Questionnaire& next, const AmendOptions& options)
      : db_(store.database()), old_(store.questionnaire()), next_(next), options_(options) {
    count_answers();
  }

  AmendmentCheck run() {
    if (old_.source_hash == next_.source_hash) {
      result_.identical = true;
      return result_;
    }
    if (old_.id != next_.id) {
      result_.refusals.push_back(fmt::format("{}this database holds the survey '{}'; the definition is of '{}': amend a "
                                             "database with a later version of its own questionnaire",
                                             at({}), old_.id, next_.id));
      return result_;
    }
    for (std::size_t idx = 0; idx < old_.stored_question_count(); ++idx) {
      const Question& before = old_.questions[idx];
      const Question* after = next_.find_question(before.id);
      if (!after || after->derivation)
        removed(before, after);
      else
        compare(before, *after);
    }
    for (std::size_t idx = 0; idx < next_.stored_question_count(); ++idx) {
      const Question& after = next_.questions[idx];
      const Question* before = old_.find_question(after.id);
      if (!before || before->derivation) added(after);
    }
    compare_derived();
    compare_design();
    if (!result_.changes.empty() && old_.version == next_.version && !old_.version.empty())
      result_.changes.push_back(fmt::format("note: the definition's version stays '{}'; give the new one a version of its own, "
                                            "so that imports and the codebook can tell them apart", next_.version));
    return result_;
  }

 private:
  sqlite::Database& db_;
  const Questionnaire& old_;
  const Questionnaire& next_;
  AmendOptions options_;
  std::map<std::int64_t, std::int64_t> respondents_by_wave_;  // the waves stored
  AmendmentCheck result_;

  std::string at(SourcePosition position) const {
    if (position.line == 0) return fmt::format("{}: ", next_.source_path);
    return fmt::format("{}:{}:{}: ", next_.source_path, position.line, position.column);
  }
  void refuse(SourcePosition position, const std::string& message) { result_.refusals.push_back(at(position) + message); }
  void change(const std::string& line) { result_.changes.push_back(line); }

  std::vector<const Variable*> stored_variables_of(const Questionnaire& q, const Question& question) const {
    std::vector<const Variable*> variables;
    for (const auto& variable : q.stored_variables())
      if (&q.questions[variable.question_index] == &question) variables.push_back(&variable);
    return variables;
  }

  // Per wave, respondents with a stored value in each variable and in any variable of each question:
  // one pass over the responses table, whatever the number of questions.
  using WaveCounts = std::map<std::int64_t, std::int64_t>;
  std::map<std::string, WaveCounts, std::less<>> variable_answers_;
  std::map<std::string, WaveCounts, std::less<>> question_answers_;

  void count_answers() {
    std::vector<std::string> counted, names;
    for (const auto& variable : old_.stored_variables()) {
      counted.push_back(fmt::format("count({})", quote_identifier(variable.name)));
      names.push_back(variable.name);
    }
    std::vector<std::string> questions;
    for (std::size_t idx = 0; idx < old_.stored_question_count(); ++idx) {
      std::vector<std::string> columns;
      for (const Variable* variable : stored_variables_of(old_, old_.questions[idx])) columns.push_back(quote_identifier(variable->name));
      if (columns.empty()) continue;
      counted.push_back(columns.size() == 1 ? fmt::format("count({})", columns.front())
                                            : fmt::format("count(coalesce({}))", fmt::join(columns, ", ")));
      questions.push_back(old_.questions[idx].id);
    }
    counted.insert(counted.begin(), "count(*)");
    sqlite::Statement query(db_, fmt::format("SELECT _wave, {} FROM responses GROUP BY _wave", fmt::join(counted, ", ")));
    while (query.step()) {
      const std::int64_t wave = query.integer(0);
      respondents_by_wave_[wave] = query.integer(1);
      int column = 2;
      for (const auto& name : names)
        if (std::int64_t count = query.integer(column++)) variable_answers_[name][wave] = count;
      for (const auto& id : questions)
        if (std::int64_t count = query.integer(column++)) question_answers_[id][wave] = count;
    }
  }
  WaveCounts answers_of_question(const Question& question) const {
    auto found = question_answers_.find(question.id);
    return found == question_answers_.end() ? WaveCounts{} : found->second;
  }
  std::int64_t answers_of_variable(const Variable& variable) const {
    auto found = variable_answers_.find(variable.name);
    return found == variable_answers_.end() ? 0 : total(found->second);
  }
  static std::int64_t total(const std::map<std::int64_t, std::int64_t>& counts) {
    std::int64_t sum = 0;
    for (const auto& [wave, count] : counts) sum += count;
    return sum;
  }

  // Stored answers holding `code` in `variable`'s column.
  std::int64_t answers_with(const Variable& variable, const Code& code) const {
    sqlite::Statement query(db_, fmt::format("SELECT count(*) FROM responses WHERE {} = ?", quote_identifier(variable.name)));
    if (variable.storage == StorageType::text || !code.number)
      query.bind(1, std::string_view(code.text));
    else
      query.bind(1, *code.number);
    query.step();
    return query.integer(0);
  }

  void removed(const Question& before, const Question* derived_after) {
    std::int64_t answers = total(answers_of_question(before));
    if (answers > 0) {
      refuse(derived_after ? derived_after->position : SourcePosition{},
             fmt::format("question '{}' {} but {} respondents answered it; amending would lose their answers "
                         "(a question no longer asked can say so with 'waves:')",
                         before.id, derived_after ? "becomes a derived variable" : "is not in the new definition", answers));
      return;
    }
    change(fmt::format("question {} removed (it held no answers)", before.id));
  }

  void added(const Question& after) {
    std::vector<std::int64_t> asked_in_stored;
    std::int64_t respondents = 0;
    for (const auto& [wave, count] : respondents_by_wave_)
      if (after.asked_in_wave(wave)) {
        asked_in_stored.push_back(wave);
        respondents += count;
      }
    if (!asked_in_stored.empty()) {
      std::int64_t next_wave = respondents_by_wave_.rbegin()->first + 1;
      refuse(after.position, fmt::format("question '{}' is new, but the {} respondents of wave{} {} were not asked it; say "
                                         "which waves ask it, e.g. 'waves: {}+'",
                                         after.id, respondents, asked_in_stored.size() > 1 ? "s" : "",
                                         fmt::join(asked_in_stored, ", "), next_wave));
      return;
    }
    change(fmt::format("new question {} ({}, asked in {})", after.id, to_string(after.type), after.waves_description()));
  }

  void compare(const Question& before, const Question& after) {
    const auto old_variables = stored_variables_of(old_, before);
    const auto counts = answers_of_question(before);
    const std::int64_t answers = total(counts);
    if (before.type != after.type) {
      if (answers > 0) {
        refuse(after.position, fmt::format("question '{}' changes type from {} to {}; its {} stored answers would change "
                                           "meaning: give the new question an id of its own",
                                           before.id, to_string(before.type), to_string(after.type), answers));
        return;
      }
      change(fmt::format("question {}: type {} -> {} (it held no answers)", before.id, to_string(before.type), to_string(after.type)));
    }
    for (const auto& [wave, count] : counts)
      if (!after.asked_in_wave(wave))
        refuse(after.position, fmt::format("question '{}' would not be asked in wave {} ({}), but {} respondents of that wave "
                                           "answered it", after.id, wave, after.waves_description(), count));
    if (before.waves != after.waves || before.waves_onward != after.waves_onward)
      change(fmt::format("question {}: asked in {} (was {})", after.id, after.waves_description(), before.waves_description()));
    if (before.ask_if != after.ask_if) {
      if (answers > 0)
        refuse(after.ask_if.empty() ? after.position : after.ask_if_position,
               fmt::format("the filter of question '{}' changes from '{}' to '{}'; its {} stored answers were checked against "
                           "the old one: give the question with the new filter an id of its own",
                           after.id, before.ask_if.empty() ? "(none)" : before.ask_if, after.ask_if.empty() ? "(none)" : after.ask_if,
                           answers));
      else
        change(fmt::format("question {}: filter '{}'", after.id, after.ask_if));
    }
    if (before.type == QuestionType::numeric && after.type == QuestionType::numeric) compare_numeric(before, after);
    if (!same_text(before.text, after.text)) change(fmt::format("question {}: wording changed", after.id));
    if (before.section_id != after.section_id) change(fmt::format("question {}: moved to section {}", after.id, after.section_id));

    const auto new_variables = stored_variables_of(next_, after);
    int moved_columns = 0;
    std::string first_move;
    for (const Variable* old_variable : old_variables) {
      const Variable* new_variable = nullptr;
      for (const Variable* candidate : new_variables)
        if (candidate->name == old_variable->name) new_variable = candidate;
      if (!new_variable) {
        std::int64_t held = answers_of_variable(*old_variable);
        if (held > 0)
          refuse(after.position, fmt::format("'{}'{} of question '{}' is not in the new definition, but {} respondents have "
                                             "a value in it; amending would lose them",
                                             old_variable->name, quoted_label(old_variable->label), after.id, held));
        else
          change(fmt::format("question {}: {} removed (it held no answers)", after.id, old_variable->name));
        continue;
      }
      if (old_variable->column != new_variable->column) {
        if (moved_columns++ == 0) first_move = fmt::format("'{}' (was '{}')", new_variable->column, old_variable->column);
      }
      if (before.type == after.type) compare_variable(after, *old_variable, *new_variable);
    }
    if (moved_columns == 1) change(fmt::format("question {}: read from the column {}", after.id, first_move));
    if (moved_columns > 1) change(fmt::format("question {}: {} variables read from other columns, e.g. {}", after.id, moved_columns, first_move));
    for (const Variable* new_variable : new_variables)
      if (std::none_of(old_variables.begin(), old_variables.end(), [&](const Variable* v) { return v->name == new_variable->name; }))
        change(fmt::format("question {}: new {} {}{} (blank for those who answered before)", after.id,
                           after.type == QuestionType::grid ? "item" : "option", new_variable->name, quoted_label(new_variable->label)));
  }

  void compare_numeric(const Question& before, const Question& after) {
    const Variable* variable = old_.find_variable(before.id);
    if (!variable) return;
    std::vector<std::string> outside;
    std::vector<std::string> missing_codes;
    for (const auto& missing : after.missing) missing_codes.push_back(missing.code.text);
    std::string not_missing = missing_codes.empty() ? "" : fmt::format(" AND {} NOT IN ({})", quote_identifier(before.id), fmt::join(missing_codes, ", "));
    auto check_limit = [&](const std::optional<double>& limit, const std::optional<double>& was, const char* op, const char* key) {
      if (!limit || (was && (std::string_view(op) == "<" ? *was >= *limit : *was <= *limit))) return;
      sqlite::Statement query(db_, fmt::format("SELECT count(*), {}({}) FROM responses WHERE {} {} ?{}", std::string_view(op) == "<" ? "min" : "max",
                                               quote_identifier(before.id), quote_identifier(before.id), op, not_missing));
      query.bind(1, *limit);
      query.step();
      if (query.integer(0) > 0)
        refuse(after.position, fmt::format("question '{}': '{}: {}' leaves out {} stored answers (the {} is {})", after.id, key,
                                           format_number(*limit), query.integer(0), std::string_view(op) == "<" ? "smallest" : "largest",
                                           format_number(query.real(1))));
    };
    check_limit(after.min, before.min, "<", "min");
    check_limit(after.max, before.max, ">", "max");
    for (const auto& missing : before.missing) {
      bool kept = std::any_of(after.missing.begin(), after.missing.end(), [&](const MissingCode& m) { return m.code == missing.code; });
      if (kept) continue;
      std::int64_t held = answers_with(*variable, missing.code);
      if (held > 0)
        refuse(after.position, fmt::format("missing code {}{} of question '{}' is not in the new definition, but {} stored answers "
                                           "have it; they would be read as a number", missing.code.text, quoted_label(missing.label),
                                           after.id, held));
      else
        change(fmt::format("question {}: missing code {} removed", after.id, missing.code.text));
    }
    for (const auto& missing : after.missing)
      if (std::none_of(before.missing.begin(), before.missing.end(), [&](const MissingCode& m) { return m.code == missing.code; })) {
        std::int64_t held = answers_with(*variable, missing.code);
        if (held > 0)
          refuse(missing.position, fmt::format("question '{}': {} stored answers are the number {}, which the new missing code "
                                               "would turn into a missing value", after.id, held, missing.code.text));
        else
          change(fmt::format("question {}: new missing code {}{}", after.id, missing.code.text, quoted_label(missing.label)));
      }
  }

  void compare_variable(const Question& after, const Variable& before, const Variable& variable) {
    const bool is_item = after.type == QuestionType::multi || after.type == QuestionType::grid;
    if (is_item && !same_text(before.label, variable.label)) {
      std::int64_t held = answers_of_variable(before);
      if (held > 0 && !options_.relabel)
        refuse(after.position, fmt::format("{} '{}' of question '{}' would be relabelled from{} to{}, but {} respondents answered "
                                           "it under the old label; pass --relabel if this only corrects the wording",
                                           after.type == QuestionType::grid ? "item" : "option", variable.name, after.id,
                                           quoted_label(before.label), quoted_label(variable.label), held));
      else
        change(fmt::format("{}: relabelled{}", variable.name, quoted_label(variable.label)));
    }
    if (before.storage != variable.storage) {
      std::int64_t held = answers_of_variable(before);
      if (held > 0) {
        refuse(after.position, fmt::format("'{}' would be stored as {} instead of {} (a code that is not a {}), but it holds {} "
                                           "stored answers: keep the codes {}",
                                           variable.name, variable.storage == StorageType::text ? "text" : "numbers",
                                           before.storage == StorageType::text ? "text" : "numbers",
                                           before.storage == StorageType::integer ? "whole number" : "number", held,
                                           before.storage == StorageType::integer ? "whole numbers" : "numbers"));
        return;
      }
    }
    if (variable.kind != VariableKind::categorical) return;
    for (std::size_t idx = 0; idx < before.values.size(); ++idx) {
      const Option& value = before.values[idx];
      const bool was_missing = idx >= before.first_missing_value;
      auto found = std::find_if(variable.values.begin(), variable.values.end(), [&](const Option& o) { return o.code == value.code; });
      const char* what = was_missing ? "missing code" : "code";
      if (found == variable.values.end()) {
        std::int64_t held = answers_with(before, value.code);
        if (held > 0)
          refuse(after.position, fmt::format("{} {}{} of '{}' is not in the new definition, but {} stored answers have it", what,
                                             value.code.text, quoted_label(value.label), variable.name, held));
        else
          change(fmt::format("{}: {} {} removed (no answer had it)", variable.name, what, value.code.text));
        continue;
      }
      const auto found_idx = static_cast<std::size_t>(found - variable.values.begin());
      const bool is_missing = found_idx >= variable.first_missing_value;
      const bool labelled_apart = !is_item;  // multi items' 0/1 codes take their meaning from the option label
      const bool relabelled = labelled_apart && !same_text(value.label, found->label);
      const bool rescored = !is_missing && !was_missing && value.score != found->score;
      if (was_missing == is_missing && !relabelled && !rescored) continue;
      std::int64_t held = answers_with(before, value.code);
      SourcePosition where = found->position.line ? found->position : after.position;
      if (was_missing != is_missing) {
        if (held > 0)
          refuse(where, fmt::format("code {} of '{}' would become {}, but {} stored answers have it; their meaning would change",
                                    value.code.text, variable.name, is_missing ? "a missing code" : "an answer option", held));
        else
          change(fmt::format("{}: code {} is now {}", variable.name, value.code.text, is_missing ? "a missing code" : "an answer option"));
      }
      if (relabelled) {
        if (held > 0 && !options_.relabel)
          refuse(where, fmt::format("code {} of '{}' would be relabelled from{} to{}, but {} stored answers have it; pass --relabel "
                                    "if this only corrects the wording", value.code.text, variable.name, quoted_label(value.label),
                                    quoted_label(found->label), held));
        else
          change(fmt::format("{}: code {} relabelled{}", variable.name, value.code.text, quoted_label(found->label)));
      }
      if (rescored) {
        auto score = [](const std::optional<double>& s) { return s ? format_number(*s) : std::string("none"); };
        if (held > 0)
          refuse(where, fmt::format("the score of code {} of '{}' would change from {} to {}, but {} stored answers have it; "
                                    "their means would change", value.code.text, variable.name, score(value.score), score(found->score), held));
        else
          change(fmt::format("{}: code {} scored {}", variable.name, value.code.text, score(found->score)));
      }
    }
    for (std::size_t idx = 0; idx < variable.values.size(); ++idx) {
      const Option& value = variable.values[idx];
      if (std::none_of(before.values.begin(), before.values.end(), [&](const Option& o) { return o.code == value.code; }))
        change(fmt::format("{}: new {} {}{}", variable.name, idx >= variable.first_missing_value ? "missing code" : "code",
                           value.code.text, quoted_label(value.label)));
    }
  }

  void compare_derived() {
    for (std::size_t idx = next_.stored_question_count(); idx < next_.questions.size(); ++idx) {
      const Question& after = next_.questions[idx];
      const Question* before = old_.find_question(after.id);
      if (!before || !before->derivation)
        change(fmt::format("new derived variable {}: {}", after.id, after.derivation->description));
      else if (before->derivation->description != after.derivation->description || !same_text(before->text, after.text))
        change(fmt::format("derived variable {}: {}", after.id, after.derivation->description));
    }
    for (std::size_t idx = old_.stored_question_count(); idx < old_.questions.size(); ++idx) {
      const Question* after = next_.find_question(old_.questions[idx].id);
      if (!after) change(fmt::format("derived variable {} removed", old_.questions[idx].id));
    }
  }

  void compare_design() {
    const Design& a = old_.design;
    const Design& b = next_.design;
    if (a.strata != b.strata || a.clusters != b.clusters || a.weight != b.weight || a.fpc != b.fpc)
      change("the design block changed (strata, clusters, weight or fpc): analyses from now on use the new one");
  }
};

}  // namespace

AmendmentCheck check_amendment(Store& store, const Questionnaire& next, const AmendOptions& options) {
  return AmendmentChecker(store, next, options).run();
}

}  // namespace ankieta::survey
