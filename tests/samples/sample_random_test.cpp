// Sample random numbers: known answers from an independent implementation of SplitMix64 and
// xoshiro256** (Python, from the published algorithms), so native and wasm runs must agree, and
// the samplers' moments.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

#include "samples/sample_random.h"

TEST_CASE("sample random: streams give the reference outputs", "[samples][random]") {
  // Reference: key = sm(sm(seed ^ sm(stream)) ^ index), state[i] = sm(key + i * gamma), where
  // sm(x) is SplitMix64's output for state x; then xoshiro256** 1.0. The same Python code gives
  // 11520, 0, 1509978240, 1215971899390074240 from state {1, 2, 3, 4}, the published sequence.
  hs::SampleRng ion(1, hs::SampleStream::ion, 0);
  CHECK(ion.next() == 0x14ab908b493befd5u);
  CHECK(ion.next() == 0x8d8bb03a3d1b3ee2u);
  CHECK(ion.next() == 0xe20df83584c08265u);
  hs::SampleRng layout(12345, hs::SampleStream::layout, 7);
  CHECK(layout.next() == 0x4b228cca997d4f45u);
  CHECK(layout.next() == 0x0c25397950044d65u);
  CHECK(layout.next() == 0xc05464edcd0ee8d5u);
  CHECK(hs::sample_hash(42, hs::SampleStream::voxel, 99) == 0xfa38ce8b48ba0936u);
}

TEST_CASE("sample random: streams differ by seed, purpose and index", "[samples][random]") {
  const std::uint64_t a = hs::SampleRng(1, hs::SampleStream::ion, 0).next();
  CHECK(hs::SampleRng(2, hs::SampleStream::ion, 0).next() != a);
  CHECK(hs::SampleRng(1, hs::SampleStream::ion, 1).next() != a);
  CHECK(hs::SampleRng(1, hs::SampleStream::voxel, 0).next() != a);
  CHECK(hs::SampleRng(1, hs::SampleStream::ion, 0).next() == a);
}

TEST_CASE("sample random: uniform, normal and exponential draws have their moments", "[samples][random]") {
  hs::SampleRng rng(5, hs::SampleStream::layout, 0);
  constexpr int n = 200000;
  double u_sum = 0, u_min = 1, u_max = 0, z_sum = 0, z_sq = 0, z_4 = 0, e_sum = 0, e_sq = 0;
  int beyond_3 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    u_sum += u, u_min = std::min(u_min, u), u_max = std::max(u_max, u);
    const double z = rng.normal();
    z_sum += z, z_sq += z * z, z_4 += z * z * z * z;
    if (std::abs(z) > 3) ++beyond_3;
    const double e = rng.exponential();
    REQUIRE(e >= 0);
    e_sum += e, e_sq += e * e;
    REQUIRE(rng.uniform_positive() > 0);
  }
  // Standard errors: uniform mean 0.29/√n = 6.5e-4; normal mean 1/√n = 2.2e-3, variance √(2/n)
  // = 3.2e-3, fourth moment √(96/n) = 0.022; exponential mean 2.2e-3, second moment √(20/n) = 0.01.
  CHECK(u_sum / n == Approx(0.5).margin(0.003));
  CHECK(u_min >= 0);
  CHECK(u_max < 1);
  CHECK(z_sum / n == Approx(0).margin(0.01));
  CHECK(z_sq / n == Approx(1).margin(0.015));
  CHECK(z_4 / n == Approx(3).margin(0.1));
  CHECK(beyond_3 / double(n) == Approx(0.0027).margin(0.0006));  // two-sided 3σ tail of a normal
  CHECK(e_sum / n == Approx(1).margin(0.01));
  CHECK(e_sq / n == Approx(2).margin(0.05));
}

TEST_CASE("sample random: Poisson draws have mean and variance equal to the mean", "[samples][random]") {
  hs::SampleRng rng(9, hs::SampleStream::voxel, 4);
  for (double mean : {0.3, 4.0, 25.0, 60.0, 1000.0}) {
    constexpr int n = 40000;
    double sum = 0, sq = 0;
    for (int i = 0; i < n; ++i) {
      const double k = static_cast<double>(rng.poisson(mean));
      sum += k, sq += k * k;
    }
    const double m = sum / n, var = sq / n - m * m;
    INFO("mean " << mean << ": sample mean " << m << ", variance " << var);
    CHECK(std::abs(m - mean) <= 4 * std::sqrt(mean / n));
    // The variance estimate's standard error is about mean sqrt(2/n) (+ the fourth cumulant).
    CHECK(std::abs(var - mean) <= 4 * mean * std::sqrt(2.0 / n) + 4 * std::sqrt(mean / n));
  }
  CHECK(rng.poisson(0.0) == 0);
}
