// Chunk representation sizes and saturating size arithmetic shared by the codecs.
#include "store/codecs/codec.h"

#include <limits>

namespace hs {

std::uint64_t ChunkRepr::element_count() const {
  std::uint64_t count = 1;
  for (const std::uint64_t extent : shape) count *= extent;
  return count;
}

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  return a > max - b ? max : a + b;
}

std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  if (a == 0 || b == 0) return 0;
  return a > max / b ? max : a * b;
}

}  // namespace hs
