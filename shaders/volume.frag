#version 300 es
// Maximum intensity projection through one brick-filled 3D texture. Positions are camera-relative
// (the eye at the origin, nm) so that float precision holds far from the world origin. Voxels
// hold windowed values (0 at the window's start, 1 at its end) or NaN for no data, which is skipped.
precision highp float;
precision highp sampler3D;

in vec2 v_ndc;

uniform mat4 u_inverse_view_proj;  // inverse of projection * view rotation
uniform vec3 u_box_min;            // the volume's outer faces, nm from the eye
uniform vec3 u_box_max;
uniform sampler3D u_volume;        // texture x, y, z = voxel x, y, z
uniform vec3 u_color;
uniform float u_steps;             // samples along the longest chord

out vec4 out_color;

void main() {
  vec4 near_h = u_inverse_view_proj * vec4(v_ndc, -1.0, 1.0);
  vec4 far_h = u_inverse_view_proj * vec4(v_ndc, 1.0, 1.0);
  vec3 origin = near_h.xyz / near_h.w;
  vec3 dir = normalize(far_h.xyz / far_h.w - origin);
  vec3 inv = 1.0 / dir;
  vec3 t0 = (u_box_min - origin) * inv;
  vec3 t1 = (u_box_max - origin) * inv;
  vec3 lo = min(t0, t1);
  vec3 hi = max(t0, t1);
  float enter = max(max(lo.x, lo.y), max(lo.z, 0.0));
  float leave = min(min(hi.x, hi.y), hi.z);
  if (enter >= leave) discard;

  vec3 size = u_box_max - u_box_min;
  float step_nm = length(size) / u_steps;
  float best = -1.0;
  for (int i = 0; i < 2048; ++i) {
    float t = enter + (float(i) + 0.5) * step_nm;
    if (t > leave) break;
    float v = texture(u_volume, (origin + t * dir - u_box_min) / size).r;
    if (!isnan(v)) best = max(best, v);
  }
  if (best < 0.0) discard;
  float v = clamp(best, 0.0, 1.0);
  out_color = vec4(u_color * v, v);  // premultiplied
}
