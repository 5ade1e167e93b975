// Gesture -> camera operation mapping.
#include "input/camera_controller.h"

#include <cmath>

namespace hs {

void camera_drag(CameraState& camera, DragMode mode, double dx_px, double dy_px, double height_px,
                 const CameraControls& controls) {
  if (mode == DragMode::orbit) {
    camera_orbit(camera, -dx_px * controls.orbit_deg_per_px, dy_px * controls.orbit_deg_per_px);
  } else {
    // The content follows the pointer: the target moves the other way.
    camera_pan(camera, -dx_px, dy_px, height_px);
  }
}

void camera_wheel(CameraState& camera, double delta, const CameraControls& controls) {
  camera_zoom(camera, std::pow(controls.wheel_zoom_per_notch, delta / 100.0));
}

void camera_pinch(CameraState& camera, double scale, double dx_px, double dy_px, double height_px) {
  if (scale > 0.0) camera_zoom(camera, 1.0 / scale);
  camera_pan(camera, -dx_px, dy_px, height_px);
}

void camera_key(CameraState& camera, CameraKey key, bool pan, double height_px,
                const CameraControls& controls) {
  const double step = pan ? controls.key_pan_px : controls.key_orbit_deg;
  double dx = 0.0, dy = 0.0;
  switch (key) {
    case CameraKey::left: dx = -step; break;
    case CameraKey::right: dx = step; break;
    case CameraKey::up: dy = -step; break;
    case CameraKey::down: dy = step; break;
    case CameraKey::zoom_in: camera_zoom(camera, 1.0 / controls.key_zoom); return;
    case CameraKey::zoom_out: camera_zoom(camera, controls.key_zoom); return;
  }
  if (pan) {
    camera_pan(camera, dx, -dy, height_px);
  } else {
    camera_orbit(camera, dx, -dy);
  }
}

}  // namespace hs
