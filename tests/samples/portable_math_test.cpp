// Portable logarithm and cube root: known values, agreement with libm within a few ulp over many
// magnitudes (libm is the reference here, not a source of bytes), and exact special cases.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

#include "samples/portable_math.h"

namespace {

// |a - b| in units of the last place of b.
double ulps(double a, double b) { return std::abs(a - b) / (std::nextafter(std::abs(b), INFINITY) - std::abs(b)); }

}  // namespace

TEST_CASE("portable_log: known values", "[samples][portable-math]") {
  CHECK(hs::portable_log(1.0) == 0.0);
  CHECK(hs::portable_log(2.0) == Approx(0.69314718055994530942).epsilon(1e-15));
  CHECK(hs::portable_log(10.0) == Approx(2.30258509299404568402).epsilon(1e-15));
  CHECK(hs::portable_log(0.5) == Approx(-0.69314718055994530942).epsilon(1e-15));
  CHECK(hs::portable_log(0x1.0p-1074) == Approx(-744.44007192138126231).epsilon(1e-15));  // smallest subnormal
  CHECK(hs::portable_log(std::numeric_limits<double>::max()) == Approx(709.78271289338399678).epsilon(1e-15));
}

TEST_CASE("portable_log and portable_cbrt agree with libm within a few ulp", "[samples][portable-math]") {
  std::uint64_t state = 88172645463325252u;
  double worst_log = 0, worst_cbrt = 0;
  for (int i = 0; i < 100000; ++i) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;  // xorshift64
    // Mantissa from the state, exponent from -300 to 300.
    const double x = std::ldexp(1.0 + static_cast<double>(state >> 12) * 0x1.0p-52, static_cast<int>(state % 601) - 300);
    if (std::abs(std::log(x)) > 1e-3) worst_log = std::max(worst_log, ulps(hs::portable_log(x), std::log(x)));
    worst_cbrt = std::max(worst_cbrt, ulps(hs::portable_cbrt(x), std::cbrt(x)));
  }
  CHECK(worst_log <= 4);
  CHECK(worst_cbrt <= 4);
  // Near 1 the logarithm is small: compare absolutely.
  for (double x = 0.9; x < 1.1; x += 0.001) CHECK(std::abs(hs::portable_log(x) - std::log(x)) < 1e-16);
}

TEST_CASE("portable_cbrt: exact cubes and special cases", "[samples][portable-math]") {
  CHECK(hs::portable_cbrt(0.0) == 0.0);
  CHECK(hs::portable_cbrt(1.0) == 1.0);
  CHECK(hs::portable_cbrt(8.0) == 2.0);
  CHECK(hs::portable_cbrt(27.0) == 3.0);
  CHECK(hs::portable_cbrt(0.125) == 0.5);
  CHECK(hs::portable_cbrt(1e-300) == Approx(1e-100).epsilon(1e-15));
  CHECK(hs::portable_cbrt(0x1.0p-1074) == Approx(std::cbrt(0x1.0p-1074)).epsilon(1e-15));
  const double r = hs::portable_cbrt(123456.789);
  CHECK(r * r * r == Approx(123456.789).epsilon(1e-15));
}

TEST_CASE("portable_exp_negative: known values and agreement with libm", "[samples][portable-math]") {
  CHECK(hs::portable_exp_negative(0.0) == 1.0);
  CHECK(hs::portable_exp_negative(-1.0) == Approx(0.36787944117144232160).epsilon(1e-15));
  CHECK(hs::portable_exp_negative(-30.0) == Approx(9.3576229688401746e-14).epsilon(1e-14));
  CHECK(hs::portable_exp_negative(-800.0) == 0.0);
  double worst = 0;
  for (double x = -700; x <= 0; x += 0.0137) {
    const double e = std::exp(x);
    worst = std::max(worst, std::abs(hs::portable_exp_negative(x) - e) / e);
  }
  CHECK(worst < 1e-14);
}
