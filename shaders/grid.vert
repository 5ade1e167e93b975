#version 300 es
// Ground grid: a square in the world xy plane around a snapped origin, positioned camera-relative
// so that nm-scale detail survives far from the world origin.
precision highp float;

layout(location = 0) in vec2 a_cell;   // position in grid cells (minor spacings) from the origin

uniform mat4 u_view_proj_rotation;     // projection * view rotation (eye at the origin)
uniform vec3 u_origin_from_eye_nm;     // grid origin minus eye, nm
uniform float u_cell_nm;               // minor spacing, nm

out vec2 v_cell;

void main() {
  v_cell = a_cell;
  vec3 p = u_origin_from_eye_nm + vec3(a_cell * u_cell_nm, 0.0);
  gl_Position = u_view_proj_rotation * vec4(p, 1.0);
}
