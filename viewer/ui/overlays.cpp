// Axes gizmo and scale bar.
#include "ui/overlays.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
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

void draw_colorbar(ImDrawList& draw, const std::vector<std::uint8_t>& rgba, std::pair<double, double> window,
                   const std::optional<std::pair<double, double>>& highlight, ImU32 highlight_rgb,
                   const std::string& label, ImVec2 top_right, float ui_scale) {
  const std::size_t texels = rgba.size() / 4;
  if (texels < 2 || !(window.first < window.second)) return;
  const float width = 16.0f * ui_scale, height = 200.0f * ui_scale;
  const ImVec2 label_size = ImGui::CalcTextSize(label.c_str());
  const ImVec2 top(top_right.x - width - 56.0f * ui_scale, top_right.y + label_size.y + 6.0f * ui_scale);
  const ImU32 text = IM_COL32(235, 235, 240, 255), shadow = IM_COL32(0, 0, 0, 160);
  const auto value_y = [&](double value) {
    return top.y + height * static_cast<float>(1.0 - (value - window.first) / (window.second - window.first));
  };
  draw.AddRectFilled(ImVec2(top.x - 1, top.y - 1), ImVec2(top.x + width + 1, top.y + height + 1), shadow);
  const int rows = static_cast<int>(height);
  for (int row = 0; row < rows; ++row) {
    const double t = 1.0 - (row + 0.5) / rows;
    const double value = window.first + t * (window.second - window.first);
    ImU32 color = highlight_rgb;
    if (!highlight || (value >= highlight->first && value <= highlight->second)) {
      const std::size_t i = std::min(texels - 1, static_cast<std::size_t>(std::lround(t * static_cast<double>(texels - 1))));
      color = IM_COL32(rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], 255);
    }
    draw.AddRectFilled(ImVec2(top.x, top.y + row), ImVec2(top.x + width, top.y + row + 1), color);
  }
  // Ticks at multiples of a nice step, about five of them.
  const double step = nice_step_at_most((window.second - window.first) / 4.0);
  for (double tick = std::ceil(window.first / step) * step; tick <= window.second + 1e-9 * step; tick += step) {
    const float y = value_y(tick);
    draw.AddLine(ImVec2(top.x + width, y), ImVec2(top.x + width + 4 * ui_scale, y), text, ui_scale);
    char number[32];
    std::snprintf(number, sizeof number, "%.6g", std::abs(tick) < 1e-9 * step ? 0.0 : tick);
    const ImVec2 size = ImGui::CalcTextSize(number);
    const ImVec2 at(top.x + width + 6 * ui_scale, y - 0.5f * size.y);
    draw.AddText(ImVec2(at.x + 1, at.y + 1), shadow, number);
    draw.AddText(at, text, number);
  }
  if (highlight) {
    for (double end : {highlight->first, highlight->second}) {
      if (end <= window.first || end >= window.second) continue;
      const float y = value_y(end);
      draw.AddLine(ImVec2(top.x - 5 * ui_scale, y), ImVec2(top.x, y), highlight_rgb, 2.0f * ui_scale);
    }
  }
  const ImVec2 label_at(top_right.x - label_size.x, top_right.y);
  draw.AddText(ImVec2(label_at.x + 1, label_at.y + 1), shadow, label.c_str());
  draw.AddText(label_at, text, label.c_str());
}

}  // namespace hs::ui
