// RRNG range files: hand-written IVAS-style texts (CRLF, comments, commas, molecular ions, Name:
// form), overlaps, malformed input, write -> read round trips, and a deterministic fuzz loop.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "apt_test_support.h"
#include "io/rrng.h"

namespace {

using Composition = std::vector<hs::ElementCount>;
using hs::test::contains;
using hs::test::starts_with;

hs::RangeFile parse_ok(const std::string& text) {
  hs::Result<hs::RangeFile> file = hs::parse_rrng(text, "t.rrng");
  INFO((file.ok() ? std::string() : file.error().message));
  REQUIRE(file.ok());
  return *file;
}

std::string parse_error(const std::string& text) {
  hs::Result<hs::RangeFile> file = hs::parse_rrng(text, "bad.rrng");
  REQUIRE_FALSE(file.ok());
  return file.error().message;
}

hs::RgbColor rgb255(int r, int g, int b) {
  return {static_cast<float>(r) / 255.0f, static_cast<float>(g) / 255.0f, static_cast<float>(b) / 255.0f};
}

// IVAS style: elements in [Ions], molecular ions only as element counts in [Ranges].
const std::string kIvasText =
    "# NMC cathode, ranged by hand\r\n"
    "[Ions]\r\n"
    "Number=2\r\n"
    "Ion1=Ni\r\n"
    "Ion2=O\r\n"
    "\r\n"
    "[Ranges]\r\n"
    "Number=5\r\n"
    "Range1=28.9000 29.1000 Vol:0.01094 Ni:1 Color:00FF00\r\n"
    "Range2=57.8000 58.2000 Vol:0.01094 Ni:1 Color:00FF00\r\n"
    "Range3=15.9000 16.1000 Vol:0.01500 O:1 Color:FF0000\r\n"
    "# the molecular ones\r\n"
    "Range4=36.9000 37.1000 Vol:0.02594 Ni:1 O:1 Color:0000ff\r\n"
    "Range5=31.9000 32.1000 Vol:0.03000 O:2 Color:FF8000\r\n";

}  // namespace

TEST_CASE("rrng: IVAS text with CRLF, comments and molecular ions", "[rrng][apt_io]") {
  const hs::RangeFile file = parse_ok(kIvasText);
  CHECK(file.warnings.empty());
  const hs::RangeTable& t = file.table;
  REQUIRE(t.ions.size() == 4);
  CHECK(t.ions[0].name == "Ni");
  CHECK(t.ions[0].composition == Composition{{"Ni", 1}});
  CHECK(t.ions[0].color == rgb255(0, 255, 0));
  CHECK(t.ions[1].name == "O");
  CHECK(t.ions[1].color == rgb255(255, 0, 0));
  CHECK(t.ions[2].name == "NiO");
  CHECK(t.ions[2].composition == Composition{{"Ni", 1}, {"O", 1}});
  CHECK(t.ions[2].color == rgb255(0, 0, 255));
  CHECK(t.ions[3].name == "O2");
  CHECK(t.ions[3].composition == Composition{{"O", 2}});
  CHECK(t.ions[3].color == rgb255(255, 128, 0));

  REQUIRE(t.ranges.size() == 5);
  CHECK(t.ranges[0] == hs::MassRange{28.9, 29.1, 0, 0.01094});
  CHECK(t.ranges[1] == hs::MassRange{57.8, 58.2, 0, 0.01094});
  CHECK(t.ranges[2] == hs::MassRange{15.9, 16.1, 1, 0.015});
  CHECK(t.ranges[3] == hs::MassRange{36.9, 37.1, 2, 0.02594});
  CHECK(t.ranges[4] == hs::MassRange{31.9, 32.1, 3, 0.03});

  // Edges: low inclusive, high exclusive.
  CHECK(hs::find_ion(t, 57.8) == 0u);
  CHECK_FALSE(hs::find_ion(t, 58.2).has_value());
  CHECK(hs::find_ion(t, 37.0) == 2u);
}

TEST_CASE("rrng: commas, any case, Name: form and unknown fields", "[rrng][apt_io]") {
  const std::string text =
      "[ions]\n"
      "number = 2\n"
      "ION1 = Li\n"
      "ion2=Unknown\n"
      "[RANGES]\n"
      "NUMBER=4\n"
      "range1=6,9 7,1 vol:0,02 name:Li color:ff00FF\n"
      "Range2=42,816 43,311 vol:0,04543 Al:1 O:1 Name: AlO Color:00FFFF\n"
      "Range3=1 1,5 Vol:0 Name:Unknown Color:zzzzzz Charge:1 junk\n"
      "Range4=2,5 3,5 Vol:0 Name:Unknown O:1\n"
      "[Extra]\n"
      "anything at all\n";
  const hs::RangeFile file = parse_ok(text);
  const hs::RangeTable& t = file.table;
  REQUIRE(t.ions.size() == 3);
  CHECK(t.ions[0].name == "Li");
  CHECK(t.ions[0].color == rgb255(255, 0, 255));
  CHECK(t.ions[1].name == "Unknown");
  CHECK(t.ions[1].composition == Composition{{"O", 1}});  // from Range4's element counts
  CHECK(t.ions[2].name == "AlO");
  CHECK(t.ions[2].composition == Composition{{"Al", 1}, {"O", 1}});
  REQUIRE(t.ranges.size() == 4);
  CHECK(t.ranges[0] == hs::MassRange{6.9, 7.1, 0, 0.02});
  CHECK(t.ranges[1] == hs::MassRange{42.816, 43.311, 2, 0.04543});
  CHECK(t.ranges[2].ion_index == 1);
  CHECK(t.ranges[3].ion_index == 1);
  // Three ignored things: the colour, "Charge:1" and "junk".
  REQUIRE(file.warnings.size() == 3);
  CHECK(starts_with(file.warnings[0], "t.rrng: line 9: colour 'zzzzzz'"));
  CHECK(contains(file.warnings[1], "'Charge:1' ignored"));
  CHECK(contains(file.warnings[2], "'junk' ignored"));
}

TEST_CASE("rrng: overlapping ranges are warnings and the first range wins", "[rrng][apt_io]") {
  const std::string text =
      "[Ions]\nNumber=2\nIon1=Ni\nIon2=Fe\n"
      "[Ranges]\nNumber=3\n"
      "Range1=57.8 58.2 Vol:0.01 Ni:1 Color:00FF00\n"
      "Range2=58.0 58.5 Vol:0.01 Fe:1 Color:FF0000\n"
      "Range3=58.5 59.0 Vol:0.01 Fe:1 Color:0000FF\n";  // touches Range2: no overlap
  const hs::RangeFile file = parse_ok(text);
  REQUIRE(file.warnings.size() == 2);
  CHECK(file.warnings[0] ==
        "t.rrng: line 9: colour 0000FF differs from ion Fe's earlier colour FF0000; kept the earlier");
  CHECK(file.warnings[1] ==
        "t.rrng: ranges 1 (Ni, 57.8-58.2 Da) and 2 (Fe, 58-58.5 Da) overlap; masses in both count as Ni");
  CHECK(hs::find_ion(file.table, 58.1) == 0u);
  CHECK(hs::find_ion(file.table, 58.2) == 1u);
}

TEST_CASE("rrng: write then read gives the same table", "[rrng][apt_io]") {
  SECTION("a table read from IVAS text") {
    const hs::RangeTable table = parse_ok(kIvasText).table;
    const hs::Result<std::string> text = hs::write_rrng(table, "out.rrng");
    REQUIRE(text.ok());
    CHECK(contains(*text, "Range4=36.9000 37.1000 Vol:0.02594 Ni:1 O:1 Name:NiO Color:0000FF\r\n"));
    const hs::RangeFile again = parse_ok(*text);
    CHECK(again.warnings.empty());
    CHECK(again.table == table);
  }
  SECTION("a table built in code with awkward numbers and names") {
    hs::RangeTable table;
    for (const char* name : {"Ni++", "Unknown", "LiMn2O4", "H"})
      table.ions.push_back(hs::ion_from_name(name));
    table.ions[0].color = hs::RgbColor{1.0f, 0.0f, 0.2f};
    table.ions[1].color = hs::RgbColor{0.2f, 0.4f, 0.6f};  // 51, 102, 153 of 255
    table.ions[2].color = hs::RgbColor{0.0f, 1.0f / 255.0f, 1.0f};
    table.ranges = {{1.0 / 3.0, 0.5, 2, 1e-5},
                    {29.0, 29.25, 0, 0.0},
                    {100.123456789012, 100.2, 1, 0.0123456789},
                    {0.0, 1e-3, 2, 0.0}};
    table.ions[3].color = hs::RgbColor{};  // no ranges: its colour stays the default
    const hs::Result<std::string> text = hs::write_rrng(table, "out.rrng");
    REQUIRE(text.ok());
    const hs::RangeFile again = parse_ok(*text);
    CHECK(again.table == table);
  }
}

TEST_CASE("rrng: write refuses tables that would not read back", "[rrng][apt_io]") {
  hs::RangeTable table;
  table.ions = {hs::ion_from_name("Ni"), hs::ion_from_name("Ni O")};
  table.ranges = {{1, 2, 0, 0}};
  const hs::Result<std::string> spaced = hs::write_rrng(table, "out.rrng");
  REQUIRE_FALSE(spaced.ok());
  CHECK(starts_with(spaced.error().message, "out.rrng: ion 2 'Ni O': "));
  table.ions[1].name = "Ni";
  CHECK(contains(hs::write_rrng(table, "out.rrng").error().message, "used twice"));
  table.ions[1].name = "a:b";
  CHECK_FALSE(hs::write_rrng(table, "out.rrng").ok());
  table.ions[1].name = "";
  CHECK_FALSE(hs::write_rrng(table, "out.rrng").ok());
  table.ions[1].name = "O";
  CHECK(hs::write_rrng(table, "out.rrng").ok());
  table.ranges[0].ion_index = 5;
  CHECK(starts_with(hs::write_rrng(table, "out.rrng").error().message, "out.rrng: range 1 points at ion 6"));
}

TEST_CASE("rrng: malformed files are errors naming the file and line", "[rrng][apt_io]") {
  const std::string ions = "[Ions]\nNumber=1\nIon1=Ni\n";
  CHECK(parse_error(ions) == "bad.rrng: no [Ranges] section");
  CHECK(parse_error(ions + "[Ranges]\nNumber=2\nRange1=1 2 Ni:1\n") ==
        "bad.rrng: [Ranges]: Number=2 but 1 entries are listed");
  CHECK(parse_error(ions + "[Ranges]\nRange1=1 2 Ni:1\nRange1=3 4 Ni:1\n") ==
        "bad.rrng: line 6: entry 1 appears twice");
  CHECK(parse_error(ions + "[Ranges]\nRange1=1 2 Ni:1\nRange3=3 4 Ni:1\n") ==
        "bad.rrng: line 6: entry 2 is missing (found 3)");
  CHECK(parse_error(ions + "[Ranges]\nRange0=1 2 Ni:1\n") ==
        "bad.rrng: line 5: Range0: entries are numbered from 1");
  CHECK(parse_error(ions + "[Ranges]\nRange1=2 1 Ni:1\n") ==
        "bad.rrng: line 5: masses 2 to 1 are not a range with 0 <= low < high");
  CHECK(parse_error(ions + "[Ranges]\nRange1=-1 1 Ni:1\n") ==
        "bad.rrng: line 5: masses -1 to 1 are not a range with 0 <= low < high");
  CHECK(parse_error(ions + "[Ranges]\nRange1=1 Ni:1\n") ==
        "bad.rrng: line 5: expected the low and high mass of the range first");
  CHECK(parse_error(ions + "[Ranges]\nRange1=1 2 Vol:0.1\n") ==
        "bad.rrng: line 5: the range names no ion (no Name: and no element counts)");
  CHECK(parse_error(ions + "[Ranges]\nRange1=1 2 Ni:0\n") ==
        "bad.rrng: line 5: element count Ni:0 is not 1..1000");
  CHECK(parse_error(ions + "[Ranges]\nRange1=1 2 Ni:x\n") ==
        "bad.rrng: line 5: element count Ni:x is not 1..1000");
  CHECK(parse_error(ions + "[Ranges]\nRange1=1 2 Vol:-1 Ni:1\n") ==
        "bad.rrng: line 5: Vol:-1 is not a volume");
  CHECK(parse_error(ions + "[Ranges]\nRange1=1 2 Ni:600 Ni:600\n") == "bad.rrng: line 5: too many Ni atoms");
  CHECK(parse_error(ions + "[Ranges]\nNumber=1\nNumber=1\n") == "bad.rrng: line 6: second Number=");
  CHECK(parse_error(ions + "[Ranges]\nNumber=x\n") == "bad.rrng: line 5: Number=x is not a count");
  CHECK(parse_error(ions + "[Ranges]\njust words\n") == "bad.rrng: line 5: expected key=value");
  CHECK(parse_error(ions + "[Ranges\n") == "bad.rrng: line 4: section header without ']'");
  CHECK(parse_error(ions + ions + "[Ranges]\n") == "bad.rrng: line 4: second [Ions] section");
  CHECK(parse_error("[Ions]\nIon1=\n[Ranges]\n") == "bad.rrng: line 2: ion without a name");
  const hs::Result<hs::RangeFile> huge = hs::parse_rrng("[Ranges]\nNumber=999999\n", "big.rrng");
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.error().code == hs::ErrorCode::limit);
  // Control characters from the file are escaped in messages.
  CHECK(parse_error(ions + "[Ranges]\nNumber=\x1b[31m\n") ==
        "bad.rrng: line 5: Number=\\x1B[31m is not a count");

  // An empty [Ranges] section is a valid, empty table; text before any section is a warning.
  const hs::RangeFile empty = parse_ok("stray\n[Ranges]\nNumber=0\n");
  CHECK(empty.table.ranges.empty());
  REQUIRE(empty.warnings.size() == 1);
  CHECK(empty.warnings[0] == "t.rrng: line 1: text outside any section ignored");
}

TEST_CASE("rrng: mutated texts never crash the parser", "[rrng][apt_io][fuzz]") {
  const std::string alphabet = "0123456789.,:=[]#\n\r -NiOColrVamRneg+\t\x01\xff";
  hs::test::Lcg lcg(777);
  int parsed = 0;
  for (int iteration = 0; iteration < 4000; ++iteration) {
    const std::string text = hs::test::mutate_text(kIvasText, alphabet, lcg, 6, 8);
    const hs::Result<hs::RangeFile> file = hs::parse_rrng(text, "fuzz.rrng");
    if (!file.ok()) {
      REQUIRE(starts_with(file.error().message, "fuzz.rrng: "));
      continue;
    }
    ++parsed;
    REQUIRE(hs::validate_range_table(file->table, "fuzz").ok());
  }
  CHECK(parsed > 0);
}

TEST_CASE("rrng: volumes and masses beyond physical bounds are errors (found by fuzzing)", "[rrng]") {
  // Vol:1e88 used to parse, and the writer then printed a 130-digit number the parser refused.
  const std::string huge_volume = "[Ions]\nNumber=1\nIon1=Ni\n[Ranges]\nNumber=1\nRange1=29.2 29.6 Vol:0.01e090 Ni:1\n";
  auto volume = hs::parse_rrng(huge_volume, "v.rrng");
  REQUIRE_FALSE(volume.ok());
  CHECK_THAT(volume.error().message, Catch::Contains("v.rrng") && Catch::Contains("not an atomic volume"));
  const std::string huge_mass = "[Ions]\nNumber=1\nIon1=Ni\n[Ranges]\nNumber=1\nRange1=29.2 2e6 Vol:0.01 Ni:1\n";
  auto mass = hs::parse_rrng(huge_mass, "m.rrng");
  REQUIRE_FALSE(mass.ok());
  CHECK_THAT(mass.error().message, Catch::Contains("m.rrng"));
}
