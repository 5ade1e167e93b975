// Brick decode benchmark for scripts/bench, built natively and to wasm (run under node, reading the
// local file system through NODERAWFS): reads every brick of one array of a store, then the whole
// array as one region, and prints the best of N passes as JSON.
//   hs_decode_bench STORE ARRAY [REPEAT]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "store/filesystem_store.h"
#include "store/zarr_array.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Advances `coords` through the grid in C order; false after the last one.
bool next_coords(std::vector<std::uint64_t>& coords, const std::vector<std::uint64_t>& grid) {
  for (std::size_t d = coords.size(); d-- > 0;) {
    if (++coords[d] < grid[d]) return true;
    coords[d] = 0;
  }
  return false;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "hs_decode_bench: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return fail("usage: hs_decode_bench STORE ARRAY [REPEAT]");
  const int repeat = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  hs::FilesystemStore store(argv[1]);
  auto array = hs::ZarrArray::open(store, argv[2]);
  if (!array) return fail(array.error().message);
  const std::vector<std::uint64_t> grid = array->brick_grid_shape();
  const std::vector<std::uint64_t>& shape = array->metadata().shape;
  std::uint64_t elements = 1;
  for (std::uint64_t n : shape) elements *= n;
  const std::uint64_t array_bytes = elements * array->element_bytes();

  double best_bricks_s = 1e300, best_region_s = 1e300;
  std::uint64_t brick_count = 0, brick_bytes = 0;
  std::vector<std::uint8_t> whole(array_bytes);
  for (int pass = 0; pass < repeat; ++pass) {
    hs::DecodeContext context;
    std::vector<std::uint64_t> coords(grid.size(), 0);
    brick_count = brick_bytes = 0;
    auto start = std::chrono::steady_clock::now();
    do {
      auto brick = array->read_brick(coords, context);
      if (!brick) return fail(brick.error().message);
      ++brick_count;
      brick_bytes += brick->size();
    } while (next_coords(coords, grid));
    best_bricks_s = std::min(best_bricks_s, seconds_since(start));

    // A fresh array, so the region read pays for its shard indexes like zarrita does.
    auto fresh = hs::ZarrArray::open(store, argv[2]);
    if (!fresh) return fail(fresh.error().message);
    const std::vector<std::uint64_t> origin(shape.size(), 0);
    start = std::chrono::steady_clock::now();
    if (const hs::Status s = fresh->read_region(origin, shape, whole, context); !s) return fail(s.error().message);
    best_region_s = std::min(best_region_s, seconds_since(start));
  }
  const double mib = 1024.0 * 1024.0;
  std::printf("{\"bricks\": %llu, \"brick_mib\": %.1f, \"brick_seconds\": %.4f, \"brick_mib_s\": %.1f, "
              "\"region_mib\": %.1f, \"region_seconds\": %.4f, \"region_mib_s\": %.1f}\n",
              static_cast<unsigned long long>(brick_count), static_cast<double>(brick_bytes) / mib, best_bricks_s,
              static_cast<double>(brick_bytes) / mib / best_bricks_s, static_cast<double>(array_bytes) / mib,
              best_region_s, static_cast<double>(array_bytes) / mib / best_region_s);
  return 0;
}
