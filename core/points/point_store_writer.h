// Converts an atom probe file (any PointReader) into a point store (format: points/point_store.h):
// rows in octree order streamed into sharded arrays, the node table, a precomputed mass spectrum,
// per-species counts and the range table in the group attributes. The write path: the browser
// viewer's streaming reader does not need it.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "io/point_reader.h"
#include "points/range_table.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

struct PointConvertOptions {
  std::uint64_t node_capacity = 65536;  // ions an octree node keeps before it splits
  int max_depth = 20;
  std::uint64_t seed = 0;               // below 2^53 (stored in JSON)
  std::uint64_t brick_rows = 65536;     // rows per inner chunk
  std::uint64_t bricks_per_shard = 16;  // shard = brick_rows × bricks_per_shard rows (2^20)
  int zstd_level = 3;
  std::uint64_t memory_budget_bytes = std::uint64_t{1} << 30;  // the octree build's (see octree_build.h)
  std::string temp_dir;                                        // for an octree build that spills
  std::function<void(double fraction_done)> progress;          // optional, 0..1
  const std::atomic<bool>* cancel = nullptr;                   // optional; stops with an error
};

struct PointConvertReport {
  std::uint64_t ion_count = 0;           // rows written
  std::uint64_t skipped_non_finite = 0;  // input ions with a NaN/infinite coordinate or mass
  std::uint64_t node_count = 0;
  int depth = 0;                         // deepest node level
  std::uint64_t shards_written = 0;      // row-array shards (position, mass, fields)
  std::vector<std::string> warnings;     // range overlaps: worth showing the user
  std::vector<std::string> notes;        // everything stored in attributes.heteroscope.notes
};

// Reads every ion of `reader` (the octree build may read twice; optional EPOS fields are fetched
// again by index for the reordered rows) and writes the store into `out`, the group's zarr.json
// last so an interrupted conversion never looks complete. `ranges` (may be null) must pass
// validate_range_table; overlapping ranges are warnings (the first range containing a mass wins).
// Memory: one shard of rows per row array (2^20 rows: 12 MiB of positions, 4 MiB per other column),
// the octree build's
// budget, the node table and the spectrum (at most 1e6 bins). EPOS fields are read back one short
// run of input indices at a time, which is slow for very large EPOS files (random reads). An input with no ions (or none
// finite) gives a valid, empty store. Errors: the reader's, the store's, invalid options,
// cancellation.
Result<PointConvertReport> convert_points(PointReader& reader, const RangeTable* ranges, WritableStore& out,
                                          const PointConvertOptions& options);

}  // namespace hs
