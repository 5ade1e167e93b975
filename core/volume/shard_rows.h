// The volume converter's engine: writes the sharded pyramid of one image (time point, channel)
// one row of shards at a time. A row of a level is shard-deep in z, shard-high in y and spans all
// of x. Rows are visited in quadtree order over (z, y), so a coarser row is complete right after
// its four finer ones: memory is one row per level (under two level-0 rows in all) plus one shard
// of scratch per thread, whatever the volume's depth and height. The shards of a row are tasks on
// a few worker threads, each copying its shard out of the row first, while the calling thread
// reduces the row into the next level and reads the next row as soon as every shard is copied, so
// reading, reducing and compressing overlap. The output does not depend on the number of threads.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "io/volume_reader.h"
#include "store/store.h"
#include "store/zarr_array.h"
#include "util/bytes.h"
#include "util/parallel.h"
#include "volume/downsample.h"
#include "volume/value_range.h"

namespace hs {

// The pyramid's levels and how each is cut into shards.
struct PyramidGeometry {
  std::uint64_t shard = 0;       // shard edge in voxels, on every axis of every level (even)
  std::vector<ShapeZyx> levels;  // level 0 first, each halving z, y, x; the last fits one brick

  // Rows along z, rows along y and shards along x of `level`: ceil(shape / shard).
  std::array<std::uint64_t, 3> shard_grid(std::size_t level) const;
  // The block of row (zr, yr) of `level`: shard-deep and shard-high, less at the volume's edge.
  BlockRange row_block(std::size_t level, std::uint64_t zr, std::uint64_t yr) const;
};

// Levels of `shape` (every axis >= 1), halving until every axis is at most `brick` voxels.
PyramidGeometry pyramid_geometry(const ShapeZyx& shape, std::uint64_t brick, std::uint64_t shard);

// Bytes a ShardRowWriter holds whatever its thread count: one row buffer per level (the levels'
// largest rows), for elements of `element_bytes`.
std::uint64_t row_buffer_bytes(const PyramidGeometry& geometry, std::size_t element_bytes);

// Fills `out` (nz * ny * nx elements, C order, native endian) with a block of level 0.
using RowReader = std::function<Status(const BlockRange& block, std::span<std::uint8_t> out)>;

class ShardRowWriter {
 public:
  struct Options {
    DataType type = DataType::uint8;
    Bytes fill;  // one element: pads shards past the volume's edge
    DownsampleMethod method = DownsampleMethod::mean;
    unsigned threads = 1;
  };

  // `arrays[l]` is level l's array (shape t, c, z, y, x; chunks 1, 1, shard, shard, shard) on
  // `out`; one per level of `geometry`, all outliving the writer.
  ShardRowWriter(WritableStore& out, std::vector<const ZarrArray*> arrays, PyramidGeometry geometry,
                 Options options);

  // Writes every level of image (t, c) (level 0 only if `write_level0`; otherwise `read` reads it
  // back from the store), reading each level-0 row once with `read`, and extends `range` by level
  // 0's values in C order. `no_data` is the image's no-data value: left out of the range and of
  // mean_no_data cells. `after_row` runs after each level-0 row (progress, cancel); an error from
  // it stops the image. Returns once every shard of the image is written, with the first error.
  Status write_pyramid(std::uint64_t t, std::uint64_t c, const RowReader& read, bool write_level0,
                       std::optional<double> no_data, ValueRange& range,
                       const std::function<Status(const BlockRange&)>& after_row);

  // Reads level-0 row (zr, yr) of image (t, c) and starts writing its shards x_begin .. x_end - 1;
  // finish() waits for them.
  Status write_level0_row(std::uint64_t t, std::uint64_t c, std::uint64_t zr, std::uint64_t yr,
                          std::uint64_t x_begin, std::uint64_t x_end, const RowReader& read);
  // Waits for every shard started; the first error of any of them.
  Status finish();

  // Shards written so far (an all-fill shard is stored as no value).
  std::uint64_t shards_written() const { return shards_written_.load(); }

 private:
  // Bytes that start undefined: rows and shards are overwritten whole, so zeroing them first
  // would only cost a pass over memory.
  struct Buffer {
    std::unique_ptr<std::uint8_t[]> bytes;
    std::uint64_t size = 0;
    std::span<std::uint8_t> first(std::uint64_t n);  // grows to at least n bytes first
  };

  struct Image {
    std::uint64_t t = 0, c = 0;
    const RowReader* read = nullptr;
    bool write_level0 = true;
    std::optional<double> no_data;
    ValueRange* range = nullptr;
    const std::function<Status(const BlockRange&)>* after_row = nullptr;
  };

  Status build_row(const Image& image, std::size_t level, std::uint64_t zr, std::uint64_t yr);
  // Starts writing shards x_begin .. x_end - 1 of the row of `level` in its buffer; when
  // `pyramid`, also reduces the row into the next level's buffer and, for level 0, extends
  // image.range. Returns once the row's buffer is free again (shards may still be compressing),
  // with the first error so far.
  Status finish_row(const Image& image, std::size_t level, std::uint64_t zr, std::uint64_t yr,
                    std::uint64_t x_begin, std::uint64_t x_end, bool pyramid);
  // Copies shard xs of the row of `level` into the worker's scratch, padded with the fill value.
  std::span<const std::uint8_t> copy_shard(std::size_t level, const BlockRange& block, std::uint64_t xs,
                                           unsigned worker);
  std::span<std::uint8_t> row_buffer(std::size_t level, const BlockRange& block);
  // Keeps the error of the earliest task (in the order started) that failed.
  void record(std::uint64_t task, const Status& status);
  Status first_error();

  WritableStore& out_;
  std::vector<const ZarrArray*> arrays_;
  PyramidGeometry geometry_;
  Options options_;
  std::size_t element_bytes_;
  std::vector<Buffer> rows_;     // per level: the row being filled (sized for the largest row)
  std::vector<Buffer> scratch_;  // per worker: one shard
  std::atomic<std::uint64_t> shards_written_{0};
  std::uint64_t tasks_started_ = 0;
  std::mutex error_mutex_;
  std::optional<std::pair<std::uint64_t, Error>> error_;  // (task, error) of the earliest failure
  TaskPool pool_;  // last: its workers stop before the members they use go
};

}  // namespace hs
