#version 300 es
// Ray-marches one 3D texture in one of four modes. Rays leave the eye (camera-relative world
// frame, nm) and are marched in the volume's box frame (layer nm from the box's lower corner), so
// that float precision holds far from the world origin and any layer transform applies. Texels hold data values
// mapped linearly (texel 0 and 1 = the channel's full range), or NaN for no data, which is
// skipped; every value uniform below is in the same texel units.
precision highp float;
precision highp sampler3D;

in vec2 v_ndc;

uniform mat4 u_inverse_view_proj;  // inverse of projection * view rotation
uniform mat3 u_to_box;             // camera-relative world directions -> box frame
uniform vec3 u_eye_box;            // the eye in the box frame
uniform vec3 u_box_size;           // the volume's outer faces: [0, u_box_size] in the box frame
uniform sampler3D u_volume;        // texture x, y, z = voxel x, y, z
uniform sampler2D u_lut;           // colours of the window, left to right
uniform float u_steps;             // samples along the longest chord
uniform int u_mode;                // 0 MIP, 1 minIP, 2 composite, 3 isosurface, 4 slices (scene/image_display.h)
uniform vec3 u_clip_min;           // the part of the box shown, box frame
uniform vec3 u_clip_max;
uniform vec3 u_slice;              // slices mode: plane positions along x, y, z, box frame
uniform bvec3 u_slice_on;
uniform vec2 u_window;             // start and end of the colour window
uniform float u_iso;               // isosurface level
uniform float u_opacity;
uniform int u_opaque;              // 1: MIP/minIP colours are opaque; 0: their alpha follows the ramp
uniform int u_highlight;           // 1: values outside u_range take u_highlight_rgb
uniform vec2 u_range;
uniform vec3 u_highlight_rgb;

out vec4 out_color;

float window_position(float v) { return clamp((v - u_window.x) / (u_window.y - u_window.x), 0.0, 1.0); }

vec3 colour_of(float v) {
  if (u_highlight == 1 && (v < u_range.x || v > u_range.y)) return u_highlight_rgb;
  return texture(u_lut, vec2(window_position(v) * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;
}

float sample_at(vec3 p) { return texture(u_volume, p).r; }

// Central differences in texture space; a NaN neighbour counts as the centre value.
vec3 gradient_at(vec3 p, float centre) {
  vec3 texel = 1.0 / vec3(textureSize(u_volume, 0));
  vec3 g;
  for (int a = 0; a < 3; ++a) {
    vec3 d = vec3(0.0);
    d[a] = texel[a];
    float hi = sample_at(p + d);
    float lo = sample_at(p - d);
    g[a] = ((isnan(hi) ? centre : hi) - (isnan(lo) ? centre : lo)) / (2.0 * texel[a]);
  }
  return g;
}

void main() {
  vec4 near_h = u_inverse_view_proj * vec4(v_ndc, -1.0, 1.0);
  vec4 far_h = u_inverse_view_proj * vec4(v_ndc, 1.0, 1.0);
  vec3 near_world = near_h.xyz / near_h.w;
  vec3 origin = u_eye_box + u_to_box * near_world;
  vec3 dir = normalize(u_to_box * (far_h.xyz / far_h.w - near_world));
  vec3 inv = 1.0 / dir;
  vec3 t0 = (u_clip_min - origin) * inv;
  vec3 t1 = (u_clip_max - origin) * inv;
  vec3 lo = min(t0, t1);
  vec3 hi = max(t0, t1);
  float enter = max(max(lo.x, lo.y), max(lo.z, 0.0));
  float leave = min(min(hi.x, hi.y), hi.z);
  if (enter >= leave) discard;

  vec3 size = u_box_size;
  if (u_mode == 4) {
    // The nearest plane crossing inside the clipped box where the volume has data.
    float nearest = leave + 1.0;
    float value = 0.0;
    for (int a = 0; a < 3; ++a) {
      if (!u_slice_on[a] || dir[a] == 0.0) continue;
      float t = (u_slice[a] - origin[a]) * inv[a];
      if (t < enter || t > leave || t >= nearest) continue;
      float v = sample_at((origin + t * dir) / size);
      if (isnan(v)) continue;
      nearest = t;
      value = v;
    }
    if (nearest > leave) discard;
    out_color = vec4(colour_of(value) * u_opacity, u_opacity);
    return;
  }
  float step_nm = length(size) / u_steps;
  float voxels_per_step = float(max(textureSize(u_volume, 0).x, max(textureSize(u_volume, 0).y, textureSize(u_volume, 0).z))) / u_steps;
  float extreme = u_mode == 1 ? 1e30 : -1e30;
  bool found = false;
  vec4 sum = vec4(0.0);  // composite, premultiplied, front to back
  float previous = 0.0;
  bool has_previous = false;
  for (int i = 0; i < 2048; ++i) {
    float t = enter + (float(i) + 0.5) * step_nm;
    if (t > leave) break;
    vec3 p = (origin + t * dir) / size;
    float v = sample_at(p);
    if (isnan(v)) {
      has_previous = false;
      continue;
    }
    if (u_mode == 0) {
      extreme = max(extreme, v);
      found = true;
    } else if (u_mode == 1) {
      extreme = min(extreme, v);
      found = true;
    } else if (u_mode == 2) {
      float a = 1.0 - pow(1.0 - 0.25 * u_opacity * window_position(v), voxels_per_step);
      sum += (1.0 - sum.a) * vec4(colour_of(v) * a, a);
      if (sum.a > 0.99) break;  // early ray termination
    } else if (has_previous && (previous < u_iso) != (v < u_iso)) {
      // The crossing between the previous sample and this one, refined by bisection.
      float a = t - step_nm, b = t, va = previous;
      for (int k = 0; k < 5; ++k) {
        float m = 0.5 * (a + b);
        float vm = sample_at((origin + m * dir) / size);
        if (isnan(vm)) break;
        if ((va < u_iso) == (vm < u_iso)) { a = m; va = vm; } else { b = m; }
      }
      vec3 q = (origin + 0.5 * (a + b) * dir) / size;
      vec3 g = gradient_at(q, u_iso) / size;  // per nm
      vec3 n = length(g) > 0.0 ? normalize(g) : -dir;
      float light = 0.25 + 0.75 * abs(dot(n, dir));  // headlight
      out_color = vec4(colour_of(u_iso) * light * u_opacity, u_opacity);
      return;
    }
    previous = v;
    has_previous = true;
  }
  if (u_mode == 2) {
    if (sum.a <= 0.0) discard;
    out_color = sum;
    return;
  }
  if (!found) discard;
  // Premultiplied. Without a colormap the colours are a ramp from black that already carries the
  // intensity, and the alpha follows it, so that dim voxels let what is behind show through.
  float alpha = u_opacity * (u_opaque == 1 ? 1.0 : window_position(extreme));
  out_color = vec4(colour_of(extreme) * (u_opaque == 1 ? alpha : u_opacity), alpha);
}
