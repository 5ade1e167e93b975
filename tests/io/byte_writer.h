// Builds little- or big-endian test files byte by byte, following the format specifications
// (independently of the readers under test), plus a small deterministic LCG for fuzz loops.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "util/bytes.h"

namespace hs::test {
// The inline namespace gives these classes their own linkage names, so a different hs::test::Lcg
// in another test helper (tests/points/octree_test_support.h) cannot be merged with this one at
// link time; code still names them hs::test::ByteWriter and hs::test::Lcg.
inline namespace byte_writer {

class ByteWriter {
 public:
  explicit ByteWriter(bool big_endian = false) : big_endian_(big_endian) {}

  std::size_t size() const { return bytes_.size(); }
  const Bytes& bytes() const { return bytes_; }
  Bytes take() { return std::move(bytes_); }

  void uint(std::uint64_t value, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i) {
      const std::size_t shift = 8 * (big_endian_ ? width - 1 - i : i);
      bytes_.push_back(static_cast<std::uint8_t>(value >> shift));
    }
  }
  void u8(std::uint8_t v) { uint(v, 1); }
  void u16(std::uint16_t v) { uint(v, 2); }
  void u32(std::uint32_t v) { uint(v, 4); }
  void u64(std::uint64_t v) { uint(v, 8); }
  void i16(std::int16_t v) { uint(static_cast<std::uint16_t>(v), 2); }
  void i32(std::int32_t v) { uint(static_cast<std::uint32_t>(v), 4); }
  void i64(std::int64_t v) { uint(static_cast<std::uint64_t>(v), 8); }
  void f32(float v) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &v, 4);
    uint(bits, 4);
  }
  void f64(double v) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, 8);
    uint(bits, 8);
  }
  void text(std::string_view s) { bytes_.insert(bytes_.end(), s.begin(), s.end()); }
  void zeros(std::size_t n) { bytes_.insert(bytes_.end(), n, 0); }
  // Overwrites `width` bytes at `offset` (which must already exist) with `value`.
  void patch(std::size_t offset, std::uint64_t value, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i) {
      const std::size_t shift = 8 * (big_endian_ ? width - 1 - i : i);
      bytes_.at(offset + i) = static_cast<std::uint8_t>(value >> shift);
    }
  }

 private:
  bool big_endian_;
  Bytes bytes_;
};

// Numerical Recipes' 32-bit LCG: the same sequence on every platform.
class Lcg {
 public:
  explicit Lcg(std::uint32_t seed) : state_(seed) {}
  std::uint32_t next() {
    state_ = state_ * 1664525u + 1013904223u;
    return state_ >> 8;
  }
  // In [0, n) for n > 0.
  std::uint32_t below(std::uint32_t n) { return next() % n; }

 private:
  std::uint32_t state_;
};

}  // namespace byte_writer
}  // namespace hs::test
