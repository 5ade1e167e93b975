// Picking the ion under the cursor: among ions (float32 x, y, z rows, nm, in a layer's frame)
// projected with a layer -> clip matrix, the one nearest the eye among those drawn within a few
// pixels of the cursor. Brute force over the rows it is given (the viewer passes the drawn ones):
// about 10 ms for 2·10^6 ions, fine for a pick on demand.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include <Eigen/Core>

namespace hs {

struct PickQuery {
  Eigen::Matrix4d layer_to_clip = Eigen::Matrix4d::Identity();  // OpenGL clip space, -w..w
  Eigen::Vector2d cursor_px = Eigen::Vector2d::Zero();  // from the viewport's top-left corner
  Eigen::Vector2d viewport_px = Eigen::Vector2d::Ones();  // width, height
  double radius_px = 4.0;                                // how far from the cursor an ion may be
};

struct PickedPoint {
  std::uint64_t row = 0;   // first_row + index in `xyz`
  double depth = 0;        // NDC depth (-1 near .. 1 far): smaller is nearer
  double distance_px = 0;  // from the cursor
};

// The nearest (smallest depth; ties: smaller row) of the rows within radius_px of the cursor and
// inside the view volume; none when there is none. `visible(index)` filters rows that are not
// drawn (hidden species, slab, clipping); null keeps all.
std::optional<PickedPoint> pick_point(std::span<const float> xyz, std::uint64_t first_row, const PickQuery& query,
                                      const std::function<bool(std::size_t index)>& visible);

}  // namespace hs
