// Logarithm, exponential and cube root by series and Newton steps on IEEE doubles (no libm calls
// except the exact ones: round, ldexp).
#include "samples/portable_math.h"

#include <cassert>
#include <cmath>
#include <cstdint>

#include "util/bytes.h"

namespace hs {
namespace {

constexpr double kLn2 = 0.6931471805599453094;     // ln 2, rounded to double
// ln 2 split in two (Cody and Waite): the high part has 32 trailing zero bits, so k * kLn2High is
// exact for |k| < 2^20, and r = (x - k high) - k low keeps full precision.
constexpr double kLn2High = 6.93147180369123816490e-01;
constexpr double kLn2Low = 1.90821492927058770002e-10;
constexpr double kSqrt2 = 1.4142135623730950488;   // √2, rounded to double
constexpr double kSmallestNormal = 2.2250738585072014e-308;
constexpr double kTwoTo54 = 18014398509481984.0;   // scales subnormals into the normal range
constexpr std::uint64_t kMantissaBits = 0x000FFFFFFFFFFFFFu;
constexpr std::uint64_t kExponentOfOne = 0x3FF0000000000000u;

// x = mantissa * 2^exponent with mantissa in [1, 2), for finite x > 0.
void split(double x, double& mantissa, int& exponent) {
  exponent = 0;
  if (x < kSmallestNormal) {
    x *= kTwoTo54;
    exponent = -54;
  }
  const auto bits = bit_cast<std::uint64_t>(x);
  exponent += static_cast<int>((bits >> 52) & 0x7FF) - 1023;
  mantissa = bit_cast<double>((bits & kMantissaBits) | kExponentOfOne);
}

}  // namespace

double portable_log(double x) {
  assert(x > 0 && x - x == 0);  // finite and positive
  double m = 0;
  int k = 0;
  split(x, m, k);
  if (m > kSqrt2) {
    m *= 0.5;
    ++k;
  }
  // ln m = 2 (s + s^3/3 + s^5/5 + ...), s = (m - 1)/(m + 1); |s| <= 0.1716 so s^25/25 < 1e-20.
  const double s = (m - 1) / (m + 1);
  const double s2 = s * s;
  double series = 1.0 / 23;
  for (int n = 21; n >= 1; n -= 2) series = series * s2 + 1.0 / n;
  return static_cast<double>(k) * kLn2 + 2 * s * series;
}

double portable_exp_negative(double x) {
  assert(x <= 0 && x - x == 0);  // finite, not positive
  if (x < -745.2) return 0;
  const double k = std::round(x / kLn2);
  const double r = (x - k * kLn2High) - k * kLn2Low;  // |r| <= ln2/2 (+ rounding); r^15/15! < 1e-19
  double series = 1;
  for (int n = 14; n >= 1; --n) series = 1 + series * r / n;
  return std::ldexp(series, static_cast<int>(k));
}

double portable_cbrt(double x) {
  assert(x >= 0 && x - x == 0);  // finite, not negative
  if (x == 0) return 0;
  double m = 0;
  int k = 0;
  split(x, m, k);
  // x = m 2^k = (m 2^r) 2^(3q) with r in {0, 1, 2}; guess ∛(m 2^r) ≈ 1 + (m 2^r - 1) / 3 on [1, 8).
  int q = k / 3, r = k % 3;
  if (r < 0) r += 3, --q;
  const double scaled = m * static_cast<double>(1 << r);
  double y = 1 + (scaled - 1) / 3;
  // Newton's iteration for y^3 = scaled converges from above (the guess is >= the root) and
  // doubles the correct digits each step: 8 steps reach full precision from any guess here.
  for (int i = 0; i < 8; ++i) y = (2 * y + scaled / (y * y)) / 3;
  // Scale back by 2^q exactly.
  double power = 1;
  for (int i = 0; i < (q < 0 ? -q : q); ++i) power *= 2;
  return q < 0 ? y / power : y * power;
}

}  // namespace hs
