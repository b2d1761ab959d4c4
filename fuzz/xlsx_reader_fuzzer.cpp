// Fuzzes the workbook reader: any byte string given as an .xlsx must end in records or an
// ankieta::Error, never a crash, a hang or unbounded memory. The seeds store their parts
// uncompressed, so the mutations reach the XML of the workbook, styles, strings and sheet.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/xlsx_reader.hpp"
#include "scratch_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = ankieta::fuzz::write_scratch_file(data, size);
  if (path.empty()) return 0;
  try {
    ankieta::survey::XlsxReader reader(path, "");
    std::vector<std::string_view> fields;
    while (reader.next(fields)) {
      if (fields.size() > 16384) __builtin_trap();  // Excel's last column bounds a record
    }
  } catch (const ankieta::Error&) {
  }
  return 0;
}
