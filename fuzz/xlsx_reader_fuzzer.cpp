// Fuzzes the workbook reader: any byte string given as an .xlsx must end in records or an
// ankieta::Error, never a crash, a hang or unbounded memory. The seeds store their parts
// uncompressed, so the mutations reach the XML of the workbook, styles, strings and sheet.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/xlsx_reader.hpp"

namespace {

const std::string& scratch_path() {
  static const std::string path = [] {
    std::string pattern = "/tmp/ankieta-fuzz-xlsx-XXXXXX";
    int fd = mkstemp(pattern.data());
    if (fd >= 0) close(fd);
    return pattern;
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::FILE* file = std::fopen(scratch_path().c_str(), "wb");
  if (!file) return 0;
  std::fwrite(data, 1, size, file);
  std::fclose(file);
  try {
    ankieta::survey::XlsxReader reader(scratch_path(), "");
    std::vector<std::string_view> fields;
    while (reader.next(fields)) {
      if (fields.size() > 16384) __builtin_trap();  // Excel's last column bounds a record
    }
  } catch (const ankieta::Error&) {
  }
  return 0;
}
