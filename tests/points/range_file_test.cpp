// Range files by extension: .rng (any case) parses as RNG, everything else as RRNG.
#include <catch2/catch.hpp>

#include <string>

#include "points/range_file.h"

namespace {

hs::Bytes bytes_of(const std::string& text) { return hs::Bytes(text.begin(), text.end()); }

const std::string kRng = "1 1\nNi\nNi 0 1 0\n------- Ni\n. 57.8 58.2 0.01 1\n";
const std::string kRrng = "[Ions]\nNumber=1\nIon1=Ni\n[Ranges]\nNumber=1\nRange1=57.8 58.2 Vol:0.01 Ni:1 Color:00FF00\n";

}  // namespace

TEST_CASE("range file: names ending in rrng or rng are range files", "[range_file]") {
  CHECK(hs::is_range_file_name("run.rrng"));
  CHECK(hs::is_range_file_name("RUN.RRNG"));
  CHECK(hs::is_range_file_name("dir/run.Rng"));
  CHECK_FALSE(hs::is_range_file_name("run.pos"));
  CHECK_FALSE(hs::is_range_file_name("rng"));
  CHECK_FALSE(hs::is_range_file_name("run.rng.txt"));
}

TEST_CASE("range file: the extension picks the parser", "[range_file]") {
  auto rng = hs::memory_source(bytes_of(kRng), "a.RNG");
  auto parsed = hs::read_range_file(*rng);
  REQUIRE(parsed.ok());
  REQUIRE(parsed->table.ranges.size() == 1);
  CHECK(parsed->table.ions.at(parsed->table.ranges[0].ion_index).name == "Ni");

  auto rrng = hs::memory_source(bytes_of(kRrng), "a.rrng");
  parsed = hs::read_range_file(*rrng);
  REQUIRE(parsed.ok());
  CHECK(parsed->table.ranges.size() == 1);

  // RRNG text named .rng goes to the RNG parser and fails there, naming the file.
  auto wrong = hs::memory_source(bytes_of(kRrng), "wrong.rng");
  parsed = hs::read_range_file(*wrong);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().message.rfind("wrong.rng", 0) == 0);
}
