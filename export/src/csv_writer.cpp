// CSV microdata: UTF-8, comma-separated, one header line of variable names, one line per row,
// codes as the database stores them and an empty field for a blank answer (RFC 4180 quoting).
// Labels, missing codes and filters go to the Markdown codebook written next to it. Text cells a
// spreadsheet would run as a formula get a leading ' (formula_guard.hpp) unless --no-formula-guard.
#include <cmath>
#include <cstdio>

#include "ankieta/export/codebook.hpp"
#include "ankieta/export/formula_guard.hpp"
#include "ankieta/export/microdata.hpp"
#include "ankieta/survey/output_file.hpp"
#include "ankieta/survey/text_util.hpp"

namespace ankieta::exports {
namespace {

void append_field(std::string& line, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    line += text;
    return;
  }
  line += '"';
  for (char c : text) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

std::string file_name(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string codebook_path_for(const std::string& csv_path) {
  std::string base = csv_path;
  if (base.size() > 4) {
    std::string extension = base.substr(base.size() - 4);
    for (char& c : extension) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (extension == ".csv") base.resize(base.size() - 4);
  }
  return base + ".codebook.md";
}

WriteResult write_csv(const Dataset& dataset, const std::string& path) {
  std::string codebook_path = codebook_path_for(path);
  std::string codebook = render_dataset_codebook(dataset, file_name(path), CodebookFormat::md);

  survey::OutputFile data(path);
  std::string line;
  for (std::size_t column_idx = 0; column_idx < dataset.variables.size(); ++column_idx) {
    if (column_idx) line += ',';
    append_field(line, dataset.variables[column_idx].name);
  }
  line += '\n';
  data.write(line);
  for (std::size_t row = 0; row < dataset.rows; ++row) {
    line.clear();
    for (std::size_t column_idx = 0; column_idx < dataset.variables.size(); ++column_idx) {
      const DataVariable& variable = dataset.variables[column_idx];
      if (column_idx) line += ',';
      if (variable.is_text || variable.is_date) {
        append_field(line, dataset.formula_guard ? guard_formula(variable.texts[row]) : variable.texts[row]);
      } else if (double value = variable.numbers[row]; std::isfinite(value)) {
        line += survey::format_number(value);
      }
    }
    line += '\n';
    if (!data.write(line)) break;  // finish() reports the error
  }
  // Both files are complete before either replaces anything: the data without its codebook (or
  // beside an older one) would be misread.
  data.close();
  survey::OutputFile book(codebook_path);
  book.write(codebook);
  book.close();
  data.commit();
  book.commit();
  WriteResult result;
  result.files = {path, codebook_path};
  return result;
}

}  // namespace ankieta::exports
