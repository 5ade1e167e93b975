#version 300 es
// Eye-dome lighting (Boucheny 2009): each drawn pixel is darkened by how much its 8 neighbours at
// u_radius_px lie in front of it in log depth, which outlines the needle's shape and the ions'
// clusters without normals. Log depth makes the shading independent of the scale (nm or µm).
// Writes the scene depth back so later passes (grid, volumes) still sort against the points.
precision highp float;

in vec2 v_uv;
uniform highp sampler2D u_color;
uniform highp sampler2D u_depth;
uniform vec2 u_texel;        // 1 / viewport size
uniform float u_radius_px;
uniform float u_strength;
uniform bool u_perspective;
uniform vec2 u_depth_terms;  // projection (2,2) and (2,3): eye distance from NDC depth

out vec4 out_color;

float log_distance(float depth) {
  float ndc = depth * 2.0 - 1.0;
  float distance = u_perspective ? u_depth_terms.y / (ndc + u_depth_terms.x)
                                 : (u_depth_terms.y - ndc) / u_depth_terms.x;
  return log2(max(distance, 1e-20));
}

void main() {
  float depth = texture(u_depth, v_uv).r;
  if (depth >= 1.0) discard;  // no point here
  float here = log_distance(depth);
  float sum = 0.0;
  for (int i = 0; i < 8; ++i) {
    float angle = float(i) * 0.78539816;
    vec2 offset = vec2(cos(angle), sin(angle)) * u_radius_px * u_texel;
    float d = texture(u_depth, v_uv + offset).r;
    if (d < 1.0) sum += max(0.0, here - log_distance(d));
  }
  float shade = exp(-sum / 8.0 * 300.0 * u_strength);
  out_color = vec4(texture(u_color, v_uv).rgb * shade, 1.0);
  gl_FragDepth = depth;
}
