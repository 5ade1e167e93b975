// Axes gizmo and scale bar.
#include "ui/overlays.h"

#include <algorithm>
#include <array>
#include <string>

#include "scene/units.h"

namespace hs::ui {
namespace {

struct AxisStyle {
  Eigen::Vector3d direction;
  ImU32 color;
  const char* label;
};

}  // namespace

void draw_axes_gizmo(ImDrawList& draw, const CameraState& camera, ImVec2 centre, float radius_px,
                     float ui_scale) {
  const Eigen::Matrix3d rotation = camera_view_matrix(camera).block<3, 3>(0, 0);
  std::array<AxisStyle, 3> axes = {{
      {Eigen::Vector3d::UnitX(), IM_COL32(225, 70, 70, 255), "x"},
      {Eigen::Vector3d::UnitY(), IM_COL32(90, 200, 90, 255), "y"},
      {Eigen::Vector3d::UnitZ(), IM_COL32(80, 140, 240, 255), "z"},
  }};
  // Draw the axis pointing away from the viewer first so nearer ones stay on top.
  std::sort(axes.begin(), axes.end(), [&](const AxisStyle& a, const AxisStyle& b) {
    return (rotation * a.direction).z() < (rotation * b.direction).z();
  });
  draw.AddCircleFilled(centre, radius_px * 1.25f, IM_COL32(20, 22, 28, 150));
  for (const AxisStyle& axis : axes) {
    const Eigen::Vector3d eye_dir = rotation * axis.direction;
    const ImVec2 tip(centre.x + static_cast<float>(eye_dir.x()) * radius_px,
                     centre.y - static_cast<float>(eye_dir.y()) * radius_px);
    draw.AddLine(centre, tip, axis.color, 2.5f * ui_scale);
    draw.AddCircleFilled(tip, 7.0f * ui_scale, axis.color);
    const ImVec2 text_size = ImGui::CalcTextSize(axis.label);
    draw.AddText(ImVec2(tip.x - 0.5f * text_size.x, tip.y - 0.5f * text_size.y),
                 IM_COL32(15, 15, 20, 255), axis.label);
  }
}

void draw_scale_bar(ImDrawList& draw, const CameraState& camera, double view_height_px,
                    ImVec2 bottom_right, float ui_scale) {
  const double kTargetWidthPx = 120.0 * ui_scale;
  const double nm_per_px = camera_nm_per_pixel(camera, view_height_px);
  const double length_nm = nice_step_at_most(kTargetWidthPx * nm_per_px);
  const float width_px = static_cast<float>(length_nm / nm_per_px);
  const ImVec2 left(bottom_right.x - width_px, bottom_right.y);
  const ImU32 color = IM_COL32(235, 235, 240, 255);
  const ImU32 shadow = IM_COL32(0, 0, 0, 160);
  const float thickness = 5.0f * ui_scale;
  draw.AddRectFilled(ImVec2(left.x - 1, left.y - thickness - 1), ImVec2(bottom_right.x + 1, bottom_right.y + 1), shadow);
  draw.AddRectFilled(ImVec2(left.x, left.y - thickness), bottom_right, color);
  const std::string label = format_length_nm(length_nm);
  const ImVec2 text_size = ImGui::CalcTextSize(label.c_str());
  const ImVec2 text_pos(left.x + 0.5f * (width_px - text_size.x), left.y - thickness - 3 * ui_scale - text_size.y);
  draw.AddText(ImVec2(text_pos.x + 1, text_pos.y + 1), shadow, label.c_str());
  draw.AddText(text_pos, color, label.c_str());
}

}  // namespace hs::ui
