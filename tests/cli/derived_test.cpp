// Derived variables end to end: `derived:` in a definition, computed from the stored answers, in
// freq, means and crosstab, against R survey on the API samples (expected values from
// tests/reference/r/make_derived_expected.R, in tests/reference/expected/derived.json), and the
// problems `validate` reports at their line and column.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "json_run.hpp"
#include "run_ankieta.hpp"

using namespace ankieta::testing;
using ankieta::test::Json;

namespace {

std::string reference(const std::string& relative) { return std::string(ANKIETA_TEST_DATA) + "/reference/" + relative; }

const std::string kStored =
    "id: api\n"
    "respondent_id: cds\n"
    "design:\n"
    "DESIGN"
    "sections:\n"
    "  - id: main\n"
    "    questions:\n"
    "      - {id: stype, type: single, options: [{value: \"E\", label: Elementary}, {value: \"H\", label: High}, {value: \"M\", label: Middle}]}\n"
    "      - {id: awards, type: single, options: [{value: \"No\", label: \"No\"}, {value: \"Yes\", label: \"Yes\"}]}\n"
    "      - {id: yr_rnd, column: yr.rnd, type: single, options: [{value: \"No\", label: \"No\"}, {value: \"Yes\", label: \"Yes\"}]}\n"
    "      - {id: api00, type: numeric}\n"
    "      - {id: enroll, type: numeric}\n"
    "      - {id: pw, type: numeric}\n"
    "      - {id: fpc, type: numeric}\n"
    "      - {id: dnum, type: numeric, integer: true}\n";

const std::string kDerived =
    "derived:\n"
    "  - id: innovator\n"
    "    label: {pl: Innowacyjna, en: Innovative}\n"
    "    options:\n"
    "      - {value: 1, label: 'Yes', if: 'awards == \"Yes\" or yr_rnd == \"Yes\"'}\n"
    "      - {value: 0, label: 'No', else: true}\n"
    "  - id: level\n"
    "    recode: stype\n"
    "    options:\n"
    "      - {value: 1, label: Primary, from: [E, M]}\n"
    "      - {value: 2, label: High, from: H}\n"
    "  - id: size_band\n"
    "    bands: enroll\n"
    "    breaks: [0, 300, 600, inf]\n"
    "  - id: per_pupil\n"
    "    compute: api00 / enroll\n";

std::string definition(const std::string& design, const std::string& derived) {
  std::string text = kStored;
  text.replace(text.find("DESIGN"), 6, design);
  return text + derived;
}

struct Design {
  const char* name;
  const char* data;
  const char* block;
};

}  // namespace

TEST_CASE("derived variables agree with R survey on the API designs", "[derived][reference]") {
  const Json expected_all = Json::load(reference("expected/derived.json"));
  for (const Design& design : {Design{"dstrat", "apistrat.csv", "  strata: stype\n  weight: pw\n  fpc: fpc\n"},
                               Design{"dclus1", "apiclus1.csv", "  clusters: [dnum]\n  weight: pw\n  fpc: fpc\n"}}) {
    INFO(design.name);
    const Json& expected = expected_all[design.name];
    TempDir dir;
    const std::string db = dir / "api.db";
    write_file(dir / "api.yaml", definition(design.block, kDerived));
    REQUIRE(run_ankieta({"init", dir / "api.yaml", "--db", db}).status == 0);
    REQUIRE(run_ankieta({"import", reference(std::string("data/") + design.data), "--ignore-extra", "--db", db}).status == 0);

    // A 0/1 from two conditions: svymean(~as.numeric(awards == "Yes" | yr.rnd == "Yes")).
    const Json innovator = run_json({"freq", "innovator", "--format", "json", "--db", db});
    const Json& yes = row_with(innovator["rows"], "value", "1");
    CHECK(yes["prop"].number() == Approx(expected["innovator"].numbers()[0]).epsilon(1e-9));
    CHECK(yes["prop_se"].number() == Approx(expected["innovator"].numbers()[1]).epsilon(1e-9));

    // A recode into fewer categories: svymean(~factor(ifelse(stype == "H", 2, 1))).
    const Json level = run_json({"freq", "level", "--format", "json", "--db", db});
    for (std::size_t code = 0; code < 2; ++code) {
      const Json& row = row_with(level["rows"], "value", std::to_string(code + 1));
      CHECK(row["prop"].number() == Approx(expected["level"].numbers()[2 * code]).epsilon(1e-9));
      CHECK(row["prop_se"].number() == Approx(expected["level"].numbers()[2 * code + 1]).epsilon(1e-9).margin(1e-12));
    }

    // Bands of a numeric: cut(enroll, c(0, 300, 600, Inf), right = FALSE).
    const Json bands = run_json({"freq", "size_band", "--format", "json", "--db", db});
    for (std::size_t band = 0; band < 3; ++band) {
      const Json& row = row_with(bands["rows"], "value", std::to_string(band + 1));
      CHECK(row["prop"].number() == Approx(expected["size_band"].numbers()[2 * band]).epsilon(1e-9));
      CHECK(row["prop_se"].number() == Approx(expected["size_band"].numbers()[2 * band + 1]).epsilon(1e-9));
    }
    CHECK(row_with(bands["rows"], "value", "3")["label"].str() == "[600, +inf)");

    // A computed number's mean: svymean(~I(api00 / enroll)).
    const Json means = run_json({"means", "per_pupil", "--format", "json", "--db", db});
    CHECK(means["rows"][0]["mean"].number() == Approx(expected["per_pupil"].numbers()[0]).epsilon(1e-9));
    CHECK(means["rows"][0]["mean_se"].number() == Approx(expected["per_pupil"].numbers()[1]).epsilon(1e-9));

    // A derived banner: svychisq(~stype + size_band, statistic = "F").
    const Json crosstab = run_json({"crosstab", "stype", "--by", "size_band", "--format", "json", "--db", db});
    const Json& f = row_with(crosstab["tests"], "name", "rao-scott-f");
    const std::vector<double> want = expected["rao_scott_f"].numbers();
    CHECK(f["statistic"].number() == Approx(want[0]).epsilon(1e-9));
    CHECK(f["df1"].number() == Approx(want[1]).epsilon(1e-9));
    CHECK(f["df2"].number() == Approx(want[2]).epsilon(1e-9));
    CHECK(f["p"].number() == Approx(want[3]).epsilon(1e-6));

    // --where and --by take derived variables too.
    const Json domain = run_json({"freq", "stype", "--where", "innovator == 1 and size_band >= 2", "--format", "json", "--db", db});
    CHECK(domain["base"]["n"].number() > 0);
    CHECK(domain["base"]["n"].number() < innovator["base"]["n"].number());
    const Json by = run_json({"means", "api00", "--by", "level", "--format", "json", "--db", db});
    CHECK(by["rows"].size() == 2);
  }
}

TEST_CASE("derived variables are not import columns and leave the stored answers as they are", "[derived]") {
  TempDir dir;
  const std::string db = dir / "api.db";
  write_file(dir / "api.yaml", definition("  weight: pw\n", kDerived));
  REQUIRE(run_ankieta({"init", dir / "api.yaml", "--db", db}).status == 0);
  // The file has no innovator, level, size_band or per_pupil column, and needs none.
  auto imported = run_ankieta({"import", reference("data/apisrs.csv"), "--ignore-extra", "--db", db});
  INFO(imported.err);
  REQUIRE(imported.status == 0);
  // Export writes the stored answers and, after them, the derived values computed from them.
  auto exported = run_ankieta({"export", "--format", "csv", "--out", dir / "out.csv", "--db", db});
  INFO(exported.err);
  REQUIRE(exported.status == 0);
  const std::string csv = read_file(dir / "out.csv");
  const std::string header = csv.substr(0, csv.find('\n'));
  CHECK(header.find("enroll,pw,fpc,dnum,innovator,level,size_band,per_pupil") != std::string::npos);

  // A file that carries derived columns (a spreadsheet made from an export) imports without
  // --ignore-extra: they are recomputed from the stored answers, never read.
  write_file(dir / "with_derived.csv",
             "cds,stype,awards,yr.rnd,api00,enroll,pw,fpc,dnum,level,per_pupil\n"
             "a1,E,Yes,No,700,350,30,6000,1,9,99\n"
             "a2,H,No,No,600,300,30,6000,1,,\n");
  const std::string again = dir / "again.db";
  REQUIRE(run_ankieta({"init", dir / "api.yaml", "--db", again}).status == 0);
  auto reimported = run_ankieta({"import", dir / "with_derived.csv", "--db", again});
  INFO(reimported.err);
  REQUIRE(reimported.status == 0);
  const Json means = run_json({"means", "per_pupil", "--format", "json", "--db", again});
  CHECK(means["rows"][0]["mean"].number() == Approx(2.0));  // (700/350 + 600/300) / 2, not the file's 99
  const Json level = run_json({"freq", "level", "--format", "json", "--db", again});
  CHECK(row_with(level["rows"], "value", "1")["n"].number() == 1);
  CHECK(row_with(level["rows"], "value", "2")["n"].number() == 1);
}

TEST_CASE("validate reports each problem of a derived variable at its line and column", "[derived]") {
  struct Case {
    const char* derived;
    const char* message;
  };
  // Line 16 is the first line after the stored definition ("derived:"), so entries start at 17.
  const Case cases[] = {
      {"derived:\n  - id: x\n    compute: api00 / later\n  - id: later\n    compute: api00 * 2\n",
       "api.yaml:18:22: 'later' is a derived variable defined later (line 19); a derived variable may use only stored "
       "variables and derived variables defined before it"},
      {"derived:\n  - id: x\n    compute: api00 + nothing\n",
       "api.yaml:18:22: in compute of 'x': unknown variable 'nothing'"},
      {"derived:\n  - id: x\n    compute: stype + 1\n",
       "api.yaml:18:14: in compute of 'x': cannot compute with categorical variable 'stype' (text codes): its codes are "
       "labels, not amounts; compare it with == or in, or recode it into a derived variable with scores"},
      {"derived:\n  - id: x\n    bands: enroll\n    breaks: [0, 600, 300]\n",
       "api.yaml:19:22: breaks must increase: 300 comes after 600; bands may neither overlap nor be out of order"},
      {"derived:\n  - id: x\n    recode: stype\n    options:\n      - {value: 1, from: [E, M]}\n",
       "api.yaml:18:13: recode 'x' leaves code H of 'stype' unmapped; add it to an option's from, or to blank"},
      {"derived:\n  - id: x\n    recode: stype\n    options:\n      - {value: 1, from: [E, M]}\n      - {value: 2, from: [M, H]}\n",
       "api.yaml:21:26: code 'M' of 'stype' is mapped twice (also at line 20)"},
      {"derived:\n  - id: x\n    recode: stype\n    options:\n      - {value: 1, from: [E, Q]}\n",
       "api.yaml:20:30: 'Q' is not a code of 'stype' (its codes are E, H, M)"},
      {"derived:\n  - id: x\n    bands: stype\n    breaks: [0, 1]\n",
       "api.yaml:18:12: bands apply to a numeric variable; 'stype' is not numeric: use recode to merge its codes"},
      {"derived:\n  - id: x\n    options:\n      - {value: 1, if: 'x == 1'}\n",
       "api.yaml:19:25: derived variable 'x' refers to itself"},
      {"derived:\n  - id: stype\n    compute: api00 * 2\n",
       "api.yaml:17:9: derived variable 'stype' has the name of a variable already defined at line 8; ids are compared without case"},
      {"derived:\n  - id: x\n",
       "api.yaml:17:9: derived variable 'x' needs one of recode, bands, compute, or options with if"},
  };
  for (const Case& test_case : cases) {
    INFO(test_case.derived);
    TempDir dir;
    write_file(dir / "api.yaml", definition("  weight: pw\n", test_case.derived));
    auto result = run_ankieta({"validate", dir / "api.yaml"});
    INFO(result.err);
    CHECK(result.status != 0);
    CHECK(result.err.find(test_case.message) != std::string::npos);
  }
}

TEST_CASE("a division by zero in a derived variable is counted in the notes and the JSON", "[derived]") {
  TempDir dir;
  const std::string db = dir / "api.db";
  // apisrs has three schools with 393 pupils: their gap divides by zero. The flag divides by zero
  // in its condition on the same three rows.
  write_file(dir / "api.yaml", definition("  weight: pw\n",
                                          "derived:\n"
                                          "  - id: gap\n"
                                          "    compute: api00 / (enroll - 393)\n"
                                          "  - id: flag\n"
                                          "    options:\n"
                                          "      - {value: 1, label: 'Yes', if: 'api00 / (enroll - 393) > 0'}\n"
                                          "      - {value: 0, label: 'No', else: true}\n"));
  REQUIRE(run_ankieta({"init", dir / "api.yaml", "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", reference("data/apisrs.csv"), "--ignore-extra", "--db", db}).status == 0);

  const Json means = run_json({"means", "gap", "--format", "json", "--db", db});
  CHECK(means["divisions_by_zero"]["gap"].number() == 3);
  CHECK(means["rows"][0]["n"].number() == 197);
  auto text = run_ankieta({"means", "gap", "--lang", "en", "--db", db});
  CHECK(text.out.find("gap: a division by zero gave a missing value (count: 3)") != std::string::npos);
  auto polish = run_ankieta({"means", "gap", "--lang", "pl", "--db", db});
  CHECK(polish.out.find("gap: dzielenie przez zero dało brak wartości (liczba: 3)") != std::string::npos);

  const Json freq = run_json({"freq", "flag", "--format", "json", "--db", db});
  CHECK(freq["divisions_by_zero"]["flag"].number() == 3);
  // A table without a division by zero says nothing of it.
  const Json plain = run_json({"means", "api00", "--format", "json", "--db", db});
  CHECK(plain.has("divisions_by_zero") == false);
}

TEST_CASE("the codebook and info list derived variables with how each is computed", "[derived]") {
  TempDir dir;
  const std::string db = dir / "api.db";
  write_file(dir / "api.yaml", definition("  weight: pw\n", kDerived));
  REQUIRE(run_ankieta({"init", dir / "api.yaml", "--db", db}).status == 0);
  REQUIRE(run_ankieta({"import", reference("data/apisrs.csv"), "--ignore-extra", "--db", db}).status == 0);
  auto codebook = run_ankieta({"codebook", "--lang", "en", "--db", db});
  INFO(codebook.err);
  REQUIRE(codebook.status == 0);
  const std::string& text = codebook.out;
  const auto heading = text.find("## Derived variables (`derived`)");
  REQUIRE(heading != std::string::npos);
  // Every derived variable comes after the heading, each with its rule.
  CHECK(text.find("`recode of stype: 1 from E, M; 2 from H`") > heading);
  CHECK(text.find("`bands of enroll (the codes below give each band)`") > heading);
  CHECK(text.find("`= api00 / enroll`") > heading);
  CHECK(text.find("`1 if awards == \"Yes\" or yr_rnd == \"Yes\"; 0 otherwise`") > heading);
  CHECK(text.find("| `[300, 600)` |") == std::string::npos);  // labels are labels, codes are codes
  CHECK(text.find("| `2` | [300, 600) |") > heading);

  // info counts the stored questions and lists the derived ones with the same rules.
  auto info = run_ankieta({"info", "--db", db});
  INFO(info.err);
  REQUIRE(info.status == 0);
  CHECK(info.out.find("questions:      8 in 1 sections, 8 stored variables") != std::string::npos);
  CHECK(info.out.find("derived:        4 variables computed from the stored answers") != std::string::npos);
  CHECK(info.out.find("level                        single   recode of stype: 1 from E, M; 2 from H") != std::string::npos);
  CHECK(info.out.find("per_pupil                    numeric  = api00 / enroll") != std::string::npos);
}
