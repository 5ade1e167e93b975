// SplitMix64: the published first outputs for seed 0 and the inverse.
#include <catch2/catch.hpp>

#include <cstdint>

#include "points/splitmix64.h"

TEST_CASE("splitmix64: the generator's published outputs for seed 0", "[splitmix64]") {
  // Outputs 1..4 of Vigna's splitmix64.c with state 0 (also xoshiro's seeding values): output n
  // mixes the state n * gamma, so it is splitmix64((n - 1) * gamma) here.
  constexpr std::uint64_t gamma = 0x9E3779B97F4A7C15u;
  static_assert(hs::splitmix64(0) == 0xE220A8397B1DCDAFu);
  CHECK(hs::splitmix64(gamma) == 0x6E789E6AA1B965F4u);
  CHECK(hs::splitmix64(2 * gamma) == 0x06C45D188009454Fu);
  CHECK(hs::splitmix64(3 * gamma) == 0xF88BB8A8724C81ECu);
}

TEST_CASE("splitmix64: the inverse undoes the hash", "[splitmix64]") {
  static_assert(hs::splitmix64_inverse(0xE220A8397B1DCDAFu) == 0);
  for (std::uint64_t x : {std::uint64_t{0}, std::uint64_t{1}, ~std::uint64_t{0}, std::uint64_t{1} << 63}) {
    CHECK(hs::splitmix64_inverse(hs::splitmix64(x)) == x);
    CHECK(hs::splitmix64(hs::splitmix64_inverse(x)) == x);
  }
  std::uint64_t state = 12345;
  for (int i = 0; i < 10000; ++i) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    if (hs::splitmix64_inverse(hs::splitmix64(state)) != state) FAIL_CHECK("no round trip for " << state);
  }
  for (std::uint64_t odd :
       {std::uint64_t{3}, std::uint64_t{0xBF58476D1CE4E5B9u}, std::uint64_t{0x94D049BB133111EBu}}) {
    CHECK(odd * hs::detail::inverse_mod_2_64(odd) == 1);
  }
}
