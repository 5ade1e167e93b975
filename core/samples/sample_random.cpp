// xoshiro256** seeded by SplitMix64, and its uniform, normal and exponential samplers.
#include "samples/sample_random.h"

#include <cmath>

#include "points/splitmix64.h"
#include "samples/portable_math.h"

namespace hs {
namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// The key of (seed, purpose, index): SplitMix64 applied in a chain, so each input changes all bits.
std::uint64_t stream_key(std::uint64_t seed, SampleStream stream, std::uint64_t index) {
  return splitmix64(splitmix64(seed ^ splitmix64(static_cast<std::uint64_t>(stream))) ^ index);
}

}  // namespace

SampleRng::SampleRng(std::uint64_t seed, SampleStream stream, std::uint64_t index) {
  // As xoshiro's authors recommend: the state from consecutive SplitMix64 outputs of the key.
  const std::uint64_t key = stream_key(seed, stream, index);
  for (int i = 0; i < 4; ++i) s_[i] = splitmix64(key + static_cast<std::uint64_t>(i) * kSplitMix64Gamma);
}

std::uint64_t SampleRng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double SampleRng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double SampleRng::normal() {
  for (;;) {
    const double v1 = 2 * uniform() - 1, v2 = 2 * uniform() - 1;
    const double s = v1 * v1 + v2 * v2;
    if (s > 0 && s < 1) return v1 * std::sqrt(-2 * portable_log(s) / s);
  }
}

double SampleRng::exponential() { return -portable_log(uniform_positive()); }

std::uint64_t SampleRng::poisson(double mean) {
  if (mean >= 30) {
    const double draw = std::round(mean + std::sqrt(mean) * normal());
    return draw > 0 ? static_cast<std::uint64_t>(draw) : 0;
  }
  const double limit = portable_exp_negative(-mean);
  std::uint64_t count = 0;
  for (double product = uniform_positive(); product > limit; product *= uniform_positive()) ++count;
  return count;
}

std::uint64_t sample_hash(std::uint64_t seed, SampleStream stream, std::uint64_t index) {
  return splitmix64(stream_key(seed, stream, index));
}

}  // namespace hs
