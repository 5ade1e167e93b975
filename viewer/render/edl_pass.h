// Eye-dome lighting for the point layers: the points are drawn into an offscreen colour + depth
// target, then composited onto the screen with EDL shading (shaders/edl.frag), depth included.
#pragma once

#include <GLES3/gl3.h>

#include "render/gl_program.h"
#include "scene/camera.h"
#include "util/result.h"

namespace hs::render {

class EdlPass {
 public:
  EdlPass() = default;
  EdlPass(const EdlPass&) = delete;
  EdlPass& operator=(const EdlPass&) = delete;
  ~EdlPass();

  Status init();
  // Binds the offscreen target (sized to the viewport) and clears it; draw the points next.
  void begin(int width_px, int height_px);
  // Back to the screen: draws the points with shading of `strength` (about 0.2..5) over it, depth
  // differences counted in units of `depth_scale_nm` (the size of what is drawn, see edl.frag).
  void end(const CameraState& camera, double aspect, double strength, double depth_scale_nm, double ui_scale);

 private:
  GlProgram program_;
  GLuint framebuffer_ = 0, color_ = 0, depth_ = 0, vao_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace hs::render
