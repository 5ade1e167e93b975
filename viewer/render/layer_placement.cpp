// Camera-relative placement uniforms of a layer's geometry.
#include "render/layer_placement.h"

namespace hs::render {

void set_layer_placement(const GlProgram& program, const CameraState& camera, double aspect,
                         const LayerTransform& transform, const Eigen::Vector3d& origin_nm) {
  Eigen::Matrix4d rotation = camera_view_matrix(camera);
  rotation.block<3, 1>(0, 3).setZero();  // camera-relative: the eye sits at the origin
  const Eigen::Matrix4f view_proj = (camera_projection_matrix(camera, aspect) * rotation).cast<float>();
  const Eigen::Vector3f origin_from_eye =
      (layer_to_world(transform, origin_nm) - camera_eye_nm(camera)).cast<float>();
  const Eigen::Matrix3f linear = layer_linear(transform).cast<float>();
  glUniformMatrix4fv(program.uniform("u_view_proj_rotation"), 1, GL_FALSE, view_proj.data());
  glUniform3f(program.uniform("u_origin_from_eye_nm"), origin_from_eye.x(), origin_from_eye.y(),
              origin_from_eye.z());
  glUniformMatrix3fv(program.uniform("u_layer_linear"), 1, GL_FALSE, linear.data());
}

}  // namespace hs::render
