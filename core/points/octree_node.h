// The node table of an octree-ordered point cloud: per node its place in the tree, its contiguous
// row range and its cubic bounds (nm), breadth-first; and the cell geometry every user of the
// table must share so that bounds and child choice agree to the last bit.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace hs {

// Deepest level a node can have: a path of 3 bits per level fits 63 bits.
inline constexpr int kMaxOctreeDepth = 21;
// "No such node" in parent / first_child.
inline constexpr std::uint64_t kNoOctreeNode = std::numeric_limits<std::uint64_t>::max();

// The root cube: corner and edge (nm). Cell (cx, cy, cz) of level L spans, along x,
// [octree_coordinate(min_nm[0], edge_nm, cx, L), octree_coordinate(min_nm[0], edge_nm, cx + 1, L)].
struct OctreeCube {
  std::array<double, 3> min_nm{0, 0, 0};
  double edge_nm = 0;
  friend bool operator==(const OctreeCube&, const OctreeCube&) = default;
};

// min + edge * cell / 2^level, evaluated exactly this way (cell / 2^level is exact), so that a
// child's faces coincide bit for bit with its parent's faces and mid-planes.
double octree_coordinate(double min_nm, double edge_nm, std::uint64_t cell, int level);

// The mid-planes of one cell, which choose the child octant of a point in it.
struct OctreeMidPlanes {
  std::array<double, 3> mid_nm{0, 0, 0};
  // The child (0..7): bit 0 set when x >= the mid-plane in x, bit 1 for y, bit 2 for z.
  int child_of(float x_nm, float y_nm, float z_nm) const {
    return (x_nm >= mid_nm[0] ? 1 : 0) | (y_nm >= mid_nm[1] ? 2 : 0) | (z_nm >= mid_nm[2] ? 4 : 0);
  }
};
// The mid-planes of cell `cell` of `level`; along x:
// octree_coordinate(cube.min_nm[0], cube.edge_nm, 2 * cx + 1, level + 1).
OctreeMidPlanes octree_mid_planes(const OctreeCube& cube, std::array<std::uint32_t, 3> cell, int level);

// The cell coordinates of the node reached by `path` (3 bits per level, see OctreeNode::path).
std::array<std::uint32_t, 3> octree_cell_of_path(std::uint64_t path, int level);

struct OctreeNode {
  std::uint32_t level = 0;
  // Child indices from the root down, 3 bits each: the level-1 child in bits 3(level-1)..3level-1,
  // this node's own child index in bits 0..2; 0 for the root. Sorting by (level, path) gives the
  // breadth-first order of the table.
  std::uint64_t path = 0;
  std::uint64_t parent = kNoOctreeNode;       // index in the table
  std::uint64_t first_child = kNoOctreeNode;  // children are consecutive, by child index
  std::uint8_t child_mask = 0;                // bit c set when child c exists
  std::uint64_t row_start = 0;                // the node's ions are rows [row_start, row_start + row_count)
  std::uint64_t row_count = 0;
  // Rows of this node and all its descendants: the ions of the node's region that its ancestors
  // did not keep. row_count / subtree_row_count is the node's sampling fraction.
  std::uint64_t subtree_row_count = 0;
  std::array<double, 3> min_nm{0, 0, 0};  // the cell's bounds; its ions satisfy min <= x <= max
  std::array<double, 3> max_nm{0, 0, 0};
  friend bool operator==(const OctreeNode&, const OctreeNode&) = default;
};

// A node as the builder finds it, before links and row offsets are known.
struct OctreeNodeEntry {
  std::uint32_t level = 0;
  std::uint64_t path = 0;
  std::uint64_t row_count = 0;
};

// The table of `entries`, given in breadth-first order (by level, then path) with every non-root
// entry's parent present: row ranges tile [0, total) in that order; links, child masks, subtree
// counts and bounds filled in.
std::vector<OctreeNode> assemble_octree_nodes(std::span<const OctreeNodeEntry> entries,
                                              const OctreeCube& cube);

}  // namespace hs
