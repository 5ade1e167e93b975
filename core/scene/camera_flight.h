// Camera flights between two views (tours, presets): the path a demo's camera takes when a step
// moves from an electrode-wide view to a needle 10^3 times smaller.
#pragma once

#include "scene/camera.h"

namespace hs {

// The camera at `progress` in [0, 1] (clamped) of the flight from `from` to `to`.
// - Distance is interpolated geometrically, so the zoom rate looks constant across scales.
// - The target moves in proportion to the change of distance, (d − d0) / (d1 − d0): when zooming
//   in, it travels while the view is still wide (its motion on screen stays small); when zooming
//   out, once the view is wide. With (almost) equal distances it moves linearly.
// - Azimuth turns the short way round; elevation and field of view are linear.
// - The projection is the destination's from the start.
// Progress 0 gives `from` and 1 gives `to` exactly (apart from the projection at 0).
CameraState fly_camera(const CameraState& from, const CameraState& to, double progress);

// Smoothstep 3u² − 2u³ of u clamped to [0, 1]: a flight that starts and stops gently.
double ease_in_out(double u);

}  // namespace hs
