// Byte-level helpers of the volume readers.
#include "io/volume_layout.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>
#include <limits>
#include <vector>

#include "util/bytes.h"

namespace hs {
namespace {

// Runs closer than this are read together: one read of a page costs about as much as two calls.
constexpr std::uint64_t kMaxCoalescedGapBytes = 4096;
// Largest single read of coalesced runs.
constexpr std::uint64_t kStridedWindowBytes = 1 << 20;

template <std::size_t N>
void reverse_each(std::span<std::uint8_t> data) {
  for (std::size_t i = 0; i + N <= data.size(); i += N) std::reverse(data.begin() + i, data.begin() + i + N);
}

template <std::size_t N>
void reverse_axes_of(const std::uint8_t* src, std::uint8_t* dst, std::uint64_t n0, std::uint64_t n1,
                     std::uint64_t n2) {
  for (std::uint64_t i = 0; i < n0; ++i) {
    for (std::uint64_t j = 0; j < n1; ++j) {
      const std::uint8_t* row = src + ((i * n1 + j) * n2) * N;
      std::uint8_t* column = dst + (j * n0 + i) * N;
      const std::uint64_t dst_step = n1 * n0 * N;
      for (std::uint64_t k = 0; k < n2; ++k) std::memcpy(column + k * dst_step, row + k * N, N);
    }
  }
}

}  // namespace

std::optional<std::uint64_t> checked_mul(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return std::nullopt;
  return a * b;
}

std::optional<std::uint64_t> checked_add(std::uint64_t a, std::uint64_t b) {
  if (b > std::numeric_limits<std::uint64_t>::max() - a) return std::nullopt;
  return a + b;
}

std::optional<std::uint64_t> checked_volume_bytes(const std::array<std::uint64_t, 3>& shape,
                                                  std::uint64_t element_bytes) {
  std::optional<std::uint64_t> bytes = element_bytes;
  for (std::uint64_t n : shape) {
    if (bytes) bytes = checked_mul(*bytes, n);
  }
  return bytes;
}

std::string shape_text(const std::array<std::uint64_t, 3>& shape) {
  return std::to_string(shape[0]) + " x " + std::to_string(shape[1]) + " x " + std::to_string(shape[2]);
}

void to_native_byte_order(std::span<std::uint8_t> data, std::size_t element_bytes, bool file_big_endian) {
  if (file_big_endian == (std::endian::native == std::endian::big)) return;
  switch (element_bytes) {
    case 1:
      return;
    case 2:
      return reverse_each<2>(data);
    case 4:
      return reverse_each<4>(data);
    case 8:
      return reverse_each<8>(data);
    default:
      assert(false && "element size must be 1, 2, 4 or 8");
  }
}

float half_to_float(std::uint16_t bits) {
  const std::uint32_t sign = static_cast<std::uint32_t>(bits >> 15) << 31;
  const std::uint32_t exponent = (bits >> 10) & 0x1f;
  std::uint32_t mantissa = bits & 0x3ff;
  if (exponent == 0x1f) return bit_cast<float>(sign | 0x7f800000u | (mantissa << 13));  // inf, NaN
  if (exponent != 0) return bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
  if (mantissa == 0) return bit_cast<float>(sign);  // signed zero
  // Subnormal: mantissa * 2^-24; shift the leading 1 up to the implicit-bit position.
  std::uint32_t float_exponent = 113;  // 1 - 15 + 127
  while ((mantissa & 0x400) == 0) {
    mantissa <<= 1;
    --float_exponent;
  }
  return bit_cast<float>(sign | (float_exponent << 23) | ((mantissa & 0x3ff) << 13));
}

void halves_to_floats(std::span<const std::uint8_t> halves, bool file_big_endian,
                      std::span<std::uint8_t> floats) {
  assert(floats.size() == 2 * halves.size());
  for (std::size_t i = 0; 2 * i + 1 < halves.size(); ++i) {
    const std::uint8_t* p = halves.data() + 2 * i;
    const std::uint16_t bits = file_big_endian ? load_be<std::uint16_t>(p) : load_le<std::uint16_t>(p);
    const float value = half_to_float(bits);
    std::memcpy(floats.data() + 4 * i, &value, 4);
  }
}

void reverse_axes(std::span<const std::uint8_t> src, std::span<std::uint8_t> dst,
                  const std::array<std::uint64_t, 3>& src_shape, std::size_t element_bytes) {
  assert(src.size() == dst.size());
  assert(checked_volume_bytes(src_shape, element_bytes) == src.size());
  const auto [n0, n1, n2] = src_shape;
  switch (element_bytes) {
    case 1:
      return reverse_axes_of<1>(src.data(), dst.data(), n0, n1, n2);
    case 2:
      return reverse_axes_of<2>(src.data(), dst.data(), n0, n1, n2);
    case 4:
      return reverse_axes_of<4>(src.data(), dst.data(), n0, n1, n2);
    case 8:
      return reverse_axes_of<8>(src.data(), dst.data(), n0, n1, n2);
    default:
      assert(false && "element size must be 1, 2, 4 or 8");
  }
}

Status read_strided(ByteSource& source, std::uint64_t offset, std::uint64_t run_bytes,
                    std::uint64_t stride_bytes, std::uint64_t run_count, std::span<std::uint8_t> dst) {
  assert(stride_bytes >= run_bytes);
  assert(checked_mul(run_count, run_bytes) == dst.size());
  if (run_count == 0 || run_bytes == 0) return {};
  if (stride_bytes == run_bytes) return source.read(offset, dst);

  const bool coalesce =
      stride_bytes - run_bytes <= kMaxCoalescedGapBytes && stride_bytes <= kStridedWindowBytes;
  if (!coalesce) {
    for (std::uint64_t i = 0; i < run_count; ++i) {
      Status status = source.read(offset + i * stride_bytes, dst.subspan(i * run_bytes, run_bytes));
      if (!status) return status;
    }
    return {};
  }
  const std::uint64_t runs_per_window = kStridedWindowBytes / stride_bytes;
  std::vector<std::uint8_t> window((runs_per_window - 1) * stride_bytes + run_bytes);
  for (std::uint64_t first = 0; first < run_count; first += runs_per_window) {
    const std::uint64_t runs = std::min(runs_per_window, run_count - first);
    const std::span<std::uint8_t> span(window.data(), (runs - 1) * stride_bytes + run_bytes);
    Status status = source.read(offset + first * stride_bytes, span);
    if (!status) return status;
    for (std::uint64_t r = 0; r < runs; ++r) {
      std::memcpy(dst.data() + (first + r) * run_bytes, window.data() + r * stride_bytes, run_bytes);
    }
  }
  return {};
}

Status read_row_block(ByteSource& source, std::uint64_t offset, std::uint64_t row_bytes,
                      std::uint64_t rows_per_slice, const BlockRange& block, std::span<std::uint8_t> dst) {
  const std::uint64_t slice_bytes = rows_per_slice * row_bytes;
  return read_strided(source, offset + block.z0 * slice_bytes + block.y0 * row_bytes, block.ny * row_bytes,
                      slice_bytes, block.nz, dst);
}

}  // namespace hs
