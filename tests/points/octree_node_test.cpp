// Octree node table: cell geometry and the assembly of links, row ranges and bounds, against
// hand-computed tables.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <vector>

#include "points/octree_node.h"

TEST_CASE("octree node: cell coordinates, mid-planes and child choice", "[octree]") {
  CHECK(hs::octree_coordinate(10, 8, 3, 2) == 16.0);  // 10 + 8 * 3/4
  CHECK(hs::octree_coordinate(-1, 3, 1, 0) == 2.0);
  const hs::OctreeCube cube{{0, 0, 0}, 8};
  const hs::OctreeMidPlanes root = hs::octree_mid_planes(cube, {0, 0, 0}, 0);
  CHECK(root.mid_nm == std::array<double, 3>{4, 4, 4});
  CHECK(root.child_of(4, 0, 7.9f) == 5);  // on the x mid-plane: the upper side
  CHECK(root.child_of(3.999f, 4, 0) == 2);
  CHECK(root.child_of(0, 0, 0) == 0);
  CHECK(root.child_of(8, 8, 8) == 7);
  // Cell (1, 0, 1) of level 1 spans [4, 8] x [0, 4] x [4, 8]; its mid-planes are 6, 2, 6.
  CHECK(hs::octree_mid_planes(cube, {1, 0, 1}, 1).mid_nm == std::array<double, 3>{6, 2, 6});
  // Path 5, 2, 7: x bits 1 0 1, y bits 0 1 1, z bits 1 0 1.
  const std::uint64_t path = (5u << 6) | (2u << 3) | 7u;
  CHECK(hs::octree_cell_of_path(path, 3) == std::array<std::uint32_t, 3>{5, 3, 5});
  CHECK(hs::octree_cell_of_path(0, 0) == std::array<std::uint32_t, 3>{0, 0, 0});
}

TEST_CASE("octree node: assembly fills row ranges, links, masks, subtree counts and bounds", "[octree]") {
  const std::vector<hs::OctreeNodeEntry> entries{
      {0, 0, 10}, {1, 1, 5}, {1, 6, 3}, {2, (1u << 3) | 3u, 2}, {2, (6u << 3) | 0u, 4}};
  const hs::OctreeCube cube{{-2, 0, 1}, 4};
  const std::vector<hs::OctreeNode> nodes = hs::assemble_octree_nodes(entries, cube);
  REQUIRE(nodes.size() == 5);
  const std::uint64_t none = hs::kNoOctreeNode;
  const std::array<std::uint64_t, 5> row_start{0, 10, 15, 18, 20};
  const std::array<std::uint64_t, 5> parent{none, 0, 0, 1, 2};
  const std::array<std::uint64_t, 5> first_child{1, 3, 4, none, none};
  const std::array<std::uint8_t, 5> mask{0x42, 0x08, 0x01, 0, 0};
  const std::array<std::uint64_t, 5> subtree{24, 7, 7, 2, 4};
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    INFO("node " << i);
    CHECK(nodes[i].level == entries[i].level);
    CHECK(nodes[i].path == entries[i].path);
    CHECK(nodes[i].row_count == entries[i].row_count);
    CHECK(nodes[i].row_start == row_start[i]);
    CHECK(nodes[i].parent == parent[i]);
    CHECK(nodes[i].first_child == first_child[i]);
    CHECK(nodes[i].child_mask == mask[i]);
    CHECK(nodes[i].subtree_row_count == subtree[i]);
  }
  CHECK(nodes[0].min_nm == std::array<double, 3>{-2, 0, 1});
  CHECK(nodes[0].max_nm == std::array<double, 3>{2, 4, 5});
  // Child 6 (x low, y high, z high) of the root: cell (0, 1, 1) of edge 2.
  CHECK(nodes[2].min_nm == std::array<double, 3>{-2, 2, 3});
  CHECK(nodes[2].max_nm == std::array<double, 3>{0, 4, 5});
  // Its child 0: cell (0, 2, 2) of level 2, edge 1.
  CHECK(nodes[4].min_nm == std::array<double, 3>{-2, 2, 3});
  CHECK(nodes[4].max_nm == std::array<double, 3>{-1, 3, 4});
  CHECK(hs::assemble_octree_nodes({}, cube).empty());
}
