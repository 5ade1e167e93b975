// Cluster member markers: palette colours per ion, upload relative to an origin, point sprites
// (shaders/markers.*).
#include "render/marker_pass.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>

#include "analysis/apt/cluster_palette.h"
#include "render/layer_placement.h"
#include "shaders/embedded.h"

namespace hs::render {
namespace {

std::array<std::uint8_t, 4> cluster_rgba8(std::uint32_t id) {
  const std::array<float, 3> rgb = cluster_rgb(id);
  std::array<std::uint8_t, 4> rgba{0, 0, 0, 255};
  for (std::size_t c = 0; c < 3; ++c) rgba[c] = static_cast<std::uint8_t>(std::lround(255.0f * rgb[c]));
  return rgba;
}

}  // namespace

MarkerPass::~MarkerPass() {
  if (buffer_ != 0) glDeleteBuffers(1, &buffer_);
  if (vao_ != 0) glDeleteVertexArrays(1, &vao_);
}

Status MarkerPass::init() {
  auto program = GlProgram::build("markers", shaders::markers_vert, shaders::markers_frag);
  if (!program) return program.error();
  program_ = std::move(*program);
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &buffer_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, buffer_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(Marker),
                        reinterpret_cast<const void*>(offsetof(Marker, position_nm)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(Marker),
                        reinterpret_cast<const void*>(offsetof(Marker, rgba)));
  glBindVertexArray(0);
  return {};
}

void MarkerPass::set_points(std::span<const float> xyz_nm, std::span<const std::uint32_t> cluster_ids) {
  const std::size_t count = std::min(xyz_nm.size() / 3, cluster_ids.size());
  std::map<std::uint32_t, std::array<std::uint8_t, 4>> colors;  // one palette look-up per cluster
  markers_.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto color = colors.find(cluster_ids[i]);
    if (color == colors.end()) color = colors.emplace(cluster_ids[i], cluster_rgba8(cluster_ids[i])).first;
    markers_[i] = {{xyz_nm[3 * i], xyz_nm[3 * i + 1], xyz_nm[3 * i + 2]}, color->second};
  }
  uploaded_origin_nm_.reset();
}

void MarkerPass::clear() {
  markers_ = {};
  uploaded_origin_nm_.reset();
}

void MarkerPass::draw(const CameraState& camera, double aspect, const LayerTransform& transform,
                      const Eigen::Vector3d& origin_nm, double point_size_px) {
  if (markers_.empty()) return;
  if (uploaded_origin_nm_ != origin_nm) {
    upload_from_origin(buffer_, markers_, origin_nm);
    uploaded_origin_nm_ = origin_nm;
  }
  glUseProgram(program_.id());
  set_layer_placement(program_, camera, aspect, transform, origin_nm);
  glUniform1f(program_.uniform("u_point_size_px"), static_cast<float>(point_size_px));
  glEnable(GL_DEPTH_TEST);
  glDepthMask(GL_TRUE);
  glBindVertexArray(vao_);
  glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(markers_.size()));
  glBindVertexArray(0);
  glDisable(GL_DEPTH_TEST);
}

}  // namespace hs::render
