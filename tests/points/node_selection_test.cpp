// Node selection for drawing: closure under parents and the budget, frustum culling against a
// corner-by-corner clip-space check, order against a brute-force greedy with priorities from the
// field of view, refinement by budget and by distance, slab and box clips, hand-computed tables.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <vector>

#include <Eigen/Geometry>

#include "octree_test_support.h"
#include "points/node_selection.h"
#include "scene/camera.h"

namespace {

using hs::CameraState;
using hs::NodeSelection;
using hs::NodeSelectionView;
using hs::OctreeNode;

constexpr std::uint64_t kNoBudget = std::numeric_limits<std::uint64_t>::max();
constexpr double kHeightPx = 600;
constexpr double kAspect = 1.5;

// 20,000 ions uniform in a 100 nm cube plus a dense ball, 64 ions per node: a few hundred nodes.
std::vector<OctreeNode> built_nodes(std::uint64_t capacity = 64) {
  std::vector<hs::Ion> ions = hs::test::uniform_ions(20000, {100, 100, 100}, 11);
  const std::vector<hs::Ion> ball = hs::test::ball_ions(3000, {70, 30, 60}, 6, 12);
  ions.insert(ions.end(), ball.begin(), ball.end());
  hs::OctreeBuildOptions options;
  options.node_capacity = capacity;
  const hs::test::BuildOutput out = hs::test::run_build(ions, options);
  REQUIRE(out.result.ok());
  return out.result->nodes;
}

Eigen::Matrix4d layer_to_clip(const CameraState& camera, const Eigen::Matrix4d& layer_to_world) {
  return hs::camera_projection_matrix(camera, kAspect) * hs::camera_view_matrix(camera) * layer_to_world;
}

NodeSelectionView view_of(const CameraState& camera,
                          const Eigen::Matrix4d& layer_to_world = Eigen::Matrix4d::Identity()) {
  NodeSelectionView view;
  view.layer_to_clip = layer_to_clip(camera, layer_to_world);
  const Eigen::Vector4d eye_world = hs::camera_eye_nm(camera).homogeneous();
  view.eye_in_layer_nm = (layer_to_world.inverse() * eye_world).head<3>();
  view.orthographic = camera.projection == hs::Projection::orthographic;
  view.viewport_height_px = kHeightPx;
  return view;
}

CameraState camera_at(Eigen::Vector3d target_nm, double distance_nm, double azimuth_deg = -50,
                      double elevation_deg = 30) {
  CameraState camera;
  camera.target_nm = target_nm;
  camera.distance_nm = distance_nm;
  camera.azimuth_deg = azimuth_deg;
  camera.elevation_deg = elevation_deg;
  return camera;
}

std::array<Eigen::Vector3d, 8> corners_of(const OctreeNode& node) {
  std::array<Eigen::Vector3d, 8> corners;
  for (int c = 0; c < 8; ++c) {
    for (int a = 0; a < 3; ++a) corners[c][a] = ((c >> a) & 1) ? node.max_nm[a] : node.min_nm[a];
  }
  return corners;
}

// True when all 8 corners break the same one of -w <= x, x <= w, -w <= y, y <= w, -w <= z, z <= w.
bool entirely_outside_clip(const Eigen::Matrix4d& to_clip, const OctreeNode& node) {
  const std::array<Eigen::Vector3d, 8> corners = corners_of(node);
  for (int axis = 0; axis < 3; ++axis) {
    for (const double side : {-1.0, 1.0}) {
      bool all_outside = true;
      for (const Eigen::Vector3d& corner : corners) {
        const Eigen::Vector4d clip = to_clip * corner.homogeneous();
        if (!(side * clip[axis] > clip[3])) all_outside = false;
      }
      if (all_outside) return true;
    }
  }
  return false;
}

// Projected radius in px from the field of view, in the world frame: the bounding sphere of the
// node's box mapped by `layer_to_world` (a similarity), r / d · H / (2 tan(fovy / 2)) in
// perspective (d at least r / 1000), r / (nm per px) when orthographic.
double reference_priority(const OctreeNode& node, const CameraState& camera,
                          const Eigen::Matrix4d& layer_to_world = Eigen::Matrix4d::Identity()) {
  const Eigen::Vector3d low(node.min_nm[0], node.min_nm[1], node.min_nm[2]);
  const Eigen::Vector3d high(node.max_nm[0], node.max_nm[1], node.max_nm[2]);
  const Eigen::Vector3d low_world = (layer_to_world * low.homogeneous()).head<3>();
  const Eigen::Vector3d high_world = (layer_to_world * high.homogeneous()).head<3>();
  const double radius = 0.5 * (high_world - low_world).norm();
  if (camera.projection == hs::Projection::orthographic) {
    return radius / hs::camera_nm_per_pixel(camera, kHeightPx);
  }
  const double distance =
      std::max((0.5 * (low_world + high_world) - hs::camera_eye_nm(camera)).norm(), radius / 1000);
  const double tan_half_fov = std::tan(camera.fov_y_deg * std::numbers::pi / 360);
  return radius / distance * kHeightPx / (2 * tan_half_fov);
}

std::vector<std::uint64_t> indices_of(const NodeSelection& selection) {
  std::vector<std::uint64_t> indices;
  for (const hs::SelectedNode& chosen : selection.nodes) indices.push_back(chosen.node);
  return indices;
}

// Starts with the root, each node after its parent, each once; points = the chosen rows.
void check_closed_under_parents(const std::vector<OctreeNode>& nodes, const NodeSelection& selection) {
  REQUIRE_FALSE(selection.nodes.empty());
  CHECK(selection.nodes[0].node == 0);
  std::vector<bool> taken(nodes.size(), false);
  std::uint64_t points = 0;
  for (const hs::SelectedNode& chosen : selection.nodes) {
    REQUIRE(chosen.node < nodes.size());
    CHECK_FALSE(taken[chosen.node]);
    if (chosen.node != 0) CHECK(taken[nodes[chosen.node].parent]);
    taken[chosen.node] = true;
    points += nodes[chosen.node].row_count;
  }
  CHECK(selection.points == points);
}

// The nodes reachable from the root through allowed nodes, in table order (parents come first).
std::vector<std::uint64_t> reachable(const std::vector<OctreeNode>& nodes, const std::vector<bool>& allowed) {
  std::vector<bool> in(nodes.size(), false);
  std::vector<std::uint64_t> indices;
  for (std::uint64_t i = 0; i < nodes.size(); ++i) {
    in[i] = i == 0 || (allowed[i] && in[nodes[i].parent]);
    if (in[i]) indices.push_back(i);
  }
  return indices;
}

std::vector<std::uint64_t> sorted(std::vector<std::uint64_t> indices) {
  std::sort(indices.begin(), indices.end());
  return indices;
}

struct GreedyResult {
  std::vector<std::uint64_t> order;
  bool budget_reached = false;
};

// Repeatedly takes, among allowed nodes whose parent is taken, the one of largest priority
// (first in table order on ties), until none is left or it would exceed the budget.
GreedyResult greedy(const std::vector<OctreeNode>& nodes, const std::vector<bool>& allowed,
                    const std::vector<double>& priority, std::uint64_t budget) {
  GreedyResult result;
  std::vector<bool> taken(nodes.size(), false);
  taken[0] = true;
  result.order.push_back(0);
  std::uint64_t points = nodes[0].row_count;
  for (;;) {
    std::uint64_t best = nodes.size();
    for (std::uint64_t i = 1; i < nodes.size(); ++i) {
      if (taken[i] || !allowed[i] || !taken[nodes[i].parent]) continue;
      if (best == nodes.size() || priority[i] > priority[best]) best = i;
    }
    if (best == nodes.size()) break;
    if (points + nodes[best].row_count > budget) {
      result.budget_reached = true;
      break;
    }
    taken[best] = true;
    points += nodes[best].row_count;
    result.order.push_back(best);
  }
  return result;
}

// The table of a cube [0, 4]^3: the root (10 rows), its 8 children (5 rows each, indices 1..8 =
// child 0..7), and children 0 and 7 of child 0 (3 rows each, indices 9 and 10).
std::vector<OctreeNode> hand_made_nodes() {
  std::vector<hs::OctreeNodeEntry> entries{{0, 0, 10}};
  for (std::uint64_t c = 0; c < 8; ++c) entries.push_back({1, c, 5});
  entries.push_back({2, 0, 3});
  entries.push_back({2, 7, 3});
  return hs::assemble_octree_nodes(entries, hs::OctreeCube{{0, 0, 0}, 4});
}

Eigen::Matrix4d translation(double x, double y, double z) {
  return Eigen::Affine3d(Eigen::Translation3d(x, y, z)).matrix();
}

// Perspective with fovy 90 degrees (f = 1), square, looking down -z (near 0.1, far 100).
Eigen::Matrix4d perspective_90() {
  const double near = 0.1, far = 100;
  Eigen::Matrix4d projection = Eigen::Matrix4d::Zero();
  projection(0, 0) = 1;
  projection(1, 1) = 1;
  projection(2, 2) = (far + near) / (near - far);
  projection(2, 3) = 2 * far * near / (near - far);
  projection(3, 2) = -1;
  return projection;
}

// Looking down -z from (2, 2, 10), fovy 90 degrees, viewport 200 px tall: the pixel scale is
// 200 / (2 tan 45°) = 100 px per unit of r / d.
NodeSelectionView top_down_view() {
  NodeSelectionView view;
  view.layer_to_clip = perspective_90() * translation(-2, -2, -10);
  view.eye_in_layer_nm = Eigen::Vector3d(2, 2, 10);
  view.viewport_height_px = 200;
  return view;
}

}  // namespace

TEST_CASE("node selection: closed under parents, root first, within the budget", "[node_selection]") {
  const std::vector<OctreeNode> nodes = built_nodes();
  REQUIRE(nodes.size() > 100);
  const CameraState camera = camera_at({50, 50, 50}, 200, 30, 20);
  for (const std::uint64_t budget :
       {std::uint64_t{64}, std::uint64_t{1000}, std::uint64_t{5000}, std::uint64_t{12345}, kNoBudget}) {
    INFO("budget " << budget);
    const NodeSelection selection = hs::select_nodes(nodes, view_of(camera), budget);
    check_closed_under_parents(nodes, selection);
    CHECK(selection.points <= budget);
    CHECK(selection.budget_reached == (budget != kNoBudget));
  }
  SECTION("the root alone exceeds the budget: only the root") {
    const NodeSelection selection = hs::select_nodes(nodes, view_of(camera), 10);
    CHECK(indices_of(selection) == std::vector<std::uint64_t>{0});
    CHECK(selection.points == nodes[0].row_count);
    CHECK(selection.budget_reached);
  }
  SECTION("an empty table gives nothing") {
    const NodeSelection selection = hs::select_nodes({}, view_of(camera), kNoBudget);
    CHECK(selection.nodes.empty());
    CHECK(selection.points == 0);
    CHECK_FALSE(selection.budget_reached);
  }
}

TEST_CASE("node selection: a camera looking away from the cloud takes only the root", "[node_selection]") {
  const std::vector<OctreeNode> nodes = built_nodes();
  // The eye 500 nm from the cloud's centre, looking directly away from it.
  const Eigen::Vector3d centre(50, 50, 50);
  CameraState camera = camera_at(Eigen::Vector3d::Zero(), 300);
  const Eigen::Vector3d backwards = hs::camera_eye_nm(camera).normalized();  // target -> eye
  camera.target_nm = centre - (500 + camera.distance_nm) * backwards;
  REQUIRE((hs::camera_eye_nm(camera) - (centre - 500 * backwards)).norm() < 1e-9);
  const NodeSelection selection = hs::select_nodes(nodes, view_of(camera), kNoBudget);
  CHECK(indices_of(selection) == std::vector<std::uint64_t>{0});
  CHECK(selection.points == nodes[0].row_count);
  CHECK_FALSE(selection.budget_reached);
}

TEST_CASE("node selection: nodes entirely outside the frustum are culled with their subtrees",
          "[node_selection]") {
  const std::vector<OctreeNode> nodes = built_nodes();
  // Close to the corner (0, 0, 0), looking at it: most of the cloud is outside the view.
  const Eigen::Matrix4d layer_to_world = Eigen::Matrix4d::Identity();
  for (const CameraState& camera : {camera_at({0, 0, 0}, 40), camera_at({100, 0, 100}, 25, 60, -20)}) {
    const Eigen::Matrix4d to_clip = layer_to_clip(camera, layer_to_world);
    const NodeSelection selection = hs::select_nodes(nodes, view_of(camera), kNoBudget);
    check_closed_under_parents(nodes, selection);
    for (std::size_t k = 1; k < selection.nodes.size(); ++k) {
      INFO("node " << selection.nodes[k].node);
      CHECK_FALSE(entirely_outside_clip(to_clip, nodes[selection.nodes[k].node]));
    }
    // Without a budget: exactly the nodes whose box and ancestors' boxes are not entirely outside.
    std::vector<bool> inside(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) inside[i] = !entirely_outside_clip(to_clip, nodes[i]);
    const std::vector<std::uint64_t> expected = reachable(nodes, inside);
    CHECK(expected.size() > 10);
    CHECK(expected.size() < nodes.size() / 2);
    CHECK(sorted(indices_of(selection)) == expected);
  }
}

TEST_CASE("node selection: order and priorities match a brute-force greedy", "[node_selection]") {
  const std::vector<OctreeNode> nodes = built_nodes(32);
  Eigen::Matrix4d layer_to_world = Eigen::Matrix4d::Identity();
  CameraState camera = camera_at({50, 45, 55}, 260, 35, 25);
  double min_node_size_px = 0;
  SECTION("perspective") {}
  SECTION("perspective, eye inside the cloud") {
    camera = camera_at({40, 70, 55}, 20, -120, 10);
  }
  SECTION("orthographic") {
    camera.projection = hs::Projection::orthographic;
  }
  SECTION("rotated, scaled and shifted layer") {
    const Eigen::Affine3d transform = Eigen::Translation3d(-80, 30, 5) *
                                      Eigen::AngleAxisd(0.7, Eigen::Vector3d(1, 2, 2).normalized()) *
                                      Eigen::Scaling(2.5);
    layer_to_world = transform.matrix();
    camera = camera_at({50, 60, 140}, 500, 10, 40);
  }
  SECTION("a minimum node size") {
    min_node_size_px = 40;
  }
  NodeSelectionView view = view_of(camera, layer_to_world);
  view.min_node_size_px = min_node_size_px;
  const Eigen::Matrix4d to_clip = layer_to_clip(camera, layer_to_world);
  std::vector<double> priority(nodes.size());
  std::vector<bool> allowed(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    priority[i] = reference_priority(nodes[i], camera, layer_to_world);
    allowed[i] = !entirely_outside_clip(to_clip, nodes[i]) && priority[i] >= min_node_size_px;
  }
  for (const std::uint64_t budget :
       {std::uint64_t{500}, std::uint64_t{3000}, std::uint64_t{9000}, kNoBudget}) {
    INFO("budget " << budget);
    const NodeSelection selection = hs::select_nodes(nodes, view, budget);
    const GreedyResult expected = greedy(nodes, allowed, priority, budget);
    CHECK(indices_of(selection) == expected.order);
    CHECK(selection.budget_reached == expected.budget_reached);
    for (const hs::SelectedNode& chosen : selection.nodes) {
      CHECK(chosen.priority == Approx(priority[chosen.node]).epsilon(1e-9));
    }
    CHECK(selection.nodes.size() > 1);
  }
}

TEST_CASE("node selection: a bigger budget extends the selection", "[node_selection]") {
  const std::vector<OctreeNode> nodes = built_nodes();
  const NodeSelectionView view = view_of(camera_at({30, 60, 40}, 120, 150, 35));
  NodeSelection smaller = hs::select_nodes(nodes, view, 0);
  for (std::uint64_t budget = 0; budget <= 30000; budget += 700) {
    INFO("budget " << budget);
    const NodeSelection larger = hs::select_nodes(nodes, view, budget);
    REQUIRE(larger.nodes.size() >= smaller.nodes.size());
    // The smaller selection is a prefix of the larger one.
    for (std::size_t k = 0; k < smaller.nodes.size(); ++k) {
      CHECK(larger.nodes[k].node == smaller.nodes[k].node);
      CHECK(larger.nodes[k].priority == smaller.nodes[k].priority);
    }
    smaller = larger;
  }
  CHECK(smaller.nodes.size() > 50);
}

TEST_CASE("node selection: moving the camera closer to a region refines it", "[node_selection]") {
  const std::vector<OctreeNode> nodes = built_nodes(16);
  // The chosen nodes in the corner cell (0, 0, 0) of level 2 (the root's child 0's child 0) and
  // their deepest level, under a budget of 60 nodes' rows.
  const auto in_corner = [&nodes](const NodeSelection& selection) {
    std::size_t count = 0;
    std::uint32_t deepest = 0;
    for (const hs::SelectedNode& chosen : selection.nodes) {
      const OctreeNode& node = nodes[chosen.node];
      if (node.level >= 2 && node.path >> (3 * (node.level - 2)) == 0) {
        ++count;
        deepest = std::max(deepest, node.level);
      }
    }
    return std::array<std::size_t, 2>{count, deepest};
  };
  const std::uint64_t budget = 60 * 16;
  const std::array<std::size_t, 2> far =
      in_corner(hs::select_nodes(nodes, view_of(camera_at({12.5, 12.5, 12.5}, 400)), budget));
  const std::array<std::size_t, 2> near =
      in_corner(hs::select_nodes(nodes, view_of(camera_at({12.5, 12.5, 12.5}, 30)), budget));
  INFO("far: " << far[0] << " nodes, deepest level " << far[1] << "; near: " << near[0] << ", " << near[1]);
  CHECK(near[0] >= far[0] + 5);
  CHECK(near[1] > far[1]);
}

TEST_CASE("node selection: slab and box clips keep only the nodes that intersect them", "[node_selection]") {
  const std::vector<OctreeNode> nodes = built_nodes();
  NodeSelectionView view = view_of(camera_at({50, 50, 50}, 250));
  const Eigen::Matrix4d to_clip = view.layer_to_clip;
  hs::NodeSelectionSlab slab;
  slab.centre_nm = Eigen::Vector3d(40, 55, 50);
  slab.normal = Eigen::Vector3d(1, 1, 0).normalized();
  slab.thickness_nm = 8;
  const Eigen::AlignedBox3d box(Eigen::Vector3d(10, 0, 60), Eigen::Vector3d(30, 100, 80));
  // Brute force: the slab's coordinate over the 8 corners spans an interval that must meet
  // [-t/2, t/2]; the box must overlap on every axis.
  const auto meets_slab = [&slab](const OctreeNode& node) {
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (const Eigen::Vector3d& corner : corners_of(node)) {
      const double along = (corner - slab.centre_nm).dot(slab.normal);
      low = std::min(low, along);
      high = std::max(high, along);
    }
    return low <= slab.thickness_nm / 2 && high >= -slab.thickness_nm / 2;
  };
  const auto meets_box = [&box](const OctreeNode& node) {
    for (int a = 0; a < 3; ++a) {
      if (node.max_nm[a] < box.min()[a] || node.min_nm[a] > box.max()[a]) return false;
    }
    return true;
  };
  bool use_slab = false, use_box = false;
  SECTION("slab") {
    use_slab = true;
  }
  SECTION("box") {
    use_box = true;
  }
  SECTION("slab and box") {
    use_slab = use_box = true;
  }
  if (use_slab) view.slab = slab;
  if (use_box) view.box_nm = box;
  std::vector<bool> allowed(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    allowed[i] = !entirely_outside_clip(to_clip, nodes[i]) && (!use_slab || meets_slab(nodes[i])) &&
                 (!use_box || meets_box(nodes[i]));
  }
  const NodeSelection selection = hs::select_nodes(nodes, view, kNoBudget);
  check_closed_under_parents(nodes, selection);
  for (std::size_t k = 1; k < selection.nodes.size(); ++k) {
    INFO("node " << selection.nodes[k].node);
    CHECK(allowed[selection.nodes[k].node]);
  }
  const std::vector<std::uint64_t> expected = reachable(nodes, allowed);
  CHECK(expected.size() > 10);
  CHECK(expected.size() < nodes.size() / 2);
  CHECK(sorted(indices_of(selection)) == expected);
}

TEST_CASE("node selection: hand-computed order, ties by index, minimum size", "[node_selection]") {
  const std::vector<OctreeNode> nodes = hand_made_nodes();
  REQUIRE(nodes.size() == 11);
  NodeSelectionView view = top_down_view();
  // r / d · 100: root r = 2√3 at d = 8; upper children (indices 5..8) r = √3 at d = √51; lower
  // children (1..4) at d = √83; grandchild [1, 2]^3 (index 10) r = √3 / 2 at d = √72.75 and
  // [0, 1]^3 (index 9) at d = √94.75.
  const double root = 100 * 2 * std::sqrt(3.0) / 8;
  const double upper = 100 * std::sqrt(3.0 / 51), lower = 100 * std::sqrt(3.0 / 83);
  const double grandchild_10 = 100 * std::sqrt(0.75 / 72.75), grandchild_9 = 100 * std::sqrt(0.75 / 94.75);
  SECTION("everything, by decreasing size, ties by index") {
    const NodeSelection selection = hs::select_nodes(nodes, view, 1000);
    CHECK(indices_of(selection) == std::vector<std::uint64_t>{0, 5, 6, 7, 8, 1, 2, 3, 4, 10, 9});
    const std::array<double, 11> expected{root,  upper, upper, upper,         upper,       lower,
                                          lower, lower, lower, grandchild_10, grandchild_9};
    for (std::size_t k = 0; k < expected.size(); ++k)
      CHECK(selection.nodes[k].priority == Approx(expected[k]));
    CHECK(selection.points == 10 + 8 * 5 + 2 * 3);
    CHECK_FALSE(selection.budget_reached);
  }
  SECTION("a budget for two children: the two tied ones of smallest index") {
    const NodeSelection selection = hs::select_nodes(nodes, view, 24);
    CHECK(indices_of(selection) == std::vector<std::uint64_t>{0, 5, 6});
    CHECK(selection.points == 20);
    CHECK(selection.budget_reached);
  }
  SECTION("minimum sizes") {
    view.min_node_size_px = 15;  // drops the grandchildren
    CHECK(indices_of(hs::select_nodes(nodes, view, 1000)) ==
          std::vector<std::uint64_t>{0, 5, 6, 7, 8, 1, 2, 3, 4});
    view.min_node_size_px = 20;  // drops the lower children, hence their subtrees
    CHECK(indices_of(hs::select_nodes(nodes, view, 1000)) == std::vector<std::uint64_t>{0, 5, 6, 7, 8});
    view.min_node_size_px = 1000;  // the root stays
    CHECK(indices_of(hs::select_nodes(nodes, view, 1000)) == std::vector<std::uint64_t>{0});
  }
  SECTION("orthographic: sizes do not depend on distance") {
    // Half the view height 4 nm: 200 px / 8 nm = 25 px per nm of radius.
    Eigen::Matrix4d orthographic = Eigen::Matrix4d::Identity();
    orthographic(0, 0) = orthographic(1, 1) = 0.25;
    orthographic(2, 2) = -0.01;
    view.layer_to_clip = orthographic * translation(-2, -2, -10);
    view.orthographic = true;
    const NodeSelection selection = hs::select_nodes(nodes, view, 1000);
    CHECK(indices_of(selection) == std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    CHECK(selection.nodes[0].priority == Approx(25 * 2 * std::sqrt(3.0)));
    CHECK(selection.nodes[8].priority == Approx(25 * std::sqrt(3.0)));
    CHECK(selection.nodes[10].priority == Approx(25 * std::sqrt(3.0) / 2));
  }
  SECTION("a node around the eye comes first, with a huge priority") {
    // The eye at (1, 1, 1), the centre of child 0 (index 1), looking down -z.
    view.layer_to_clip = perspective_90() * translation(-1, -1, -1);
    view.eye_in_layer_nm = Eigen::Vector3d(1, 1, 1);
    const NodeSelection selection = hs::select_nodes(nodes, view, 1000);
    REQUIRE(selection.nodes.size() >= 2);
    CHECK(selection.nodes[1].node == 1);
    CHECK(std::isfinite(selection.nodes[1].priority));
    CHECK(selection.nodes[1].priority > 100 * selection.nodes[0].priority);
  }
}
