// Draws line segments of one colour in the 3D view (the outline of an analysis ROI), given in a
// layer's nm and placed by its transform; depth-tested, so the scene hides what lies behind it
// (or only dims it: an ROI inside a needle of ions stays visible while it is placed).
#pragma once

#include <GLES3/gl3.h>

#include <array>
#include <span>

#include <Eigen/Core>

#include "render/gl_program.h"
#include "scene/camera.h"
#include "scene/layer_transform.h"
#include "util/result.h"

namespace hs::render {

class LinePass {
 public:
  LinePass() = default;
  LinePass(const LinePass&) = delete;
  LinePass& operator=(const LinePass&) = delete;
  ~LinePass();

  Status init();
  // Replaces the segments (start, end in the layer's nm) and uploads them, as float offsets from
  // the centre of their bounding box.
  void set_segments(std::span<const std::array<Eigen::Vector3d, 2>> segments_nm);
  // Forgets the segments: draw draws nothing until the next set_segments.
  void clear();
  bool empty() const { return vertex_count_ == 0; }

  // Draws the segments as GL_LINES (1 pixel wide: WebGL draws no wider) placed by the layer
  // `transform`, depth-tested and depth-writing (alpha-blended when rgba's alpha is below 1).
  // With hidden_alpha > 0, the parts behind what is drawn are drawn too, first, at that fraction
  // of rgba's alpha. Leaves depth test and blending off (and the depth function GL_LESS).
  void draw(const CameraState& camera, double aspect, const LayerTransform& transform,
            std::array<float, 4> rgba, float hidden_alpha = 0.0f);

 private:
  GlProgram program_;
  GLuint vao_ = 0, buffer_ = 0;
  GLsizei vertex_count_ = 0;
  Eigen::Vector3d origin_nm_ = Eigen::Vector3d::Zero();  // subtracted before upload, layer frame
};

}  // namespace hs::render
