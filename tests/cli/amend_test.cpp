// `ankieta amend`: a questionnaire that grows between waves. What may change (new questions asked
// from a later wave, options, missing codes, wording, derived variables), what is refused because
// the stored answers would change meaning or be lost (each refusal with its place and an unchanged
// database), and how the waves that did not ask a question show it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "json_run.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;

namespace {

const std::string kVersion1 =
    "id: firms\n"
    "version: 1\n"
    "respondent_id: id\n"
    "sections:\n"
    "  - id: main\n"
    "    questions:\n"
    "      - id: size\n"
    "        type: single\n"
    "        text: {pl: Wielkość, en: Size}\n"
    "        options:\n"
    "          - {value: 1, label: {pl: mała, en: small}}\n"
    "          - {value: 2, label: {pl: duża, en: large}}\n"
    "      - id: staff\n"
    "        type: numeric\n"
    "        text: {pl: Pracownicy, en: Employees}\n"
    "        missing: {999: {pl: odmowa, en: refused}}\n"
    "      - id: rating\n"
    "        type: scale\n"
    "        text: {pl: Ocena, en: Rating}\n"
    "        options:\n"
    "          - {value: 1, label: {pl: zła, en: bad}}\n"
    "          - {value: 2, label: {pl: dobra, en: good}}\n"
    "      - id: unused\n"
    "        type: text\n"
    "        text: {pl: Uwagi, en: Remarks}\n";

// Wave 2 asks whether the firm is a cluster member; "innovative" is derived from it.
const std::string kMember =
    "      - id: member\n"
    "        type: single\n"
    "        waves: 2+\n"
    "        text: {pl: Członek klastra, en: Cluster member}\n"
    "        options:\n"
    "          - {value: 1, label: {pl: tak, en: 'yes'}}\n"
    "          - {value: 2, label: {pl: nie, en: 'no'}}\n";
const std::string kDerivedMember =
    "derived:\n"
    "  - id: large_member\n"
    "    options:\n"
    "      - {value: 1, label: 'yes', if: 'size == 2 and member == 1'}\n"
    "      - {value: 0, label: 'no', else: true}\n";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string version2(const std::string& body = kVersion1) { return replaced(body, "version: 1\n", "version: 2\n"); }

struct WaveOneSurvey {
  TempDir dir;
  std::string db = dir / "s.db";
  WaveOneSurvey() {
    write_file(dir / "v1.yaml", kVersion1);
    REQUIRE(run_ankieta({"init", dir / "v1.yaml", "--db", db}).status == 0);
    write_file(dir / "w1.csv", "id,size,staff,rating,unused\nA,1,10,1,\nB,2,200,2,\nC,1,999,2,\nD,2,50,1,\n");
    auto imported = run_ankieta({"import", dir / "w1.csv", "--wave", "1", "--db", db});
    INFO(imported.err);
    REQUIRE(imported.status == 0);
  }
  RunResult amend(const std::string& definition, std::vector<std::string> extra = {}) {
    write_file(dir / "next.yaml", definition);
    std::vector<std::string> arguments = {"amend", dir / "next.yaml", "--db", db};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_ankieta(arguments);
  }
  // The amendment is refused with `message` and leaves the database byte for byte as it was.
  void require_refused(const std::string& definition, const std::string& message, std::vector<std::string> extra = {}) {
    const std::string before = read_file(db);
    auto result = amend(definition, extra);
    INFO(result.err);
    CHECK(result.status == 65);
    CHECK(result.err.find(message) != std::string::npos);
    CHECK(result.err.find("the database is unchanged") != std::string::npos);
    CHECK(read_file(db) == before);
  }
};

}  // namespace

TEST_CASE("amend: a question asked from wave 2 joins a database that holds wave 1", "[amend]") {
  WaveOneSurvey survey;
  const std::string next = version2(kVersion1 + kMember + kDerivedMember);
  auto dry = survey.amend(next, {"--dry-run"});
  INFO(dry.err);
  REQUIRE(dry.status == 0);
  CHECK(dry.out.find("new question member (single, asked in wave 2 and later)") != std::string::npos);
  CHECK(dry.out.find("new derived variable large_member") != std::string::npos);
  CHECK(run_json({"freq", "size", "--format", "json", "--db", survey.db})["base"]["n"].number() == 4);  // dry run changed nothing

  auto amended = survey.amend(next);
  INFO(amended.err);
  REQUIRE(amended.status == 0);
  CHECK(amended.err.find("amended to definition 2 (version 2)") != std::string::npos);
  auto again = survey.amend(next);
  CHECK(again.status == 0);
  CHECK(again.err.find("nothing to amend") != std::string::npos);

  // Wave 1's answers are all still there, and a wave-1 file without the new column imports.
  CHECK(run_json({"freq", "size", "--format", "json", "--db", survey.db})["base"]["n"].number() == 4);
  write_file(survey.dir / "w1b.csv", "id,size,staff,rating,unused\nE,1,5,2,\n");
  CHECK(run_ankieta({"import", survey.dir / "w1b.csv", "--wave", "1", "--db", survey.db}).status == 0);
  write_file(survey.dir / "w2.csv", "id,size,staff,rating,unused,member\nA,1,12,2,,1\nB,2,210,2,,1\nF,2,80,1,,2\n");
  auto wave2 = run_ankieta({"import", survey.dir / "w2.csv", "--wave", "2", "--db", survey.db});
  INFO(wave2.err);
  REQUIRE(wave2.status == 0);

  // Without --wave the latest wave is analysed, and the table says so.
  auto latest = run_json({"freq", "member", "--format", "json", "--db", survey.db});
  CHECK(latest["wave"].number() == 2);
  CHECK(latest["base"]["n"].number() == 3);
  CHECK(row_with(latest["rows"], "value", "1")["n"].number() == 2);
  auto text = run_ankieta({"freq", "size", "--lang", "en", "--db", survey.db});
  CHECK(text.out.find("wave 2 (the latest of 2; --wave N for another)") != std::string::npos);
  CHECK(run_json({"freq", "size", "--wave", "1", "--format", "json", "--db", survey.db})["base"]["n"].number() == 5);

  // Wave 1 did not ask it, nor the derived variable that reads it.
  for (const std::string name : {"member", "large_member"}) {
    auto refused = run_ankieta({"freq", name, "--wave", "1", "--db", survey.db});
    INFO(refused.err);
    CHECK(refused.status == 65);
    CHECK(refused.err.find("'" + name + "' is not asked in wave 1 (the definition asks it in wave 2 and later)") != std::string::npos);
  }
  auto derived = run_json({"freq", "large_member", "--format", "json", "--db", survey.db});
  CHECK(row_with(derived["rows"], "value", "1")["n"].number() == 1);  // B: large and a member

  // Each wave is weighted to its own frame: without --wave, weight asks for one.
  auto weight = run_ankieta({"weight", "--frame", survey.dir / "frame.csv", "--method", "poststratify", "--name", "f", "--db", survey.db});
  CHECK(weight.status == 2);
  CHECK(weight.err.find("holds waves 1, 2: weight one at a time, each to its own frame (add --wave 2)") != std::string::npos);

  // info: the definitions, which import was checked against which, and the waves.
  auto info = run_ankieta({"info", "--db", survey.db});
  INFO(info.out);
  CHECK(info.out.find("definition 2 of 2") != std::string::npos);
  CHECK(info.out.find("w1.csv wave 1: 4 read") != std::string::npos);
  CHECK(info.out.find("; definition 1\n") != std::string::npos);
  CHECK(info.out.find("w2.csv wave 2: 3 read, 3 loaded, 0 rejected, 0 skipped, 0 replaced") != std::string::npos);
  CHECK(info.out.find("wave 1: 5 respondents, 2 of them also in another wave") != std::string::npos);
  CHECK(info.out.find("wave 2: 3 respondents, 2 of them also in another wave") != std::string::npos);
  CHECK(info.out.find("asked in some waves only: member (wave 2 and later), large_member (wave 2 and later)") != std::string::npos);
  auto codebook = run_ankieta({"codebook", "--lang", "en", "--db", survey.db});
  CHECK(codebook.status == 0);
  CHECK(codebook.out.find("Versions of the definition (ankieta amend):") != std::string::npos);
  CHECK(codebook.out.find("2 (version 2, ") != std::string::npos);
  CHECK(codebook.out.find("asked only in: wave 2 and later") != std::string::npos);
  // Completion over both waves: the 5 wave-1 firms were not asked in their wave.
  CHECK(info.out.find("member                       single           3         0         0         0            5") != std::string::npos);
}

TEST_CASE("amend: changes that would change or lose stored answers are refused with their place", "[amend]") {
  WaveOneSurvey survey;
  // A new question that the stored wave did not ask, without saying so.
  std::string no_waves = version2(kVersion1 + replaced(kMember, "        waves: 2+\n", ""));
  survey.require_refused(no_waves, "next.yaml:26:9: question 'member' is new, but the 4 respondents of wave 1 were not asked it; "
                                   "say which waves ask it, e.g. 'waves: 2+'");
  // A question with answers taken out; a type change.
  survey.require_refused(version2(replaced(kVersion1, "      - id: rating\n        type: scale\n", "      - id: rating_gone\n        type: scale\n")),
                         "question 'rating' is not in the new definition but 4 respondents answered it");
  survey.require_refused(version2(replaced(kVersion1, "      - id: size\n        type: single\n", "      - id: size\n        type: multi\n")),
                         "next.yaml:7:9: question 'size' changes type from single to multi; its 4 stored answers would change meaning");
  // A code relabelled to another meaning, a score changed, a code with answers removed.
  const std::string relabelled = version2(replaced(kVersion1, "{pl: duża, en: large}", "{pl: średnia, en: medium}"));
  survey.require_refused(relabelled, "code 2 of 'size' would be relabelled from 'duża' to 'średnia', but 2 stored answers have it; "
                                     "pass --relabel if this only corrects the wording");
  survey.require_refused(version2(replaced(kVersion1, "{value: 2, label: {pl: dobra", "{value: 2, score: 5, label: {pl: dobra")),
                         "the score of code 2 of 'rating' would change from 2 to 5, but 2 stored answers have it");
  survey.require_refused(version2(replaced(kVersion1, "          - {value: 2, label: {pl: duża, en: large}}\n", "")),
                         "code 2 'duża' of 'size' is not in the new definition, but 2 stored answers have it");
  // A missing code that would turn a stored number into a missing value; one with answers removed.
  survey.require_refused(version2(replaced(kVersion1, "missing: {999: {pl: odmowa, en: refused}}", "missing: {999: odmowa, 200: nie wiem}")),
                         "question 'staff': 1 stored answers are the number 200, which the new missing code would turn into a missing value");
  survey.require_refused(version2(replaced(kVersion1, "        missing: {999: {pl: odmowa, en: refused}}\n", "")),
                         "missing code 999 'odmowa' of question 'staff' is not in the new definition, but 1 stored answers have it");
  // Limits that leave out stored answers, a new filter, a wave list that leaves out wave 1.
  survey.require_refused(version2(replaced(kVersion1, "        text: {pl: Pracownicy, en: Employees}\n",
                                           "        text: {pl: Pracownicy, en: Employees}\n        max: 100\n")),
                         "question 'staff': 'max: 100' leaves out 1 stored answers (the largest is 200)");
  survey.require_refused(version2(replaced(kVersion1, "        text: {pl: Ocena, en: Rating}\n",
                                           "        text: {pl: Ocena, en: Rating}\n        ask_if: size == 2\n")),
                         "the filter of question 'rating' changes from '(none)' to 'size == 2'");
  survey.require_refused(version2(replaced(kVersion1, "        text: {pl: Ocena, en: Rating}\n",
                                           "        text: {pl: Ocena, en: Rating}\n        waves: [2]\n")),
                         "question 'rating' would not be asked in wave 1 (wave 2), but 4 respondents of that wave answered it");
  // Another survey's definition; several problems are all listed.
  survey.require_refused(replaced(kVersion1, "id: firms\n", "id: schools\n"), "this database holds the survey 'firms'; the definition is of 'schools'");
  const std::string before = read_file(survey.db);
  auto several = survey.amend(relabelled + replaced(kMember, "        waves: 2+\n", ""));
  CHECK(several.status == 65);
  CHECK(several.err.find("not amended (2 problems)") != std::string::npos);
  CHECK(read_file(survey.db) == before);
}

TEST_CASE("amend: what touches no stored answer is accepted, and --relabel accepts a wording fix", "[amend]") {
  WaveOneSurvey survey;
  // The text question nobody answered can go; an option and a missing code can be added; a
  // question's wording can change; an unused code can be relabelled without --relabel.
  std::string next = version2(replaced(kVersion1, "      - id: unused\n        type: text\n        text: {pl: Uwagi, en: Remarks}\n", ""));
  next = replaced(next, "          - {value: 2, label: {pl: duża, en: large}}\n",
                  "          - {value: 2, label: {pl: duża, en: large}}\n          - {value: 3, label: {pl: średnia, en: medium}}\n"
                  "        missing: {9: {pl: nie wiem, en: \"don't know\"}}\n");
  next = replaced(next, "{pl: Ocena, en: Rating}", "{pl: Ocena ogólna, en: Overall rating}");
  auto amended = survey.amend(next);
  INFO(amended.err);
  REQUIRE(amended.status == 0);
  CHECK(amended.err.find("question unused removed (it held no answers)") != std::string::npos);
  CHECK(amended.err.find("size: new code 3 'średnia'") != std::string::npos);
  CHECK(amended.err.find("size: new missing code 9 'nie wiem'") != std::string::npos);
  CHECK(amended.err.find("question rating: wording changed") != std::string::npos);
  auto size = run_json({"freq", "size", "--format", "json", "--db", survey.db});
  CHECK(size["base"]["n"].number() == 4);
  CHECK(row_with(size["rows"], "value", "3")["n"].number() == 0);
  CHECK(row_with(size["rows"], "value", "2")["n"].number() == 2);
  CHECK(run_ankieta({"freq", "unused", "--db", survey.db}).status != 0);

  // A wording fix of a code with answers needs --relabel.
  std::string fix = replaced(next, "version: 2\n", "version: 3\n");
  fix = replaced(fix, "{pl: duża, en: large}", "{pl: duża firma, en: large firm}");
  auto refused = survey.amend(fix);
  CHECK(refused.status == 65);
  auto relabelled = survey.amend(fix, {"--relabel"});
  INFO(relabelled.err);
  REQUIRE(relabelled.status == 0);
  auto after = run_json({"freq", "size", "--lang", "en", "--format", "json", "--db", survey.db});
  CHECK(row_with(after["rows"], "value", "2")["label"].str() == "large firm");
  auto info = run_ankieta({"info", "--db", survey.db});
  CHECK(info.out.find("definition 3 of 3") != std::string::npos);
  CHECK(info.out.find("size: code 2 relabelled 'duża firma'") != std::string::npos);
}

TEST_CASE("amend: bad arguments and definitions leave the database as it was", "[amend]") {
  WaveOneSurvey survey;
  const std::string before = read_file(survey.db);
  auto invalid = survey.amend("id: firms\nrespondent_id: id\nsections: 3\n");
  CHECK(invalid.status == 65);
  CHECK(invalid.err.find("next.yaml:3:") != std::string::npos);
  auto missing = run_ankieta({"amend", survey.dir / "nope.yaml", "--db", survey.db});
  CHECK(missing.status == 66);
  write_file(survey.dir / "valid.yaml", version2());
  auto no_db = run_ankieta({"amend", survey.dir / "valid.yaml", "--db", survey.dir / "none.db"});
  CHECK(no_db.status == 66);
  auto bad_option = run_ankieta({"amend", survey.dir / "next.yaml", "--relabel=maybe", "--db", survey.db});
  CHECK(bad_option.status == 2);
  CHECK(read_file(survey.db) == before);
  // A derived variable of questions that no wave asks together could never have a value.
  const std::string apart = kVersion1 + kMember + replaced(replaced(kMember, "member", "exporter"), "waves: 2+", "waves: [1]") +
                            kDerivedMember +
                            "  - id: both\n    options:\n      - {value: 1, label: 'yes', if: 'member == 1 and exporter == 1'}\n";
  write_file(survey.dir / "apart.yaml", apart);
  auto never = run_ankieta({"validate", survey.dir / "apart.yaml"});
  CHECK(never.status == 65);
  CHECK(never.err.find("derived variable 'both' reads questions that no wave asks together") != std::string::npos);
  auto help = run_ankieta({"amend", "--help"});
  CHECK(help.status == 0);
  CHECK(help.out.find("--relabel") != std::string::npos);
}

TEST_CASE("amend: the bundled survey gains a grid item and reads a multi as 0/1 columns, and its weight set stays in use", "[amend]") {
  auto source = [](const std::string& relative) { return std::string(ANKIETA_SOURCE_DIR) + "/" + relative; };
  TempDir dir;
  const std::string db = dir / "s.db";
  REQUIRE(run_ankieta({"init", source("questionnaires/podlasie-metal/questionnaire.yaml"), "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", source("data/sample.csv"), "--db", db}).status == 0);
  REQUIRE(run_ankieta({"weight", "--frame", source("data/frame.csv"), "--method", "poststratify", "--name", "frame", "--db", db}).status == 0);
  const std::string before = run_ankieta({"freq", "q04_exporter", "--format", "json", "--db", db}).out;

  std::string next = version2(read_file(source("questionnaires/podlasie-metal/questionnaire.yaml")));
  next = replaced(next, "        input: delimited\n        separator: \"|\"\n", "        input: columns\n");
  next = replaced(next, "          - {id: info, text:", "          - {id: pupils, text: {pl: \"promocja branży wśród uczniów\", en: promotion among pupils}}\n          - {id: info, text:");
  write_file(dir / "next.yaml", next);
  auto amended = run_ankieta({"amend", dir / "next.yaml", "--db", db});
  INFO(amended.err);
  REQUIRE(amended.status == 0);
  CHECK(amended.err.find("question q14_prod_barriers: 8 variables read from other columns, e.g. 'q14_prod_barriers_1' (was 'q14_prod_barriers')") != std::string::npos);
  CHECK(amended.err.find("question q26_cluster_benefits: new item q26_cluster_benefits_pupils") != std::string::npos);
  // The weights and every stored answer are as they were: the same table, weight set and all.
  auto after = run_ankieta({"freq", "q04_exporter", "--format", "json", "--db", db});
  CHECK(after.status == 0);
  CHECK(after.out == before);
  CHECK(after.out.find("\"weight\":\"frame\"") != std::string::npos);
  auto item = run_json({"freq", "q26_cluster_benefits_pupils", "--format", "json", "--db", db});
  CHECK(item["base"]["n"].number() == 0);
  CHECK(item["base"]["all_n"].number() == 300);
}
