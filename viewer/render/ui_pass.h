// Draws Dear ImGui's draw data with WebGL2, in place of ImGui's OpenGL3 backend: that backend
// reads back about twenty GL states every frame (scissor box, blend functions, ...), and each
// read-back waits until the GPU has finished everything queued, i.e. the whole point cloud drawn
// just before (seconds in software rendering), during which the page handles no worker replies.
// This pass only sets state, never queries it, and leaves blending and scissoring off.
#pragma once

#include <GLES3/gl3.h>

#include "render/gl_program.h"
#include "util/result.h"

struct ImDrawData;

namespace hs::render {

class UiPass {
 public:
  UiPass() = default;
  UiPass(const UiPass&) = delete;
  UiPass& operator=(const UiPass&) = delete;
  ~UiPass();

  // Program and buffers, and the font atlas of the current ImGui context; call with the GL context
  // current, after ImGui::CreateContext().
  Status init();
  // Uploads the font atlas again (after the fonts were rebuilt, e.g. for another pixel ratio).
  void rebuild_fonts();
  // Draws `data` over the framebuffer of `width_px` × `height_px`.
  void draw(const ImDrawData& data, int width_px, int height_px);

 private:
  GlProgram program_;
  GLuint vao_ = 0, vertices_ = 0, indices_ = 0, font_ = 0;
};

}  // namespace hs::render
