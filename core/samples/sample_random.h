// Random numbers for the synthetic samples, the same on every platform for a given seed: a
// xoshiro256** stream seeded through SplitMix64, streams addressed by (seed, purpose, index) so
// any ion or voxel can be generated on its own, and samplers built from basic IEEE arithmetic
// (no std:: distributions; libm only for the exactly rounded sqrt, round and ldexp).
#pragma once

#include <cstdint>

namespace hs {

// Which part of a sample a stream feeds; keeps the streams of one seed independent.
enum class SampleStream : std::uint64_t {
  layout = 1,    // placement of features (inclusions, particles, pores), drawn once in order
  ion = 2,       // one stream per ion of an atom probe sample
  voxel = 3,     // one stream per voxel and time point of a volume sample
  voxel_phase = 4,  // one stream per voxel, shared by all time points
};

// xoshiro256** 1.0 (Blackman and Vigna, 2018): 256 bits of state, period 2^256 - 1.
class SampleRng {
 public:
  // The stream for (seed, purpose, index): state words are SplitMix64 outputs of a key mixed from
  // the three, so neighbouring indices give unrelated streams.
  SampleRng(std::uint64_t seed, SampleStream stream, std::uint64_t index);

  std::uint64_t next();
  // Uniform in [0, 1): the top 53 bits of next() times 2^-53.
  double uniform();
  // Uniform in (0, 1]: 1 - uniform(); safe to take the logarithm of.
  double uniform_positive() { return 1 - uniform(); }
  // Uniform in [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Standard normal by Marsaglia's polar method (portable_log and sqrt only); the second value of
  // each pair is dropped, so a draw never depends on an earlier one.
  double normal();
  // Exponential with mean 1: -ln u for u in (0, 1].
  double exponential();
  // Poisson with the given mean (>= 0): below 30 Knuth's method (multiply uniforms until the
  // product falls below e^-mean), from 30 up the normal approximation mean + √mean z rounded to
  // the nearest count (at least 0), whose error is negligible against counting noise there.
  std::uint64_t poisson(double mean);

 private:
  std::uint64_t s_[4];
};

// A 64-bit hash of (seed, purpose, index), for values that need one uniform word and no stream.
std::uint64_t sample_hash(std::uint64_t seed, SampleStream stream, std::uint64_t index);

}  // namespace hs
