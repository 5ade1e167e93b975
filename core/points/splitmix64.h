// SplitMix64 (Steele, Lea and Flood, 2014) as a hash: the bijective 64-bit mix that gives each ion
// its sampling priority, and its inverse, which turns a priority back into the ion's index.
#pragma once

#include <cstdint>

namespace hs {

// The golden-ratio increment of SplitMix64.
inline constexpr std::uint64_t kSplitMix64Gamma = 0x9E3779B97F4A7C15u;

// One SplitMix64 step from state `x`: x + gamma, then the variant-13 finaliser. splitmix64(0) is
// the generator's first output for seed 0 (0xE220A8397B1DCDAF). A bijection of the 64-bit values.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  std::uint64_t z = x + kSplitMix64Gamma;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

namespace detail {

// The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration: x <- x (2 - a x)
// doubles the correct low bits; a x = 1 mod 8 holds from the start for x = a).
constexpr std::uint64_t inverse_mod_2_64(std::uint64_t odd) {
  std::uint64_t x = odd;
  for (int i = 0; i < 5; ++i) x *= 2 - odd * x;
  return x;
}

// Undoes y = x ^ (x >> shift) for 0 < shift < 64.
constexpr std::uint64_t undo_xor_shift_right(std::uint64_t y, unsigned shift) {
  std::uint64_t x = y;
  for (unsigned done = shift; done < 64; done += shift) x = y ^ (x >> shift);
  return x;
}

}  // namespace detail

// The x with splitmix64(x) == hash.
constexpr std::uint64_t splitmix64_inverse(std::uint64_t hash) {
  std::uint64_t z = detail::undo_xor_shift_right(hash, 31);
  z *= detail::inverse_mod_2_64(0x94D049BB133111EBu);
  z = detail::undo_xor_shift_right(z, 27);
  z *= detail::inverse_mod_2_64(0xBF58476D1CE4E5B9u);
  z = detail::undo_xor_shift_right(z, 30);
  return z - kSplitMix64Gamma;
}

}  // namespace hs
