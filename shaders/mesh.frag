#version 300 es
// Triangle mesh shading: one colour lit by a headlight from both sides (either face may look at
// the eye), with a little ambient light and a soft highlight; alpha passes through for blending.
precision highp float;

in vec3 v_normal;

uniform vec3 u_toward_eye;  // unit, world frame: the headlight's direction reversed
uniform float u_ambient;    // light on faces seen edge-on, in [0, 1]
uniform vec4 u_color;       // sRGB display values and alpha

out vec4 out_color;

void main() {
  float n_len = length(v_normal);
  float facing = n_len > 0.0 ? abs(dot(v_normal / n_len, u_toward_eye)) : 1.0;
  float diffuse = u_ambient + (1.0 - u_ambient) * facing;
  float highlight = 0.2 * pow(facing, 32.0);
  out_color = vec4(min(u_color.rgb * diffuse + vec3(highlight), vec3(1.0)), u_color.a);
}
