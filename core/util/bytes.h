// Byte buffers and little/big-endian loads and stores on untrusted bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace hs {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Loads an unsigned integer of type T stored little-endian at p (no alignment needed).
template <typename T>
T load_le(const std::uint8_t* p) {
  T value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(static_cast<T>(p[i]) << (8 * i));
  return value;
}

// Loads an unsigned integer of type T stored big-endian at p.
template <typename T>
T load_be(const std::uint8_t* p) {
  T value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) value = static_cast<T>((value << 8) | p[i]);
  return value;
}

template <typename T>
void store_le(std::uint8_t* p, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i) p[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

// Same-size reinterpretation (std::bit_cast is missing from Emscripten 3.1.6's libc++).
template <typename To, typename From>
To bit_cast(const From& from) {
  static_assert(sizeof(To) == sizeof(From));
  To to;
  std::memcpy(&to, &from, sizeof(To));
  return to;
}

// Reinterprets 4 or 8 bytes as an IEEE float or double.
inline float load_f32_le(const std::uint8_t* p) { return bit_cast<float>(load_le<std::uint32_t>(p)); }
inline float load_f32_be(const std::uint8_t* p) { return bit_cast<float>(load_be<std::uint32_t>(p)); }
inline double load_f64_le(const std::uint8_t* p) { return bit_cast<double>(load_le<std::uint64_t>(p)); }
inline double load_f64_be(const std::uint8_t* p) { return bit_cast<double>(load_be<std::uint64_t>(p)); }

}  // namespace hs
