#include "ankieta/survey/record_source.hpp"

#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "ankieta/survey/csv_reader.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/xlsx_reader.hpp"

namespace ankieta::survey {
namespace {

bool has_extension(const std::string& path, std::string_view extension) {
  if (path.size() < extension.size()) return false;
  for (std::size_t idx = 0; idx < extension.size(); ++idx) {
    char character = path[path.size() - extension.size() + idx];
    if (character >= 'A' && character <= 'Z') character = static_cast<char>(character - 'A' + 'a');
    if (character != extension[idx]) return false;
  }
  return true;
}

}  // namespace

bool is_workbook(const std::string& path) {
  // The content decides, so a workbook saved as "dane.csv" is still read as one; an old .xls or
  // a password-protected workbook (an OLE file) goes to the workbook reader, which names it.
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return has_extension(path, ".xlsx") || has_extension(path, ".xls");
  unsigned char head[4] = {};
  const std::size_t got = std::fread(head, 1, sizeof head, file);
  std::fclose(file);
  if (got == sizeof head && std::memcmp(head, "PK\x03\x04", 4) == 0) return true;
  if (got == sizeof head && head[0] == 0xD0 && head[1] == 0xCF && head[2] == 0x11 && head[3] == 0xE0) return true;
  return false;
}

std::unique_ptr<RecordSource> open_records(const std::string& path, const CsvOptions& csv, const std::string& sheet) {
  if (is_workbook(path)) return std::make_unique<XlsxReader>(path, sheet);
  if (!sheet.empty())
    throw usage_error(fmt::format("--sheet {}: {} is not an Excel workbook (.xlsx); --sheet chooses a sheet of one", sheet, path));
  return std::make_unique<CsvReader>(path, csv);
}

}  // namespace ankieta::survey
