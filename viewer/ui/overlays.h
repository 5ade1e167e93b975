// 2D overlays drawn over the 3D view with ImDrawList: the axes gizmo, the scale bar, the colorbar.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scene/camera.h"

namespace hs::ui {

// Sizes are in CSS pixels times `ui_scale` (the device pixel ratio), like the rest of the UI.

// World x/y/z axes as seen by the camera, in a small circle centred at `centre` (pixels).
void draw_axes_gizmo(ImDrawList& draw, const CameraState& camera, ImVec2 centre, float radius_px,
                     float ui_scale);

// A bar of a nice physical length at the target depth, its right end at `bottom_right`.
void draw_scale_bar(ImDrawList& draw, const CameraState& camera, double view_height_px,
                    ImVec2 bottom_right, float ui_scale);

// A vertical colour bar with its top right corner at `top_right`: `rgba` (RGBA8 texels, bottom =
// window start) with ticks at nice values of the window (data units) and `label` above it. With
// `highlight`, values outside that range take `highlight_rgb`: the part of the bar outside it is
// drawn in that colour and the range's ends are marked.
void draw_colorbar(ImDrawList& draw, const std::vector<std::uint8_t>& rgba, std::pair<double, double> window,
                   const std::optional<std::pair<double, double>>& highlight, ImU32 highlight_rgb,
                   const std::string& label, ImVec2 top_right, float ui_scale);

}  // namespace hs::ui
