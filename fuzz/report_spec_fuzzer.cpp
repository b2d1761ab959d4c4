// Fuzzes the report spec: parse the text, then check it against the bundled questionnaire (which
// parses every `where`). Bad specs must end in ankieta::Error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ankieta/report/report_spec.hpp"
#include "ankieta/survey/error.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ankieta::survey::Questionnaire questionnaire =
      ankieta::survey::load_questionnaire(ANKIETA_SOURCE_DIR "/questionnaires/podlasie-metal/questionnaire.yaml");
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto spec = ankieta::report::parse_report_spec(text, "fuzz-report.yaml");
    ankieta::report::check_report_spec(spec, questionnaire);
    (void)ankieta::report::report_variables(spec, questionnaire);
  } catch (const ankieta::Error&) {
  }
  return 0;
}
