// Fuzzes the expression language: parse, bind against the bundled questionnaire's variables and
// evaluate on a row of blanks and on a row of values. Bad text must end in ExpressionError.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ankieta/survey/error.hpp"
#include "ankieta/survey/expression.hpp"
#include "ankieta/survey/questionnaire_loader.hpp"
#include "ankieta/survey/symbols.hpp"

namespace {

struct Fixture {
  ankieta::survey::Questionnaire questionnaire =
      ankieta::survey::load_questionnaire(ANKIETA_SOURCE_DIR "/questionnaires/podlasie-metal/questionnaire.yaml");
  std::vector<ankieta::survey::SymbolInfo> symbols = ankieta::survey::make_symbols(questionnaire);
  ankieta::survey::SymbolLookup lookup = ankieta::survey::make_symbol_lookup(questionnaire, symbols);
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto expression = ankieta::survey::Expression::parse(text);
    expression->bind(fixture.lookup);
    (void)expression->evaluate([](int) { return ankieta::survey::CellValue{}; });
    (void)expression->evaluate([](int slot) { return ankieta::survey::CellValue{static_cast<double>(slot % 3 + 1)}; });
  } catch (const ankieta::survey::ExpressionError&) {
  } catch (const ankieta::Error&) {
  }
  return 0;
}
