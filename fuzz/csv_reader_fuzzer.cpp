// Fuzzes the streaming CSV reader with both encodings and every delimiter choice: any byte string
// must end in records or an ankieta::Error, never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ankieta/survey/csv_reader.hpp"
#include "ankieta/survey/error.hpp"
#include "scratch_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte chooses the options; the rest is the file.
  const std::uint8_t choice = data[0];
  const std::string path = ankieta::fuzz::write_scratch_file(data + 1, size - 1);
  if (path.empty()) return 0;

  ankieta::survey::CsvOptions options;
  static const char kDelimiters[] = {0, ',', ';', '\t'};
  options.delimiter = kDelimiters[choice & 3];
  options.encoding = (choice & 4) ? ankieta::survey::CsvEncoding::cp1250 : ankieta::survey::CsvEncoding::utf8;
  options.max_record_bytes = 1 << 16;  // small, so the limit's path is reached too
  try {
    ankieta::survey::CsvReader reader(path, options);
    std::vector<std::string_view> fields;
    while (reader.next(fields)) {
      for (auto field : fields)
        if (field.size() > 2 * options.max_record_bytes) __builtin_trap();  // the documented bound
    }
  } catch (const ankieta::Error&) {
  }
  return 0;
}
