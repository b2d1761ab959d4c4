// The report as Markdown (GitHub-flavoured pipe tables): the same sections, tables, bases, letters
// and notes as the HTML, without charts.
#include <fmt/format.h>

#include "ankieta/report/writer.hpp"
#include "ankieta/survey/output_file.hpp"

namespace ankieta::report {
namespace {

// Text from the questionnaire, the spec and the data (labels, titles, notes) is text, never
// markup: a label "<script>" or "<b>" must appear as typed, not become HTML in a viewer, and "|"
// must not end a table cell. Every ASCII character that Markdown gives a meaning inline is
// backslash-escaped (CommonMark: any ASCII punctuation may be), '<', '>' and '&' included, so no
// tag, autolink or entity can form.
std::string md_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\n':
      case '\r': out += ' '; break;
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '&': case '|': case '~':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

// The same at the start of a line: a leading '#', '-', '+', '=' or "1." would make a heading, a
// list item or a rule of a paragraph, a bullet or a note.
std::string md_line(const std::string& text) {
  std::string out = md_text(text);
  std::size_t start = out.find_first_not_of(' ');
  if (start == std::string::npos) return out;
  char first = out[start];
  if (first == '#' || first == '-' || first == '+' || first == '=') {
    out.insert(start, 1, '\\');
  } else if (first >= '0' && first <= '9') {
    std::size_t end = out.find_first_not_of("0123456789", start);
    if (end != std::string::npos && (out[end] == '.' || out[end] == ')')) out.insert(end, 1, '\\');
  }
  return out;
}

std::string cell_text(const Cell& cell, survey::Language language) {
  std::string text = md_text(format_cell(cell, language));
  if (!cell.letters.empty()) text += " " + cell.letters;
  if (cell.small_base && cell.kind != CellKind::empty) text += " !";
  return text;
}

void write_grid(std::string& out, const Table& table, survey::Language language);

void write_table(std::string& out, const Table& table, survey::Language language, bool numbered) {
  if (numbered) out += fmt::format("### {} {}. {}\n\n", word(language, "Table"), table.number, md_text(table.title));
  else if (!table.title.empty()) out += fmt::format("#### {}\n\n", md_text(table.title));
  if (!table.subtitle.empty()) out += fmt::format("`{}`\n\n", table.subtitle);  // ids and names: no backticks
  if (!table.header_groups.empty()) {
    std::vector<std::string> groups;
    for (const auto& group : table.header_groups)
      if (!group.label.empty()) groups.push_back(fmt::format("{} ({})", md_text(group.label), group.span));
    if (!groups.empty()) out += fmt::format("{}: {}\n\n", word(language, "by"), fmt::join(groups, "; "));
  }
  // A table without columns (a comparison the database cannot make yet) is its notes alone.
  if (!table.header.empty()) write_grid(out, table, language);
  if (!table.base_text.empty()) out += "*" + md_text(table.base_text) + "*  \n";
  for (const auto& note : table.notes) out += md_line(note) + "  \n";
  out += "\n";
}

void write_grid(std::string& out, const Table& table, survey::Language language) {
  out += "|";
  for (const auto& heading : table.header) out += " " + md_text(heading) + " |";
  out += "\n|";
  for (std::size_t col = 0; col < table.header.size(); ++col) out += col == 0 ? "---|" : "---:|";
  out += "\n";
  for (const auto& row : table.rows) {
    out += "|";
    for (std::size_t col = 0; col < table.header.size(); ++col) {
      std::string text = col < row.cells.size() ? cell_text(row.cells[col], language) : "";
      if (row.role == RowRole::base && col == 0) text = "**" + text + "**";
      out += " " + text + " |";
    }
    out += "\n";
  }
  out += "\n";
}

}  // namespace

std::string render_markdown(const Document& document) {
  survey::Language language = document.language;
  std::string out = fmt::format("# {}\n\n", md_text(document.title));
  if (!document.subtitle.empty()) out += md_line(document.subtitle) + "\n\n";
  if (!document.author.empty()) out += md_line(document.author) + "  \n";
  out += fmt::format("{}: {}  \n", word(language, "Survey"), md_text(document.questionnaire_title));
  for (const auto& fact : document.title_facts) out += md_line(fact) + "  \n";
  out += fmt::format("{}: {}, ankieta {}\n\n", word(language, "Generated"), document.date, document.version);

  out += fmt::format("## {}\n\n", word(language, "Contents"));
  for (std::size_t idx = 0; idx < document.sections.size(); ++idx) {
    const Section& section = document.sections[idx];
    out += fmt::format("- {}\n", md_line(section.title));
    for (const auto& table : section.tables)
      out += fmt::format("  - {} {}. {}\n", word(language, "Table"), table.number, md_text(table.title));
  }
  out += "\n";
  for (std::size_t idx = 0; idx < document.sections.size(); ++idx) {
    const Section& section = document.sections[idx];
    out += fmt::format("## {}\n\n", md_text(section.title));
    for (const auto& block : section.text) {
      if (!block.heading.empty()) out += fmt::format("### {}\n\n", md_text(block.heading));
      for (const auto& paragraph : block.paragraphs) out += md_line(paragraph) + "\n\n";
      for (const auto& bullet : block.bullets) out += "- " + md_line(bullet) + "\n";
      if (!block.bullets.empty()) out += "\n";
      if (block.has_table) write_table(out, block.table, language, false);
    }
    for (const auto& table : section.tables) write_table(out, table, language, true);
  }
  return out;
}

namespace {

class MarkdownWriter final : public ReportWriter {
 public:
  std::string_view extension() const override { return ".md"; }
  void write(const Document& document, const std::string& path) const override { survey::write_output_file(path, render_markdown(document), "the report"); }
};

}  // namespace

const ReportWriter& markdown_writer() {
  static const MarkdownWriter writer;
  return writer;
}

}  // namespace ankieta::report
