// Budget-driven choice of octree nodes to draw: a best-first walk from the root over the nodes
// inside the view frustum and the clip, by projected size.
#include "points/node_selection.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <queue>

namespace hs {
namespace {

// A node's centre is taken to be at least this fraction of its radius from the eye, so a node
// around the eye gets a huge (finite) priority.
constexpr double kMinEyeDistanceOverRadius = 1e-3;

Eigen::AlignedBox3d box_of(const OctreeNode& node) {
  return {Eigen::Map<const Eigen::Vector3d>(node.min_nm.data()),
          Eigen::Map<const Eigen::Vector3d>(node.max_nm.data())};
}

// Projected size in px of a node's bounding sphere (centre c = the box centre, radius r = half
// the box diagonal). The pixel scale comes from layer_to_clip rather than from a field of view:
// per layer nm, clip y grows by |grad y| = f·s (f = 1/tan(fovy/2) in perspective, 1 / half the
// view height in nm when orthographic; s = the layer transform's scale) and, in perspective,
// clip w (the depth in front of the eye) by |grad w| = s. So the size is
//   perspective:  r / max(|c - eye|, kMin·r) · f · H/2 = r / d · |grad y| / |grad w| · H/2
//   orthographic: r · s · f · H/2                     = r · |grad y| · H/2
// with H = viewport_height_px, all lengths in layer nm.
class ProjectedSize {
 public:
  explicit ProjectedSize(const NodeSelectionView& view)
      : eye_nm_(view.eye_in_layer_nm), orthographic_(view.orthographic) {
    const double clip_y_per_nm = view.layer_to_clip.row(1).head<3>().norm();
    const double clip_w_per_nm = view.layer_to_clip.row(3).head<3>().norm();
    px_per_unit_ = 0.5 * view.viewport_height_px * clip_y_per_nm / (orthographic_ ? 1.0 : clip_w_per_nm);
  }

  double px(const OctreeNode& node) const {
    const Eigen::AlignedBox3d box = box_of(node);
    const double radius_nm = 0.5 * box.diagonal().norm();
    if (orthographic_) return radius_nm * px_per_unit_;
    const double distance_nm =
        std::max((box.center() - eye_nm_).norm(), kMinEyeDistanceOverRadius * radius_nm);
    return distance_nm > 0 ? radius_nm / distance_nm * px_per_unit_ : 0.0;
  }

 private:
  Eigen::Vector3d eye_nm_;
  bool orthographic_;
  double px_per_unit_ = 0;
};

// The 6 planes of the clip volume -w <= x, y, z <= w as rows of layer_to_clip: w ± x, w ± y,
// w ± z, each >= 0 inside.
std::array<Eigen::Vector4d, 6> frustum_planes(const Eigen::Matrix4d& layer_to_clip) {
  std::array<Eigen::Vector4d, 6> planes;
  for (int axis = 0; axis < 3; ++axis) {
    planes[2 * axis] = (layer_to_clip.row(3) + layer_to_clip.row(axis)).transpose();
    planes[2 * axis + 1] = (layer_to_clip.row(3) - layer_to_clip.row(axis)).transpose();
  }
  return planes;
}

// True when the whole box is on the outer side of one plane (conservative: a box crossing the
// corner of two planes outside the frustum is kept).
bool outside_a_plane(const std::array<Eigen::Vector4d, 6>& planes, const OctreeNode& node) {
  for (const Eigen::Vector4d& plane : planes) {
    // The box corner farthest along the plane's normal.
    double farthest = plane[3];
    for (int a = 0; a < 3; ++a) farthest += plane[a] * (plane[a] >= 0 ? node.max_nm[a] : node.min_nm[a]);
    if (farthest < 0) return true;
  }
  return false;
}

bool intersects_slab(const NodeSelectionSlab& slab, const Eigen::AlignedBox3d& box) {
  // The box's centre and half extent along the normal, from the slab's centre.
  const double centre_offset = slab.normal.dot(box.center() - slab.centre_nm);
  const double reach = slab.normal.cwiseAbs().dot(0.5 * box.sizes());
  return std::abs(centre_offset) - reach <= 0.5 * slab.thickness_nm;
}

struct Candidate {
  double priority = 0;
  std::uint64_t node = 0;
};

// Orders the queue so that its top is the largest priority, then the smallest node index.
struct LowerPriority {
  bool operator()(const Candidate& a, const Candidate& b) const {
    return a.priority != b.priority ? a.priority < b.priority : a.node > b.node;
  }
};

}  // namespace

NodeSelection select_nodes(std::span<const OctreeNode> nodes, const NodeSelectionView& view,
                           std::uint64_t point_budget) {
  NodeSelection selection;
  if (nodes.empty()) return selection;
  const ProjectedSize projected_size(view);
  const std::array<Eigen::Vector4d, 6> planes = frustum_planes(view.layer_to_clip);

  std::priority_queue<Candidate, std::vector<Candidate>, LowerPriority> candidates;
  candidates.push(Candidate{projected_size.px(nodes[0]), 0});
  while (!candidates.empty()) {
    const Candidate next = candidates.top();
    const OctreeNode& node = nodes[next.node];
    if (selection.points + node.row_count > point_budget) {
      selection.budget_reached = true;
      if (!selection.nodes.empty()) break;
    }
    candidates.pop();
    selection.nodes.push_back(SelectedNode{next.node, next.priority});
    selection.points += node.row_count;

    const int child_count = std::popcount(static_cast<unsigned>(node.child_mask));
    for (int k = 0; k < child_count; ++k) {
      const std::uint64_t child_index = node.first_child + static_cast<std::uint64_t>(k);
      const OctreeNode& child = nodes[child_index];
      if (outside_a_plane(planes, child)) continue;
      if (view.slab && !intersects_slab(*view.slab, box_of(child))) continue;
      if (view.box_nm && !view.box_nm->intersects(box_of(child))) continue;
      const double priority = projected_size.px(child);
      if (priority < view.min_node_size_px) continue;
      candidates.push(Candidate{priority, child_index});
    }
  }
  return selection;
}

}  // namespace hs
