// Private helpers on C-order n-dimensional arrays of fixed-size elements: copying and filling
// boxes, repeating a fill element, comparing against it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "util/bytes.h"

namespace hs::detail {

using Extents = std::span<const std::uint64_t>;

// Copies the box of `extent` elements at `src_start` of a C-order array of `src_shape` to
// `dst_start` of one of `dst_shape`. Both boxes must lie inside their arrays and the buffers hold
// exactly their arrays (asserted: programming errors).
void copy_box(ByteView src, Extents src_shape, Extents src_start, std::span<std::uint8_t> dst,
              Extents dst_shape, Extents dst_start, Extents extent, std::size_t element_bytes);

// Writes `element` into every element of the box of `extent` at `dst_start` of `dst_shape`.
void fill_box(std::span<std::uint8_t> dst, Extents dst_shape, Extents dst_start, Extents extent,
              ByteView element);

// Advances `index` to the next position of the box [begin, end) in C order; false (and `index`
// back at `begin`) after the last one. A 0-d box has one position.
bool next_index(std::span<std::uint64_t> index, Extents begin, Extents end);

// `count` copies of `element` (count * element.size() must fit in memory: checked by callers).
Bytes repeat_element(ByteView element, std::uint64_t count);

// True when every element of `data` is bytewise equal to `element`.
bool all_elements_equal(ByteView data, ByteView element);

}  // namespace hs::detail
