// Box copies and fills on C-order n-dimensional arrays, one contiguous row at a time.
#include "store/detail/nd_box.h"

#include <cassert>
#include <cstring>
#include <vector>

namespace hs::detail {
namespace {

std::uint64_t product(Extents extents) {
  std::uint64_t count = 1;
  for (const std::uint64_t e : extents) count *= e;
  return count;
}

// Element offset of `start + index` in a C-order array of `shape`.
std::uint64_t offset_of(Extents shape, Extents start, const std::vector<std::uint64_t>& index) {
  std::uint64_t offset = 0;
  for (std::size_t d = 0; d < shape.size(); ++d) offset = offset * shape[d] + start[d] + index[d];
  return offset;
}

[[maybe_unused]] bool box_inside(Extents shape, Extents start, Extents extent) {
  if (shape.size() != start.size() || shape.size() != extent.size()) return false;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (start[d] > shape[d] || extent[d] > shape[d] - start[d]) return false;
  }
  return true;
}

// Calls row(index) for each row (a run along the last dimension) of a box of `extent`, in C order;
// `index` is the row's first element relative to the box (its last entry stays 0).
template <typename RowFn>
void for_each_row(Extents extent, RowFn&& row) {
  if (product(extent) == 0) return;
  const std::size_t rank = extent.size();
  std::vector<std::uint64_t> index(rank, 0);
  if (rank == 0) {
    row(index);
    return;
  }
  for (;;) {
    row(index);
    std::size_t d = rank - 1;  // the last dimension is the row itself: advance the others
    for (;;) {
      if (d == 0) return;
      --d;
      if (++index[d] < extent[d]) break;
      index[d] = 0;
    }
  }
}

}  // namespace

void copy_box(ByteView src, Extents src_shape, Extents src_start, std::span<std::uint8_t> dst,
              Extents dst_shape, Extents dst_start, Extents extent, std::size_t element_bytes) {
  assert(box_inside(src_shape, src_start, extent) && box_inside(dst_shape, dst_start, extent));
  assert(src.size() == product(src_shape) * element_bytes &&
         dst.size() == product(dst_shape) * element_bytes);
  if (product(extent) == 0) return;
  const std::size_t rank = extent.size();
  const std::size_t row_bytes =
      rank == 0 ? element_bytes : static_cast<std::size_t>(extent[rank - 1]) * element_bytes;
  for_each_row(extent, [&](const std::vector<std::uint64_t>& index) {
    const std::uint64_t src_offset = offset_of(src_shape, src_start, index);
    const std::uint64_t dst_offset = offset_of(dst_shape, dst_start, index);
    std::memcpy(dst.data() + dst_offset * element_bytes, src.data() + src_offset * element_bytes, row_bytes);
  });
}

void fill_box(std::span<std::uint8_t> dst, Extents dst_shape, Extents dst_start, Extents extent,
              ByteView element) {
  assert(box_inside(dst_shape, dst_start, extent));
  assert(dst.size() == product(dst_shape) * element.size());
  const std::size_t rank = extent.size();
  const std::uint64_t row_elements = rank == 0 ? 1 : extent[rank - 1];
  for_each_row(extent, [&](const std::vector<std::uint64_t>& index) {
    std::uint8_t* out = dst.data() + offset_of(dst_shape, dst_start, index) * element.size();
    for (std::uint64_t i = 0; i < row_elements; ++i, out += element.size()) {
      std::memcpy(out, element.data(), element.size());
    }
  });
}

bool next_index(std::span<std::uint64_t> index, Extents begin, Extents end) {
  for (std::size_t d = index.size(); d-- > 0;) {
    if (++index[d] < end[d]) return true;
    index[d] = begin[d];
  }
  return false;
}

Bytes repeat_element(ByteView element, std::uint64_t count) {
  Bytes out(static_cast<std::size_t>(count) * element.size());
  for (std::size_t i = 0; i < out.size(); i += element.size())
    std::memcpy(out.data() + i, element.data(), element.size());
  return out;
}

bool all_elements_equal(ByteView data, ByteView element) {
  assert(!element.empty() && data.size() % element.size() == 0);
  for (std::size_t i = 0; i < data.size(); i += element.size()) {
    if (std::memcmp(data.data() + i, element.data(), element.size()) != 0) return false;
  }
  return true;
}

}  // namespace hs::detail
