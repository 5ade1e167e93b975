// Triangle mesh: smooth normals on the CPU, indexed upload, shaded draw (shaders/mesh.*).
#include "render/mesh_pass.h"

#include <cstddef>

#include <Eigen/Geometry>

#include "render/layer_placement.h"
#include "shaders/embedded.h"

namespace hs::render {
namespace {

constexpr float kAmbient = 0.25f;  // light on faces seen edge-on

// The triangles whose three indices name vertices.
std::vector<std::uint32_t> valid_triangles(std::span<const std::uint32_t> triangles,
                                           std::size_t vertex_count) {
  std::vector<std::uint32_t> kept;
  kept.reserve(triangles.size() / 3 * 3);
  for (std::size_t t = 0; t + 2 < triangles.size(); t += 3) {
    if (triangles[t] >= vertex_count || triangles[t + 1] >= vertex_count || triangles[t + 2] >= vertex_count)
      continue;
    for (std::size_t c = 0; c < 3; ++c) kept.push_back(triangles[t + c]);
  }
  return kept;
}

// Each vertex's unit normal: the normalised sum of (v1 − v0) × (v2 − v0) (twice the area times the
// unit normal) over its triangles; +z where that sum vanishes.
std::vector<Eigen::Vector3d> smooth_normals(std::span<const float> vertices_nm,
                                            const std::vector<std::uint32_t>& triangles) {
  const auto vertex = [&](std::uint32_t i) {
    return Eigen::Vector3d(vertices_nm[3 * std::size_t{i}], vertices_nm[3 * std::size_t{i} + 1],
                           vertices_nm[3 * std::size_t{i} + 2]);
  };
  std::vector<Eigen::Vector3d> normals(vertices_nm.size() / 3, Eigen::Vector3d::Zero());
  for (std::size_t t = 0; t < triangles.size(); t += 3) {
    const Eigen::Vector3d v0 = vertex(triangles[t]);
    const Eigen::Vector3d area_normal = (vertex(triangles[t + 1]) - v0).cross(vertex(triangles[t + 2]) - v0);
    for (std::size_t c = 0; c < 3; ++c) normals[triangles[t + c]] += area_normal;
  }
  for (Eigen::Vector3d& n : normals) {
    const double length = n.norm();
    n = length > 0 ? Eigen::Vector3d(n / length) : Eigen::Vector3d::UnitZ();
  }
  return normals;
}

}  // namespace

MeshPass::~MeshPass() {
  if (index_buffer_ != 0) glDeleteBuffers(1, &index_buffer_);
  if (vertex_buffer_ != 0) glDeleteBuffers(1, &vertex_buffer_);
  if (vao_ != 0) glDeleteVertexArrays(1, &vao_);
}

Status MeshPass::init() {
  auto program = GlProgram::build("mesh", shaders::mesh_vert, shaders::mesh_frag);
  if (!program) return program.error();
  program_ = std::move(*program);
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &vertex_buffer_);
  glGenBuffers(1, &index_buffer_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(Vertex),
                        reinterpret_cast<const void*>(offsetof(Vertex, position_nm)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, sizeof(Vertex),
                        reinterpret_cast<const void*>(offsetof(Vertex, normal)));
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, index_buffer_);  // part of the vertex array's state
  glBindVertexArray(0);
  return {};
}

void MeshPass::set_mesh(std::span<const float> vertices_nm, std::span<const std::uint32_t> triangles) {
  const std::size_t vertex_count = vertices_nm.size() / 3;
  const std::vector<std::uint32_t> indices = valid_triangles(triangles, vertex_count);
  const std::vector<Eigen::Vector3d> normals = smooth_normals(vertices_nm, indices);
  vertices_.resize(vertex_count);
  for (std::size_t i = 0; i < vertex_count; ++i) {
    vertices_[i].position_nm = {vertices_nm[3 * i], vertices_nm[3 * i + 1], vertices_nm[3 * i + 2]};
    const Eigen::Vector3f n = normals[i].cast<float>();
    vertices_[i].normal = {n.x(), n.y(), n.z()};
  }
  glBindVertexArray(vao_);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices.size() * sizeof(std::uint32_t)),
               indices.data(), GL_STATIC_DRAW);
  glBindVertexArray(0);
  index_count_ = static_cast<GLsizei>(indices.size());
  uploaded_origin_nm_.reset();
}

void MeshPass::clear() {
  vertices_ = {};
  index_count_ = 0;
  uploaded_origin_nm_.reset();
}

void MeshPass::draw(const CameraState& camera, double aspect, const LayerTransform& transform,
                    const Eigen::Vector3d& origin_nm, std::array<float, 4> rgba) {
  if (index_count_ == 0) return;
  if (uploaded_origin_nm_ != origin_nm) {
    upload_from_origin(vertex_buffer_, vertices_, origin_nm);
    uploaded_origin_nm_ = origin_nm;
  }
  // The headlight shines from the eye along the view direction: towards the eye is camera +z.
  const Eigen::Vector3f toward_eye = camera_view_matrix(camera).block<1, 3>(2, 0).transpose().cast<float>();

  glUseProgram(program_.id());
  set_layer_placement(program_, camera, aspect, transform, origin_nm);
  glUniform3f(program_.uniform("u_toward_eye"), toward_eye.x(), toward_eye.y(), toward_eye.z());
  glUniform1f(program_.uniform("u_ambient"), kAmbient);
  glUniform4f(program_.uniform("u_color"), rgba[0], rgba[1], rgba[2], rgba[3]);
  const bool opaque = rgba[3] >= 1.0f;
  glEnable(GL_DEPTH_TEST);
  glDepthMask(opaque ? GL_TRUE : GL_FALSE);
  if (opaque) {
    glDisable(GL_BLEND);
  } else {
    glEnable(GL_BLEND);
    // The canvas keeps alpha 1 under the blend.
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  }
  glBindVertexArray(vao_);
  glDrawElements(GL_TRIANGLES, index_count_, GL_UNSIGNED_INT, nullptr);
  glBindVertexArray(0);
  glDepthMask(GL_TRUE);
  glDisable(GL_BLEND);
  glDisable(GL_DEPTH_TEST);
}

}  // namespace hs::render
