// Camera-relative placement of a layer's geometry for the scene passes: positions uploaded as
// float nm from an origin in the layer's frame are placed by the layer transform and drawn relative
// to the eye (as points.vert and grid.vert do), so nm detail survives far from the world origin.
#pragma once

#include <GLES3/gl3.h>

#include <vector>

#include <Eigen/Core>

#include "render/gl_program.h"
#include "scene/camera.h"
#include "scene/layer_transform.h"

namespace hs::render {

// Sets the uniforms a placed vertex shader declares: u_view_proj_rotation (projection × view
// rotation, the eye at the origin), u_origin_from_eye_nm (the layer point origin_nm in the world,
// minus the eye) and u_layer_linear (the transform's rotation and scale). `program` must be in use.
void set_layer_placement(const GlProgram& program, const CameraState& camera, double aspect,
                         const LayerTransform& transform, const Eigen::Vector3d& origin_nm);

// Uploads `vertices` (a copy) into the array buffer `buffer` with each vertex's position_nm (in
// the layer's frame) replaced by its offset from origin_nm, computed in double.
template <typename Vertex>
void upload_from_origin(GLuint buffer, std::vector<Vertex> vertices, const Eigen::Vector3d& origin_nm) {
  for (Vertex& v : vertices) {
    for (Eigen::Index a = 0; a < 3; ++a) {
      auto& p = v.position_nm[static_cast<std::size_t>(a)];
      p = static_cast<float>(p - origin_nm[a]);
    }
  }
  glBindBuffer(GL_ARRAY_BUFFER, buffer);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(Vertex)), vertices.data(),
               GL_STATIC_DRAW);
}

}  // namespace hs::render
