// The octree node table: cell geometry and assembly of links, row ranges and bounds.
#include "points/octree_node.h"

#include <cassert>
#include <cmath>

namespace hs {

double octree_coordinate(double min_nm, double edge_nm, std::uint64_t cell, int level) {
  return min_nm + edge_nm * std::ldexp(static_cast<double>(cell), -level);
}

OctreeMidPlanes octree_mid_planes(const OctreeCube& cube, std::array<std::uint32_t, 3> cell, int level) {
  OctreeMidPlanes planes;
  for (int axis = 0; axis < 3; ++axis) {
    const std::uint64_t mid_cell = 2 * std::uint64_t{cell[axis]} + 1;
    planes.mid_nm[axis] = octree_coordinate(cube.min_nm[axis], cube.edge_nm, mid_cell, level + 1);
  }
  return planes;
}

std::array<std::uint32_t, 3> octree_cell_of_path(std::uint64_t path, int level) {
  std::array<std::uint32_t, 3> cell{0, 0, 0};
  for (int l = level - 1; l >= 0; --l) {
    const auto child = static_cast<std::uint32_t>(path >> (3 * l)) & 7u;
    for (int axis = 0; axis < 3; ++axis) cell[axis] = 2 * cell[axis] + ((child >> axis) & 1u);
  }
  return cell;
}

std::vector<OctreeNode> assemble_octree_nodes(std::span<const OctreeNodeEntry> entries,
                                              const OctreeCube& cube) {
  std::vector<OctreeNode> nodes(entries.size());
  std::uint64_t row = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const OctreeNodeEntry& entry = entries[i];
    OctreeNode& node = nodes[i];
    node.level = entry.level;
    node.path = entry.path;
    node.row_start = row;
    node.row_count = entry.row_count;
    node.subtree_row_count = entry.row_count;
    row += entry.row_count;
    const int level = static_cast<int>(entry.level);
    const std::array<std::uint32_t, 3> cell = octree_cell_of_path(entry.path, level);
    for (int axis = 0; axis < 3; ++axis) {
      node.min_nm[axis] = octree_coordinate(cube.min_nm[axis], cube.edge_nm, cell[axis], level);
      node.max_nm[axis] =
          octree_coordinate(cube.min_nm[axis], cube.edge_nm, std::uint64_t{cell[axis]} + 1, level);
    }
  }
  // Parents of breadth-first children come in breadth-first order too: one forward scan finds them.
  std::size_t parent = 0;
  for (std::size_t i = 1; i < nodes.size(); ++i) {
    OctreeNode& node = nodes[i];
    assert(node.level >= 1);
    const std::uint32_t parent_level = node.level - 1;
    const std::uint64_t parent_path = node.path >> 3;
    while (nodes[parent].level < parent_level ||
           (nodes[parent].level == parent_level && nodes[parent].path < parent_path)) {
      ++parent;
    }
    assert(nodes[parent].level == parent_level && nodes[parent].path == parent_path);
    node.parent = parent;
    if (nodes[parent].first_child == kNoOctreeNode) nodes[parent].first_child = i;
    nodes[parent].child_mask = static_cast<std::uint8_t>(nodes[parent].child_mask | (1u << (node.path & 7u)));
  }
  for (std::size_t i = nodes.size(); i-- > 1;)
    nodes[nodes[i].parent].subtree_row_count += nodes[i].subtree_row_count;
  return nodes;
}

}  // namespace hs
