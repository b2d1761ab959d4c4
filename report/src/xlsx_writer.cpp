// The report as an Excel workbook (libxlsxwriter): a contents sheet with links, the methodology,
// and one sheet per table. Numbers are stored as numbers (percentages as fractions with a percent
// format, so that they compute and equal the JSON output); significance letters sit in a column
// of their own next to the numbers they belong to; small bases are marked by a red italic format
// and a note.
#include <xlsxwriter.h>

#include <cmath>
#include <map>

#include <fmt/format.h>

#include "ankieta/report/writer.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/output_file.hpp"

namespace ankieta::report {
namespace {

class Workbook {
 public:
  Workbook(const Document& document, const std::string& path)
      : document_(document), language_(document.language), path_(path), file_(path, "the report") {
    // libxlsxwriter writes the file by name when the workbook is closed: it writes the temporary
    // file, which file_ renames over `path` only once the workbook is complete. Creating that file
    // first also means a folder that cannot be written is reported once, naming the file.
    lxw_workbook_options options = {};
    options.constant_memory = LXW_FALSE;
    options.tmpdir = nullptr;
    workbook_ = workbook_new_opt(file_.hand_over_to_writer().c_str(), &options);
    if (!workbook_) throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot create the workbook", path));
    title_ = workbook_add_format(workbook_);
    format_set_bold(title_);
    format_set_font_size(title_, 13);
    bold_ = workbook_add_format(workbook_);
    format_set_bold(bold_);
    header_ = workbook_add_format(workbook_);
    format_set_bold(header_);
    format_set_text_wrap(header_);
    format_set_align(header_, LXW_ALIGN_CENTER);
    format_set_align(header_, LXW_ALIGN_VERTICAL_BOTTOM);
    format_set_bottom(header_, LXW_BORDER_THIN);
    format_set_bg_color(header_, 0xEEF2F7);
    italic_ = workbook_add_format(workbook_);
    format_set_italic(italic_);
    wrap_ = workbook_add_format(workbook_);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
    link_ = workbook_add_format(workbook_);
    format_set_underline(link_, LXW_UNDERLINE_SINGLE);
    format_set_font_color(link_, LXW_COLOR_BLUE);
    letters_ = workbook_add_format(workbook_);
    format_set_bold(letters_);
    format_set_font_color(letters_, 0xB3261E);
    format_set_font_size(letters_, 8);
  }

  ~Workbook() {
    if (workbook_) workbook_close(workbook_);  // only after a failure: close() below clears it
  }

  void write() {
    lxw_worksheet* contents = workbook_add_worksheet(workbook_, sheet_name(w("Contents")).c_str());
    worksheet_set_column(contents, 0, 0, 10, nullptr);
    worksheet_set_column(contents, 1, 1, 90, nullptr);
    worksheet_write_string(contents, 0, 0, document_.title.c_str(), title_);
    lxw_row_t row = 1;
    if (!document_.subtitle.empty()) worksheet_write_string(contents, row++, 0, document_.subtitle.c_str(), nullptr);
    if (!document_.author.empty()) worksheet_write_string(contents, row++, 0, document_.author.c_str(), nullptr);
    worksheet_write_string(contents, row++, 0, fmt::format("{}: {}", w("Survey"), document_.questionnaire_title).c_str(), nullptr);
    for (const auto& fact : document_.title_facts) worksheet_write_string(contents, row++, 0, fact.c_str(), nullptr);
    worksheet_write_string(contents, row++, 0,
                           fmt::format("{}: {}, ankieta {}", w("Generated"), document_.date, document_.version).c_str(), nullptr);
    ++row;
    worksheet_write_string(contents, row, 0, w("Sheet"), header_);
    worksheet_write_string(contents, row, 1, w("Title"), header_);
    ++row;
    for (const auto& section : document_.sections) {
      worksheet_write_string(contents, row++, 1, section.title.c_str(), bold_);
      if (&section == &document_.sections.front()) {
        std::string name = sheet_name(section.title);
        worksheet_write_url(contents, row - 1, 0, fmt::format("internal:'{}'!A1", name).c_str(), link_);
        worksheet_write_string(contents, row - 1, 0, name.c_str(), link_);
        methodology(section, name);
        continue;
      }
      for (const auto& table : section.tables) {
        std::string name = fmt::format("T{}", table.number);
        worksheet_write_url(contents, row, 0, fmt::format("internal:'{}'!A1", name).c_str(), link_);
        worksheet_write_string(contents, row, 0, name.c_str(), link_);
        worksheet_write_string(contents, row, 1, fmt::format("{} {}. {}", w("Table"), table.number, table.title).c_str(), nullptr);
        ++row;
        lxw_worksheet* sheet = workbook_add_worksheet(workbook_, name.c_str());
        write_table(sheet, 0, table, true);
      }
    }
    lxw_error error = workbook_close(workbook_);
    workbook_ = nullptr;
    if (error != LXW_NO_ERROR)
      throw Error(ErrorKind::cannot_create, fmt::format("{}: cannot write the workbook: {}", path_, lxw_strerror(error)));
    file_.finish();
  }

 private:
  const Document& document_;
  survey::Language language_;
  std::string path_;
  survey::OutputFile file_;  // declared before workbook_: the temporary file outlives its workbook
  lxw_workbook* workbook_ = nullptr;
  lxw_format *title_, *bold_, *header_, *italic_, *wrap_, *link_, *letters_;
  std::map<std::string, lxw_format*> number_formats_;

  const char* w(const char* english) const { return word(language_, english); }

  // Excel sheet names: at most 31 characters, none of []:*?/\ .
  static std::string sheet_name(const std::string& text) {
    std::string name;
    std::size_t points = 0;
    for (std::size_t idx = 0; idx < text.size(); ++idx) {
      char c = text[idx];
      bool continuation = (static_cast<unsigned char>(c) & 0xC0) == 0x80;
      if (!continuation && ++points > 31) break;
      name += std::string("[]:*?/\\").find(c) == std::string::npos ? c : '_';
    }
    return name;
  }

  lxw_format* number_format(const Cell& cell, bool base) {
    std::string pattern = cell.kind == CellKind::count ? "0"
                        : cell.kind == CellKind::percent ? (cell.decimals > 0 ? "0." + std::string(static_cast<std::size_t>(cell.decimals), '0') + "%" : "0%")
                        : cell.decimals > 0 ? "0." + std::string(static_cast<std::size_t>(cell.decimals), '0') : "0";
    std::string key = fmt::format("{}|{}|{}", pattern, base, cell.small_base);
    auto found = number_formats_.find(key);
    if (found != number_formats_.end()) return found->second;
    lxw_format* format = workbook_add_format(workbook_);
    format_set_num_format(format, pattern.c_str());
    if (base) {
      format_set_bold(format);
      format_set_top(format, LXW_BORDER_THIN);
    }
    if (cell.small_base) {
      format_set_italic(format);
      format_set_font_color(format, 0xB3261E);
    }
    number_formats_[key] = format;
    return format;
  }

  // Writes a table from `row`; returns the row after it.
  lxw_row_t write_table(lxw_worksheet* sheet, lxw_row_t row, const Table& table, bool numbered) {
    // A letters column follows every data column that has letters or reliability marks somewhere.
    auto side_text = [](const Cell& cell) { return cell.withheld() ? cell.letters : cell.letters + reliability_mark(cell.reliability); };
    std::vector<bool> lettered(table.header.size(), false);
    for (const auto& line : table.rows)
      for (std::size_t col = 0; col < line.cells.size() && col < lettered.size(); ++col)
        if (!side_text(line.cells[col]).empty()) lettered[col] = true;
    std::vector<lxw_col_t> position(table.header.size());
    lxw_col_t next = 0;
    for (std::size_t col = 0; col < table.header.size(); ++col) {
      position[col] = next++;
      if (lettered[col]) ++next;
    }
    std::string title = numbered ? fmt::format("{} {}. {}", w("Table"), table.number, table.title) : table.title;
    worksheet_write_string(sheet, row++, 0, title.c_str(), title_);
    if (!table.subtitle.empty()) worksheet_write_string(sheet, row++, 0, table.subtitle.c_str(), italic_);
    ++row;
    if (!table.header_groups.empty()) {
      std::size_t col = 0;
      for (const auto& group : table.header_groups) {
        lxw_col_t first = position[col];
        std::size_t last_idx = std::min(col + static_cast<std::size_t>(group.span), table.header.size()) - 1;
        lxw_col_t last = position[last_idx] + (lettered[last_idx] ? 1 : 0);
        if (!group.label.empty()) {
          if (last > first) worksheet_merge_range(sheet, row, first, row, last, group.label.c_str(), header_);
          else worksheet_write_string(sheet, row, first, group.label.c_str(), header_);
        }
        col += static_cast<std::size_t>(group.span);
      }
      ++row;
    }
    worksheet_set_row(sheet, row, 45, nullptr);
    for (std::size_t col = 0; col < table.header.size(); ++col) {
      worksheet_write_string(sheet, row, position[col], table.header[col].c_str(), header_);
      if (lettered[col]) worksheet_write_string(sheet, row, position[col] + 1, "", header_);
    }
    lxw_row_t header_row = row++;
    worksheet_set_column(sheet, 0, 0, 48, wrap_);
    if (next > 1) worksheet_set_column(sheet, 1, next - 1, 11, nullptr);
    for (std::size_t col = 0; col < table.header.size(); ++col)
      if (lettered[col]) worksheet_set_column(sheet, position[col] + 1, position[col] + 1, 4, nullptr);
    for (const auto& line : table.rows) {
      bool base = line.role == RowRole::base;
      for (std::size_t col = 0; col < table.header.size() && col < line.cells.size(); ++col) {
        const Cell& cell = line.cells[col];
        if (cell.withheld()) worksheet_write_string(sheet, row, position[col], kWithheldMark, base ? bold_ : nullptr);
        else switch (cell.kind) {
          case CellKind::empty: break;
          case CellKind::text: worksheet_write_string(sheet, row, position[col], cell.text.c_str(), base ? bold_ : wrap_); break;
          default:
            if (std::isfinite(cell.value)) worksheet_write_number(sheet, row, position[col], cell.value, number_format(cell, base));
        }
        if (const std::string side = side_text(cell); !side.empty())
          worksheet_write_string(sheet, row, position[col] + 1, side.c_str(), letters_);
      }
      ++row;
    }
    if (numbered) worksheet_freeze_panes(sheet, header_row + 1, 1);
    ++row;
    if (!table.base_text.empty()) worksheet_write_string(sheet, row++, 0, table.base_text.c_str(), italic_);
    for (const auto& note : table.notes) worksheet_write_string(sheet, row++, 0, note.c_str(), nullptr);
    worksheet_set_paper(sheet, 9);  // A4
    worksheet_set_landscape(sheet);
    worksheet_fit_to_pages(sheet, 1, 0);
    return row + 1;
  }

  void methodology(const Section& section, const std::string& name) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook_, name.c_str());
    lxw_row_t row = 0;
    worksheet_write_string(sheet, row++, 0, section.title.c_str(), title_);
    for (const auto& block : section.text) {
      ++row;
      if (!block.heading.empty()) worksheet_write_string(sheet, row++, 0, block.heading.c_str(), bold_);
      for (const auto& paragraph : block.paragraphs) worksheet_write_string(sheet, row++, 0, paragraph.c_str(), nullptr);
      for (const auto& bullet : block.bullets) worksheet_write_string(sheet, row++, 0, ("• " + bullet).c_str(), nullptr);
      if (block.has_table) {
        // The strata table, without frozen panes (the sheet is mostly text).
        row = write_table(sheet, row, block.table, false);
      }
    }
    worksheet_set_column(sheet, 0, 0, 30, nullptr);
  }
};

class XlsxWriter final : public ReportWriter {
 public:
  std::string_view extension() const override { return ".xlsx"; }
  void write(const Document& document, const std::string& path) const override { Workbook(document, path).write(); }
};

}  // namespace

const ReportWriter& xlsx_writer() {
  static const XlsxWriter writer;
  return writer;
}

}  // namespace ankieta::report
