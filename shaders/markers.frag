#version 300 es
// Round marker sprites, shaded a little towards the rim (as the ions in points.frag) so that they
// read as spheres among them.
precision highp float;

in vec3 v_color;

out vec4 out_color;

void main() {
  vec2 d = gl_PointCoord * 2.0 - 1.0;
  float r2 = dot(d, d);
  if (r2 > 1.0) discard;
  out_color = vec4(v_color * (1.0 - 0.35 * r2), 1.0);
}
