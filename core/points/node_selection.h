// Chooses, each frame, which octree nodes of a point cloud to draw under a point budget (Potree
// style): largest projected size first, nodes outside the view frustum or the optional clip
// skipped with their subtrees, and the set closed under parents (a node only after its parent).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "points/octree_node.h"

namespace hs {

// The points p with |dot(p - centre_nm, normal)| <= thickness_nm / 2; normal has unit length.
struct NodeSelectionSlab {
  Eigen::Vector3d centre_nm = Eigen::Vector3d::Zero();
  Eigen::Vector3d normal = Eigen::Vector3d::UnitZ();
  double thickness_nm = 0;
};

// The view a selection is made for, everything in the layer's frame (the frame of the node bounds).
struct NodeSelectionView {
  // projection * view * layer transform (column vectors, OpenGL clip space -w..w, see
  // scene/camera.h). The layer transform is assumed a similarity (rotation, uniform scale, shift).
  Eigen::Matrix4d layer_to_clip = Eigen::Matrix4d::Identity();
  Eigen::Vector3d eye_in_layer_nm = Eigen::Vector3d::Zero();  // camera position, for distances
  bool orthographic = false;  // then projected size does not depend on distance
  double viewport_height_px = 1;
  double min_node_size_px = 0;  // non-root nodes smaller than this on screen are not chosen
  // Optional clip: only nodes whose box intersects the slab and the box are chosen.
  std::optional<NodeSelectionSlab> slab;
  std::optional<Eigen::AlignedBox3d> box_nm;
};

struct SelectedNode {
  std::uint64_t node = 0;  // index in the node table
  double priority = 0;     // projected size in px (radius of the bounding sphere on screen)
};

struct NodeSelection {
  std::vector<SelectedNode> nodes;  // in the order chosen: by decreasing priority, parents first
  std::uint64_t points = 0;         // sum of row_count over `nodes`
  bool budget_reached = false;      // a candidate was left out for the budget, or the root exceeds it
};

// The nodes of `nodes` (a breadth-first table from build_octree or decode_node_table) to draw.
// From the root, repeatedly takes the candidate of largest priority (ties: smaller node index),
// where candidates are the children of taken nodes that are inside the frustum (conservative box
// test against the 6 clip planes), intersect the clip, and are at least min_node_size_px on
// screen; it stops when the next one would bring the total past `point_budget`. The root is always
// taken, even when outside the view or larger than the budget, so something is always drawn.
// An empty table gives an empty selection.
NodeSelection select_nodes(std::span<const OctreeNode> nodes, const NodeSelectionView& view,
                           std::uint64_t point_budget);

}  // namespace hs
