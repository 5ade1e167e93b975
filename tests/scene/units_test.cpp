// Nice steps and length labels, against hand-worked values.
#include <catch2/catch.hpp>

#include "scene/units.h"

TEST_CASE("units: nice steps round to 1-2-5 decades", "[units]") {
  CHECK(hs::nice_step_at_least(0.7) == Approx(1.0));
  CHECK(hs::nice_step_at_least(1.0) == Approx(1.0));
  CHECK(hs::nice_step_at_least(1.01) == Approx(2.0));
  CHECK(hs::nice_step_at_least(3.0) == Approx(5.0));
  CHECK(hs::nice_step_at_least(6.0) == Approx(10.0));
  CHECK(hs::nice_step_at_least(0.0021) == Approx(0.005));
  CHECK(hs::nice_step_at_least(2e5) == Approx(2e5));
  CHECK(hs::nice_step_at_most(0.7) == Approx(0.5));
  CHECK(hs::nice_step_at_most(1.99) == Approx(1.0));
  CHECK(hs::nice_step_at_most(2.0) == Approx(2.0));
  CHECK(hs::nice_step_at_most(9.9) == Approx(5.0));
  CHECK(hs::nice_step_at_most(123456) == Approx(1e5));
}

TEST_CASE("units: lengths are labelled with a fitting unit", "[units]") {
  CHECK(hs::format_length_nm(0.2) == "200 pm");
  CHECK(hs::format_length_nm(1) == "1 nm");
  CHECK(hs::format_length_nm(500) == "500 nm");
  CHECK(hs::format_length_nm(1500) == "1.5 µm");
  CHECK(hs::format_length_nm(2e4) == "20 µm");
  CHECK(hs::format_length_nm(5e6) == "5 mm");
  CHECK(hs::format_length_nm(3e9) == "3 m");
}
