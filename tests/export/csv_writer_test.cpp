// CSV export: the whole file compared with what it must be, and the codebook written next to it.
#include <catch2/catch.hpp>

#include <filesystem>

#include "ankieta/export/microdata.hpp"
#include "firms_survey.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("csv export: codes as stored, blank for a blank answer, PII left out", "[export]") {
  FirmsSurvey firms;
  std::string path = firms.dir / "firms.csv";
  RunResult run = firms.export_command({"--format", "csv", "--out", path});
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK(run.out == "wrote 3 rows x 17 variables to " + path + " (codebook: " + firms.dir / "firms.codebook.md" +
                       ")\nleft out personal data: contact (use --include-pii to keep)\n");
  CHECK(read_file(path) ==
        "firm_id,wave,region,employees,revenue,exporter,export_share,mood,channels_1,channels_2,barriers_1,barriers_2,barriers_3,"
        "benefits_a,benefits_b,visited,w\n"
        "F1,1,1,12,1500.5,1,40,3,1,0,1,0,1,5,1,2024-03-12,10\n"
        "F2,1,2,9999,,2,,9,0,0,,,,1,5,2024-02-29,10\n"
        "F3,1,1,250,800,9,,2,1,1,99,99,99,,,,12.5\n");
}

TEST_CASE("csv export with --include-pii quotes text as RFC 4180 asks", "[export]") {
  FirmsSurvey firms;
  std::string path = firms.dir / "pii.csv";
  REQUIRE(firms.export_command({"--out", path, "--include-pii"}).status == 0);
  std::string text = read_file(path);
  CHECK(contains(text, ",benefits_b,contact,visited,w\n"));
  CHECK(contains(text, "F1,1,1,12,1500.5,1,40,3,1,0,1,0,1,5,1,\"Kowalski, \"\"Metal\"\" sp. z o.o.\",2024-03-12,10\n"));
  CHECK(contains(text, "F2,1,2,9999,,2,,9,0,0,,,,1,5,\"line one\nline two\",2024-02-29,10\n"));
  CHECK(contains(text, "F3,1,1,250,800,9,,2,1,1,99,99,99,,,,,12.5\n"));
  CHECK_FALSE(contains(read_file(firms.dir / "pii.codebook.md"), "Pominięte dane osobowe"));
}

TEST_CASE("csv export keeps the rows of --wave and --where", "[export]") {
  FirmsSurvey firms;
  std::string path = firms.dir / "north.csv";
  REQUIRE(firms.export_command({"--out", path, "--wave", "1", "--where", "region == 1 and not missing(employees)"}).status == 0);
  std::string text = read_file(path);
  CHECK(contains(text, "\nF1,1,1,"));
  CHECK(contains(text, "\nF3,1,1,"));
  CHECK_FALSE(contains(text, "\nF2,"));
  std::string codebook = read_file(firms.dir / "north.codebook.md");
  CHECK(contains(codebook, "Plik danych: wierszy 2, kolumn 17."));
  CHECK(contains(codebook, "fala 1; wybór wierszy `region == 1 and not missing(employees)`"));
}

TEST_CASE("the codebook next to a csv describes its columns, labels, codes, missing codes and filters", "[export]") {
  FirmsSurvey firms;
  std::string path = firms.dir / "firms.csv";
  REQUIRE(firms.export_command({"--out", path}).status == 0);
  std::string codebook = read_file(firms.dir / "firms.codebook.md");
  INFO(codebook);
  CHECK(codebook.rfind("# Książka kodów pliku `firms.csv`\n", 0) == 0);
  CHECK(contains(codebook, "Plik danych: wierszy 3, kolumn 17. UTF-8, pola rozdzielone przecinkami"));
  CHECK(contains(codebook, "Kwestionariusz `firms-test`, wersja 1; etykiety w języku pl."));
  CHECK(contains(codebook, "Schemat doboru: warstwy: region; waga: w."));
  CHECK(contains(codebook, "Pominięte dane osobowe (pii): `contact` (eksport z --include-pii je zawiera)."));
  // Columns in file order with type, label and how many are filled.
  CHECK(contains(codebook, "| # | zmienna | typ | etykieta | niepuste |\n|---|---|---|---|---|\n"
                           "| 1 | `firm_id` | tekst (identyfikator) | identyfikator respondenta | 3 |\n"
                           "| 2 | `wave` | liczba całkowita | fala badania | 3 |\n"
                           "| 3 | `region` | kod (liczba) | region | 3 |\n"
                           "| 4 | `employees` | liczba całkowita | employees | 3 |\n"
                           "| 5 | `revenue` | liczba | revenue | 2 |\n"));
  CHECK(contains(codebook, "| 9 | `channels_1` | kod (liczba) | channels: www | 3 |\n"));
  CHECK(contains(codebook, "| 16 | `visited` | data (RRRR-MM-DD) | visited | 2 |\n"));
  // Codes with labels; missing codes marked.
  CHECK(contains(codebook, "| kod | etykieta | brak danych |\n|---|---|---|\n| `1` | północ |  |\n| `2` | południe |  |\n"));
  CHECK(contains(codebook, "| `9999` | odmowa | tak |\n"));
  CHECK(contains(codebook, "| `1` | tak |  |\n| `2` | nie |  |\n| `9` | nie wiem | tak |\n"));
  CHECK(contains(codebook, "| `9` | trudno powiedzieć | tak |  |\n"));
  // Filters.
  CHECK(contains(codebook, "### `export_share`\n\n- typ: `numeric`\n- zakres: 0 – 100\n- filtr (ask_if): `exporter == 1`\n"));
  CHECK(contains(codebook, "- wejście: kody w jednej kolumnie rozdzielone `|`\n"));
  CHECK_FALSE(contains(codebook, "### `contact`"));
}

TEST_CASE("codebook path next to a csv", "[export]") {
  using ankieta::exports::codebook_path_for;
  CHECK(codebook_path_for("data/firms.csv") == "data/firms.codebook.md");
  CHECK(codebook_path_for("FIRMS.CSV") == "FIRMS.codebook.md");
  CHECK(codebook_path_for("out/firms") == "out/firms.codebook.md");
  CHECK(codebook_path_for(".csv") == ".csv.codebook.md");
}
