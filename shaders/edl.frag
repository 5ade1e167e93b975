#version 300 es
// Eye-dome lighting (Boucheny 2009): each drawn pixel is darkened by how much its 8 neighbours at
// u_radius_px lie in front of it, shade = exp(-response * 300 * strength) as in Potree and
// CloudCompare. The depth differences are measured against the clouds' own size (u_depth_scale_nm)
// rather than in log depth: log depth differences grow as the camera comes closer, and an atom
// probe cloud is a volume of ions, not a surface, so zoomed-in views, where neighbouring pixels
// show ions at quite different depths, went black. The scale is the clouds' diagonal: a framed
// view (eye about 1.1 diagonals / ln 2 away) shades about as with log depth, and zooming in no
// longer strengthens the shading.
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
uniform float u_depth_scale_nm;

out vec4 out_color;

// Distance from the eye along the view axis, in nm.
float eye_distance(float depth) {
  float ndc = depth * 2.0 - 1.0;
  return u_perspective ? u_depth_terms.y / (ndc + u_depth_terms.x) : (u_depth_terms.y - ndc) / u_depth_terms.x;
}

void main() {
  float depth = texture(u_depth, v_uv).r;
  if (depth >= 1.0) discard;  // no point here
  float here = eye_distance(depth);
  float sum = 0.0;
  for (int i = 0; i < 8; ++i) {
    float angle = float(i) * 0.78539816;
    vec2 offset = vec2(cos(angle), sin(angle)) * u_radius_px * u_texel;
    float d = texture(u_depth, v_uv + offset).r;
    if (d < 1.0) sum += max(0.0, here - eye_distance(d));
  }
  float shade = exp(-sum / u_depth_scale_nm / 8.0 * 300.0 * u_strength);
  out_color = vec4(texture(u_color, v_uv).rgb * shade, 1.0);
  gl_FragDepth = depth;
}
