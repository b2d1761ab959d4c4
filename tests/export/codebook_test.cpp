// `ankieta codebook`: questions by section with types, variables, codes, labels, missing codes,
// filters and answered counts, in Markdown and HTML, in both languages.
#include <catch2/catch.hpp>

#include "firms_survey.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("codebook in Markdown: labels, codes, missing codes, filters and answered counts", "[export]") {
  FirmsSurvey firms;
  RunResult run = run_ankieta({"codebook", "--db", firms.db});
  INFO(run.err);
  REQUIRE(run.status == 0);
  const std::string& md = run.out;
  INFO(md);
  CHECK(md.rfind("# Książka kodów: firms-test\n\nKwestionariusz `firms-test`, wersja 1; baza `" + firms.db + "`; respondenci: 3.\n", 0) == 0);
  CHECK(contains(md, "Schemat doboru: warstwy: region; waga: w.\n"));
  CHECK(contains(md, "## Firma (`main`)\n"));
  CHECK(contains(md, "### `region`\n\n- typ: `single`\n- odpowiedzi: 3 z 3; kod braku danych 0; puste 0; nie zadane 0\n\n"
                     "Zmienna: `region`\n\n| kod | etykieta | brak danych |\n|---|---|---|\n| `1` | północ |  |\n| `2` | południe |  |\n"));
  CHECK(contains(md, "### `employees`\n\n- typ: `numeric`\n- zakres: 0 – 1000, liczby całkowite\n"
                     "- odpowiedzi: 2 z 3; kod braku danych 1; puste 0; nie zadane 0\n\nZmienna: `employees`\n\n"
                     "| kod | etykieta | brak danych |\n|---|---|---|\n| `9999` | odmowa | tak |\n"));
  CHECK(contains(md, "### `export_share`\n\n- typ: `numeric`\n- zakres: 0 – 100\n- filtr (ask_if): `exporter == 1`\n"
                     "- odpowiedzi: 1 z 3; kod braku danych 0; puste 0; nie zadane 2\n"));
  CHECK(contains(md, "| kod | etykieta | brak danych | punkty |\n|---|---|---|---|\n| `1` | źle |  | 1 |\n| `2` | średnio |  | 2 |\n"
                     "| `3` | dobrze |  | 3 |\n| `9` | trudno powiedzieć | tak |  |\n"));
  CHECK(contains(md, "| zmienna | etykieta | kolumna CSV |\n|---|---|---|\n| `barriers_1` | koszty | `barriers` |\n"
                     "| `barriers_2` | kadry | `barriers` |\n| `barriers_3` | przepisy | `barriers` |\n"));
  CHECK(contains(md, "| `0` | nie zaznaczono |  |\n| `1` | zaznaczono |  |\n| `99` | odmowa | tak |\n"));
  CHECK(contains(md, "| `benefits_a` | wiedza | `benefits_a` |\n"));
  CHECK(contains(md, "### `contact`\n\n- typ: `text`\n- dane osobowe: tak (pomijane w eksporcie bez --include-pii)\n"));
  CHECK(contains(md, "### `visited`\n\n- typ: `date`\n- format: `YYYY-MM-DD`\n"));
}

TEST_CASE("codebook in English and for one wave", "[export]") {
  FirmsSurvey firms;
  RunResult run = run_ankieta({"codebook", "--db", firms.db, "--lang", "en", "--wave", "1"});
  REQUIRE(run.status == 0);
  CHECK(contains(run.out, "# Codebook: firms-test\n"));
  CHECK(contains(run.out, "respondents: 3 (wave 1)."));
  CHECK(contains(run.out, "| `1` | north |  |\n"));
  CHECK(contains(run.out, "- filter (ask_if): `exporter == 1`\n- answered: 1 of 3; missing code 0; blank 0; not asked 2\n"));
  RunResult empty_wave = run_ankieta({"codebook", "--db", firms.db, "--wave", "2"});
  REQUIRE(empty_wave.status == 0);
  CHECK(contains(empty_wave.out, "- odpowiedzi: 0 z 0;"));
}

TEST_CASE("codebook in HTML is one self-contained page", "[export]") {
  FirmsSurvey firms;
  std::string path = firms.dir / "codebook.html";
  RunResult run = run_ankieta({"codebook", "--db", firms.db, "--format", "html", "--out", path});
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK(run.out.empty());
  std::string html = read_file(path);
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"pl\">\n<head>\n<meta charset=\"utf-8\">\n<title>Książka kodów: firms-test</title>", 0) == 0);
  CHECK(contains(html, "<li>filtr (ask_if): <code>exporter == 1</code></li>"));
  CHECK(contains(html, "<tr><td><code>9</code></td><td>trudno powiedzieć</td><td>tak</td><td></td></tr>"));
  CHECK_FALSE(contains(html, "<script"));
  CHECK_FALSE(contains(html, "http"));
  CHECK(html.size() > 1000);
  CHECK(contains(html, "</html>\n"));
}
