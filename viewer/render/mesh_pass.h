// Draws one triangle mesh in the 3D view (the isosurface of the proxigram analysis), in one
// colour with two-sided headlight shading; translucent when the colour's alpha is below 1.
#pragma once

#include <GLES3/gl3.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "render/gl_program.h"
#include "scene/camera.h"
#include "scene/layer_transform.h"
#include "util/result.h"

namespace hs::render {

class MeshPass {
 public:
  MeshPass() = default;
  MeshPass(const MeshPass&) = delete;
  MeshPass& operator=(const MeshPass&) = delete;
  ~MeshPass();

  Status init();
  // Replaces the mesh: `vertices_nm` holds x, y, z per vertex in the layer's nm, `triangles` three
  // vertex indices per triangle (a trailing partial vertex or triangle is ignored, and so is a
  // triangle with an index beyond the vertices). Smooth normals are computed here, each vertex's
  // the area-weighted mean of its triangles' normals. The triangles are uploaded now; the vertices
  // on the first draw, and again only when draw's origin changes (a host copy is kept for that).
  void set_mesh(std::span<const float> vertices_nm, std::span<const std::uint32_t> triangles);
  // Forgets the mesh: draw draws nothing until the next set_mesh.
  void clear();
  bool empty() const { return index_count_ == 0; }

  // Draws the mesh placed by the layer `transform`. `origin_nm`, a point in the layer's frame near
  // the mesh (e.g. the layer's bounds centre), is subtracted from the vertices in double before
  // they go to the GPU, keeping float precision. Opaque (alpha 1) writes depth; translucent is
  // alpha-blended, depth-tested, and writes no depth. Leaves depth test and blending off.
  void draw(const CameraState& camera, double aspect, const LayerTransform& transform,
            const Eigen::Vector3d& origin_nm, std::array<float, 4> rgba);

 private:
  // One vertex as uploaded: position (nm: in the layer on the host, from the origin on the GPU)
  // and unit normal.
  struct Vertex {
    std::array<float, 3> position_nm;
    std::array<float, 3> normal;
  };

  GlProgram program_;
  GLuint vao_ = 0, vertex_buffer_ = 0, index_buffer_ = 0;
  std::vector<Vertex> vertices_;  // host copy, positions in the layer's nm
  GLsizei index_count_ = 0;
  std::optional<Eigen::Vector3d> uploaded_origin_nm_;  // of the vertex buffer; none: not uploaded
};

}  // namespace hs::render
