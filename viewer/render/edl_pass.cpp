// Eye-dome lighting: offscreen target management and the compositing draw.
#include "render/edl_pass.h"

#include "shaders/embedded.h"

namespace hs::render {

EdlPass::~EdlPass() {
  if (framebuffer_ != 0) glDeleteFramebuffers(1, &framebuffer_);
  if (color_ != 0) glDeleteTextures(1, &color_);
  if (depth_ != 0) glDeleteTextures(1, &depth_);
  if (vao_ != 0) glDeleteVertexArrays(1, &vao_);
}

Status EdlPass::init() {
  auto program = GlProgram::build("eye-dome lighting", shaders::edl_vert, shaders::edl_frag);
  if (!program) return program.error();
  program_ = std::move(*program);
  glGenVertexArrays(1, &vao_);
  glGenFramebuffers(1, &framebuffer_);
  glGenTextures(1, &color_);
  glGenTextures(1, &depth_);
  for (GLuint texture : {color_, depth_}) {
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
  return {};
}

void EdlPass::begin(int width_px, int height_px) {
  if (width_px != width_ || height_px != height_) {
    width_ = width_px;
    height_ = height_px;
    glBindTexture(GL_TEXTURE_2D, color_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width_, height_, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glBindTexture(GL_TEXTURE_2D, depth_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_DEPTH_COMPONENT24, width_, height_, 0, GL_DEPTH_COMPONENT, GL_UNSIGNED_INT,
                 nullptr);
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_, 0);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_TEXTURE_2D, depth_, 0);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
  glViewport(0, 0, width_, height_);
  glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
  glClearDepthf(1.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

void EdlPass::end(const CameraState& camera, double aspect, double strength, double depth_scale_nm, double ui_scale) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  const Eigen::Matrix4d projection = camera_projection_matrix(camera, aspect);
  glUseProgram(program_.id());
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, color_);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, depth_);
  glUniform1i(program_.uniform("u_color"), 0);
  glUniform1i(program_.uniform("u_depth"), 1);
  glUniform2f(program_.uniform("u_texel"), 1.0f / static_cast<float>(width_), 1.0f / static_cast<float>(height_));
  glUniform1f(program_.uniform("u_radius_px"), static_cast<float>(1.4 * ui_scale));
  glUniform1f(program_.uniform("u_strength"), static_cast<float>(strength));
  glUniform1f(program_.uniform("u_depth_scale_nm"), static_cast<float>(depth_scale_nm));
  glUniform1i(program_.uniform("u_perspective"), camera.projection == Projection::perspective ? 1 : 0);
  glUniform2f(program_.uniform("u_depth_terms"), static_cast<float>(projection(2, 2)),
              static_cast<float>(projection(2, 3)));
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_ALWAYS);
  glBindVertexArray(vao_);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  glDepthFunc(GL_LESS);
  glDisable(GL_DEPTH_TEST);
  glActiveTexture(GL_TEXTURE0);
}

}  // namespace hs::render
