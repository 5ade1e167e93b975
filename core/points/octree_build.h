// Puts the ions of an atom probe point cloud into octree level-of-detail order (Potree style) and
// builds the node table, in bounded memory and bit for bit the same on every platform.
//
// The order (DESIGN.md, "Data model"): ion i gets the priority splitmix64(seed ^ i). The root is the
// cube on the bounding box of the finite ions (edge = the largest extent, corner = the box's
// minimum). A node keeps the `node_capacity` ions of lowest priority among the ions of its cell
// that its ancestors did not keep; the rest go to its 8 children (child c = (x >= mid) |
// (y >= mid) << 1 | (z >= mid) << 2, mid-planes from octree_mid_planes). A node with at most
// node_capacity such ions keeps them all and has no children; so does a node at max_depth, however
// many it holds. Rows: nodes breadth-first (by level, then by path), each node's ions by increasing
// priority. Priorities never tie: splitmix64 is a bijection.
//
// What this gives a reader of the rows: each node's rows are a uniform random sample (without
// replacement) of the ions of its cell not kept by its ancestors, and so is every prefix of them;
// in particular the first min(N, node_capacity) rows are a uniform sample of the whole specimen.
// A prefix of whole levels is NOT a uniform sample of the specimen: it shows every region, but each
// node holds at most node_capacity ions, so dense regions (clusters) are under-represented. For
// unbiased counts from loaded nodes that contain the root and, for each loaded node, all or none of
// its children (e.g. whole levels), let each ion of a loaded node whose children are not loaded
// stand for subtree_row_count / row_count ions, and every other ion for itself.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "points/ion.h"
#include "points/octree_node.h"
#include "util/result.h"

namespace hs {

// Fills `out` (out.size() == count) with input ions [first, first + count).
using IonReadFn = std::function<Status(std::uint64_t first, std::uint64_t count, std::span<Ion> out)>;
// Receives the next rows of the output, in final row order.
using IonWriteFn = std::function<Status(std::span<const Ion> rows)>;
// Receives, for the rows just written, their indices in the input.
using IonIndexWriteFn = std::function<Status(std::span<const std::uint64_t> input_indices)>;

// Bytes per ion that the memory budget counts (ion and priority).
inline constexpr std::uint64_t kOctreeBytesPerIon = 24;

struct OctreeBuildOptions {
  std::uint64_t node_capacity = 65536;  // ions a node keeps before it splits; >= 1
  int max_depth = 20;                   // deepest level, 0..kMaxOctreeDepth
  std::uint64_t seed = 0;
  // Working memory for ions. When ion_count * kOctreeBytesPerIon fits, the build runs in memory;
  // otherwise it spills to temp_dir and needs node_capacity * kOctreeBytesPerIon to fit. Beyond
  // the budget it uses about 2 MiB of buffers, plus the node table it returns.
  std::uint64_t memory_budget_bytes = std::uint64_t{1} << 30;
  // Parent of the private directory for temporary files (disk: up to about 2 * 24 bytes per ion);
  // needed only when the ions do not fit the budget. The directory is removed before returning.
  std::string temp_dir;
  std::string source_name = "points";                  // names the input in messages, e.g. "run.pos"
  std::function<void(double fraction_done)> progress;  // optional, called often, 0..1
  const std::atomic<bool>* cancel = nullptr;           // optional; checked at least every 16384 ions
  IonIndexWriteFn write_input_indices;                 // optional, called after each write
};

struct OctreeBuildResult {
  std::vector<OctreeNode> nodes;          // breadth-first; empty when no ion was placed
  OctreeCube cube;                        // the root cell
  std::uint64_t row_count = 0;            // rows written: the input ions minus the skipped ones
  std::uint64_t skipped_non_finite = 0;   // ions with a NaN or infinite coordinate or mass, not placed
  std::uint64_t overfull_node_count = 0;  // nodes at max_depth holding more than node_capacity ions
  bool spilled = false;                   // whether temporary files were used
  std::vector<std::string> notes;         // what the user may want to know (skipped ions, overfull nodes)
};

// Reads `ion_count` ions through `read` (twice when spilling) and writes them to `write` in octree
// order. Errors: the reader's or writer's own; invalid options; temporary file failures; input
// that changes between passes; cancellation ("<source_name>: octree build cancelled").
Result<OctreeBuildResult> build_octree(std::uint64_t ion_count, const IonReadFn& read,
                                       const IonWriteFn& write, const OctreeBuildOptions& options);

}  // namespace hs
