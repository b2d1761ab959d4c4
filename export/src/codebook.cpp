// Codebooks in Markdown or HTML. Content is assembled once as a small document (headings,
// paragraphs, tables of short inline texts) and each format renders that document, so both formats
// always say the same thing.
#include "ankieta/export/codebook.hpp"

#include <cctype>
#include <cmath>

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ankieta/survey/completion.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::exports {
namespace {

// ---- the document ---------------------------------------------------------------------------

struct Span {
  std::string text;
  bool code = false;  // a name, code or expression: shown as `code`
};
using Inline = std::vector<Span>;

Inline plain(std::string text) { return {Span{std::move(text), false}}; }
Inline code(std::string text) { return {Span{std::move(text), true}}; }
Inline operator+(Inline a, const Inline& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
Inline operator+(Inline a, std::string b) { return std::move(a) + plain(std::move(b)); }

struct Block {
  enum class Kind { heading, paragraph, list, table };
  Kind kind = Kind::paragraph;
  int level = 0;
  Inline text;
  std::vector<Inline> header;  // table header; list items
  std::vector<std::vector<Inline>> rows;
};

struct Document {
  std::string title;
  std::vector<Block> blocks;

  void heading(int level, Inline text) { blocks.push_back({Block::Kind::heading, level, std::move(text), {}, {}}); }
  void paragraph(Inline text) { blocks.push_back({Block::Kind::paragraph, 0, std::move(text), {}, {}}); }
  void list(std::vector<Inline> items) {
    if (items.empty()) return;
    blocks.push_back({Block::Kind::list, 0, {}, std::move(items), {}});
  }
  void table(std::vector<Inline> header, std::vector<std::vector<Inline>> rows) {
    if (rows.empty()) return;
    blocks.push_back({Block::Kind::table, 0, {}, std::move(header), std::move(rows)});
  }
};

// ---- Markdown -------------------------------------------------------------------------------

std::string one_line(std::string_view text) {
  std::string result;
  for (char c : text) result += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return result;
}

// Backslash-escapes the ASCII punctuation Markdown could read as markup (CommonMark allows
// escaping any of it).
std::string md_text(std::string_view text, bool in_table) {
  std::string line = one_line(text);
  auto word_character = [&](std::size_t idx) {
    if (idx >= line.size()) return false;
    auto c = static_cast<unsigned char>(line[idx]);
    return std::isalnum(c) || c >= 0x80;
  };
  std::string result;
  for (std::size_t idx = 0; idx < line.size(); ++idx) {
    char c = line[idx];
    // An underscore inside a word (export_share) is never emphasis in CommonMark; leave it readable.
    bool inner_underscore = c == '_' && idx > 0 && word_character(idx - 1) && word_character(idx + 1);
    if (c == '\\' || c == '`' || c == '*' || (c == '_' && !inner_underscore) || c == '[' || c == ']' || c == '<' || c == '>' ||
        (in_table && c == '|'))
      result += '\\';
    result += c;
  }
  return result;
}

std::string md_code(std::string_view text, bool in_table) {
  std::string body = one_line(text);
  if (in_table) {
    std::string escaped;
    for (char c : body) {
      if (c == '|') escaped += '\\';
      escaped += c;
    }
    body = escaped;
  }
  std::string fence = body.find('`') == std::string::npos ? "`" : "``";
  bool pad = fence.size() > 1 || body.empty();
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string md_inline(const Inline& text, bool in_table) {
  std::string result;
  for (const auto& span : text) result += span.code ? md_code(span.text, in_table) : md_text(span.text, in_table);
  return result;
}

std::string render_md(const Document& document) {
  std::string out;
  for (const auto& block : document.blocks) {
    switch (block.kind) {
      case Block::Kind::heading:
        out += std::string(static_cast<std::size_t>(block.level), '#') + " " + md_inline(block.text, false) + "\n\n";
        break;
      case Block::Kind::paragraph:
        out += md_inline(block.text, false) + "\n\n";
        break;
      case Block::Kind::list:
        for (const auto& item : block.header) out += "- " + md_inline(item, false) + "\n";
        out += "\n";
        break;
      case Block::Kind::table: {
        auto row_line = [&](const std::vector<Inline>& cells) {
          std::string line = "|";
          for (const auto& cell : cells) line += " " + md_inline(cell, true) + " |";
          return line + "\n";
        };
        out += row_line(block.header);
        out += "|";
        for (std::size_t column_idx = 0; column_idx < block.header.size(); ++column_idx) out += "---|";
        out += "\n";
        for (const auto& row : block.rows) out += row_line(row);
        out += "\n";
        break;
      }
    }
  }
  return out;
}

// ---- HTML -----------------------------------------------------------------------------------

std::string html_escape(std::string_view text) {
  std::string result;
  for (char c : text) {
    switch (c) {
      case '&': result += "&amp;"; break;
      case '<': result += "&lt;"; break;
      case '>': result += "&gt;"; break;
      case '"': result += "&quot;"; break;
      default: result += c;
    }
  }
  return result;
}

std::string html_inline(const Inline& text) {
  std::string result;
  for (const auto& span : text) result += span.code ? "<code>" + html_escape(span.text) + "</code>" : html_escape(span.text);
  return result;
}

std::string render_html(const Document& document, survey::Language lang) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n"
      "body {{ font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; margin: 2em auto; max-width: 60em; color: #222; }}\n"
      "h1 {{ font-size: 1.6em; }} h2 {{ font-size: 1.3em; border-bottom: 1px solid #999; margin-top: 2em; }} h3 {{ font-size: 1.1em; margin-top: 1.5em; }}\n"
      "table {{ border-collapse: collapse; margin: 0.5em 0 1em; }}\n"
      "th, td {{ border: 1px solid #bbb; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }}\n"
      "th {{ background: #eee; }}\n"
      "code {{ font-family: 'DejaVu Sans Mono', monospace; font-size: 0.95em; background: #f4f4f4; padding: 0 0.2em; }}\n"
      "@media print {{ body {{ margin: 0; max-width: none; }} h2, h3 {{ page-break-after: avoid; }} table {{ page-break-inside: avoid; }} }}\n"
      "</style>\n</head>\n<body>\n",
      lang == survey::Language::pl ? "pl" : "en", html_escape(document.title));
  for (const auto& block : document.blocks) {
    switch (block.kind) {
      case Block::Kind::heading:
        out += fmt::format("<h{0}>{1}</h{0}>\n", block.level, html_inline(block.text));
        break;
      case Block::Kind::paragraph:
        out += "<p>" + html_inline(block.text) + "</p>\n";
        break;
      case Block::Kind::list:
        out += "<ul>\n";
        for (const auto& item : block.header) out += "<li>" + html_inline(item) + "</li>\n";
        out += "</ul>\n";
        break;
      case Block::Kind::table:
        out += "<table>\n<thead><tr>";
        for (const auto& cell : block.header) out += "<th>" + html_inline(cell) + "</th>";
        out += "</tr></thead>\n<tbody>\n";
        for (const auto& row : block.rows) {
          out += "<tr>";
          for (const auto& cell : row) out += "<td>" + html_inline(cell) + "</td>";
          out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
        break;
    }
  }
  out += "</body>\n</html>\n";
  return out;
}

std::string render(const Document& document, CodebookFormat format, survey::Language lang) {
  return format == CodebookFormat::md ? render_md(document) : render_html(document, lang);
}

// ---- content --------------------------------------------------------------------------------

struct Words {
  bool pl;
  const char* operator()(const char* polish, const char* english) const { return pl ? polish : english; }
};

std::string design_text(const survey::Design& design, Words w) {
  std::vector<std::string> parts;
  if (!design.strata.empty()) parts.push_back(fmt::format("{} {}", w("warstwy:", "strata:"), fmt::join(design.strata, " × ")));
  if (!design.clusters.empty()) parts.push_back(fmt::format("{} {}", w("jednostki losowania (PSU):", "clusters:"), fmt::join(design.clusters, ", ")));
  parts.push_back(design.weight.empty() ? std::string(w("bez wag bazowych", "no base weight"))
                                        : fmt::format("{} {}", w("waga:", "weight:"), design.weight));
  if (!design.fpc.empty()) parts.push_back(fmt::format("fpc: {}", fmt::join(design.fpc, ", ")));
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::string range_text(const survey::Question& question, Words w) {
  std::string text;
  if (question.min && question.max) text = fmt::format("{} – {}", survey::format_number(*question.min), survey::format_number(*question.max));
  else if (question.min) text = fmt::format("≥ {}", survey::format_number(*question.min));
  else if (question.max) text = fmt::format("≤ {}", survey::format_number(*question.max));
  if (question.integer) text += (text.empty() ? "" : ", ") + std::string(w("liczby całkowite", "whole numbers"));
  return text;
}

// The description of one question: its facts, its variables and its codes.
struct QuestionFacts {
  const survey::QuestionCompletion* completion = nullptr;
  std::int64_t base = 0;
};

void describe_question(Document& document, const survey::Question& question,
                       const std::vector<const survey::Variable*>& variables, const QuestionFacts& facts, survey::Language lang) {
  Words w{lang == survey::Language::pl};
  const std::string& text = question.text.in(lang);
  document.heading(3, text.empty() || text == question.id ? code(question.id) : code(question.id) + (" — " + text));
  std::vector<Inline> facts_list;
  facts_list.push_back(plain(w("typ: ", "type: ")) + code(std::string(survey::to_string(question.type))));
  if (question.type == survey::QuestionType::multi)
    facts_list.push_back(question.multi_input == survey::MultiInput::columns
                             ? plain(w("wejście: kolumna 0/1 na opcję", "input: one 0/1 column per option"))
                             : plain(w("wejście: kody w jednej kolumnie rozdzielone ", "input: codes in one column separated by ")) +
                                   code(question.separator));
  if (question.type == survey::QuestionType::numeric) {
    std::string range = range_text(question, w);
    if (!range.empty()) facts_list.push_back(plain(w("zakres: ", "range: ") + range));
  }
  if (question.type == survey::QuestionType::date) facts_list.push_back(plain(w("format: ", "format: ")) + code("YYYY-MM-DD"));
  if (!question.ask_if.empty()) facts_list.push_back(plain(w("filtr (ask_if): ", "filter (ask_if): ")) + code(question.ask_if));
  if (!question.waves.empty()) {
    std::string polish = fmt::format("{} {}{}", question.waves.size() == 1 ? "fala" : "fale", fmt::join(question.waves, ", "),
                                     question.waves_onward ? " i późniejsze" : "");
    facts_list.push_back(plain(std::string(w("zadawane tylko w: ", "asked only in: ")) +
                               (w.pl ? polish : question.waves_description())));
  }
  if (question.derivation)
    facts_list.push_back(plain(w("zmienna pochodna, liczona z zapisanych odpowiedzi: ", "derived, computed from the stored answers: ")) +
                         code(question.derivation->description));
  if (question.pii)
    facts_list.push_back(plain(w("dane osobowe: tak (pomijane w eksporcie bez --include-pii)",
                                 "personal data: yes (left out of exports unless --include-pii)")));
  if (facts.completion) {
    const auto& c = *facts.completion;
    facts_list.push_back(plain(fmt::format("{} {} {} {}; {} {}; {} {}; {} {}", w("odpowiedzi:", "answered:"), c.answered, w("z", "of"),
                                           facts.base, w("kod braku danych", "missing code"), c.missing_code, w("puste", "blank"), c.blank,
                                           w("nie zadane", "not asked"), c.not_asked)));
  }
  document.list(std::move(facts_list));

  bool several = variables.size() > 1 || (!variables.empty() && variables.front()->part >= 0);
  if (several) {
    std::vector<std::vector<Inline>> variable_rows;
    for (const auto* variable : variables)
      variable_rows.push_back({code(variable->name), plain(variable->label.in(lang)), code(variable->column)});
    document.table({plain(w("zmienna", "variable")), plain(w("etykieta", "label")), plain(w("kolumna CSV", "CSV column"))},
                   std::move(variable_rows));
  } else if (!variables.empty()) {
    document.paragraph(plain(w("Zmienna: ", "Variable: ")) + code(variables.front()->name));
  }

  // Codes: the values of the first variable (items of a multi or grid question share them).
  std::vector<std::vector<Inline>> value_rows;
  bool scores = question.type == survey::QuestionType::scale || question.type == survey::QuestionType::grid;
  if (!variables.empty() && variables.front()->kind == survey::VariableKind::categorical) {
    const survey::Variable& variable = *variables.front();
    for (std::size_t value_idx = 0; value_idx < variable.values.size(); ++value_idx) {
      const survey::Option& value = variable.values[value_idx];
      bool missing = value_idx >= variable.first_missing_value;
      std::vector<Inline> row = {code(value.code.text), plain(value.label.in(lang)), plain(missing ? w("tak", "yes") : "")};
      if (scores) row.push_back(plain(!missing && value.score ? survey::format_number(*value.score) : ""));
      value_rows.push_back(std::move(row));
    }
  } else {
    for (const auto& missing : question.missing) {
      std::vector<Inline> row = {code(missing.code.text), plain(missing.label.in(lang)), plain(w("tak", "yes"))};
      if (scores) row.push_back(plain(""));
      value_rows.push_back(std::move(row));
    }
  }
  std::vector<Inline> header = {plain(w("kod", "code")), plain(w("etykieta", "label")), plain(w("brak danych", "missing"))};
  if (scores) header.push_back(plain(w("punkty", "score")));
  document.table(std::move(header), std::move(value_rows));
}

void conventions(Document& document, Words w) {
  document.paragraph(plain(w("Puste pole oznacza brak odpowiedzi albo pytanie niezadane (filtr ask_if nie był spełniony). "
                             "Kody braków danych (np. „nie wiem”, „odmowa”) są zapisane jako kody i oznaczone w kolumnie „brak danych”; "
                             "tabele liczą je osobno, poza bazą ważnych odpowiedzi.",
                             "An empty value means no answer, or the question was not asked (its ask_if filter was not true). "
                             "Declared missing codes (e.g. \"don't know\", \"refused\") are stored as codes and marked in the \"missing\" "
                             "column; tables count them apart from the valid base.")));
}

std::vector<const survey::Variable*> variables_of(const survey::Questionnaire& q, std::size_t question_idx) {
  std::vector<const survey::Variable*> result;
  for (const auto& variable : q.variables)
    if (variable.question_index == question_idx) result.push_back(&variable);
  return result;
}

std::string column_type(const DataVariable& variable, Words w) {
  if (variable.is_date) return w("data (RRRR-MM-DD)", "date (YYYY-MM-DD)");
  if (variable.role == VariableRole::respondent_id) return w("tekst (identyfikator)", "text (id)");
  if (!variable.values.empty() && variable.source && variable.source->kind == survey::VariableKind::categorical)
    return variable.is_text ? w("kod (tekst)", "code (text)") : w("kod (liczba)", "code (number)");
  if (variable.is_text) return w("tekst", "text");
  return variable.integer ? w("liczba całkowita", "whole number") : w("liczba", "number");
}

}  // namespace

CodebookFormat parse_codebook_format(std::string_view name) {
  if (name == "md") return CodebookFormat::md;
  if (name == "html") return CodebookFormat::html;
  throw usage_error(fmt::format("unknown --format '{}'; expected md or html", name));
}

std::string render_codebook(const survey::Store& store, const CodebookOptions& options) {
  const survey::Questionnaire& q = store.questionnaire();
  Words w{options.lang == survey::Language::pl};
  std::vector<survey::QuestionCompletion> completion = survey::question_completion(store, options.wave);
  std::int64_t base = store.respondent_count(options.wave);

  Document document;
  std::string title = q.title.in(options.lang).empty() ? q.id : q.title.in(options.lang);
  document.title = fmt::format("{}: {}", w("Książka kodów", "Codebook"), title);
  document.heading(1, plain(document.title));
  document.paragraph(plain(w("Kwestionariusz ", "Questionnaire ")) + code(q.id) +
                     (q.version.empty() ? std::string() : fmt::format(", {} {}", w("wersja", "version"), q.version)) +
                     fmt::format("; {} ", w("baza", "database")) + code(store.path()) +
                     fmt::format("; {} {}{}.", w("respondenci:", "respondents:"), base,
                                 options.wave ? fmt::format(" ({} {})", w("fala", "wave"), *options.wave) : std::string()));
  document.paragraph(plain(fmt::format("{} {}.", w("Schemat doboru:", "Sample design:"), design_text(q.design, w))));
  // An amended survey: which definition each import was checked against is in `ankieta info`.
  if (const auto definitions = store.definitions(); definitions.size() > 1) {
    document.paragraph(plain(w("Wersje definicji (ankieta amend):", "Versions of the definition (ankieta amend):")));
    std::vector<Inline> items;
    for (const auto& record : definitions) {
      std::string changes = record.changes == "created" ? w("utworzenie bazy", "created") : record.changes;
      std::replace(changes.begin(), changes.end(), '\n', ';');
      items.push_back(plain(fmt::format("{} ({} {}, {}): ", record.number, w("wersja", "version"),
                                        record.version.empty() ? "-" : record.version, record.recorded_at)) + plain(changes));
    }
    document.list(std::move(items));
  }
  conventions(document, w);
  for (const auto& section : q.sections) {
    document.heading(2, plain(section.title.in(options.lang).empty() ? section.id : section.title.in(options.lang)) + " (" + code(section.id) + ")");
    for (std::size_t question_idx : section.question_indexes) {
      QuestionFacts facts{&completion[question_idx], base};
      describe_question(document, q.questions[question_idx], variables_of(q, question_idx), facts, options.lang);
    }
  }
  // Derived variables belong to no section: they follow the questions they are computed from.
  if (q.stored_question_count() < q.questions.size()) {
    document.heading(2, plain(w("Zmienne pochodne", "Derived variables")) + " (" + code("derived") + ")");
    for (std::size_t question_idx = q.stored_question_count(); question_idx < q.questions.size(); ++question_idx)
      describe_question(document, q.questions[question_idx], variables_of(q, question_idx), QuestionFacts{}, options.lang);
  }
  return render(document, options.format, options.lang);
}

std::string render_dataset_codebook(const Dataset& dataset, const std::string& data_file, CodebookFormat format) {
  Words w{dataset.lang == survey::Language::pl};
  Document document;
  document.title = fmt::format("{} {}", w("Książka kodów pliku", "Codebook of"), data_file);
  document.heading(1, plain(w("Książka kodów pliku ", "Codebook of ")) + code(data_file));
  document.paragraph(plain(w.pl ? fmt::format("Plik danych: wierszy {}, kolumn {}. ", dataset.rows, dataset.variables.size())
                                : fmt::format("Data file: {} rows, {} columns. ", dataset.rows, dataset.variables.size())) +
                     plain(w("UTF-8, pola rozdzielone przecinkami, pierwszy wiersz to nazwy zmiennych, jeden wiersz na respondenta i falę. "
                             "Wartości to kody zapisane w bazie; puste pole to brak odpowiedzi.",
                             "UTF-8, comma-separated, a header line of variable names, one line per respondent and wave. "
                             "Values are the codes as stored in the database; an empty field is a blank answer.")));
  Inline source = plain(w("Kwestionariusz ", "Questionnaire ")) + code(dataset.questionnaire_id);
  if (!dataset.questionnaire_version.empty()) source = source + fmt::format(", {} {}", w("wersja", "version"), dataset.questionnaire_version);
  source = source + fmt::format("; {} {}", w("etykiety w języku", "labels in"), dataset.lang == survey::Language::pl ? "pl" : "en");
  if (dataset.wave) source = source + fmt::format("; {} {}", w("fala", "wave"), *dataset.wave);
  if (!dataset.where.empty()) source = source + fmt::format("; {} ", w("wybór wierszy", "rows where")) + code(dataset.where);
  document.paragraph(source + ".");
  if (dataset.questionnaire)
    document.paragraph(plain(fmt::format("{} {}.", w("Schemat doboru:", "Sample design:"), design_text(dataset.questionnaire->design, w))));
  if (!dataset.case_weight.empty()) document.paragraph(plain(w("Waga przypadków: ", "Case weight: ")) + code(dataset.case_weight));
  if (!dataset.omitted_pii.empty()) {
    Inline text = plain(w("Pominięte dane osobowe (pii): ", "Personal data left out (pii): "));
    for (std::size_t idx = 0; idx < dataset.omitted_pii.size(); ++idx) text = (idx ? text + ", " : text) + code(dataset.omitted_pii[idx]);
    document.paragraph(text + plain(w(" (eksport z --include-pii je zawiera).", " (an export with --include-pii includes them).")));
  }
  conventions(document, w);

  document.heading(2, plain(w("Kolumny", "Columns")));
  std::vector<std::vector<Inline>> rows;
  for (std::size_t column_idx = 0; column_idx < dataset.variables.size(); ++column_idx) {
    const DataVariable& variable = dataset.variables[column_idx];
    std::size_t filled = 0;
    if (variable.is_text) {
      for (const auto& text : variable.texts) filled += !text.empty();
    } else {
      for (double value : variable.numbers) filled += std::isfinite(value);
    }
    rows.push_back({plain(std::to_string(column_idx + 1)), code(variable.name), plain(column_type(variable, w)), plain(variable.label),
                    plain(std::to_string(filled))});
  }
  document.table({plain("#"), plain(w("zmienna", "variable")), plain(w("typ", "type")), plain(w("etykieta", "label")),
                  plain(w("niepuste", "non-blank"))},
                 std::move(rows));

  if (dataset.questionnaire) {
    const survey::Questionnaire& q = *dataset.questionnaire;
    for (const auto& section : q.sections) {
      bool heading_written = false;
      for (std::size_t question_idx : section.question_indexes) {
        std::vector<const survey::Variable*> exported;
        for (const auto* variable : variables_of(q, question_idx))
          if (dataset.find(variable->name)) exported.push_back(variable);
        if (exported.empty()) continue;
        if (!heading_written) {
          document.heading(2, plain(section.title.in(dataset.lang).empty() ? section.id : section.title.in(dataset.lang)) + " (" +
                                  code(section.id) + ")");
          heading_written = true;
        }
        describe_question(document, q.questions[question_idx], exported, QuestionFacts{}, dataset.lang);
      }
    }
    bool derived_heading_written = false;
    for (std::size_t question_idx = q.stored_question_count(); question_idx < q.questions.size(); ++question_idx) {
      std::vector<const survey::Variable*> exported;
      for (const auto* variable : variables_of(q, question_idx))
        if (dataset.find(variable->name)) exported.push_back(variable);
      if (exported.empty()) continue;
      if (!derived_heading_written) document.heading(2, plain(w("Zmienne pochodne", "Derived variables")) + " (" + code("derived") + ")");
      derived_heading_written = true;
      describe_question(document, q.questions[question_idx], exported, QuestionFacts{}, dataset.lang);
    }
  }
  return render(document, format, dataset.lang);
}

}  // namespace ankieta::exports
