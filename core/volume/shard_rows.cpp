// Row-by-row pyramid writing: quadtree order over rows, shard tasks on a pool, shard assembly.
#include "volume/shard_rows.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <memory>
#include <utility>

#include "store/zarr_writer.h"
#include "util/parallel.h"

namespace hs {
namespace {

std::uint64_t ceil_div(std::uint64_t a, std::uint64_t b) {
  return a / b + (a % b != 0 ? 1 : 0);
}

// Repeats `element` over `out` (a whole number of elements).
void fill_elements(std::span<std::uint8_t> out, ByteView element) {
  if (out.empty()) return;
  std::memcpy(out.data(), element.data(), element.size());
  for (std::size_t done = element.size(); done < out.size();) {
    const std::size_t n = std::min(done, out.size() - done);
    std::memcpy(out.data() + done, out.data(), n);
    done += n;
  }
}

// Bytes of the largest row of `level`.
std::uint64_t largest_row_bytes(const PyramidGeometry& geometry, std::size_t level,
                                std::size_t element_bytes) {
  const ShapeZyx& shape = geometry.levels[level];
  return std::min(geometry.shard, shape[0]) * std::min(geometry.shard, shape[1]) * shape[2] * element_bytes;
}

}  // namespace

std::uint64_t row_buffer_bytes(const PyramidGeometry& geometry, std::size_t element_bytes) {
  std::uint64_t bytes = 0;
  for (std::size_t level = 0; level < geometry.levels.size(); ++level) {
    bytes += largest_row_bytes(geometry, level, element_bytes);
  }
  return bytes;
}

std::array<std::uint64_t, 3> PyramidGeometry::shard_grid(std::size_t level) const {
  const ShapeZyx& s = levels[level];
  return {ceil_div(s[0], shard), ceil_div(s[1], shard), ceil_div(s[2], shard)};
}

BlockRange PyramidGeometry::row_block(std::size_t level, std::uint64_t zr, std::uint64_t yr) const {
  const ShapeZyx& s = levels[level];
  const std::uint64_t z0 = zr * shard, y0 = yr * shard;
  return {z0, std::min(shard, s[0] - z0), y0, std::min(shard, s[1] - y0)};
}

PyramidGeometry pyramid_geometry(const ShapeZyx& shape, std::uint64_t brick, std::uint64_t shard) {
  PyramidGeometry geometry;
  geometry.shard = shard;
  geometry.levels.push_back(shape);
  while (std::max({geometry.levels.back()[0], geometry.levels.back()[1], geometry.levels.back()[2]}) >
         brick) {
    geometry.levels.push_back(downsampled_shape(geometry.levels.back()));
  }
  return geometry;
}

ShardRowWriter::ShardRowWriter(WritableStore& out, std::vector<const ZarrArray*> arrays,
                               PyramidGeometry geometry, Options options)
    : out_(out),
      arrays_(std::move(arrays)),
      geometry_(std::move(geometry)),
      options_(std::move(options)),
      element_bytes_(data_type_size(options_.type)),
      rows_(geometry_.levels.size()),
      pool_(options_.threads) {
  scratch_.resize(pool_.threads());
  assert(arrays_.size() == geometry_.levels.size() && geometry_.shard % 2 == 0);
  assert(options_.fill.size() == element_bytes_);
}

std::span<std::uint8_t> ShardRowWriter::Buffer::first(std::uint64_t n) {
  if (size < n) {
    bytes.reset(new std::uint8_t[n]);
    size = n;
  }
  return {bytes.get(), static_cast<std::size_t>(n)};
}

std::span<std::uint8_t> ShardRowWriter::row_buffer(std::size_t level, const BlockRange& block) {
  // Sized for the largest row at once, so the buffer never moves between rows.
  const std::uint64_t row_x_bytes = geometry_.levels[level][2] * element_bytes_;
  const std::span<std::uint8_t> whole =
      rows_[level].first(largest_row_bytes(geometry_, level, element_bytes_));
  return whole.first(block.nz * block.ny * row_x_bytes);
}

Status ShardRowWriter::write_pyramid(std::uint64_t t, std::uint64_t c, const RowReader& read,
                                     bool write_level0, std::optional<double> no_data, ValueRange& range,
                                     const std::function<Status(const BlockRange&)>& after_row) {
  const Image image{t, c, &read, write_level0, no_data, &range, &after_row};
  const std::size_t top = geometry_.levels.size() - 1;
  assert(geometry_.shard_grid(top)[0] == 1 && geometry_.shard_grid(top)[1] == 1);
  const Status built = build_row(image, top, 0, 0);
  const Status written = finish();
  return built ? written : built;
}

Status ShardRowWriter::write_level0_row(std::uint64_t t, std::uint64_t c, std::uint64_t zr, std::uint64_t yr,
                                        std::uint64_t x_begin, std::uint64_t x_end, const RowReader& read) {
  const Image image{t, c, &read, true, std::nullopt, nullptr, nullptr};
  const BlockRange block = geometry_.row_block(0, zr, yr);
  if (Status s = read(block, row_buffer(0, block)); !s) return s;
  return finish_row(image, 0, zr, yr, x_begin, x_end, false);
}

Status ShardRowWriter::finish() {
  pool_.wait();
  return first_error();
}

void ShardRowWriter::record(std::uint64_t task, const Status& status) {
  if (status) return;
  const std::lock_guard<std::mutex> lock(error_mutex_);
  if (!error_ || task < error_->first) error_.emplace(task, status.error());
}

Status ShardRowWriter::first_error() {
  const std::lock_guard<std::mutex> lock(error_mutex_);
  if (error_) return error_->second;
  return {};
}

Status ShardRowWriter::build_row(const Image& image, std::size_t level, std::uint64_t zr, std::uint64_t yr) {
  const BlockRange block = geometry_.row_block(level, zr, yr);
  if (level == 0) {
    if (Status s = (*image.read)(block, row_buffer(0, block)); !s) return s;
  } else {
    // The four finer rows, in z-then-y order; each reduces itself into this row's buffer.
    const std::array<std::uint64_t, 3> finer = geometry_.shard_grid(level - 1);
    for (std::uint64_t a = 0; a < 2; ++a) {
      for (std::uint64_t b = 0; b < 2; ++b) {
        if (2 * zr + a >= finer[0] || 2 * yr + b >= finer[1]) continue;
        if (Status s = build_row(image, level - 1, 2 * zr + a, 2 * yr + b); !s) return s;
      }
    }
  }
  const std::uint64_t shards_x = level == 0 && !image.write_level0 ? 0 : geometry_.shard_grid(level)[2];
  if (Status s = finish_row(image, level, zr, yr, 0, shards_x, true); !s) return s;
  return level == 0 ? (*image.after_row)(block) : Status();
}

Status ShardRowWriter::finish_row(const Image& image, std::size_t level, std::uint64_t zr, std::uint64_t yr,
                                  std::uint64_t x_begin, std::uint64_t x_end, bool pyramid) {
  const BlockRange block = geometry_.row_block(level, zr, yr);
  const std::uint64_t nx = geometry_.levels[level][2];
  const std::span<const std::uint8_t> row = row_buffer(level, block);

  // Each shard task copies its shard out of the row, says so, then compresses and writes it.
  const auto copied = std::make_shared<CountDown>(x_end - x_begin);
  for (std::uint64_t xs = x_begin; xs < x_end; ++xs) {
    pool_.run([=, this, t = image.t, c = image.c, id = tasks_started_++](unsigned worker) {
      const std::span<const std::uint8_t> shard = copy_shard(level, block, xs, worker);
      copied->arrive();
      const std::array<std::uint64_t, 5> coords = {t, c, zr, yr, xs};
      const Status status = write_chunk(out_, *arrays_[level], coords, shard);
      if (status) ++shards_written_;
      record(id, status);
    });
  }
  // Meanwhile this thread reduces the row into the quarter of the coarser row it covers (rows
  // start at even coordinates, so no cell straddles two rows) and takes in level 0's values.
  Status reduced;
  if (pyramid && level + 1 < geometry_.levels.size()) {
    const BlockRange coarse = geometry_.row_block(level + 1, zr / 2, yr / 2);
    const std::uint64_t half = geometry_.shard / 2;
    reduced = downsample_2x_into(
        options_.type, {block.nz, block.ny, nx}, row, {coarse.nz, coarse.ny, geometry_.levels[level + 1][2]},
        {(zr % 2) * half, (yr % 2) * half, 0}, row_buffer(level + 1, coarse), options_.method, image.no_data);
  }
  if (pyramid && level == 0) extend_value_range(options_.type, row, image.no_data, *image.range);
  copied->wait();  // the row's buffer is free again
  return reduced ? first_error() : reduced;
}

std::span<const std::uint8_t> ShardRowWriter::copy_shard(std::size_t level, const BlockRange& block,
                                                         std::uint64_t xs, unsigned worker) {
  const std::uint64_t s = geometry_.shard;
  const std::uint64_t row_nx = geometry_.levels[level][2];
  const std::uint64_t x0 = xs * s;
  const std::uint64_t nx = std::min(s, row_nx - x0);
  const std::span<std::uint8_t> shard = scratch_[worker].first(s * s * s * element_bytes_);
  if (block.nz < s || block.ny < s || nx < s) fill_elements(shard, options_.fill);
  const std::uint8_t* row = rows_[level].bytes.get();
  for (std::uint64_t z = 0; z < block.nz; ++z) {
    for (std::uint64_t y = 0; y < block.ny; ++y) {
      std::memcpy(shard.data() + (z * s + y) * s * element_bytes_,
                  row + ((z * block.ny + y) * row_nx + x0) * element_bytes_, nx * element_bytes_);
    }
  }
  return shard;
}

}  // namespace hs
