// 2D overlays drawn over the 3D view with ImDrawList: the axes gizmo and the scale bar.
#pragma once

#include <imgui.h>

#include "scene/camera.h"

namespace hs::ui {

// Sizes are in CSS pixels times `ui_scale` (the device pixel ratio), like the rest of the UI.

// World x/y/z axes as seen by the camera, in a small circle centred at `centre` (pixels).
void draw_axes_gizmo(ImDrawList& draw, const CameraState& camera, ImVec2 centre, float radius_px,
                     float ui_scale);

// A bar of a nice physical length at the target depth, its right end at `bottom_right`.
void draw_scale_bar(ImDrawList& draw, const CameraState& camera, double view_height_px,
                    ImVec2 bottom_right, float ui_scale);

}  // namespace hs::ui
