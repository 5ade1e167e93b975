// Line segments: upload relative to their centre, draw camera-relative (shaders/lines.*).
#include "render/line_pass.h"

#include <vector>

#include <Eigen/Geometry>

#include "render/layer_placement.h"
#include "shaders/embedded.h"

namespace hs::render {
namespace {

struct LineVertex {
  std::array<float, 3> position_nm;
};

}  // namespace

LinePass::~LinePass() {
  if (buffer_ != 0) glDeleteBuffers(1, &buffer_);
  if (vao_ != 0) glDeleteVertexArrays(1, &vao_);
}

Status LinePass::init() {
  auto program = GlProgram::build("lines", shaders::lines_vert, shaders::lines_frag);
  if (!program) return program.error();
  program_ = std::move(*program);
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &buffer_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, buffer_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(LineVertex), nullptr);
  glBindVertexArray(0);
  return {};
}

void LinePass::set_segments(std::span<const std::array<Eigen::Vector3d, 2>> segments_nm) {
  Eigen::AlignedBox3d bounds;
  for (const auto& segment : segments_nm) {
    for (const Eigen::Vector3d& p : segment) bounds.extend(p);
  }
  origin_nm_ = Eigen::Vector3d::Zero();
  if (!bounds.isEmpty()) origin_nm_ = bounds.center();
  std::vector<LineVertex> vertices;
  vertices.reserve(2 * segments_nm.size());
  for (const auto& segment : segments_nm) {
    for (const Eigen::Vector3d& p : segment) {
      const Eigen::Vector3f offset = (p - origin_nm_).cast<float>();
      vertices.push_back({{offset.x(), offset.y(), offset.z()}});
    }
  }
  glBindBuffer(GL_ARRAY_BUFFER, buffer_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(LineVertex)),
               vertices.data(), GL_STATIC_DRAW);
  vertex_count_ = static_cast<GLsizei>(vertices.size());
}

void LinePass::clear() {
  vertex_count_ = 0;
}

void LinePass::draw(const CameraState& camera, double aspect, const LayerTransform& transform,
                    std::array<float, 4> rgba, float hidden_alpha) {
  if (vertex_count_ == 0) return;
  glUseProgram(program_.id());
  set_layer_placement(program_, camera, aspect, transform, origin_nm_);
  glEnable(GL_DEPTH_TEST);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glBindVertexArray(vao_);
  if (hidden_alpha > 0.0f) {  // the hidden parts: behind the depth drawn so far, dimmed
    glEnable(GL_BLEND);
    glDepthMask(GL_FALSE);
    glDepthFunc(GL_GREATER);
    glUniform4f(program_.uniform("u_color"), rgba[0], rgba[1], rgba[2], rgba[3] * hidden_alpha);
    glDrawArrays(GL_LINES, 0, vertex_count_);
    glDepthFunc(GL_LESS);
  }
  glUniform4f(program_.uniform("u_color"), rgba[0], rgba[1], rgba[2], rgba[3]);
  glDepthMask(GL_TRUE);
  if (rgba[3] < 1.0f) {
    glEnable(GL_BLEND);
  } else {
    glDisable(GL_BLEND);
  }
  glDrawArrays(GL_LINES, 0, vertex_count_);
  glBindVertexArray(0);
  glDisable(GL_BLEND);
  glDisable(GL_DEPTH_TEST);
}

}  // namespace hs::render
