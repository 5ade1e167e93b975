// Byte-level helpers the volume readers share: overflow-checked sizes, byte order, half floats,
// reversing the axis order of a block, and strided and block reads from a ByteSource.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "io/byte_source.h"
#include "io/volume_reader.h"
#include "util/result.h"

namespace hs {

// a * b and a + b, or nullopt if the result does not fit in 64 bits.
std::optional<std::uint64_t> checked_mul(std::uint64_t a, std::uint64_t b);
std::optional<std::uint64_t> checked_add(std::uint64_t a, std::uint64_t b);
// shape[0] * shape[1] * shape[2] * element_bytes, or nullopt on overflow.
std::optional<std::uint64_t> checked_volume_bytes(const std::array<std::uint64_t, 3>& shape,
                                                  std::uint64_t element_bytes);
// "4 x 5 x 6" for messages.
std::string shape_text(const std::array<std::uint64_t, 3>& shape);

// Reverses the bytes of every element (1, 2, 4 or 8 bytes) of `data` when the file's byte order
// differs from this machine's; otherwise leaves `data` alone.
void to_native_byte_order(std::span<std::uint8_t> data, std::size_t element_bytes, bool file_big_endian);

// IEEE 754 binary16 to binary32 (exact: every half is a float); NaN payloads are kept.
float half_to_float(std::uint16_t bits);
// Converts packed halves in the file's byte order into native float32; floats.size() must be
// twice halves.size().
void halves_to_floats(std::span<const std::uint8_t> halves, bool file_big_endian,
                      std::span<std::uint8_t> floats);

// Copies a C-order block of shape (n0, n1, n2) from `src` to `dst` as shape (n2, n1, n0):
// dst[k][j][i] = src[i][j][k]. Both spans hold n0 * n1 * n2 * element_bytes bytes.
void reverse_axes(std::span<const std::uint8_t> src, std::span<std::uint8_t> dst,
                  const std::array<std::uint64_t, 3>& src_shape, std::size_t element_bytes);

// Reads `run_count` runs of `run_bytes` bytes, run i starting at offset + i * stride_bytes
// (stride_bytes >= run_bytes), packed one after another into `dst` (run_count * run_bytes bytes).
// Runs separated by small gaps are fetched with one read through a bounded scratch buffer.
Status read_strided(ByteSource& source, std::uint64_t offset, std::uint64_t run_bytes,
                    std::uint64_t stride_bytes, std::uint64_t run_count, std::span<std::uint8_t> dst);

// Reads `block` of a C-order volume whose voxels start at `offset`, each slice `rows_per_slice`
// rows of `row_bytes` bytes: rows y0 .. y0+ny-1 of each slice, packed into `dst` (nz * ny *
// row_bytes bytes). The caller has checked that the block lies inside the file.
Status read_row_block(ByteSource& source, std::uint64_t offset, std::uint64_t row_bytes,
                      std::uint64_t rows_per_slice, const BlockRange& block, std::span<std::uint8_t> dst);

}  // namespace hs
