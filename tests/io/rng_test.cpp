// RNG range files: hand-written Oak Ridge texts with CRLF, comments, commas and molecular ranges,
// malformed input, and a deterministic fuzz loop.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "apt_test_support.h"
#include "io/rng.h"

namespace {

using Composition = std::vector<hs::ElementCount>;
using hs::test::contains;
using hs::test::starts_with;

hs::RangeFile parse_ok(const std::string& text) {
  hs::Result<hs::RangeFile> file = hs::parse_rng(text, "t.rng");
  INFO((file.ok() ? std::string() : file.error().message));
  REQUIRE(file.ok());
  return *file;
}

std::string parse_error(const std::string& text) {
  hs::Result<hs::RangeFile> file = hs::parse_rng(text, "bad.rng");
  REQUIRE_FALSE(file.ok());
  return file.error().message;
}

// Ni and O columns; NiO as "1 1", O2 as "0 2".
const std::string kRngText =
    "2 5\r\n"
    "Nickel\r\n"
    "Ni 0.0 1.0 0.0\r\n"
    "Oxygen\r\n"
    "O 1.0 0.0 0.0\r\n"
    "------------------- Ni O\r\n"
    ". 28.9000 29.1000 0.01094 1 0\r\n"
    ". 57.8000 58.2000 0.01094 1 0\r\n"
    ". 15.9000 16.1000 0.01500 0 1\r\n"
    ". 36.9000 37.1000 0.02594 1 1\r\n"
    ". 31.9000 32.1000 0.03000 0 2\r\n";

}  // namespace

TEST_CASE("rng: ions, colours and molecular ranges with CRLF", "[rng][apt_io]") {
  const hs::RangeFile file = parse_ok(kRngText);
  CHECK(file.warnings.empty());
  const hs::RangeTable& t = file.table;
  REQUIRE(t.ions.size() == 4);
  CHECK(t.ions[0].name == "Ni");
  CHECK(t.ions[0].color == hs::RgbColor{0, 1, 0});
  CHECK(t.ions[1].name == "O");
  CHECK(t.ions[1].color == hs::RgbColor{1, 0, 0});
  CHECK(t.ions[2].name == "NiO");
  CHECK(t.ions[2].composition == Composition{{"Ni", 1}, {"O", 1}});
  CHECK(t.ions[2].color == hs::RgbColor{0, 1, 0});  // its first column's colour
  CHECK(t.ions[3].name == "O2");
  CHECK(t.ions[3].composition == Composition{{"O", 2}});
  REQUIRE(t.ranges.size() == 5);
  CHECK(t.ranges[0] == hs::MassRange{28.9, 29.1, 0, 0.01094});
  CHECK(t.ranges[2] == hs::MassRange{15.9, 16.1, 1, 0.015});
  CHECK(t.ranges[3] == hs::MassRange{36.9, 37.1, 2, 0.02594});
  CHECK(t.ranges[4] == hs::MassRange{31.9, 32.1, 3, 0.03});
  CHECK(hs::find_ion(t, 28.9) == 0u);
  CHECK_FALSE(hs::find_ion(t, 29.1).has_value());
}

TEST_CASE("rng: a listed molecular ion, commas, comments and blank lines", "[rng][apt_io]") {
  const std::string text =
      "# exported by hand\n"
      "3 3\n"
      "\n"
      "Nickel\nNi 0 1 0\n"
      "Oxygen\nO 1 0 0\n"
      "Nickel oxide\nNiO 0,5 0,5 0,25\n"
      "-------- Ni O NiO\n"
      ". 36,9 37,1 0,02594 0 0 1\n"
      ". 73,8 74,2 0,02594 1 1 0\n"  // same composition as the listed NiO
      ". 1 2 0 0 0 0\n";             // names no ion
  const hs::RangeFile file = parse_ok(text);
  const hs::RangeTable& t = file.table;
  REQUIRE(t.ions.size() == 3);
  CHECK(t.ions[2].name == "NiO");
  CHECK(t.ions[2].color == hs::RgbColor{0.5f, 0.5f, 0.25f});
  REQUIRE(t.ranges.size() == 2);
  CHECK(t.ranges[0] == hs::MassRange{36.9, 37.1, 2, 0.02594});
  CHECK(t.ranges[1].ion_index == 2);
  CHECK(t.ranges[1].low_da == 73.8);
  REQUIRE(file.warnings.size() == 1);
  CHECK(file.warnings[0] == "t.rng: line 13: the range names no ion; skipped");
}

TEST_CASE("rng: overlaps, clamped colours and trailing lines are warnings", "[rng][apt_io]") {
  const std::string text =
      "2 2\nNickel\nNi 0 1.5 0\nIron\nFe 1 0 0\n--- Ni Fe\n"
      ". 57.8 58.2 0 1 0\n"
      ". 58.0 58.5 0 0 1\n"
      "extra line\n";
  const hs::RangeFile file = parse_ok(text);
  REQUIRE(file.warnings.size() == 3);
  CHECK(file.warnings[0] == "t.rng: line 3: colour channel outside 0..1 clamped");
  CHECK(file.warnings[1] == "t.rng: line 9: 1 line(s) after the last range ignored");
  CHECK(file.warnings[2] ==
        "t.rng: ranges 1 (Ni, 57.8-58.2 Da) and 2 (Fe, 58-58.5 Da) overlap; masses in both count as Ni");
  CHECK(file.table.ions[0].color == hs::RgbColor{0, 1, 0});
  CHECK(hs::find_ion(file.table, 58.1) == 0u);
}

TEST_CASE("rng: malformed files are errors naming the file and line", "[rng][apt_io]") {
  const std::string head = "1 1\nNickel\nNi 0 1 0\n";
  CHECK(parse_error("") == "bad.rng: empty file");
  CHECK(parse_error("x 1\n") == "bad.rng: line 1: expected 'ions ranges' counts");
  CHECK(parse_error("1 1 1\n") == "bad.rng: line 1: expected 'ions ranges' counts");
  CHECK(parse_error(head + "--- Ni\n") ==
        "bad.rng: truncated: 1 ions and 1 ranges need 5 lines but the file has 4");
  CHECK(parse_error("1000 1000\n") ==
        "bad.rng: truncated: 1000 ions and 1000 ranges need 3002 lines but the file has 1");
  CHECK(parse_error("1 0\nNickel\nNi 0 1\n---- Ni\n") == "bad.rng: line 3: expected 'symbol r g b'");
  CHECK(parse_error("1 0\nNickel\nNi 0 one 0\n---- Ni\n") == "bad.rng: line 3: colour 'one' is not a number");
  CHECK(parse_error(head + "Ni\n. 1 2 0 1\n") ==
        "bad.rng: line 4: expected the '------ Ni O ...' column header");
  CHECK(parse_error(head + "--- Ni O\n. 1 2 0 1\n") == "bad.rng: line 4: 2 columns for 1 ions");
  CHECK(parse_error(head + "--- Fe\n. 1 2 0 1\n") == "bad.rng: line 4: column 'Fe' names no ion");
  CHECK(parse_error(head + "--- Ni\n1 2 0 1\n") ==
        "bad.rng: line 5: expected '. low high volume' and 1 counts");
  CHECK(parse_error(head + "--- Ni\n. 1 2 0 1 1\n") ==
        "bad.rng: line 5: expected '. low high volume' and 1 counts");
  CHECK(parse_error(head + "--- Ni\n. 1 x 0 1\n") == "bad.rng: line 5: low, high and volume must be numbers");
  CHECK(parse_error(head + "--- Ni\n. 2 1 0 1\n") ==
        "bad.rng: line 5: masses 2 to 1 are not a range with 0 <= low < high, or the volume is negative");
  CHECK(parse_error(head + "--- Ni\n. 1 2 0 -1\n") == "bad.rng: line 5: count '-1' is not 0..1000");
  CHECK(parse_error(head + "--- Ni\n. 1 2 0 1001\n") == "bad.rng: line 5: count '1001' is not 0..1000");
  CHECK(parse_error("2 1\nA\nNi 0 1 0\nB\nX 0 0 1\n--- Ni X\n. 1 2 0 1 1\n") ==
        "bad.rng: line 7: a molecular range uses ion 'X', which is no formula");
  const hs::Result<hs::RangeFile> huge = hs::parse_rng("70000 1\n", "big.rng");
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.error().code == hs::ErrorCode::limit);

  // Two of one column is a molecular ion too; zero ions and ranges is an empty table.
  const hs::RangeTable ni2 = parse_ok(head + "--- Ni\n. 1 2 0 2\n").table;
  REQUIRE(ni2.ions.size() == 2);
  CHECK(ni2.ions[1].name == "Ni2");
  CHECK(ni2.ranges[0].ion_index == 1);
  CHECK(parse_ok("0 0\n-----\n").table.ions.empty());
}

TEST_CASE("rng: mutated texts never crash the parser", "[rng][apt_io][fuzz]") {
  const std::string alphabet = "0123456789.,- \n\r\tNiO#x\x01\xff";
  hs::test::Lcg lcg(4242);
  int parsed = 0;
  for (int iteration = 0; iteration < 4000; ++iteration) {
    const std::string text = hs::test::mutate_text(kRngText, alphabet, lcg, 5, 6);
    const hs::Result<hs::RangeFile> file = hs::parse_rng(text, "fuzz.rng");
    if (!file.ok()) {
      REQUIRE(starts_with(file.error().message, "fuzz.rng: "));
      continue;
    }
    ++parsed;
    REQUIRE(hs::validate_range_table(file->table, "fuzz").ok());
  }
  CHECK(parsed > 0);
}
