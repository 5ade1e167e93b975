// Shared helpers of the volume-analysis tests: a small deterministic random generator, random
// grids, and raw little-endian files exchanged with the reference scripts of tests/reference/.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "analysis/grid.h"

namespace hs::test {

// 64-bit linear congruential generator (Knuth's MMIX constants); deterministic on every platform.
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed * 2862933555777941757ULL + 1) {}
  std::uint64_t next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return state_ >> 11;  // 53 random bits
  }
  double uniform() { return static_cast<double>(next()) / 9007199254740992.0; }  // [0, 1)
  // Standard normal deviate (Box-Muller).
  double normal() {
    const double u = 1.0 - uniform();
    const double v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }

 private:
  std::uint64_t state_;
};

// A mask whose voxels are foreground with probability `density`.
inline MaskGrid random_mask(const GridShape& shape, double density, std::uint64_t seed) {
  Lcg random(seed);
  MaskGrid mask = make_grid<std::uint8_t>(shape, 0);
  for (auto& v : mask.values) v = random.uniform() < density ? 1 : 0;
  return mask;
}

// Writes `values` to `path` as raw bytes (the host is little-endian, as NumPy's "<f4" etc.).
template <class T>
void write_raw(const std::string& path, const std::vector<T>& values) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(T)));
}

template <class T>
std::vector<T> read_raw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<T> values(bytes.size() / sizeof(T));
  std::copy(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(values.size() * sizeof(T)),
            reinterpret_cast<char*>(values.data()));
  return values;
}

}  // namespace hs::test
