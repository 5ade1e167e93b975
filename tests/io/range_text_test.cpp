// Range-file text helpers: line splitting (LF, CRLF, CR, BOM, comments), fields, decimals with
// either radix, counts, and the file size limit.
#include <catch2/catch.hpp>

#include <clocale>
#include <string>
#include <vector>

#include "apt_test_support.h"
#include "io/range_text.h"

TEST_CASE("range text: lines keep their numbers across line-ending styles", "[range_text][apt_io]") {
  const std::string text = "\xEF\xBB\xBF[Ions]\r\n  Number=1 \r\n\r\n# comment\n\tIon1=Ni\rlast";
  const std::vector<hs::TextLine> lines = hs::content_lines(text);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].number == 1);
  CHECK(lines[0].text == "[Ions]");
  CHECK(lines[1].number == 2);
  CHECK(lines[1].text == "Number=1");
  CHECK(lines[2].number == 5);
  CHECK(lines[2].text == "Ion1=Ni");
  CHECK(lines[3].number == 6);
  CHECK(lines[3].text == "last");
  CHECK(hs::content_lines("").empty());
  CHECK(hs::content_lines("\n\r\n\r").empty());
  CHECK(hs::line_prefix("a.rng", lines[2]) == "a.rng: line 5: ");
}

TEST_CASE("range text: fields split on runs of spaces and tabs", "[range_text][apt_io]") {
  CHECK(hs::split_fields("  a \t b  c ") == std::vector<std::string_view>{"a", "b", "c"});
  CHECK(hs::split_fields("").empty());
  CHECK(hs::split_fields(" \t ").empty());
  CHECK(hs::trim(" \t x y \t") == "x y");
}

TEST_CASE("range text: decimals accept '.' or ',' whatever the C locale", "[range_text][apt_io]") {
  CHECK(hs::parse_decimal("28.9") == 28.9);
  CHECK(hs::parse_decimal("28,9") == 28.9);
  CHECK(hs::parse_decimal("-0,5") == -0.5);
  CHECK(hs::parse_decimal("+3") == 3.0);
  CHECK(hs::parse_decimal(".25") == 0.25);
  CHECK(hs::parse_decimal("7.") == 7.0);
  CHECK(hs::parse_decimal("1,5e2") == 150.0);
  CHECK(hs::parse_decimal("3E-2") == 0.03);
  CHECK(hs::parse_decimal("0.010940") == 0.01094);
  CHECK(hs::parse_decimal("1e-400") == 0.0);
  for (const char* bad : {"", "-", ".", ",", "1.2.3", "1,2.3", "1e", "1e+", "e5", "abc", "1x", "0x10", "1 2",
                          "1e400", "nan", "inf", "--1"}) {
    INFO(bad);
    CHECK_FALSE(hs::parse_decimal(bad).has_value());
  }
  CHECK_FALSE(hs::parse_decimal(std::string(65, '1')).has_value());
  // A process that switched to a locale with a comma radix still reads '.'.
  if (std::setlocale(LC_NUMERIC, "de_DE.UTF-8") != nullptr) {
    CHECK(hs::parse_decimal("28.9") == 28.9);
    std::setlocale(LC_NUMERIC, "C");
  }

  CHECK(hs::parse_count("0") == 0u);
  CHECK(hs::parse_count("123456789") == 123456789u);
  for (const char* bad : {"", "-1", "+1", "1.0", "1234567890", " 1", "a"}) {
    INFO(bad);
    CHECK_FALSE(hs::parse_count(bad).has_value());
  }
}

TEST_CASE("range text: files larger than the limit are refused before reading", "[range_text][apt_io]") {
  hs::test::FakeSource huge("big.rrng", hs::kMaxRangeFileBytes + 1, hs::kMaxRangeFileBytes + 1);
  const hs::Result<std::string> text = hs::read_range_text(huge);
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().code == hs::ErrorCode::limit);
  CHECK(text.error().message.rfind("big.rrng: ", 0) == 0);
  CHECK(huge.reads == 0);

  auto small = hs::memory_source({'a', '\n', 'b'}, "s.rng");
  CHECK(hs::read_range_text(*small).value() == "a\nb");
}
