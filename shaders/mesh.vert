#version 300 es
// Triangle mesh (isosurface) with per-vertex normals. Positions are relative to an origin in the
// layer's frame, placed by the layer transform and drawn camera-relative (float precision).
precision highp float;

layout(location = 0) in vec3 a_position_nm;  // from the origin, layer frame
layout(location = 1) in vec3 a_normal;       // unit, layer frame

uniform mat4 u_view_proj_rotation;  // projection * view rotation (eye at the origin)
uniform vec3 u_origin_from_eye_nm;  // the origin (in the world) minus eye
uniform mat3 u_layer_linear;        // the layer transform's rotation and uniform scale

out vec3 v_normal;  // world frame, not normalised

void main() {
  // A uniform scale keeps normals perpendicular: the linear part serves for them too.
  v_normal = u_layer_linear * a_normal;
  gl_Position = u_view_proj_rotation * vec4(u_origin_from_eye_nm + u_layer_linear * a_position_nm, 1.0);
}
