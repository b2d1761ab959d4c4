// Fuzzes the questionnaire loader: any text must give a definition or a list of problems (at most
// the documented 100 plus the "stopped" line), never a crash, an exception or exhausted memory.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ankieta/survey/questionnaire_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto check = ankieta::survey::check_definition(text, "fuzz.yaml");
  if (check.problems.size() > 100) __builtin_trap();
  if (!check.problems.empty()) (void)ankieta::survey::format_problems(check, "fuzz.yaml");
  return 0;
}
