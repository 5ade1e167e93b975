#version 300 es
// Cluster member ions as round point sprites of a fixed pixel size, each with its cluster's colour.
// Positions are relative to an origin in the layer's frame, placed by the layer transform and
// drawn camera-relative (float precision).
precision highp float;

layout(location = 0) in vec3 a_position_nm;  // from the origin, layer frame
layout(location = 1) in vec4 a_color;        // sRGB display values (normalised bytes)

uniform mat4 u_view_proj_rotation;  // projection * view rotation (eye at the origin)
uniform vec3 u_origin_from_eye_nm;  // the origin (in the world) minus eye
uniform mat3 u_layer_linear;        // the layer transform's rotation and scale
uniform float u_point_size_px;

out vec3 v_color;

void main() {
  v_color = a_color.rgb;
  gl_Position = u_view_proj_rotation * vec4(u_origin_from_eye_nm + u_layer_linear * a_position_nm, 1.0);
  gl_PointSize = clamp(u_point_size_px, 1.0, 64.0);
}
