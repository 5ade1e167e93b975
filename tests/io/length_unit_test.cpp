// Unit names from ImageJ and EMD metadata map to nanometres; anything else is refused.
#include <catch2/catch.hpp>

#include "io/length_unit.h"

TEST_CASE("length units: spellings used by ImageJ, tifffile and EMD", "[length_unit]") {
  CHECK(hs::length_unit_nm("nm") == 1.0);
  CHECK(hs::length_unit_nm("[n_m]") == 1.0);  // tomviz EMD
  CHECK(hs::length_unit_nm("nanometers") == 1.0);
  CHECK(hs::length_unit_nm("micron") == 1000.0);  // ImageJ
  CHECK(hs::length_unit_nm("microns") == 1000.0);
  CHECK(hs::length_unit_nm("um") == 1000.0);
  CHECK(hs::length_unit_nm("\xc2\xb5m") == 1000.0);  // µm, U+00B5
  CHECK(hs::length_unit_nm("\xce\xbcm") == 1000.0);  // μm, U+03BC
  CHECK(hs::length_unit_nm("\\u00B5m") == 1000.0);   // ImageJ's escaped form
  CHECK(hs::length_unit_nm("[u_m]") == 1000.0);
  CHECK(hs::length_unit_nm(" mm ") == 1e6);
  CHECK(hs::length_unit_nm("cm") == 1e7);
  CHECK(hs::length_unit_nm("m") == 1e9);
  CHECK(hs::length_unit_nm("A") == 0.1);
  CHECK(hs::length_unit_nm("\xc3\x85") == 0.1);  // Å
  CHECK(hs::length_unit_nm("Angstroms") == 0.1);
  CHECK(hs::length_unit_nm("pm") == 0.001);
}

TEST_CASE("length units: non-length units give nothing", "[length_unit]") {
  CHECK_FALSE(hs::length_unit_nm(""));
  CHECK_FALSE(hs::length_unit_nm("pixel"));
  CHECK_FALSE(hs::length_unit_nm("inch"));
  CHECK_FALSE(hs::length_unit_nm("[deg]"));
  CHECK_FALSE(hs::length_unit_nm("ms"));
  CHECK_FALSE(hs::length_unit_nm("nmm"));
}
