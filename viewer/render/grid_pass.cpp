// Ground grid: a camera-relative square with lines drawn in the fragment shader.
#include "render/grid_pass.h"

#include <array>
#include <cmath>

#include <Eigen/Core>

#include "scene/units.h"
#include "shaders/embedded.h"

namespace hs::render {
namespace {

constexpr double kMinCellPx = 14.0;
constexpr float kRadiusCells = 120.0f;  // multiple of 10 so the rim ends on a major line

}  // namespace

double grid_cell_nm(const CameraState& camera, double height_px, double ui_scale) {
  return nice_step_at_least(kMinCellPx * ui_scale * camera_nm_per_pixel(camera, height_px));
}

GridPass::~GridPass() {
  if (vbo_ != 0) glDeleteBuffers(1, &vbo_);
  if (vao_ != 0) glDeleteVertexArrays(1, &vao_);
}

Status GridPass::init() {
  auto program = GlProgram::build("grid", shaders::grid_vert, shaders::grid_frag);
  if (!program) return program.error();
  program_ = std::move(*program);

  const float r = kRadiusCells;
  const std::array<float, 12> corners = {-r, -r, r, -r, r, r, -r, -r, r, r, -r, r};
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vbo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);
  glBufferData(GL_ARRAY_BUFFER, sizeof corners, corners.data(), GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glBindVertexArray(0);
  return {};
}

double GridPass::draw(const CameraState& camera, double aspect, double height_px, double ui_scale) {
  const double cell_nm = grid_cell_nm(camera, height_px, ui_scale);
  // Snap the origin to a major line near the target so the square follows the camera.
  const double major_nm = 10.0 * cell_nm;
  const Eigen::Vector3d origin_nm(std::round(camera.target_nm.x() / major_nm) * major_nm,
                                  std::round(camera.target_nm.y() / major_nm) * major_nm, 0.0);
  const Eigen::Vector3d origin_from_eye = origin_nm - camera_eye_nm(camera);

  Eigen::Matrix4d rotation = camera_view_matrix(camera);
  rotation.block<3, 1>(0, 3).setZero();  // camera-relative: the eye sits at the origin
  const Eigen::Matrix4f view_proj =
      (camera_projection_matrix(camera, aspect) * rotation).cast<float>();

  glUseProgram(program_.id());
  glUniformMatrix4fv(program_.uniform("u_view_proj_rotation"), 1, GL_FALSE, view_proj.data());
  glUniform3f(program_.uniform("u_origin_from_eye_nm"), static_cast<float>(origin_from_eye.x()),
              static_cast<float>(origin_from_eye.y()), static_cast<float>(origin_from_eye.z()));
  glUniform1f(program_.uniform("u_cell_nm"), static_cast<float>(cell_nm));
  glUniform2f(program_.uniform("u_origin_cells"), static_cast<float>(origin_nm.x() / cell_nm),
              static_cast<float>(origin_nm.y() / cell_nm));
  glUniform1f(program_.uniform("u_radius_cells"), kRadiusCells);
  glUniform4f(program_.uniform("u_minor_color"), 0.55f, 0.58f, 0.65f, 0.28f);
  glUniform4f(program_.uniform("u_major_color"), 0.70f, 0.74f, 0.82f, 0.60f);

  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  glEnable(GL_DEPTH_TEST);
  glDepthMask(GL_FALSE);
  glBindVertexArray(vao_);
  glDrawArrays(GL_TRIANGLES, 0, 6);
  glBindVertexArray(0);
  glDepthMask(GL_TRUE);
  glDisable(GL_DEPTH_TEST);
  return cell_nm;
}

}  // namespace hs::render
