// Maps pointer, wheel, touch and keyboard gestures onto orbit-camera operations. Platform-neutral:
// the platform layer translates its events into these calls.
#pragma once

#include "scene/camera.h"

namespace hs {

enum class DragMode { orbit, pan };

struct CameraControls {
  double orbit_deg_per_px = 0.4;
  double wheel_zoom_per_notch = 1.15;  // distance factor for one wheel notch (≈100 delta units)
  double key_orbit_deg = 5.0;
  double key_pan_px = 40.0;
  double key_zoom = 1.2;
};

enum class CameraKey { left, right, up, down, zoom_in, zoom_out };

// Pointer drag by (dx, dy) pixels, y down as on screen.
void camera_drag(CameraState& camera, DragMode mode, double dx_px, double dy_px, double height_px,
                 const CameraControls& controls = {});
// Wheel by `delta` units (positive scrolls towards the user = zoom out, as in browsers).
void camera_wheel(CameraState& camera, double delta, const CameraControls& controls = {});
// Two-finger gesture: `scale` is the ratio of finger spread now to before; the midpoint moved by
// (dx, dy) pixels.
void camera_pinch(CameraState& camera, double scale, double dx_px, double dy_px, double height_px);
// Arrow keys orbit (or pan with `pan`), +/- zoom.
void camera_key(CameraState& camera, CameraKey key, bool pan, double height_px,
                const CameraControls& controls = {});

}  // namespace hs
