#version 300 es
// Round point sprites with a little shading towards the rim, so single ions read as spheres.
precision highp float;

in vec4 v_color;
out vec4 out_color;

void main() {
  vec2 d = gl_PointCoord * 2.0 - 1.0;
  float r2 = dot(d, d);
  if (r2 > 1.0 || v_color.a == 0.0) discard;
  out_color = vec4(v_color.rgb * (1.0 - 0.35 * r2), 1.0);
}
