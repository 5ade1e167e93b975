// Natural logarithm, exponential and cube root from basic IEEE arithmetic (+ - * /, bit
// operations and the exact round/ldexp), so the synthetic samples give the same bytes natively
// (glibc) and in wasm (musl), whose libm log/exp/cbrt may differ in the last bit.
#pragma once

namespace hs {

// ln(x) for finite x > 0 (asserts otherwise), within a few ulp of the true value: x = 2^k m with
// m in (1/√2, √2], ln m from the series 2 atanh((m - 1) / (m + 1)) to s^23 (|s| <= 0.172).
double portable_log(double x);

// e^x for finite x <= 0 (asserts otherwise): x = k ln 2 + r with |r| <= ln2 / 2, e^r by its
// Taylor series to r^14, then scaled by 2^k (exact). 0 below -745.
double portable_exp_negative(double x);

// ∛x for finite x >= 0 (asserts otherwise): a first guess from the exponent, then a fixed number
// of Newton steps, so the result is a fixed function of x (within a few ulp of the true root).
double portable_cbrt(double x);

}  // namespace hs
