// Draws the ground grid (world xy plane, z = 0) with a spacing that follows the zoom level.
#pragma once

#include "render/gl_program.h"
#include "scene/camera.h"

namespace hs::render {

class GridPass {
 public:
  GridPass() = default;
  GridPass(const GridPass&) = delete;
  GridPass& operator=(const GridPass&) = delete;
  ~GridPass();

  Status init();
  // Draws into the bound framebuffer of `height_px` rows; returns the minor spacing used (nm).
  // `ui_scale` is the device pixel ratio (line spacing is kept in CSS pixels).
  double draw(const CameraState& camera, double aspect, double height_px, double ui_scale);

 private:
  GlProgram program_;
  GLuint vao_ = 0;
  GLuint vbo_ = 0;
};

// Minor grid spacing (nm) for a view: the nice step that keeps lines >= kMinCellPx CSS pixels apart.
double grid_cell_nm(const CameraState& camera, double height_px, double ui_scale);

}  // namespace hs::render
