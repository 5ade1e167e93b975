// Ion picking: project, test the pixel radius and the view volume, keep the nearest.
#include "points/point_pick.h"

#include <cmath>

namespace hs {

std::optional<PickedPoint> pick_point(std::span<const float> xyz, std::uint64_t first_row, const PickQuery& query,
                                      const std::function<bool(std::size_t index)>& visible) {
  std::optional<PickedPoint> best;
  const double radius2 = query.radius_px * query.radius_px;
  const std::size_t count = xyz.size() / 3;
  for (std::size_t i = 0; i < count; ++i) {
    const Eigen::Vector4d clip =
        query.layer_to_clip * Eigen::Vector4d(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2], 1.0);
    if (!(clip.w() > 0)) continue;
    const Eigen::Vector3d ndc = clip.head<3>() / clip.w();
    if (ndc.z() < -1.0 || ndc.z() > 1.0) continue;
    // NDC y points up, pixel rows down.
    const Eigen::Vector2d px((ndc.x() + 1.0) * 0.5 * query.viewport_px.x(), (1.0 - ndc.y()) * 0.5 * query.viewport_px.y());
    const double d2 = (px - query.cursor_px).squaredNorm();
    if (d2 > radius2) continue;
    const std::uint64_t row = first_row + i;
    if (best && (ndc.z() > best->depth || (ndc.z() == best->depth && row >= best->row))) continue;
    if (visible && !visible(i)) continue;
    best = PickedPoint{row, ndc.z(), std::sqrt(d2)};
  }
  return best;
}

}  // namespace hs
